using System;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components.Abi;
using ValType = WitBindgen.ComponentModel.Types.ValType;
using ValTypeKind = WitBindgen.ComponentModel.Types.ValTypeKind;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// One call of a lifted component function by generated typed host bindings (the fast path): the generated code lowers
/// arguments straight into the callee's flat parameters and linear memory and lifts the result straight out, through
/// the primitives of this type (stores and loads over a span of the guest's memory, realloc, strings in the callee's
/// encoding, lists, handles), without <see cref="ComponentValue"/>s. The core function, memory, realloc and
/// post-return are the ones the function resolved at instantiation. The canonical ABI's rules are kept as on
/// <see cref="ComponentFunction.Call"/>: the instance's may_enter/may_leave flags, the borrow scope of calls passing
/// handles, poisoning after a trap, and every check of lifting (bounds, alignment, UTF-8/UTF-16 validity, char ranges,
/// discriminants) with the same trap messages.
/// </summary>
/// <remarks>
/// Plumbing for generated code; use <see cref="ComponentFunction.Call"/> or <see cref="ComponentFunction.CallScalar"/>
/// by hand. The protocol: <see cref="ComponentFunction.BeginCall"/>, the flat arguments (<see cref="Arg"/>, spilled
/// ones stored in an area from <see cref="Alloc"/>), <see cref="Invoke"/>, the result lifted from
/// <see cref="FlatResult"/> or <see cref="ResultArea"/>, <see cref="Finish"/>, and <see cref="End"/> in a
/// <c>finally</c> block. Addresses are checked by the span (a bad one is a trap or an exception, never a host crash);
/// the spec's own checks (realloc results, return areas, lists, strings) trap with the dynamic path's wording.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public unsafe ref struct ComponentCall
{
    private readonly ComponentFunction? _function;
    private readonly LiftedFunction? _lifted;
    private readonly CanonOptions _options;
    private readonly RtFuncType _type;
    private readonly ComponentInstanceState _instance;
    private readonly Span<ulong> _flat;
    private Span<byte> _memory;
    private HandleCallScope? _scope;
    private ulong _result;
    private bool _entered;
    private bool _invoked;
    private bool _import;
    private bool _mayLeave;

    internal ComponentCall(ComponentFunction function, LiftedFunction lifted, Span<ulong> flat)
    {
        _function = function;
        _lifted = lifted;
        _options = lifted.Options;
        _type = lifted.Type;
        _instance = lifted.Options.Instance;
        _flat = flat;
        _memory = default;
        _scope = null;
        _result = 0;
        _entered = false;
        _invoked = false;
        _import = false;
        _mayLeave = false;
        if (_instance.Poisoned || !_instance.MayEnter) throw new Trap(TrapCode.HostError, "cannot enter component instance");
        if (flat.Length < _type.Plan.FlatArgumentCount)
            throw new ArgumentException($"`{function.Name}` needs {_type.Plan.FlatArgumentCount} flat slots");
        _instance.MayEnter = false;
        _entered = true;
        if (_type.UsesHandles) _scope = _instance.Handles.Table.EnterCall();
        Refresh();
    }

    /// <summary>
    /// A call of a host import by a component (typed fast path of <c>canon lower</c>): <paramref name="flat"/> are the
    /// caller's core arguments, <paramref name="options"/> the lower's options (the caller's memory, realloc and encoding).
    /// </summary>
    internal ComponentCall(CanonOptions options, RtFuncType type, Span<ulong> flat)
    {
        _function = null;
        _lifted = null;
        _options = options;
        _type = type;
        _instance = options.Instance;
        _flat = flat;
        _memory = default;
        _scope = null;
        _result = 0;
        _entered = true;
        _invoked = false;
        _import = true;
        _mayLeave = _instance.MayLeave;
        if (type.UsesHandles) _scope = _instance.Handles.Table.EnterCall();
        Refresh();
    }

    /// <summary>Fetches the memory's span again: realloc and the callee may grow (and move) it.</summary>
    private void Refresh()
    {
        var m = _options.Memory;
        _memory = m is null ? default : new Span<byte>((void*)m.BaseAddress, (int)Math.Min(m.ByteLength, int.MaxValue));
    }

    private Span<byte> Bytes => _options.Memory is null ? throw Fail(TrapKind.MissingMemory) : _memory;

    private string Name => _function?.Name ?? "import";

    /// <summary>The type of parameter <paramref name="index"/> (for lowering handles, whose resource type it names).</summary>
    public ValType ParamType(int index) => _type.Parameters[index].Type;

    /// <summary>The result type (for lifting handles).</summary>
    public ValType ResultType => _type.Result ?? throw new InvalidOperationException($"`{Name}` has no result");

    // ---------------------------------------------------------------- host imports

    /// <summary>The store of the calling instance (host bindings registered per store find their implementation through it).</summary>
    public Store Store => _instance.Store;

    /// <summary>Flat argument <paramref name="slot"/> of a host import's caller (i32 and f32 as their 32 bits zero-extended).</summary>
    public ulong Param(int slot) => _flat[slot];

    /// <summary>A host import's spilled parameters (the caller's pointer), checked for alignment and bounds.</summary>
    /// <exception cref="Trap">The pointer is misaligned or out of bounds.</exception>
    public uint ParamArea() => CheckArea((uint)_flat[0], _type.Plan.ParamTuple.Alignment, _type.Plan.ParamTuple.Size);

    /// <summary>The caller's return area of a host import whose result travels through memory, checked for alignment and bounds.</summary>
    /// <exception cref="Trap">The pointer is misaligned or out of bounds.</exception>
    public uint ReturnArea() =>
        CheckArea((uint)_flat[_type.Plan.Lower.Params.Count - 1], _type.Plan.ResultTuple.Alignment, _type.Plan.ResultTuple.Size);

    private uint CheckArea(uint ptr, uint alignment, uint size)
    {
        try { CanonicalAbi.CheckPointer(_options.ForCall(), ptr, alignment, size); }
        catch (CanonicalAbiTrap e) { throw Poison(e); }
        return ptr;
    }

    /// <summary>
    /// The host's implementation of an import returned: the borrows the caller lent for the call end, and the caller may
    /// not leave while the result is lowered (realloc may still run).
    /// </summary>
    public void Returned()
    {
        if (_scope is { } scope)
        {
            _scope = null;
            _instance.Handles.Table.ExitImportCall(scope);
        }
        _instance.MayLeave = false;
        _invoked = true;
    }

    /// <summary>Whether a host import's implementation returned (its result is being lowered).</summary>
    internal bool Returning => _import && _invoked;

    /// <summary>Sets the one flat result of a host import.</summary>
    public void Return(ulong bits) => _result = bits;

    // ---------------------------------------------------------------- lowering

    /// <summary>Sets flat argument <paramref name="slot"/> (i32 and f32 as their 32 bits zero-extended).</summary>
    public void Arg(int slot, ulong bits) => _flat[slot] = bits;

    /// <summary>realloc(0, 0, <paramref name="alignment"/>, <paramref name="size"/>), its result checked as the spec requires.</summary>
    /// <exception cref="Trap">Realloc trapped or returned a misaligned or out-of-bounds pointer (the instance is poisoned).</exception>
    public uint Alloc(uint alignment, uint size)
    {
        var cx = _options.ForCall();
        try { return cx.CallRealloc(0, 0, alignment, size); }
        catch (Exception e) when (e is Trap or CanonicalAbiTrap) { throw Poison(e); }
        finally { Refresh(); }
    }

    /// <summary>Allocates the elements of a list of <paramref name="count"/> elements (one realloc); returns the pointer.</summary>
    /// <exception cref="Trap">The list is too long, or realloc failed (the instance is poisoned).</exception>
    public uint AllocList(int count, uint elementSize, uint alignment)
    {
        ulong byteLength = (ulong)count * elementSize;
        if (byteLength > CanonicalAbi.MaxListByteLength) throw Fail(TrapKind.ListTooLong);
        return Alloc(alignment, (uint)byteLength);
    }

    /// <summary>Lowers a list of numbers: one realloc and one bulk copy (floats with NaNs canonicalized); returns the pointer.</summary>
    /// <exception cref="Trap">The list is too long, or realloc failed (the instance is poisoned).</exception>
    public uint LowerList<T>(ReadOnlySpan<T> items) where T : unmanaged
    {
        uint size = (uint)sizeof(T);
        uint ptr = AllocList(items.Length, size, size);
        var dst = _memory.Slice((int)ptr, items.Length * (int)size);
        MemoryMarshal.AsBytes(items).CopyTo(dst);
        Canonicalize<T>(dst);
        SwapIfBigEndian<T>(dst);
        return ptr;
    }

    /// <summary>Transcodes <paramref name="value"/> once into guest memory in the callee's encoding; returns the pointer.</summary>
    /// <exception cref="ArgumentException">The string holds an unpaired surrogate.</exception>
    /// <exception cref="Trap">Realloc failed (the instance is poisoned).</exception>
    public uint LowerString(string value, out uint codeUnits)
    {
        ArgumentNullException.ThrowIfNull(value);
        var cx = _options.ForCall();
        try
        {
            var (ptr, units) = CanonicalAbi.StoreHostString(cx, value);
            codeUnits = units;
            return ptr;
        }
        catch (Exception e) when (e is Trap or CanonicalAbiTrap) { throw Poison(e); }
        finally { Refresh(); }
    }

    /// <summary>Lowers string <paramref name="value"/> into flat arguments <paramref name="slot"/> and the next.</summary>
    public void ArgString(int slot, string value)
    {
        _flat[slot] = LowerString(value, out uint units);
        _flat[slot + 1] = units;
    }

    /// <summary>Stores string <paramref name="value"/> (pointer and code units) at <paramref name="at"/>.</summary>
    public void StoreString(uint at, string value)
    {
        uint ptr = LowerString(value, out uint units);
        Store32(at, ptr);
        Store32(at + 4, units);
    }

    /// <summary>Stores a byte.</summary>
    public void Store8(uint at, byte value) => Bytes[(int)at] = value;
    /// <summary>Stores 16 bits, little-endian.</summary>
    public void Store16(uint at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Bytes.Slice((int)at), value);
    /// <summary>Stores 32 bits, little-endian.</summary>
    public void Store32(uint at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Bytes.Slice((int)at), value);
    /// <summary>Stores 64 bits, little-endian.</summary>
    public void Store64(uint at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Bytes.Slice((int)at), value);

    /// <summary>
    /// The handle to lower for a resource the component defined (<paramref name="t"/> is the own or borrow type):
    /// own moves the handle into the call, borrow lends it.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The handle was dropped or moved.</exception>
    /// <exception cref="InvalidOperationException">The handle belongs to another resource type or instance.</exception>
    public uint LowerResource(ValType t, ComponentResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return LowerRep(t, ((IHostResourceHandle)resource).Lower(t.ResourceId, own: t.Kind == ValTypeKind.Own));
    }

    /// <summary>The handle to lower for rep <paramref name="rep"/> of a resource (own or borrow as <paramref name="t"/> says).</summary>
    /// <exception cref="Trap">The handle table is full (the instance is poisoned).</exception>
    public uint LowerRep(ValType t, uint rep)
    {
        try
        {
            return t.Kind == ValTypeKind.Own ? _instance.Handles.LowerOwn(t.ResourceId, rep) : _instance.Handles.LowerBorrow(t.ResourceId, rep);
        }
        catch (CanonicalAbiTrap e) { throw Poison(e); }
    }

    /// <summary>An enum case index or variant case lowered by the host, checked against the case count.</summary>
    /// <exception cref="ArgumentException">The case does not exist.</exception>
    public static uint Case(uint index, uint count) =>
        index < count ? index : throw new ArgumentException($"case {index} does not exist (the type has {count})");

    /// <summary>The bits of an f32 argument, NaNs canonicalized as the dynamic path lowers them.</summary>
    public static uint F32(float value) => CanonicalAbi.CanonicalizeNaN32(BitConverter.SingleToUInt32Bits(value));

    /// <summary>The bits of an f64 argument, NaNs canonicalized as the dynamic path lowers them.</summary>
    public static ulong F64(double value) => CanonicalAbi.CanonicalizeNaN64(BitConverter.DoubleToUInt64Bits(value));

    // ---------------------------------------------------------------- the call

    /// <summary>Calls the core function with the flat arguments.</summary>
    /// <exception cref="Trap">The call trapped (the instance is poisoned).</exception>
    public void Invoke()
    {
        if (_invoked || _lifted is null) throw new InvalidOperationException("Invoke called twice, or on a host import");
        try { _result = _lifted.Thunk.Call(_flat.Slice(0, _type.Plan.FlatArgumentCount)); }
        catch (Exception e) when (e is Trap or CanonicalAbiTrap) { throw Poison(e); }
        finally { Refresh(); }
        _invoked = true;
    }

    /// <summary>The core result (a scalar's bits, or the return area's pointer).</summary>
    public ulong FlatResult => _result;

    /// <summary>The return area (the core result), checked for alignment and bounds.</summary>
    /// <exception cref="Trap">The pointer is misaligned or out of bounds (the instance is poisoned).</exception>
    public uint ResultArea()
    {
        var plan = _type.Plan;
        uint area = (uint)_result;
        if ((area & (plan.ResultAreaAlignment - 1)) != 0) throw Fail(TrapKind.UnalignedPointer);
        if ((ulong)area + plan.ResultAreaSize > (ulong)Bytes.Length) throw Fail(TrapKind.PointerOutOfBounds);
        return area;
    }

    // ---------------------------------------------------------------- lifting

    /// <summary>Loads a byte.</summary>
    public byte Load8(uint at) => Bytes[(int)at];
    /// <summary>Loads 16 bits, little-endian.</summary>
    public ushort Load16(uint at) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes.Slice((int)at));
    /// <summary>Loads 32 bits, little-endian.</summary>
    public uint Load32(uint at) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes.Slice((int)at));
    /// <summary>Loads 64 bits, little-endian.</summary>
    public ulong Load64(uint at) => BinaryPrimitives.ReadUInt64LittleEndian(Bytes.Slice((int)at));

    /// <summary>An f32 result, NaNs canonicalized as the dynamic path lifts them.</summary>
    public static float LiftF32(uint bits) => BitConverter.UInt32BitsToSingle(CanonicalAbi.CanonicalizeNaN32(bits));

    /// <summary>An f64 result, NaNs canonicalized as the dynamic path lifts them.</summary>
    public static double LiftF64(ulong bits) => BitConverter.UInt64BitsToDouble(CanonicalAbi.CanonicalizeNaN64(bits));

    /// <summary>A char the guest returned.</summary>
    /// <exception cref="Trap">Not a Unicode scalar value (the instance is poisoned).</exception>
    public System.Text.Rune LiftChar(uint c)
    {
        if (c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF)) throw Fail(TrapKind.InvalidChar);
        return new System.Text.Rune((int)c);
    }

    /// <summary>A discriminant the guest returned, checked against the case count.</summary>
    /// <exception cref="Trap">Out of range (the instance is poisoned).</exception>
    public uint Discriminant(uint value, uint count) => value < count ? value : throw Fail(TrapKind.InvalidDiscriminant);

    /// <summary>The string at (<paramref name="ptr"/>, <paramref name="codeUnits"/>), decoded from the callee's encoding.</summary>
    /// <exception cref="Trap">Out of bounds, misaligned, too long or not valid in its encoding (the instance is poisoned).</exception>
    public string LiftString(uint ptr, uint codeUnits)
    {
        try { return CanonicalAbi.LoadStringText(_options.ForCall(), ptr, codeUnits); }
        catch (CanonicalAbiTrap e) { throw Poison(e); }
    }

    /// <summary>The string whose pointer and code units are stored at <paramref name="at"/>.</summary>
    public string LoadString(uint at) => LiftString(Load32(at), Load32(at + 4));

    /// <summary>Checks the elements of a list the guest returned (length, alignment, bounds) and returns its pointer.</summary>
    /// <exception cref="Trap">The list is too long, misaligned or out of bounds (the instance is poisoned).</exception>
    public uint CheckList(uint ptr, uint length, uint elementSize, uint alignment)
    {
        ulong byteLength = (ulong)length * elementSize;
        if (byteLength > CanonicalAbi.MaxListByteLength) throw Fail(TrapKind.ListTooLong);
        if ((ptr & (alignment - 1)) != 0) throw Fail(TrapKind.UnalignedPointer);
        if (ptr + byteLength > (ulong)Bytes.Length) throw Fail(TrapKind.ListOutOfBounds);
        return ptr;
    }

    /// <summary>A list of numbers the guest returned, checked and copied in bulk (floats with NaNs canonicalized).</summary>
    /// <exception cref="Trap">The list is too long, misaligned or out of bounds (the instance is poisoned).</exception>
    public T[] LiftList<T>(uint ptr, uint length) where T : unmanaged
    {
        uint size = (uint)sizeof(T);
        CheckList(ptr, length, size, size);
        if (length == 0) return Array.Empty<T>();
        var result = new T[length];
        var bytes = MemoryMarshal.AsBytes(result.AsSpan());
        _memory.Slice((int)ptr, bytes.Length).CopyTo(bytes);
        SwapIfBigEndian<T>(bytes);
        Canonicalize<T>(bytes);
        return result;
    }

    /// <summary>Wasm memory is little-endian: on a big-endian host every element copied in bulk is swapped in place
    /// (native order for the host's array, little-endian in memory).</summary>
    private static void SwapIfBigEndian<T>(Span<byte> bytes) where T : unmanaged
    {
        if (BitConverter.IsLittleEndian) return;
        switch (sizeof(T))
        {
            case 2: { var h = MemoryMarshal.Cast<byte, ushort>(bytes); BinaryPrimitives.ReverseEndianness(h, h); break; }
            case 4: { var w = MemoryMarshal.Cast<byte, uint>(bytes); BinaryPrimitives.ReverseEndianness(w, w); break; }
            case 8: { var q = MemoryMarshal.Cast<byte, ulong>(bytes); BinaryPrimitives.ReverseEndianness(q, q); break; }
        }
    }

    private static void Canonicalize<T>(Span<byte> bytes) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            foreach (ref uint b in MemoryMarshal.Cast<byte, uint>(bytes)) b = CanonicalAbi.CanonicalizeNaN32(b);
        else if (typeof(T) == typeof(double))
            foreach (ref ulong b in MemoryMarshal.Cast<byte, ulong>(bytes)) b = CanonicalAbi.CanonicalizeNaN64(b);
    }

    /// <summary>
    /// The rep behind handle <paramref name="index"/> the guest returned (<paramref name="t"/> is the own or borrow type):
    /// an own handle leaves the instance's table, a borrow is lent for the call.
    /// </summary>
    /// <exception cref="Trap">Unknown handle, wrong type, or an own handle that is lent out (the instance is poisoned).</exception>
    public uint LiftRep(ValType t, uint index)
    {
        try
        {
            return t.Kind == ValTypeKind.Own ? _instance.Handles.LiftOwn(t.ResourceId, index) : _instance.Handles.LiftBorrow(t.ResourceId, index);
        }
        catch (CanonicalAbiTrap e) { throw Poison(e); }
    }

    /// <summary>The host's handle to a resource the component defined, for an own handle the guest returned.</summary>
    /// <exception cref="Trap">As <see cref="LiftRep"/>.</exception>
    /// <exception cref="ArgumentException">The resource is not one the component defined.</exception>
    public ComponentResource LiftResource(ValType t, uint index)
    {
        uint rep = LiftRep(t, index);
        if (t.Kind == ValTypeKind.Own && _function is not null && _function.Owner.GuestResources.TryGetValue(t.ResourceId, out var resource))
            return new ComponentResource(resource, rep, _function.Owner);
        throw new ArgumentException($"the {t.Kind} value holds no host handle to a component-defined resource");
    }

    // ---------------------------------------------------------------- the end

    /// <summary>Closes the call's borrow scope (a borrow the callee did not drop traps) and runs post-return, if any.</summary>
    /// <exception cref="Trap">Borrows remain, or post-return trapped (the instance is poisoned).</exception>
    public void Finish()
    {
        if (!_invoked || _lifted is null) throw new InvalidOperationException("Finish before Invoke");
        _invoked = false;
        if (_scope is { } scope)
        {
            _scope = null;
            try { _instance.Handles.Table.ExitExportCall(scope); }
            catch (CanonicalAbiTrap e) { throw Poison(e); }
        }
        if (_lifted.Options.PostReturnThunk is not { } post) return;
        bool saved = _instance.MayLeave;
        _instance.MayLeave = false;
        try
        {
            Span<ulong> flatResults = stackalloc ulong[1];
            flatResults[0] = _result;
            post.Call(flatResults.Slice(0, _lifted.Thunk.HasResult ? 1 : 0));
        }
        catch (Exception e) when (e is Trap or CanonicalAbiTrap) { throw Poison(e); }
        finally { _instance.MayLeave = saved; }
    }

    /// <summary>Leaves the instance (may_enter is set again, an unfinished borrow scope is released); call in a <c>finally</c> block.</summary>
    public void End()
    {
        if (!_entered) return;
        _entered = false;
        if (_scope is { } scope)
        {
            _scope = null;
            _instance.Handles.Table.ExitImportCall(scope);
        }
        if (_import) _instance.MayLeave = _mayLeave;
        else _instance.MayEnter = true;
    }

    private Exception Fail(TrapKind kind) => Poison(CanonicalAbiTrap.Of(kind));

    /// <summary>Poisons the instance and returns the failure as the <see cref="Trap"/> the dynamic path throws.</summary>
    private Exception Poison(Exception e)
    {
        _instance.Poisoned = true;
        return e is CanonicalAbiTrap abi ? new Trap(TrapCode.HostError, abi.Message, abi) : e;
    }
}

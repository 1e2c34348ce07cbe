using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components.Abi;
using ValType = WitBindgen.ComponentModel.Types.ValType;
using ValTypeKind = WitBindgen.ComponentModel.Types.ValTypeKind;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// One call of a lifted component function by generated typed host bindings (the fast path): arguments are lowered
/// straight into the callee's flat parameters and linear memory (strings transcoded once, UTF-8 written in place;
/// lists of numbers copied in bulk), the core function is called, and the result is lifted straight out, without
/// <see cref="ComponentValue"/> arrays. The core function, memory, realloc and post-return are the ones the function
/// resolved at instantiation. The canonical ABI's rules are kept as on <see cref="ComponentFunction.Call"/>: the
/// instance's may_enter/may_leave flags, poisoning after a trap, and every check of lifting (bounds, alignment,
/// UTF-8 validity, char ranges, discriminants) with the same trap messages.
/// </summary>
/// <remarks>
/// Plumbing for generated code; use <see cref="ComponentFunction.Call"/> or <see cref="ComponentFunction.CallScalar"/>
/// by hand. The protocol: <see cref="ComponentFunction.BeginCall"/>, one <c>Arg*</c> call per parameter in order,
/// <see cref="Invoke"/>, at most one <c>Result*</c> call, <see cref="Finish"/>, and <see cref="End"/> in a
/// <c>finally</c> block.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct ComponentCall
{
    private readonly ComponentFunction _function;
    private readonly LiftedFunction _lifted;
    private readonly ComponentInstanceState _instance;
    private readonly Span<ulong> _flat;
    private int _slot;
    private ulong _result;
    private bool _entered;
    private bool _invoked;

    internal ComponentCall(ComponentFunction function, LiftedFunction lifted, Span<ulong> flat)
    {
        _function = function;
        _lifted = lifted;
        _instance = lifted.Options.Instance;
        _flat = flat;
        _slot = 0;
        _result = 0;
        _entered = false;
        _invoked = false;
        if (_instance.Poisoned || !_instance.MayEnter) throw new Trap(TrapCode.HostError, "cannot enter component instance");
        if (flat.Length < _lifted.Type.Plan.FlatArgumentCount)
            throw new ArgumentException($"`{function.Name}` needs {_lifted.Type.Plan.FlatArgumentCount} flat slots");
        _instance.MayEnter = false;
        _entered = true;
    }

    /// <summary>Lowers scalar parameter <paramref name="index"/> from its value bits (as <see cref="ComponentFunction.CallScalar"/> takes them).</summary>
    /// <exception cref="ArgumentException">A char that is no Unicode scalar value or an enum case out of range.</exception>
    public void ArgScalar(int index, ulong bits)
    {
        var t = _lifted.Type.Parameters[index].Type;
        // Floats are lowered with NaNs canonicalized, as the dynamic path lowers them.
        _flat[_slot++] = t.Kind switch
        {
            ValTypeKind.F32 => (bits & 0x7fffffffUL) > 0x7f800000UL ? 0x7fc00000UL : (uint)bits,
            ValTypeKind.F64 => (bits & 0x7fffffffffffffffUL) > 0x7ff0000000000000UL ? 0x7ff8000000000000UL : bits,
            _ => _function.FlatArgument(bits, t, index),
        };
    }

    /// <summary>Lowers string parameter <paramref name="index"/>: transcoded once, straight into guest memory through realloc.</summary>
    /// <exception cref="ArgumentException">The string holds an unpaired surrogate.</exception>
    /// <exception cref="Trap">Realloc trapped or returned a bad pointer (the instance is poisoned).</exception>
    public void ArgString(int index, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var t = _lifted.Type.Parameters[index].Type;
        bool saved = _instance.MayLeave;
        _instance.MayLeave = false;
        try { CanonicalAbi.LowerFlat(_lifted.Options.ForCall(), t, ComponentValue.String(value), _flat, ref _slot); }
        catch (Exception e) when (e is Trap or CanonicalAbiTrap) { throw Poison(e); }
        finally { _instance.MayLeave = saved; }
    }

    /// <summary>Lowers parameter <paramref name="index"/>, a list of numbers: one realloc and one bulk copy.</summary>
    /// <exception cref="Trap">Realloc trapped or returned a bad pointer (the instance is poisoned).</exception>
    public void ArgList<T>(int index, ReadOnlySpan<T> items) where T : unmanaged
    {
        var e = _lifted.Type.Parameters[index].Type.Element!;
        bool saved = _instance.MayLeave;
        _instance.MayLeave = false;
        try
        {
            var cx = _lifted.Options.ForCall();
            ulong byteLength = (ulong)items.Length * e.Size;
            if (byteLength > CanonicalAbi.MaxListByteLength) throw new CanonicalAbiTrap(TrapKind.ListTooLong, CanonicalAbiTrap.DefaultMessage(TrapKind.ListTooLong));
            uint ptr = Realloc(cx, e.Alignment, (uint)byteLength);
            MemoryMarshal.AsBytes(items).CopyTo(cx.Memory!.Span.Slice((int)ptr, (int)byteLength));
            _flat[_slot++] = ptr;
            _flat[_slot++] = (uint)items.Length;
        }
        catch (Exception ex) when (ex is Trap or CanonicalAbiTrap) { throw Poison(ex); }
        finally { _instance.MayLeave = saved; }
    }

    /// <summary>Realloc(0, 0, align, size) with the spec's checks of its result (messages as the dynamic path words them).</summary>
    private static uint Realloc(CanonicalOptions cx, uint alignment, uint size)
    {
        if (cx.Memory is null) throw new CanonicalAbiTrap(TrapKind.MissingMemory, CanonicalAbiTrap.DefaultMessage(TrapKind.MissingMemory));
        var realloc = cx.Realloc ?? throw new CanonicalAbiTrap(TrapKind.MissingRealloc, CanonicalAbiTrap.DefaultMessage(TrapKind.MissingRealloc));
        uint ptr = realloc(0, 0, alignment, size);
        if ((ptr & (alignment - 1)) != 0) throw new CanonicalAbiTrap(TrapKind.ReallocNotAligned, CanonicalAbiTrap.DefaultMessage(TrapKind.ReallocNotAligned));
        if ((ulong)ptr + size > (ulong)cx.Memory.Span.Length) throw new CanonicalAbiTrap(TrapKind.ReallocOutOfBounds, CanonicalAbiTrap.DefaultMessage(TrapKind.ReallocOutOfBounds));
        return ptr;
    }

    /// <summary>Calls the core function with the lowered arguments.</summary>
    /// <exception cref="Trap">The call trapped (the instance is poisoned).</exception>
    public void Invoke()
    {
        if (_slot != _lifted.Type.Plan.FlatArgumentCount)
            throw new InvalidOperationException($"`{_function.Name}`: {_slot} of {_lifted.Type.Plan.FlatArgumentCount} flat arguments lowered");
        try { _result = _lifted.Thunk.Call(_flat.Slice(0, _slot)); }
        catch (Exception e) when (e is Trap or CanonicalAbiTrap) { throw Poison(e); }
        _invoked = true;
    }

    /// <summary>The lifted scalar result as value bits (as <see cref="ComponentFunction.CallScalar"/> returns them).</summary>
    /// <exception cref="Trap">The result is invalid, e.g. a char out of range or an enum case out of range (the instance is poisoned).</exception>
    public ulong ResultScalar() => Lift() is { } v ? v.RawBits : 0;

    /// <summary>The lifted string result.</summary>
    /// <exception cref="Trap">The string is out of bounds, misaligned or not valid in its encoding (the instance is poisoned).</exception>
    public string ResultString() => Lift()!.Value.AsString();

    /// <summary>The lifted result, a list of numbers, copied in bulk out of guest memory.</summary>
    /// <exception cref="Trap">The list is out of bounds or misaligned (the instance is poisoned).</exception>
    public T[] ResultList<T>() where T : unmanaged
    {
        try
        {
            var cx = _lifted.Options.ForCall();
            var plan = _lifted.Type.Plan;
            var memory = cx.Memory ?? throw new CanonicalAbiTrap(TrapKind.MissingMemory, CanonicalAbiTrap.DefaultMessage(TrapKind.MissingMemory));
            var bytes = memory.Span;
            // The list's (pointer, length) pair travels through the return area.
            uint area = (uint)_result;
            Check(area, plan.ResultAreaAlignment, plan.ResultAreaSize, bytes.Length, TrapKind.PointerOutOfBounds);
            uint begin = MemoryMarshal.Read<uint>(bytes.Slice((int)area));
            uint length = MemoryMarshal.Read<uint>(bytes.Slice((int)area + 4));
            var e = plan.Result!.Element!;
            ulong byteLength = (ulong)length * e.Size;
            if (byteLength > CanonicalAbi.MaxListByteLength) throw new CanonicalAbiTrap(TrapKind.ListTooLong, CanonicalAbiTrap.DefaultMessage(TrapKind.ListTooLong));
            Check(begin, e.Alignment, byteLength, bytes.Length, TrapKind.ListOutOfBounds);
            if (length == 0) return Array.Empty<T>();
            var result = new T[length];
            bytes.Slice((int)begin, (int)byteLength).CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
            return result;
        }
        catch (CanonicalAbiTrap e) { throw Poison(e); }
    }

    private static void Check(uint ptr, uint alignment, ulong size, int memoryLength, TrapKind outOfBounds)
    {
        if ((ptr & (alignment - 1)) != 0) throw new CanonicalAbiTrap(TrapKind.UnalignedPointer, CanonicalAbiTrap.DefaultMessage(TrapKind.UnalignedPointer));
        if (ptr + size > (ulong)memoryLength) throw new CanonicalAbiTrap(outOfBounds, CanonicalAbiTrap.DefaultMessage(outOfBounds));
    }

    private ComponentValue? Lift()
    {
        try
        {
            Span<ulong> flatResults = stackalloc ulong[1];
            flatResults[0] = _result;
            return _lifted.Type.Plan.LiftResult(_lifted.Options.ForCall(), flatResults.Slice(0, _lifted.Thunk.HasResult ? 1 : 0));
        }
        catch (CanonicalAbiTrap e) { throw Poison(e); }
    }

    /// <summary>Runs the post-return function (if any) once the result has been lifted.</summary>
    /// <exception cref="Trap">Post-return trapped (the instance is poisoned).</exception>
    public void Finish()
    {
        if (!_invoked) throw new InvalidOperationException("Finish before Invoke");
        _invoked = false;
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

    /// <summary>Leaves the instance (may_enter is set again); call in a <c>finally</c> block.</summary>
    public void End()
    {
        if (!_entered) return;
        _entered = false;
        _instance.MayEnter = true;
    }

    /// <summary>Poisons the instance and returns the failure as the <see cref="Trap"/> the dynamic path throws.</summary>
    private Exception Poison(Exception e)
    {
        _instance.Poisoned = true;
        return e is CanonicalAbiTrap abi ? new Trap(TrapCode.HostError, abi.Message, abi) : e;
    }
}

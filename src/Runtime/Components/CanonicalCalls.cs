using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components.Abi;
using CoreValType = WitBindgen.ComponentModel.Types.CoreValType;
using WitBindgen.Runtime.Types;

namespace WitBindgen.Runtime.Components;

/// <summary>The engine's linear memory seen by the canonical ABI.</summary>
internal sealed unsafe class EngineAbiMemory : IAbiMemory
{
    private readonly Memory _memory;
    public EngineAbiMemory(Memory memory) => _memory = memory;
    public Span<byte> Span => new((void*)_memory.BaseAddress, (int)Math.Min(_memory.ByteLength, int.MaxValue));
}

/// <summary>The canonical options of one <c>canon lift</c> or <c>canon lower</c>.</summary>
internal sealed class CanonOptions
{
    public Memory? Memory;
    public Function? Realloc;
    public Function? PostReturn;
    public StringEncoding Encoding;
    public required ComponentInstanceState Instance;
    /// <summary>The options made before these in the same scope (the chain <see cref="Scope.Options"/> starts).</summary>
    public CanonOptions? Next;

    private CanonicalOptions? _cached;
    private CoreThunk? _postReturn;

    /// <summary>The post-return function as a thunk taking the flat results (made on first use).</summary>
    public CoreThunk? PostReturnThunk => PostReturn is null ? null : _postReturn ??= new CoreThunk(PostReturn);

    /// <summary>Runs post-return, if the lift has one, on the flat results with may_leave cleared (it may not call out).</summary>
    public void RunPostReturn(ReadOnlySpan<ulong> flatResults)
    {
        if (PostReturnThunk is not { } post) return;
        var inst = Instance;
        bool saved = inst.MayLeave;
        inst.MayLeave = false;
        try { post.Call(flatResults); }
        finally { inst.MayLeave = saved; }
    }

    /// <summary>The options calls run with (made once): memory, a realloc that runs with may_leave cleared, the instance's handle table.</summary>
    public CanonicalOptions ForCall() => _cached ??= Create();

    private CanonicalOptions Create()
    {
        AbiRealloc? realloc = null;
        if (Realloc is { } f)
        {
            _realloc = new CoreThunk(f);
            // A delegate over this object's method: no closure object per instance.
            realloc = CallRealloc;
        }
        return new CanonicalOptions(Memory is null ? null : new EngineAbiMemory(Memory), realloc, Encoding, Instance.Handles);
    }

    private CoreThunk? _realloc;

    /// <summary>Calls realloc with may_leave cleared (it may not call out of the instance).</summary>
    private uint CallRealloc(uint oldPtr, uint oldSize, uint align, uint newSize)
    {
        var inst = Instance;
        bool saved = inst.MayLeave;
        inst.MayLeave = false;
        try
        {
            ReadOnlySpan<ulong> args = stackalloc ulong[] { oldPtr, oldSize, align, newSize };
            return (uint)_realloc!.Call(args);
        }
        finally { inst.MayLeave = saved; }
    }
}

/// <summary>
/// The run-time canonical ABI: <c>canon lift</c> (a component function over a core function) and <c>canon lower</c>
/// (a core function calling a component function). Values go through <see cref="FunctionAbiPlan"/>, which moves
/// flat values as ulong slots in stack buffers (no per-call arrays for primitive signatures); core functions are
/// called through a <see cref="CoreThunk"/> (a typed delegate, no <see cref="WasmValue"/> arrays).
/// </summary>
internal static class CanonicalCalls
{
    public static Trap Trap(string message) => new(TrapCode.HostError, message);

    /// <summary>Flat slots of a lowered call: at most 16 parameters plus a return-area pointer.</summary>
    public const int MaxFlatSlots = CanonicalAbi.MaxFlatParams + 1;

    public static ValueKind Core(CoreValType t) => t switch
    {
        CoreValType.I32 => ValueKind.I32,
        CoreValType.I64 => ValueKind.I64,
        CoreValType.F32 => ValueKind.F32,
        _ => ValueKind.F64,
    };

    public static FuncType CoreType(CoreSignature sig)
    {
        var ps = new ValueKind[sig.Params.Count];
        for (int i = 0; i < ps.Length; i++) ps[i] = Core(sig.Params[i]);
        var rs = new ValueKind[sig.Results.Count];
        for (int i = 0; i < rs.Length; i++) rs[i] = Core(sig.Results[i]);
        return new FuncType(ps, rs);
    }

    public static ulong ToFlat(in WasmValue v) => v.Type switch
    {
        ValueKind.I32 => (uint)v.I32,
        ValueKind.I64 => (ulong)v.I64,
        ValueKind.F32 => (uint)v.Bits,
        _ => (ulong)v.Bits,
    };

    public static WasmValue FromFlat(ulong bits, CoreValType t) => t switch
    {
        CoreValType.I32 => WasmValue.FromI32((int)(uint)bits),
        CoreValType.I64 => WasmValue.FromI64((long)bits),
        CoreValType.F32 => WasmValue.FromF32Bits((int)(uint)bits),
        _ => WasmValue.FromF64Bits((long)bits),
    };

    /// <summary><c>canon lower</c>: a core function that calls <paramref name="callee"/> from the instance of <paramref name="options"/>.</summary>
    public static Function Lower(RtFunc callee, CanonOptions options)
    {
        var type = callee.Type.LowerCoreType;
        if (callee is HostFunc { Typed: not null } host && Function.FromFlatOrNull(type, new TypedLowering(host, options)) is { } typed) return typed;
        // Another component's export: the compiled adapter moves values from core instance to core instance.
        if (callee is LiftedFunction lifted && FusedAdapter.TryCreate(lifted, options) is { } adapter
            && Function.FromFlatOrNull(type, adapter) is { } fused) return fused;
        // A host callee through the flat-slot trampoline too (no WasmValue arrays per call).
        if (callee is not LiftedFunction && Function.FromFlatOrNull(type, new FlatLowering(callee, options)) is { } flat) return flat;
        return LowerWithArrays(callee, options, type);
    }

    /// <summary>A signature without a flat trampoline, or an adapter to another component over a type
    /// <see cref="FusedAdapter"/> does not move: the engine's host path (its own method, so the closure is not made for
    /// the lowerings above).</summary>
    private static Function LowerWithArrays(RtFunc callee, CanonOptions options, FuncType type)
    {
        var plan = callee.Type.Plan;
        var lowerSig = plan.Lower;
        var caller = options.Instance;
        return new Function(type, (_, args, results) =>
        {
            Span<ulong> flatArgs = stackalloc ulong[MaxFlatSlots];
            flatArgs = flatArgs.Slice(0, args.Length);
            for (int i = 0; i < flatArgs.Length; i++) flatArgs[i] = ToFlat(args[i]);
            Span<ulong> flatResults = stackalloc ulong[1];
            flatResults = flatResults.Slice(0, lowerSig.Results.Count);
            try { LowerCall(callee, options, plan, caller, flatArgs, flatResults); }
            catch (CanonicalAbiTrap e) { throw AsTrap(e); }
            for (int i = 0; i < flatResults.Length; i++) results[i] = FromFlat(flatResults[i], lowerSig.Results[i]);
        });
    }

    /// <summary>A lowered host import on the typed fast path of generated bindings: the callback object is all it keeps.</summary>
    private sealed class TypedLowering(HostFunc host, CanonOptions options) : FlatHostFunction
    {
        public override ulong Call(ReadOnlySpan<ulong> args) => host.CallTyped(options, args);
    }

    /// <summary>A lowered host (or trapping) import through the flat-slot trampoline.</summary>
    private sealed class FlatLowering(RtFunc callee, CanonOptions options) : FlatHostFunction
    {
        public override ulong Call(ReadOnlySpan<ulong> args)
        {
            var plan = callee.Type.Plan;
            Span<ulong> flatResults = stackalloc ulong[1];
            flatResults[0] = 0;
            try { LowerCall(callee, options, plan, options.Instance, args, flatResults.Slice(0, plan.Lower.Results.Count)); }
            catch (CanonicalAbiTrap e) { throw AsTrap(e); }
            return flatResults[0];
        }
    }

    /// <summary>
    /// A canonical ABI trap raised inside a core function defined by the runtime, as a <see cref="Trap"/> with the
    /// same message: the engine would otherwise report it as a failing host function.
    /// </summary>
    public static Trap AsTrap(CanonicalAbiTrap e) => new(TrapCode.HostError, e.Message, e);

    /// <summary>One call of a lowered import: <paramref name="flat"/> are the core caller's arguments, <paramref name="flatResults"/> its results.</summary>
    private static void LowerCall(RtFunc callee, CanonOptions options, FunctionAbiPlan plan,
        ComponentInstanceState caller, ReadOnlySpan<ulong> flat, Span<ulong> flatResults)
    {
        {
            if (!caller.MayLeave) throw Trap("cannot leave component instance");
            var cx = options.ForCall();
            var values = plan.Params.Count == 0 ? Array.Empty<ComponentValue>() : new ComponentValue[plan.Params.Count];
            HandleCallScope? scope = callee.Type.UsesHandles ? caller.Handles.Table.EnterCall() : null;
            ComponentValue? result;
            bool adapter = callee is LiftedFunction;
            try
            {
                try { plan.LiftArguments(cx, flat, values); }
                catch (CanonicalAbiTrap e) when (adapter) { throw AdapterTrap(e, plan); }
                result = callee is LiftedFunction lifted ? lifted.Invoke(values, adapter: true) : callee.Invoke(values, caller.Store);
            }
            finally
            {
                if (scope is { } lent) caller.Handles.Table.ExitImportCall(lent);
            }
            bool saved = caller.MayLeave;
            caller.MayLeave = false;
            try { plan.LowerResult(cx, result, flat, flatResults); }
            catch (CanonicalAbiTrap e) when (adapter) { throw AdapterTrap(e, plan); }
            catch (ArgumentException e) when (!adapter)
            {
                throw new Trap(TrapCode.HostError, $"host function returned a value that does not match its type: {e.Message}", e);
            }
            finally { caller.MayLeave = saved; }
        }
    }

    /// <summary>
    /// Between two components wasmtime runs a compiled adapter whose traps are worded differently from its host
    /// lifting and lowering: out-of-bounds strings and lists are "string/list content out-of-bounds" and a misaligned
    /// realloc result is an "unaligned pointer".
    /// </summary>
    public static Exception AdapterTrap(CanonicalAbiTrap e, FunctionAbiPlan plan)
    {
        string? message = e.Kind switch
        {
            TrapKind.StringOutOfBounds => "string content out-of-bounds",
            TrapKind.ListOutOfBounds => "list content out-of-bounds",
            TrapKind.ReallocNotAligned => "unaligned pointer",
            TrapKind.ReallocOutOfBounds => HasList(plan) ? "list content out-of-bounds" : "string content out-of-bounds",
            _ => null,
        };
        return message is null ? e : new CanonicalAbiTrap(e.Kind, message);
    }

    private static bool HasList(FunctionAbiPlan plan)
    {
        foreach (var p in plan.Params) if (Contains(p, WitBindgen.ComponentModel.Types.ValTypeKind.List)) return true;
        return plan.Result is { } r && Contains(r, WitBindgen.ComponentModel.Types.ValTypeKind.List);
    }

    private static bool Contains(WitBindgen.ComponentModel.Types.ValType t, WitBindgen.ComponentModel.Types.ValTypeKind kind)
    {
        if (t.Kind == kind) return true;
        if (t.Element is { } e && Contains(e, kind)) return true;
        foreach (var f in t.Fields) if (Contains(f, kind)) return true;
        foreach (var c in t.Cases) if (c is not null && Contains(c, kind)) return true;
        return false;
    }

    /// <summary>A core function for <c>resource.new</c>.</summary>
    public static Function ResourceNew(RtResource resource, ComponentInstanceState inst) =>
        new(new FuncType(new[] { ValueKind.I32 }, new[] { ValueKind.I32 }), (_, args, results) =>
        {
            if (!inst.MayLeave) throw Trap("cannot leave component instance");
            try { results[0] = WasmValue.FromI32((int)inst.Handles.ResourceNew(resource.Id, (uint)args[0].I32)); }
            catch (CanonicalAbiTrap e) { throw AsTrap(e); }
        });

    /// <summary>A core function for <c>resource.rep</c>.</summary>
    public static Function ResourceRep(RtResource resource, ComponentInstanceState inst) =>
        new(new FuncType(new[] { ValueKind.I32 }, new[] { ValueKind.I32 }), (_, args, results) =>
        {
            try { results[0] = WasmValue.FromI32((int)inst.Handles.ResourceRep(resource.Id, (uint)args[0].I32)); }
            catch (CanonicalAbiTrap e) { throw AsTrap(e); }
        });

    /// <summary>A core function for <c>resource.drop</c>: dropping an own handle runs the resource's destructor.</summary>
    public static Function ResourceDrop(RtResource resource, ComponentInstanceState inst) =>
        new(new FuncType(new[] { ValueKind.I32 }, Array.Empty<ValueKind>()), (_, args, results) =>
        {
            if (!inst.MayLeave) throw Trap("cannot leave component instance");
            try
            {
                var dropped = inst.Handles.ResourceDrop(resource.Id, (uint)args[0].I32);
                if (dropped.RunDestructor) RunDestructor(resource, dropped.Rep, inst.Store);
            }
            catch (CanonicalAbiTrap e) { throw AsTrap(e); }
        });

    /// <summary>Runs the destructor of <paramref name="resource"/> for <paramref name="rep"/>; <paramref name="store"/> is the dropping instance's store (host destructors of a shared linker find their state through it).</summary>
    public static void RunDestructor(RtResource resource, uint rep, Store store)
    {
        if (resource.Destructor is { } dtor)
        {
            if (resource.Owner is { } owner)
            {
                if (owner.Poisoned) throw Trap("cannot enter component instance");
            }
            dtor.Invoke(WasmValue.FromI32((int)rep));
        }
        else if (resource.StoreDestructor is { } shared) shared(store, rep);
        else resource.HostDestructor?.Invoke(rep);
    }
}

/// <summary><c>canon lift</c>: a component function implemented by a core function.</summary>
internal sealed class LiftedFunction : RtFunc
{
    private readonly Function _core;
    private readonly CanonOptions _options;
    private CoreThunk? _thunk;

    public LiftedFunction(RtFuncType type, Function core, CanonOptions options) : base(type)
    {
        _core = core;
        _options = options;
    }

    public override ComponentValue? Invoke(ComponentValue[] args, Store store) => Invoke(args, adapter: false);

    /// <summary>The core function as a thunk (made on first use).</summary>
    internal CoreThunk Thunk => _thunk ??= new CoreThunk(_core);

    /// <summary>The canonical options of the lift.</summary>
    internal CanonOptions Options => _options;

    /// <summary>
    /// The scalar fast path (<see cref="ComponentFunction.CallScalar"/>): <paramref name="flat"/> are the core
    /// arguments already; the result is lifted and returned as its value bits (0 when there is none). No handles, no
    /// memory, no allocation.
    /// </summary>
    public ulong InvokeScalar(ReadOnlySpan<ulong> flat)
    {
        var inst = _options.Instance;
        if (inst.Poisoned || !inst.MayEnter) throw CanonicalCalls.Trap("cannot enter component instance");
        var plan = Type.Plan;
        inst.MayEnter = false;
        try
        {
            var thunk = _thunk ??= new CoreThunk(_core);
            Span<ulong> flatResults = stackalloc ulong[1];
            flatResults[0] = thunk.Call(flat);
            flatResults = flatResults.Slice(0, thunk.HasResult ? 1 : 0);
            ulong result = plan.LiftResult(_options.ForCall(), flatResults) is { } value ? value.RawBits : 0;
            _options.RunPostReturn(flatResults);
            return result;
        }
        catch (Exception e) when (e is Trap or CanonicalAbiTrap)
        {
            inst.Poisoned = true;
            throw;
        }
        finally
        {
            inst.MayEnter = true;
        }
    }

    /// <summary>Calls the function; <paramref name="adapter"/> when the caller is another component (trap wording of adapters).</summary>
    public ComponentValue? Invoke(ComponentValue[] args, bool adapter)
    {
        var inst = _options.Instance;
        if (inst.Poisoned || !inst.MayEnter) throw CanonicalCalls.Trap("cannot enter component instance");
        var plan = Type.Plan;
        var cx = _options.ForCall();
        inst.MayEnter = false;
        HandleCallScope? scope = Type.UsesHandles ? inst.Handles.Table.EnterCall() : null;
        bool scopeOpen = scope is not null;
        try
        {
            var thunk = _thunk ??= new CoreThunk(_core);
            Span<ulong> flat = stackalloc ulong[CanonicalCalls.MaxFlatSlots];
            flat = flat.Slice(0, plan.FlatArgumentCount);
            bool saved = inst.MayLeave;
            inst.MayLeave = false;
            try { plan.LowerArguments(cx, args, flat); }
            catch (CanonicalAbiTrap e) when (adapter) { throw CanonicalCalls.AdapterTrap(e, plan); }
            finally { inst.MayLeave = saved; }
            Span<ulong> flatResults = stackalloc ulong[1];
            flatResults[0] = thunk.Call(flat);
            flatResults = flatResults.Slice(0, thunk.HasResult ? 1 : 0);
            ComponentValue? result;
            try { result = plan.LiftResult(cx, flatResults); }
            catch (CanonicalAbiTrap e) when (adapter) { throw CanonicalCalls.AdapterTrap(e, plan); }
            if (scope is { } received)
            {
                scopeOpen = false;
                inst.Handles.Table.ExitExportCall(received);
            }
            _options.RunPostReturn(flatResults);
            return result;
        }
        catch (Exception e) when (e is Trap or CanonicalAbiTrap)
        {
            inst.Poisoned = true;
            throw;
        }
        finally
        {
            if (scopeOpen) inst.Handles.Table.ExitImportCall(scope!.Value);
            inst.MayEnter = true;
        }
    }
}

/// <summary>A component function defined by the host.</summary>
internal sealed class HostFunc : RtFunc
{
    private readonly ComponentHostFunction? _callback;
    private readonly ComponentStoreHostFunction? _storeCallback;
    private readonly string _name;

    /// <summary>A host function over <paramref name="callback"/>: a <see cref="ComponentHostFunction"/> or a
    /// <see cref="ComponentStoreHostFunction"/> (given the caller's store on each call, so one object serves every store).</summary>
    public HostFunc(RtFuncType type, string name, Delegate callback) : base(type)
    {
        _callback = callback as ComponentHostFunction;
        _storeCallback = callback as ComponentStoreHostFunction;
        if (_callback is null && _storeCallback is null) throw new ArgumentException("not a component host function", nameof(callback));
        _name = name;
        // Generated bindings' typed path, when they were generated for this very type (so their layouts are the caller's).
        if (callback.Target is TypedHostDefinition d && d.Key == type.Plan.TypeKey) Typed = d.Typed;
    }

    /// <summary>The typed fast path of generated bindings, or null.</summary>
    public ComponentTypedHostFunction? Typed { get; }

    /// <summary>
    /// The typed fast path of <c>canon lower</c>: <see cref="Typed"/> reads the caller's flat arguments and memory through a
    /// <see cref="ComponentCall"/> and writes the result; no <see cref="ComponentValue"/>s.
    /// </summary>
    public ulong CallTyped(CanonOptions options, ReadOnlySpan<ulong> args)
    {
        var caller = options.Instance;
        if (!caller.MayLeave) throw CanonicalCalls.Trap("cannot leave component instance");
        Span<ulong> flat = stackalloc ulong[CanonicalCalls.MaxFlatSlots];
        flat = flat.Slice(0, args.Length);
        args.CopyTo(flat);
        var call = new ComponentCall(options, Type, flat);
        try
        {
            Typed!(ref call);
            return call.FlatResult;
        }
        catch (CanonicalAbiTrap e) { throw CanonicalCalls.AsTrap(e); }
        catch (ArgumentException e) when (call.Returning && e is not ArgumentNullException)
        {
            // As the dynamic path words a result its lowering rejects (an enum case out of range, an unpaired surrogate).
            throw new Trap(TrapCode.HostError, $"host function returned a value that does not match its type: {e.Message}", e);
        }
        catch (Exception e) when (e is not Trap)
        {
            // As on the dynamic path: a failing host function traps the calling component; the host process goes on.
            throw new Trap(TrapCode.HostError, $"host function `{_name}` failed: {e.Message}", e);
        }
        finally { call.End(); }
    }

    public override ComponentValue? Invoke(ComponentValue[] args, Store store)
    {
        ComponentValue[] results;
        try
        {
            results = (_callback is not null ? _callback(args) : _storeCallback!(store, args)) ?? Array.Empty<ComponentValue>();
        }
        catch (Exception e) when (e is not (Trap or CanonicalAbiTrap))
        {
            // A failing host function traps the calling component; the host process goes on.
            throw new Trap(TrapCode.HostError, $"host function `{_name}` failed: {e.Message}", e);
        }
        int expected = Type.Result is null ? 0 : 1;
        if (results.Length != expected)
            throw CanonicalCalls.Trap($"host function `{_name}` returned {results.Length} results, expected {expected}");
        return expected == 0 ? null : results[0];
    }
}

/// <summary>An import the host did not define, defined as a function that traps when called.</summary>
internal sealed class TrappingFunc : RtFunc
{
    private readonly string _name;
    public TrappingFunc(RtFuncType type, string name) : base(type) => _name = name;
    public override ComponentValue? Invoke(ComponentValue[] args, Store store) =>
        throw CanonicalCalls.Trap($"unknown import: `{_name}` has not been defined (called a function defined as a trap)");
}

using System;
using System.Collections.Generic;
using System.Threading;
using WitBindgen.ComponentModel.Abi;
using ValType = WitBindgen.ComponentModel.Types.ValType;

namespace WitBindgen.Runtime.Components;

/// <summary>An instantiated component: its exported functions, at the root or inside exported instances (interfaces).</summary>
public sealed class ComponentInstance
{
    private readonly RtInstance _instance;
    // Functions looked up so far (a null function: none of that name). The first one is kept in fields: a host that takes
    // one export of each instance (the common case, thousands of instances) needs no dictionary per instance.
    private string? _firstInstanceName, _firstName;
    private ComponentFunction? _first;
    private Dictionary<(string?, string), ComponentFunction?>? _functions;
    private object? _bindings;

    internal ComponentInstance(RtInstance instance, Dictionary<int, RtResource> guestResources, Store store)
    {
        _instance = instance;
        GuestResources = guestResources;
        Store = store;
    }

    /// <summary>The store the instance lives in.</summary>
    internal Store Store { get; }

    /// <summary>The resource types the instantiated components defined, by run-time id.</summary>
    internal Dictionary<int, RtResource> GuestResources { get; }

    /// <summary>The names of the root exports.</summary>
    public IEnumerable<string> ExportNames => _instance.Exports.Keys;

    /// <summary>A function exported at the root, or null.</summary>
    public ComponentFunction? GetFunction(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_instance)
        {
            if (TryCached(null, name, out var cached)) return cached;
            return Cache(null, name, _instance.Exports.TryGetValue(name, out var item) && item is RtFunc f ? new ComponentFunction(name, f, this) : null);
        }
    }

    /// <summary>A function of an exported instance, e.g. <c>("ns:pkg/iface@1.0.0", "name")</c>, or null. The instance
    /// name is matched exactly first, then by the same semver compatibility rule as imports, so bindings made from
    /// <c>@0.2.3</c> find the exports of a component built against <c>@0.2.1</c>.</summary>
    public ComponentFunction? GetFunction(string instanceName, string name)
    {
        ArgumentNullException.ThrowIfNull(instanceName);
        ArgumentNullException.ThrowIfNull(name);
        lock (_instance)
        {
            if (TryCached(instanceName, name, out var cached)) return cached;
            return Cache(instanceName, name, VersionKey.Find(_instance.Exports, instanceName) is RtInstance inst
                && inst.Exports.TryGetValue(name, out var f) && f is RtFunc func
                ? new ComponentFunction(name, func, this) : null);
        }
    }

    private bool TryCached(string? instanceName, string name, out ComponentFunction? function)
    {
        if (_firstName is not null && _firstName == name && _firstInstanceName == instanceName)
        {
            function = _first;
            return true;
        }
        function = null;
        return _functions is not null && _functions.TryGetValue((instanceName, name), out function);
    }

    private ComponentFunction? Cache(string? instanceName, string name, ComponentFunction? function)
    {
        if (_firstName is null) (_firstInstanceName, _firstName, _first) = (instanceName, name, function);
        else (_functions ??= new())[(instanceName, name)] = function;
        return function;
    }

    /// <summary>
    /// State that generated host bindings keep per instance (e.g. resource methods resolved once): the object
    /// <paramref name="create"/> made for this instance, made on the first call. Without a lock or a lookup on the hot
    /// path; a second binding type on the same instance replaces the first, which is then made again (still correct).
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public T BindingState<T>(Func<ComponentInstance, T> create) where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        if (Volatile.Read(ref _bindings) is T state) return state;
        state = create(this);
        Volatile.Write(ref _bindings, state);
        return state;
    }

    /// <summary>The names of the exports of an exported instance, or null when there is no such instance.</summary>
    public IEnumerable<string>? InstanceExportNames(string instanceName) =>
        _instance.Exports.TryGetValue(instanceName, out var item) && item is RtInstance inst ? inst.Exports.Keys : null;
}

/// <summary>
/// A component function: called with component values; traps surface as <see cref="Trap"/>. An <c>own</c> result of a
/// resource the component defined comes back holding a <see cref="ComponentResource"/> (<see cref="ComponentValue.HostHandle"/>).
/// </summary>
public sealed class ComponentFunction
{
    private readonly RtFunc _func;
    private readonly ComponentInstance _instance;

    internal ComponentFunction(string name, RtFunc func, ComponentInstance instance)
    {
        Name = name;
        _func = func;
        _instance = instance;
        var ps = func.Type.Parameters;
        bool scalar = ps.Count <= WitBindgen.ComponentModel.Abi.CanonicalAbi.MaxFlatParams;
        foreach (var (_, t) in ps) scalar &= IsScalarType(t);
        if (func.Type.Result is { } r) scalar &= IsScalarType(r);
        IsScalar = scalar;
    }

    /// <summary>The store of the instance exporting the function.</summary>
    internal Store Store => _instance.Store;

    /// <summary>
    /// Whether every parameter and the result (if any) is a scalar: <c>bool</c>, an integer, a float, <c>char</c>, an
    /// <c>enum</c> or <c>flags</c> of at most 32 members. Such functions can be called with <see cref="CallScalar"/>.
    /// </summary>
    public bool IsScalar { get; }

    private static bool IsScalarType(ValType t) => t.Kind switch
    {
        WitBindgen.ComponentModel.Types.ValTypeKind.Flags => t.Names.Count <= 32,
        WitBindgen.ComponentModel.Types.ValTypeKind.Bool or WitBindgen.ComponentModel.Types.ValTypeKind.S8 or WitBindgen.ComponentModel.Types.ValTypeKind.U8
            or WitBindgen.ComponentModel.Types.ValTypeKind.S16 or WitBindgen.ComponentModel.Types.ValTypeKind.U16
            or WitBindgen.ComponentModel.Types.ValTypeKind.S32 or WitBindgen.ComponentModel.Types.ValTypeKind.U32
            or WitBindgen.ComponentModel.Types.ValTypeKind.S64 or WitBindgen.ComponentModel.Types.ValTypeKind.U64
            or WitBindgen.ComponentModel.Types.ValTypeKind.F32 or WitBindgen.ComponentModel.Types.ValTypeKind.F64
            or WitBindgen.ComponentModel.Types.ValTypeKind.Char or WitBindgen.ComponentModel.Types.ValTypeKind.Enum => true,
        _ => false,
    };

    /// <summary>
    /// The fast path of scalar functions (<see cref="IsScalar"/>): no <see cref="ComponentValue"/> array and no allocation
    /// per call; the lifted core function is called with the arguments as its flat parameters. Arguments and the result
    /// are value bits as <see cref="ComponentValue.RawBits"/> holds them: integers sign- or zero-extended to 64 bits,
    /// <c>bool</c> 0 or 1, <c>char</c> the code point, floats their IEEE bits, <c>enum</c> the case index, <c>flags</c>
    /// the bit mask. The result is 0 for a function without one; it is lifted (and checked) as <see cref="Call"/> does.
    /// </summary>
    /// <exception cref="InvalidOperationException">The function is not scalar.</exception>
    /// <exception cref="ArgumentException">Wrong argument count, a char that is no Unicode scalar value or an enum case out of range.</exception>
    /// <exception cref="Trap">The call trapped.</exception>
    public ulong CallScalar(ReadOnlySpan<ulong> args)
    {
        if (!IsScalar) throw new InvalidOperationException($"`{Name}` takes or returns values that are not scalars: use Call");
        var ps = _func.Type.Parameters;
        if (args.Length != ps.Count) throw new ArgumentException($"`{Name}` expects {ps.Count} arguments, got {args.Length}");
        Span<ulong> flat = stackalloc ulong[WitBindgen.ComponentModel.Abi.CanonicalAbi.MaxFlatParams];
        flat = flat.Slice(0, args.Length);
        for (int i = 0; i < flat.Length; i++) flat[i] = FlatArgument(args[i], ps[i].Type, i);
        try
        {
            if (_func is LiftedFunction lifted) return lifted.InvokeScalar(flat);
            // A re-exported host function or a trap stub: the dynamic path.
            var values = new ComponentValue[args.Length];
            for (int i = 0; i < values.Length; i++) values[i] = Value(args[i], ps[i].Type);
            return _func.Invoke(values, _instance.Store) is { } result ? result.RawBits : 0;
        }
        catch (CanonicalAbiTrap e)
        {
            throw new Trap(TrapCode.HostError, e.Message, e);
        }
    }

    /// <summary>
    /// Whether the function is lifted from a core function of the component (not a re-exported host function or a trap
    /// stub), so generated typed bindings can call it through <see cref="BeginCall"/>.
    /// </summary>
    [global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]
    public bool IsLifted => _func is LiftedFunction;

    /// <summary>
    /// Whether generated typed bindings may call the function through <see cref="BeginCall"/>: it is lifted
    /// (<see cref="IsLifted"/>) and its type is the one the bindings were generated for (<paramref name="typeKey"/>, the
    /// <c>FunctionAbiPlan.TypeKey</c> of their WIT function), so their memory layouts are the callee's.
    /// </summary>
    [global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]
    public bool IsTyped(string typeKey)
    {
        // Bindings pass the same literal on every call: compared once, then by reference.
        if (ReferenceEquals(typeKey, _typedKey)) return true;
        if (_func is not LiftedFunction || typeKey != _func.Type.Plan.TypeKey) return false;
        _typedKey = typeKey;
        return true;
    }

    private string? _typedKey;

    /// <summary>The instance whose export this is.</summary>
    internal ComponentInstance Owner => _instance;

    /// <summary>
    /// Begins a typed call (the fast path of generated host bindings, see <see cref="ComponentCall"/>): enters the
    /// instance; <paramref name="flat"/> receives the flat core arguments (at least as many slots as the core function
    /// takes).
    /// </summary>
    /// <exception cref="InvalidOperationException">The function is not lifted (<see cref="IsLifted"/>).</exception>
    /// <exception cref="Trap">The instance cannot be entered (poisoned by an earlier trap, or re-entered).</exception>
    [global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]
    public ComponentCall BeginCall(Span<ulong> flat)
    {
        if (_func is not LiftedFunction lifted) throw new InvalidOperationException($"`{Name}` is not lifted from a core function: use Call");
        return new ComponentCall(this, lifted, flat);
    }

    /// <summary>A scalar argument as the callee's flat core value (checked as lowering checks it).</summary>
    internal ulong FlatArgument(ulong bits, ValType t, int index)
    {
        switch (t.Kind)
        {
            case WitBindgen.ComponentModel.Types.ValTypeKind.S64 or WitBindgen.ComponentModel.Types.ValTypeKind.U64 or WitBindgen.ComponentModel.Types.ValTypeKind.F64:
                return bits;
            case WitBindgen.ComponentModel.Types.ValTypeKind.Bool:
                return bits != 0 ? 1UL : 0UL;
            case WitBindgen.ComponentModel.Types.ValTypeKind.Char:
                if (bits >= 0x110000 || (bits >= 0xD800 && bits <= 0xDFFF)) throw new ArgumentException($"argument {index} of `{Name}` is not a Unicode scalar value");
                return bits;
            case WitBindgen.ComponentModel.Types.ValTypeKind.Enum:
                if (bits >= (ulong)t.Names.Count) throw new ArgumentException($"argument {index} of `{Name}`: enum case {bits} out of range");
                return bits;
            case WitBindgen.ComponentModel.Types.ValTypeKind.Flags:
                return t.Names.Count >= 32 ? (uint)bits : bits & ((1UL << t.Names.Count) - 1);
            default:
                return (uint)bits;
        }
    }

    private static ComponentValue Value(ulong bits, ValType t) => t.Kind switch
    {
        WitBindgen.ComponentModel.Types.ValTypeKind.Bool => ComponentValue.Bool(bits != 0),
        WitBindgen.ComponentModel.Types.ValTypeKind.S8 => ComponentValue.S8((sbyte)bits),
        WitBindgen.ComponentModel.Types.ValTypeKind.U8 => ComponentValue.U8((byte)bits),
        WitBindgen.ComponentModel.Types.ValTypeKind.S16 => ComponentValue.S16((short)bits),
        WitBindgen.ComponentModel.Types.ValTypeKind.U16 => ComponentValue.U16((ushort)bits),
        WitBindgen.ComponentModel.Types.ValTypeKind.S32 => ComponentValue.S32((int)bits),
        WitBindgen.ComponentModel.Types.ValTypeKind.U32 => ComponentValue.U32((uint)bits),
        WitBindgen.ComponentModel.Types.ValTypeKind.S64 => ComponentValue.S64((long)bits),
        WitBindgen.ComponentModel.Types.ValTypeKind.U64 => ComponentValue.U64(bits),
        WitBindgen.ComponentModel.Types.ValTypeKind.F32 => ComponentValue.F32Bits((uint)bits),
        WitBindgen.ComponentModel.Types.ValTypeKind.F64 => ComponentValue.F64Bits(bits),
        WitBindgen.ComponentModel.Types.ValTypeKind.Char => ComponentValue.Char((int)bits),
        WitBindgen.ComponentModel.Types.ValTypeKind.Enum => ComponentValue.Enum((int)bits),
        _ => ComponentValue.Flags((uint)bits),
    };

    /// <summary>The export name.</summary>
    public string Name { get; }

    /// <summary>Parameter names and types.</summary>
    public IReadOnlyList<(string Name, ValType Type)> Parameters => _func.Type.Parameters;

    /// <summary>The result type, if any (Preview 2 functions have 0 or 1 result).</summary>
    public ValType? Result => _func.Type.Result;

    /// <summary>Calls the function.</summary>
    /// <exception cref="ArgumentException">The arguments do not match the parameters in number or kind.</exception>
    /// <exception cref="Trap">The call trapped; the message is worded as wasmtime words it (e.g. "unaligned pointer").</exception>
    public ComponentValue? Call(params ComponentValue[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var ps = _func.Type.Parameters;
        if (args.Length != ps.Count) throw new ArgumentException($"`{Name}` expects {ps.Count} arguments, got {args.Length}");
        for (int i = 0; i < args.Length; i++)
            if (!KindMatches(args[i].Kind, ps[i].Type))
                throw new ArgumentException($"argument {i} (`{ps[i].Name}`) of `{Name}` is a {args[i].Kind} value, expected {ps[i].Type.Kind}");
        try
        {
            var result = _func.Invoke(args, _instance.Store);
            if (result is { } r && _func.Type.Result is { } type && _func.Type.UsesHandles) return AdoptHandles(r, type);
            return result;
        }
        catch (CanonicalAbiTrap e)
        {
            throw new Trap(TrapCode.HostError, e.Message, e);
        }
    }

    /// <summary>Wraps the reps of own handles to component-defined resources in <see cref="ComponentResource"/>s.</summary>
    private ComponentValue AdoptHandles(ComponentValue v, ValType t)
    {
        switch (t.Kind)
        {
            case WitBindgen.ComponentModel.Types.ValTypeKind.Own:
                return _instance.GuestResources.TryGetValue(t.ResourceId, out var resource)
                    ? ComponentValue.Own(new ComponentResource(resource, v.HandleValue, _instance)) : v;
            case WitBindgen.ComponentModel.Types.ValTypeKind.List or WitBindgen.ComponentModel.Types.ValTypeKind.FixedList or WitBindgen.ComponentModel.Types.ValTypeKind.Map:
            {
                var items = v.Items;
                for (int i = 0; i < items.Length; i++) items[i] = AdoptHandles(items[i], t.Element!);
                return v;
            }
            case WitBindgen.ComponentModel.Types.ValTypeKind.Record or WitBindgen.ComponentModel.Types.ValTypeKind.Tuple:
            {
                var items = v.Items;
                for (int i = 0; i < items.Length && i < t.Fields.Count; i++) items[i] = AdoptHandles(items[i], t.Fields[i]);
                return v;
            }
            case WitBindgen.ComponentModel.Types.ValTypeKind.Option:
                if (v.CaseIndex == 1 && t.Element is { } e) v.Items[0] = AdoptHandles(v.Items[0], e);
                return v;
            case WitBindgen.ComponentModel.Types.ValTypeKind.Result or WitBindgen.ComponentModel.Types.ValTypeKind.Variant:
            {
                var caseType = v.CaseIndex < t.Cases.Count ? t.Cases[v.CaseIndex] : null;
                if (caseType is not null && v.Payload is not null) v.Items[0] = AdoptHandles(v.Items[0], caseType);
                return v;
            }
            default:
                return v;
        }
    }

    private static bool KindMatches(WitBindgen.ComponentModel.Types.ValTypeKind kind, ValType type) => kind == type.Kind;
}

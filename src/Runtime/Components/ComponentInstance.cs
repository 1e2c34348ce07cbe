using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Abi;
using ValType = WitBindgen.ComponentModel.Types.ValType;

namespace WitBindgen.Runtime.Components;

/// <summary>An instantiated component: its exported functions, at the root or inside exported instances (interfaces).</summary>
public sealed class ComponentInstance
{
    private readonly RtInstance _instance;
    private readonly Dictionary<(string?, string), ComponentFunction?> _functions = new();

    internal ComponentInstance(RtInstance instance, Dictionary<int, RtResource> guestResources)
    {
        _instance = instance;
        GuestResources = guestResources;
    }

    /// <summary>The resource types the instantiated components defined, by run-time id.</summary>
    internal Dictionary<int, RtResource> GuestResources { get; }

    /// <summary>The names of the root exports.</summary>
    public IEnumerable<string> ExportNames => _instance.Exports.Keys;

    /// <summary>A function exported at the root, or null.</summary>
    public ComponentFunction? GetFunction(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_functions)
        {
            if (_functions.TryGetValue((null, name), out var cached)) return cached;
            return _functions[(null, name)] = _instance.Exports.TryGetValue(name, out var item) && item is RtFunc f ? new ComponentFunction(name, f, this) : null;
        }
    }

    /// <summary>A function of an exported instance, e.g. <c>("ns:pkg/iface@1.0.0", "name")</c>, or null. The instance
    /// name is matched exactly first, then by the same semver compatibility rule as imports, so bindings made from
    /// <c>@0.2.3</c> find the exports of a component built against <c>@0.2.1</c>.</summary>
    public ComponentFunction? GetFunction(string instanceName, string name)
    {
        ArgumentNullException.ThrowIfNull(instanceName);
        ArgumentNullException.ThrowIfNull(name);
        lock (_functions)
        {
            if (_functions.TryGetValue((instanceName, name), out var cached)) return cached;
            return _functions[(instanceName, name)] = VersionKey.Find(_instance.Exports, instanceName) is RtInstance inst
                && inst.Exports.TryGetValue(name, out var f) && f is RtFunc func
                ? new ComponentFunction(name, func, this) : null;
        }
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
    }

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
            var result = _func.Invoke(args);
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

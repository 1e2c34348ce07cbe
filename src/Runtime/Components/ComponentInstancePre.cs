using System;
using System.Collections.Generic;
using System.Threading;
using WitBindgen.ComponentModel.Binary;
using BinaryExternKind = WitBindgen.ComponentModel.Binary.ExternKind;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// A component whose imports were resolved against a <see cref="ComponentLinker"/> once (wasmtime's
/// <c>InstancePre</c>): <see cref="Instantiate"/> creates instances without looking names up or checking kinds
/// again. Made by <see cref="ComponentLinker.InstantiatePre"/>; safe to share between threads.
/// </summary>
public sealed class ComponentInstancePre
{
    private readonly Dictionary<string, ResolvedImport?> _imports;
    private InstantiationPlan? _plan;
    private int _plansMade;

    internal ComponentInstancePre(Component component, Dictionary<string, ResolvedImport?> imports)
    {
        Component = component;
        _imports = imports;
        _root = new RtComponentDef(component, component.Binary, null);
    }

    /// <summary>The root definition every instantiation starts from (it holds no per-instance state).</summary>
    private readonly RtComponentDef _root;

    /// <summary>The component.</summary>
    public Component Component { get; }

    /// <summary>Instantiates the component in <paramref name="store"/> with the imports resolved before.</summary>
    /// <exception cref="ComponentLinkException">A nested component's instantiation arguments do not match its imports.</exception>
    /// <exception cref="LinkException">Core modules inside the component do not link, or the store's limits
    /// (<see cref="StoreLimits"/>) would be passed; what the instantiation made is given back to the store.</exception>
    /// <exception cref="Trap">A core start function trapped.</exception>
    public ComponentInstance Instantiate(Store store) => Create(store, usePlan: true);

    /// <summary>A one-off instantiation (<see cref="ComponentLinker.Instantiate"/>): no plan is made or used.</summary>
    internal ComponentInstance InstantiateOnce(Store store) => Create(store, usePlan: false);

    private ComponentInstance Create(Store store, bool usePlan)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.Engine != Component.Engine) throw new ArgumentException("the store belongs to another engine", nameof(store));
        var plan = usePlan ? Plan : null;
        var instantiator = new ComponentInstantiator(store, _imports);
        var instance = instantiator.InstantiateRoot(_root, plan);
        return new ComponentInstance(instance, instantiator.GuestResources, store);
    }

    /// <summary>The host imports and types bound once for every instantiation (made by the first one; a failure is not kept).</summary>
    internal InstantiationPlan Plan
    {
        get
        {
            if (Volatile.Read(ref _plan) is { } plan) return plan;
            var made = ComponentInstantiator.Plan(Component, _imports);
            Interlocked.Increment(ref _plansMade);
            return Interlocked.CompareExchange(ref _plan, made, null) ?? made;
        }
    }

    /// <summary>How many plans were made (one, unless first instantiations raced; tests check it).</summary>
    internal int PlansMade => Volatile.Read(ref _plansMade);
}

/// <summary>
/// What a linker provides for one import (or one export of an imported instance): a host function, a host resource or
/// an instance with its exports resolved. Null stands for "not defined, trap when called" (DefineUnknownImportsAsTraps).
/// </summary>
internal sealed class ResolvedImport
{
    public Delegate? Function;
    public RtResource? Resource;
    /// <summary>The linker instance, for exports whose declaring type was not known when resolving (resolved on use).</summary>
    public ComponentLinkerInstance? Instance;
    public Dictionary<string, ResolvedImport?>? Exports;
    public bool TrapUnknown;

    /// <summary>The resolution of export <paramref name="name"/> of this instance.</summary>
    public ResolvedImport? Child(string name, BinaryExternKind kind, string[] path)
    {
        if (Exports is not null && Exports.TryGetValue(name, out var child)) return child;
        return ImportResolver.Lookup(Instance, name, kind, string.Join("#", path) + "#" + name, TrapUnknown, null);
    }
}

/// <summary>Resolves the imports of a component against a linker's definitions, checking kinds.</summary>
internal static class ImportResolver
{
    public static Dictionary<string, ResolvedImport?> Resolve(Component component, ComponentLinkerInstance root, bool trapUnknown)
    {
        var result = new Dictionary<string, ResolvedImport?>(StringComparer.Ordinal);
        // The root's type index space, as far as needed to find the instance types of imports.
        var types = new List<TypeDefinition?>();
        foreach (var section in component.Binary.Sections)
        {
            switch (section)
            {
                case TypeSection ts:
                    foreach (var t in ts.Types) types.Add(t);
                    break;
                case AliasSection a:
                    foreach (var alias in a.Aliases) if (alias.Sort == Sort.Type) types.Add(null);
                    break;
                case ExportSection ex:
                    foreach (var e in ex.Exports) if (e.Sort == Sort.Type) types.Add(null);
                    break;
                case ImportSection im:
                    foreach (var import in im.Imports)
                    {
                        var name = import.Name.Name;
                        var node = Lookup(root, name, import.Desc.Kind, name, trapUnknown, TypeAt(types, import.Desc));
                        if (import.Desc.Kind == BinaryExternKind.Type)
                        {
                            if (import.Desc.Bound.IsSubResource && node is null && !trapUnknown) throw Wrong(root, name, name, "resource");
                            types.Add(null);
                        }
                        result[name] = node;
                    }
                    break;
            }
        }
        return result;
    }

    private static InstanceTypeDefinition? TypeAt(List<TypeDefinition?> types, ExternDesc desc) =>
        desc.Kind == BinaryExternKind.Instance && desc.Index < types.Count ? types[(int)desc.Index] as InstanceTypeDefinition : null;

    /// <summary>
    /// Looks <paramref name="name"/> up in <paramref name="provider"/> as a <paramref name="kind"/>; null when it is not
    /// defined and <paramref name="trapUnknown"/> allows that.
    /// </summary>
    public static ResolvedImport? Lookup(ComponentLinkerInstance? provider, string name, BinaryExternKind kind, string full, bool trapUnknown, InstanceTypeDefinition? type)
    {
        switch (kind)
        {
            case BinaryExternKind.Func:
                if (provider?.LookupFunction(name) is { } fn) return new ResolvedImport { Function = fn };
                if (trapUnknown) return null;
                throw Wrong(provider, name, full, "function");
            case BinaryExternKind.Instance:
            {
                var nested = provider?.LookupInstance(name);
                if (nested is null)
                {
                    if (trapUnknown) return null;
                    throw Wrong(provider, name, full, "instance");
                }
                var node = new ResolvedImport { Instance = nested, TrapUnknown = trapUnknown };
                if (type is not null) node.Exports = Exports(nested, type, full, trapUnknown);
                return node;
            }
            case BinaryExternKind.Type:
                // Only resources are looked up; other type imports are bound by their declared (eq) type.
                if (provider?.LookupResource(name) is { } r) return new ResolvedImport { Resource = r };
                return null;
            default:
                return null;
        }
    }

    /// <summary>Resolves every export an instance type declares; checks resources only when the bound is (sub resource).</summary>
    private static Dictionary<string, ResolvedImport?> Exports(ComponentLinkerInstance provider, InstanceTypeDefinition type, string full, bool trapUnknown)
    {
        var exports = new Dictionary<string, ResolvedImport?>(StringComparer.Ordinal);
        var types = new List<TypeDefinition?>();
        foreach (var d in type.Declarations)
        {
            switch (d)
            {
                case TypeDeclaration t: types.Add(t.Type); break;
                case AliasDeclaration a: if (a.Alias.Sort == Sort.Type) types.Add(null); break;
                case ExportDeclaration e:
                {
                    var name = e.Name.Name;
                    var childFull = full + "#" + name;
                    var node = Lookup(provider, name, e.Desc.Kind, childFull, trapUnknown, TypeAt(types, e.Desc));
                    if (e.Desc.Kind == BinaryExternKind.Type)
                    {
                        if (e.Desc.Bound.IsSubResource && node is null && !trapUnknown) throw Wrong(provider, name, childFull, "resource");
                        types.Add(null);
                    }
                    exports[name] = node;
                    break;
                }
            }
        }
        return exports;
    }

    /// <summary>"import `x` has the wrong type: expected function, found instance" (or "function not defined").</summary>
    public static ComponentLinkException Wrong(ComponentLinkerInstance? provider, string name, string full, string expected)
    {
        string? found = provider is null ? null
            : provider.LookupFunction(name) is not null ? "function"
            : provider.LookupInstance(name) is not null ? "instance"
            : provider.LookupResource(name) is not null ? "resource" : null;
        return new ComponentLinkException(found is null
            ? $"import `{full}` has the wrong type: {expected} not defined"
            : $"import `{full}` has the wrong type: expected {expected}, found {found}");
    }
}

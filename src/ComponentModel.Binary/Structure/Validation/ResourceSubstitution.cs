using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>
/// Replaces resources in types: the imported resources of a component by the resources its instantiation supplies,
/// and the resources a type defines by fresh ones wherever an instance of it comes into being. Resources are
/// matched by <see cref="ResourceId.Root"/>; unchanged parts keep their identity. For an instantiation, imported
/// value types are replaced by the arguments too, and the child's own types are adopted by the instantiating
/// component (copies it owns), which must then name them itself before its imports and exports use them.
/// </summary>
internal sealed class ResourceSubstitution
{
    private readonly Dictionary<ResourceId, ResourceId> _map;
    private readonly Dictionary<DefType, DefType>? _types;
    private readonly Scope? _adopter;
    private readonly Dictionary<object, object> _done = new(ReferenceComparer.Instance);

    public ResourceSubstitution(Dictionary<ResourceId, ResourceId> map, Dictionary<DefType, DefType>? types = null, Scope? adopter = null)
    {
        _map = map;
        _types = types;
        _adopter = adopter;
    }

    // Types of another concrete component (or component type) become the adopter's; types of instance types,
    // of the adopter and of its enclosing components stay as they are.
    private bool Adopts(Scope? owner)
    {
        if (_adopter is null || owner is null || owner.IsInstanceType || owner == _adopter) return false;
        for (var s = _adopter.Parent; s is not null; s = s.Parent) if (s == owner) return false;
        return true;
    }

    /// <summary>An instance type whose defined resources are replaced by fresh ones owned by <paramref name="scope"/>.</summary>
    public static InstanceSig Freshen(InstanceSig sig, Scope scope, List<ResourceId> sink)
    {
        if (sig.DefinedResources.Count == 0) return sig;
        var map = new Dictionary<ResourceId, ResourceId>();
        foreach (var r in sig.DefinedResources)
        {
            var fresh = new ResourceId(null);
            map[r.Root] = fresh;
            sink.Add(fresh);
        }
        var s = new ResourceSubstitution(map);
        return new InstanceSig(s.Items(sig.Exports), new List<ResourceId>(sink.GetRange(sink.Count - map.Count, map.Count)));
    }

    public ResourceId Resource(ResourceId id) => _map.TryGetValue(id.Root, out var to) ? to : id;

    public List<(string Name, Extern Item)> Items(List<(string Name, Extern Item)> items)
    {
        var result = new List<(string, Extern)>(items.Count);
        foreach (var (name, item) in items) result.Add((name, Extern(item)));
        return result;
    }

    public Extern Extern(Extern item) => item with { Type = item.Type is null ? null : Type(item.Type), Value = item.Value is null ? null : Def(item.Value) };

    public CType Type(CType type)
    {
        if (_done.TryGetValue(type, out var done)) return (CType)done;
        CType result = type switch
        {
            DefType d => Def(d),
            ResourceType r => Resource(r.Id) is var id && id == r.Id ? r : new ResourceType(id),
            FuncSig f => Func(f),
            InstanceSig i => new InstanceSig(Items(i.Exports), i.DefinedResources.ConvertAll(Resource)),
            ComponentSig c => new ComponentSig(Items(c.Imports), Items(c.Exports), c.ImportedResources.ConvertAll(Resource), c.DefinedResources.ConvertAll(Resource)),
            _ => type,
        };
        _done[type] = result;
        return result;
    }

    private FuncSig Func(FuncSig f)
    {
        var ps = new List<(string, DefType)>(f.Params.Count);
        foreach (var (n, t) in f.Params) ps.Add((n, Def(t)));
        return new FuncSig(f.IsAsync, ps, f.Result is null ? null : Def(f.Result));
    }

    public DefType Def(DefType d)
    {
        if (_types is not null && _types.TryGetValue(d, out var argument)) return argument;
        bool adopt = Adopts(d.Owner);
        if (d.Kind == DefKind.Primitive || !d.MentionsResources && !adopt) return d;
        if (_done.TryGetValue(d, out var done)) return (DefType)done;
        var fields = new List<(string, DefType)>();
        foreach (var (n, t) in d.Fields) fields.Add((n, Def(t)));
        var cases = new List<(string, DefType?)>();
        foreach (var (n, t) in d.Cases) cases.Add((n, t is null ? null : Def(t)));
        var types = new List<DefType>();
        foreach (var t in d.Types) types.Add(Def(t));
        // A substituted copy stands for a type already checked where it was defined: it has no owner to answer to,
        // unless it is adopted.
        var result = new DefType(d.Kind, adopt ? _adopter : null)
        {
            Fields = fields, Cases = cases, Types = types, Names = d.Names, Length = d.Length, Primitive = d.Primitive,
            A = d.A is null ? null : Def(d.A), B = d.B is null ? null : Def(d.B),
            Resource = d.Resource is null ? null : Resource(d.Resource),
        };
        _done[d] = result;
        return result;
    }

    /// <summary>Whether a type mentions any resource (such types cannot be aliased across a component boundary).</summary>
    public static bool MentionsResources(CType type) => Mentions(type, new HashSet<object>(ReferenceComparer.Instance));

    private static bool Mentions(CType type, HashSet<object> seen)
    {
        if (!seen.Add(type)) return false;
        switch (type)
        {
            case ResourceType: return true;
            case DefType d:
                return d.MentionsResources;
            case FuncSig f:
                foreach (var (_, t) in f.Params) if (Mentions(t, seen)) return true;
                return f.Result is not null && Mentions(f.Result, seen);
            case InstanceSig i:
                return Any(i.Exports, seen);
            case ComponentSig c:
                return Any(c.Imports, seen) || Any(c.Exports, seen);
            default:
                return false;
        }
    }

    private static bool Any(List<(string Name, Extern Item)> items, HashSet<object> seen)
    {
        foreach (var (_, item) in items)
        {
            if (item.Type is { } t && Mentions(t, seen)) return true;
            if (item.Value is { } v && Mentions(v, seen)) return true;
        }
        return false;
    }
}

/// <summary>Reference identity comparer (types are compared structurally elsewhere; caches need identity).</summary>
internal sealed class ReferenceComparer : IEqualityComparer<object>
{
    public static readonly ReferenceComparer Instance = new();
    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);
    public int GetHashCode(object obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}

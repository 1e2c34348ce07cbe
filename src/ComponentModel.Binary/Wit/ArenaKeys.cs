using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Names one package's interfaces and types by what they are instead of by arena id, so that the arena order of an
/// original graph can be recorded (<see cref="ArenaOrder"/>) and recognised in the graph decoded from its binary.
/// Interfaces: <c>name</c> (named), <c>world/import/name</c> or <c>world/export/name</c> (inline). Named types:
/// <c>owner.name</c>, where a foreign interface owner is <c>ns:pkg/name@v</c>. Anonymous types: their structure over
/// the keys of what they refer to (<c>result&lt;list&lt;u8&gt;,types.error-code&gt;</c>).
/// </summary>
internal sealed class ArenaKeys
{
    private readonly Resolve _resolve;
    private readonly Dictionary<Id<Interface>, string> _interfaceKeys = new();
    private readonly Dictionary<Id<TypeDef>, string> _typeKeys = new();

    public ArenaKeys(Resolve resolve, Id<Package> package)
    {
        _resolve = resolve;
        var pkg = resolve.Packages[package];
        foreach (var entry in pkg.Interfaces) _interfaceKeys[entry.Value] = entry.Key;
        foreach (var entry in pkg.Worlds)
        {
            var world = resolve.Worlds[entry.Value];
            foreach (var (items, direction) in new[] { (world.Imports, "import"), (world.Exports, "export") })
                foreach (var item in items)
                    if (!item.Key.IsInterface && item.Value is InterfaceWorldItem i && !_interfaceKeys.ContainsKey(i.Id))
                        _interfaceKeys[i.Id] = $"{entry.Key}/{direction}/{item.Key.Name}";
        }
        Interfaces = _interfaceKeys.Keys.OrderBy(i => i).ToList();
        Types = PackageTypes(pkg);
    }

    /// <summary>The package's interfaces (named and inline), in arena order.</summary>
    public IReadOnlyList<Id<Interface>> Interfaces { get; }

    /// <summary>
    /// The package's types in arena order: those its interfaces and worlds own, and the anonymous types reached from
    /// them or from its functions (the resolver interns anonymous types per package, so they are the package's own).
    /// </summary>
    public IReadOnlyList<Id<TypeDef>> Types { get; }

    public string InterfaceKey(Id<Interface> id) => _interfaceKeys[id];

    /// <summary>Each type of <see cref="Types"/> with its key, made unique by a <c>#n</c> suffix for repeats.</summary>
    public IEnumerable<(Id<TypeDef> Id, string Key)> UniqueTypeKeys()
    {
        var seen = new Dictionary<string, int>();
        foreach (var id in Types)
        {
            var key = TypeKey(id);
            seen.TryGetValue(key, out var n);
            seen[key] = n + 1;
            yield return (id, n == 0 ? key : key + "#" + n);
        }
    }

    public string TypeKey(Id<TypeDef> id)
    {
        if (_typeKeys.TryGetValue(id, out var known)) return known;
        var def = _resolve.Types[id];
        var key = def.Name is { } name ? OwnerKey(def.Owner) + "." + name : Structure(def.Kind);
        _typeKeys[id] = key;
        return key;
    }

    private string OwnerKey(TypeOwner owner)
    {
        switch (owner)
        {
            case InterfaceOwner i:
                if (_interfaceKeys.TryGetValue(i.Id, out var key)) return key;
                return _resolve.InterfaceQualifiedName(i.Id) ?? "?" + i.Id.Index;
            case WorldOwner w: return _resolve.Worlds[w.Id].Name;
            default: return "?";
        }
    }

    private string Ref(WitType? type) => type is not { } t ? "_" : t.IsId ? TypeKey(t.TypeId) : t.PrimitiveName;

    private string Structure(TypeDefKind kind) => kind switch
    {
        AliasKind a => $"type<{Ref(a.Target)}>",
        ListKind l => $"list<{Ref(l.Element)}>",
        FixedListKind f => $"list<{Ref(f.Element)};{f.Length}>",
        OptionKind o => $"option<{Ref(o.Element)}>",
        ResultKind r => $"result<{Ref(r.Ok)},{Ref(r.Err)}>",
        TupleKind t => $"tuple<{string.Join(",", t.Types.Select(x => Ref(x)))}>",
        HandleKind h => $"{(h.IsBorrow ? "borrow" : "own")}<{TypeKey(h.Resource)}>",
        FutureKind f => $"future<{Ref(f.Element)}>",
        StreamKind s => $"stream<{Ref(s.Element)}>",
        MapKind m => $"map<{Ref(m.Key)},{Ref(m.Value)}>",
        RecordKind r => $"record{{{string.Join(",", r.Fields.Select(f => f.Name + ":" + Ref(f.Type)))}}}",
        VariantKind v => $"variant{{{string.Join(",", v.Cases.Select(c => c.Name + ":" + Ref(c.Type)))}}}",
        EnumKind e => $"enum{{{string.Join(",", e.Cases.Select(c => c.Name))}}}",
        FlagsKind f => $"flags{{{string.Join(",", f.Flags.Select(c => c.Name))}}}",
        _ => "resource",
    };

    private List<Id<TypeDef>> PackageTypes(Package pkg)
    {
        var types = _resolve.Types;
        var set = new HashSet<Id<TypeDef>>();
        void Anonymous(WitType? type)
        {
            if (type is not { IsId: true } t || types[t.TypeId].Name is not null || !set.Add(t.TypeId)) return;
            foreach (var r in ImplicitHandleOrder.Refs(types[t.TypeId].Kind)) Anonymous(r);
        }
        void Named(Id<TypeDef> id)
        {
            if (!set.Add(id)) return;
            foreach (var r in ImplicitHandleOrder.Refs(types[id].Kind)) Anonymous(r);
        }
        void Function(Function f)
        {
            foreach (var p in f.Params) Anonymous(p.Type);
            Anonymous(f.Result);
        }
        foreach (var i in Interfaces)
        {
            var iface = _resolve.Interfaces[i];
            foreach (var t in iface.Types.Values) Named(t);
            foreach (var f in iface.Functions.Values) Function(f);
        }
        foreach (var w in pkg.Worlds.Values)
        {
            var world = _resolve.Worlds[w];
            foreach (var items in new[] { world.Imports, world.Exports })
                foreach (var item in items.Values)
                {
                    if (item is TypeWorldItem t) Named(t.Id);
                    else if (item is FunctionWorldItem f) Function(f.Function);
                }
        }
        var list = set.ToList();
        list.Sort((a, b) => a.Index.CompareTo(b.Index));
        return list;
    }
}

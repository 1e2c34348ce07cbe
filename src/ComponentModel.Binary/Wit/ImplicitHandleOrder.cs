using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Moves the anonymous <c>own&lt;R&gt;</c> handles of a decoded graph to where the WIT resolver creates them, so that a
/// decoded package has the same type arena as the resolved original. The resolver makes these handles implicitly (a
/// resource used as a value type): while remapping a typedef that uses one it inserts the handle just before that
/// typedef; a handle used only by function signatures is created afterwards, while functions are remapped (the
/// package's interfaces' functions in order, then its worlds' items, parameters before results). The binary defines
/// a handle where the encoder first needs it, which is usually earlier; the order of everything else is kept.
/// </summary>
internal static class ImplicitHandleOrder
{
    public static void Apply(Resolve resolve)
    {
        var types = resolve.Types;
        bool IsOwn(Id<TypeDef> id) => types[id] is { Name: null, Kind: HandleKind { IsBorrow: false } };
        var handles = new HashSet<Id<TypeDef>>(types.Ids.Where(IsOwn));
        if (handles.Count == 0) return;

        var placed = new HashSet<Id<TypeDef>>();
        var order = new List<Id<TypeDef>>(types.Count);
        var packageOf = TypeSegments(resolve);
        var pendingByPackage = new Dictionary<Id<Package>, List<Id<TypeDef>>>();

        // Typedef uses: a handle goes just before the first typedef (in arena order) that refers to it.
        foreach (var id in types.Ids)
        {
            if (handles.Contains(id)) continue;
            foreach (var used in DirectRefs(types[id].Kind))
                if (handles.Contains(used) && placed.Add(used)) order.Add(used);
            order.Add(id);
        }

        // Function uses: the rest, per package, appended at the end of that package's segment.
        foreach (var (package, function) in FunctionsInRemapOrder(resolve))
        {
            foreach (var used in FunctionRefs(function))
            {
                if (!handles.Contains(used) || !placed.Add(used)) continue;
                if (!pendingByPackage.TryGetValue(package, out var list)) pendingByPackage[package] = list = new List<Id<TypeDef>>();
                list.Add(used);
            }
        }
        // Handles nothing refers to keep their relative position at the very end.
        var unplaced = types.Ids.Where(h => handles.Contains(h) && !placed.Contains(h)).ToList();

        var final = new List<Id<TypeDef>>(types.Count);
        int segment = -1;
        foreach (var id in order)
        {
            // A type owned by a later package closes the segments before it.
            if (packageOf.TryGetValue(id, out var p) && p.Index > segment)
            {
                for (int q = segment; q < p.Index; q++) Flush(q);
                segment = p.Index;
            }
            final.Add(id);
        }
        for (int q = segment; q < resolve.Packages.Count; q++) Flush(q);
        final.AddRange(unplaced);

        // Flushes the functions' handles of the package at arena position `index` (none before the first package).
        void Flush(int index)
        {
            var package = new Id<Package>(index);
            if (pendingByPackage.TryGetValue(package, out var list)) { final.AddRange(list); pendingByPackage.Remove(package); }
        }

        if (final.Count != types.Count) return; // defensive: never lose a type
        bool identity = true;
        for (int i = 0; i < final.Count && identity; i++) identity = final[i].Index == i;
        if (!identity) Permute(resolve, final);
    }

    // Package of each type owned by an interface or world (anonymous types have none).
    private static Dictionary<Id<TypeDef>, Id<Package>> TypeSegments(Resolve resolve)
    {
        var result = new Dictionary<Id<TypeDef>, Id<Package>>();
        foreach (var (id, type) in resolve.Types.Entries)
        {
            Id<Package>? package = type.Owner switch
            {
                InterfaceOwner i => resolve.Interfaces[i.Id].Package,
                WorldOwner w => resolve.Worlds[w.Id].Package,
                _ => null,
            };
            if (package is { } p) result[id] = p;
        }
        return result;
    }

    private static IEnumerable<(Id<Package> Package, Function Function)> FunctionsInRemapOrder(Resolve resolve)
    {
        foreach (var p in resolve.Packages.Ids)
        {
            foreach (var iface in resolve.Interfaces)
            {
                if (iface.Package != p) continue;
                foreach (var f in iface.Functions.Values) yield return (p, f);
            }
            foreach (var world in resolve.Worlds)
            {
                if (world.Package != p) continue;
                foreach (var item in world.Imports.Values) if (item is FunctionWorldItem f) yield return (p, f.Function);
                foreach (var item in world.Exports.Values) if (item is FunctionWorldItem f) yield return (p, f.Function);
            }
        }
    }

    private static IEnumerable<Id<TypeDef>> FunctionRefs(Function function)
    {
        foreach (var p in function.Params) if (p.Type.IsId) yield return p.Type.TypeId;
        if (function.Result is { IsId: true } r) yield return r.TypeId;
    }

    private static IEnumerable<Id<TypeDef>> DirectRefs(TypeDefKind kind)
    {
        foreach (var t in Refs(kind)) if (t is { IsId: true } x) yield return x.TypeId;
    }

    internal static IEnumerable<WitType?> Refs(TypeDefKind kind)
    {
        switch (kind)
        {
            case AliasKind a: yield return a.Target; break;
            case RecordKind r: foreach (var f in r.Fields) yield return f.Type; break;
            case VariantKind v: foreach (var c in v.Cases) yield return c.Type; break;
            case OptionKind o: yield return o.Element; break;
            case ResultKind r: yield return r.Ok; yield return r.Err; break;
            case ListKind l: yield return l.Element; break;
            case FixedListKind l: yield return l.Element; break;
            case MapKind m: yield return m.Key; yield return m.Value; break;
            case TupleKind t: foreach (var x in t.Types) yield return x; break;
            case FutureKind f: yield return f.Element; break;
            case StreamKind s: yield return s.Element; break;
        }
    }

    // Reorders the arena: final[newId] = oldId; every type reference is rewritten.
    internal static void Permute(Resolve resolve, List<Id<TypeDef>> final)
    {
        var map = new Id<TypeDef>[final.Count];
        for (int i = 0; i < final.Count; i++) map[final[i].Index] = new Id<TypeDef>(i);
        Id<TypeDef> N(Id<TypeDef> id) => map[id.Index];
        WitType M(WitType t) => t.IsId ? WitType.Id(N(t.TypeId)) : t;
        WitType? O(WitType? t) => t is { } x ? M(x) : null;

        var old = resolve.Types.ToList();
        resolve.Types.Clear();
        foreach (var oldId in final)
        {
            var def = old[oldId.Index];
            def.Kind = def.Kind switch
            {
                AliasKind a => new AliasKind(M(a.Target)),
                HandleKind h => h with { Resource = N(h.Resource) },
                RecordKind r => new RecordKind(r.Fields.Select(f => f with { Type = M(f.Type) }).ToList()),
                VariantKind v => new VariantKind(v.Cases.Select(c => c with { Type = O(c.Type) }).ToList()),
                OptionKind o => new OptionKind(M(o.Element)),
                ResultKind r => new ResultKind(O(r.Ok), O(r.Err)),
                ListKind l => new ListKind(M(l.Element)),
                FixedListKind l => l with { Element = M(l.Element) },
                MapKind m => new MapKind(M(m.Key), M(m.Value)),
                TupleKind t => new TupleKind(t.Types.Select(M).ToList()),
                FutureKind f => new FutureKind(O(f.Element)),
                StreamKind s => new StreamKind(O(s.Element)),
                _ => def.Kind,
            };
            resolve.Types.Add(def);
        }

        void Fn(Function f)
        {
            f.Params = f.Params.Select(p => p with { Type = M(p.Type) }).ToList();
            f.Result = O(f.Result);
            if (f.Resource is { } resource) f.Resource = N(resource);
        }
        foreach (var iface in resolve.Interfaces)
        {
            foreach (var key in iface.Types.Keys.ToList()) iface.Types[key] = N(iface.Types[key]);
            foreach (var f in iface.Functions.Values) Fn(f);
        }
        foreach (var world in resolve.Worlds)
        {
            foreach (var items in new[] { world.Imports, world.Exports })
            {
                foreach (var key in items.Keys.ToList())
                {
                    switch (items[key])
                    {
                        case TypeWorldItem t: items[key] = new TypeWorldItem(N(t.Id)); break;
                        case FunctionWorldItem f: Fn(f.Function); break;
                    }
                }
            }
        }
    }
}

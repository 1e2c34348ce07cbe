using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;

namespace WitBindgen.WitParser.Resolution;

/// <summary>
/// Merges a separately built <see cref="Resolve"/> (a decoded component-encoded package) into the graph being
/// loaded. Packages already present (same name) are unioned: their interfaces, worlds and named types are matched by
/// name and reused, and only what is new is added. Everything else is appended in the source graph's order with
/// its ids renumbered.
/// </summary>
internal sealed class ResolveMerger
{
    private readonly ResolveBuilder _builder;
    private readonly Resolve _from;
    // Old id (index) to new, per arena; null until matched or moved.
    private readonly Id<Package>?[] _packages;
    private readonly Id<Interface>?[] _interfaces;
    private readonly Id<TypeDef>?[] _types;
    private readonly Id<World>?[] _worlds;
    // Items of a package that already exists, added to it under these names once ids are known.
    private readonly List<(Id<Package> Package, string Name, Id<Interface> Interface)> _interfacesToAdd = new();
    private readonly List<(Id<Package> Package, string Name, Id<World> World)> _worldsToAdd = new();

    private ResolveMerger(ResolveBuilder builder, Resolve from)
    {
        _builder = builder;
        _from = from;
        _packages = new Id<Package>?[from.Packages.Count];
        _interfaces = new Id<Interface>?[from.Interfaces.Count];
        _types = new Id<TypeDef>?[from.Types.Count];
        _worlds = new Id<World>?[from.Worlds.Count];
    }

    private Resolve Into => _builder.Resolve;

    /// <summary>Merges <paramref name="from"/>; returns the new id of each of its packages (indexed by old id).</summary>
    public static IReadOnlyList<Id<Package>> Merge(ResolveBuilder builder, Resolve from)
    {
        var merger = new ResolveMerger(builder, from);
        merger.MatchExistingPackages();
        merger.Move();
        return merger._packages.Select(p => p!.Value).ToList();
    }

    private void MatchExistingPackages()
    {
        foreach (var (p, from) in _from.Packages.Entries)
        {
            if (!_builder.PackageNames.TryGetValue(from.Name, out var into)) continue;
            _packages[p.Index] = into;
            var intoPackage = Into.Packages[into];
            foreach (var entry in from.Interfaces)
            {
                if (intoPackage.Interfaces.TryGetValue(entry.Key, out var existing)) MatchInterface(from.Name, entry.Value, existing);
                else _interfacesToAdd.Add((into, entry.Key, entry.Value));
            }
            foreach (var entry in from.Worlds)
            {
                if (intoPackage.Worlds.TryGetValue(entry.Key, out var existing)) MatchWorld(from.Name, entry.Value, existing);
                else _worldsToAdd.Add((into, entry.Key, entry.Value));
            }
        }
    }

    private void MatchInterface(PackageId package, Id<Interface> from, Id<Interface> into)
    {
        _interfaces[from.Index] = into;
        var a = _from.Interfaces[from];
        var b = Into.Interfaces[into];
        foreach (var entry in a.Types)
        {
            if (!b.Types.TryGetValue(entry.Key, out var existing))
                throw Mismatch(package, $"type `{entry.Key}` is not present in interface `{b.Name}`");
            MatchType(entry.Value, existing);
        }
        foreach (var entry in a.Functions)
        {
            if (!b.Functions.TryGetValue(entry.Key, out var existing))
                throw Mismatch(package, $"function `{entry.Key}` is not present in interface `{b.Name}`");
            MatchFunction(entry.Value, existing);
        }
    }

    // A matched type's anonymous parts (the `list<u8>` of a record field...) are the existing graph's too; walking
    // both definitions side by side finds them, so they are reused rather than added again.
    private void MatchType(Id<TypeDef> from, Id<TypeDef> into)
    {
        if (_types[from.Index] is not null) return;
        _types[from.Index] = into;
        var pairs = (_from.Types[from].Kind, Into.Types[into].Kind) switch
        {
            (AliasKind x, AliasKind y) => new[] { (x.Target, y.Target) },
            (RecordKind x, RecordKind y) when x.Fields.Count == y.Fields.Count => x.Fields.Zip(y.Fields, (f, g) => (f.Type, g.Type)),
            (VariantKind x, VariantKind y) when x.Cases.Count == y.Cases.Count => x.Cases.Zip(y.Cases, (f, g) => Pair(f.Type, g.Type)).SelectMany(p => p),
            (OptionKind x, OptionKind y) => new[] { (x.Element, y.Element) },
            (ResultKind x, ResultKind y) => Pair(x.Ok, y.Ok).Concat(Pair(x.Err, y.Err)),
            (ListKind x, ListKind y) => new[] { (x.Element, y.Element) },
            (FixedListKind x, FixedListKind y) => new[] { (x.Element, y.Element) },
            (MapKind x, MapKind y) => new[] { (x.Key, y.Key), (x.Value, y.Value) },
            (TupleKind x, TupleKind y) when x.Types.Count == y.Types.Count => x.Types.Zip(y.Types, (f, g) => (f, g)),
            (FutureKind x, FutureKind y) => Pair(x.Element, y.Element),
            (StreamKind x, StreamKind y) => Pair(x.Element, y.Element),
            (HandleKind x, HandleKind y) => new[] { (WitType.Id(x.Resource), WitType.Id(y.Resource)) },
            _ => Enumerable.Empty<(WitType, WitType)>(),
        };
        foreach (var (a, b) in pairs) MatchAnonymous(a, b);
    }

    private void MatchFunction(Function from, Function into)
    {
        foreach (var (a, b) in from.Params.Zip(into.Params, (p, q) => (p.Type, q.Type))) MatchAnonymous(a, b);
        foreach (var (a, b) in Pair(from.Result, into.Result)) MatchAnonymous(a, b);
    }

    private void MatchAnonymous(WitType from, WitType into)
    {
        if (from.IsId && into.IsId && _from.Types[from.TypeId].Name is null) MatchType(from.TypeId, into.TypeId);
    }

    private static IEnumerable<(WitType, WitType)> Pair(WitType? a, WitType? b) =>
        a is { } x && b is { } y ? new[] { (x, y) } : Enumerable.Empty<(WitType, WitType)>();

    private void MatchWorld(PackageId package, Id<World> from, Id<World> into)
    {
        _worlds[from.Index] = into;
        var a = _from.Worlds[from];
        var b = Into.Worlds[into];
        foreach (var (fromItems, intoItems) in new[] { (a.Imports, b.Imports), (a.Exports, b.Exports) })
        {
            foreach (var entry in fromItems)
            {
                if (entry.Key.IsInterface) continue; // interfaces are matched through their own packages
                if (!intoItems.TryGetValue(entry.Key, out var existing))
                    throw Mismatch(package, $"`{entry.Key.Name}` is not present in world `{b.Name}`");
                if (entry.Value is TypeWorldItem ta && existing is TypeWorldItem tb) MatchType(ta.Id, tb.Id);
                if (entry.Value is FunctionWorldItem fa && existing is FunctionWorldItem fb) MatchFunction(fa.Function, fb.Function);
            }
        }
    }

    private static WitException Mismatch(PackageId package, string what) =>
        ResolveErrors.Unlocated(DiagnosticCodes.UnsupportedDependency, $"failed to merge package `{package}` with the one already loaded: {what}");

    private void Move()
    {
        // Ids first, so items may refer to ones that come later in the source graph.
        int next = Into.Types.Count;
        for (int i = 0; i < _types.Length; i++) _types[i] ??= new Id<TypeDef>(next++);
        next = Into.Interfaces.Count;
        for (int i = 0; i < _interfaces.Length; i++) _interfaces[i] ??= new Id<Interface>(next++);
        next = Into.Worlds.Count;
        for (int i = 0; i < _worlds.Length; i++) _worlds[i] ??= new Id<World>(next++);
        next = Into.Packages.Count;
        var newPackages = new List<Id<Package>>();
        for (int i = 0; i < _packages.Length; i++)
        {
            if (_packages[i] is not null) continue;
            _packages[i] = new Id<Package>(next++);
            newPackages.Add(new Id<Package>(i));
        }

        for (int i = 0; i < _types.Length; i++)
        {
            if (_types[i] != Into.Types.NextId) continue;
            var ty = _from.Types[new Id<TypeDef>(i)];
            ty.Kind = MapKind(ty.Kind);
            ty.Owner = ty.Owner switch
            {
                InterfaceOwner io => new InterfaceOwner(MapInterface(io.Id)),
                WorldOwner wo => new WorldOwner(MapWorld(wo.Id)),
                _ => ty.Owner,
            };
            Into.Types.Add(ty);
        }
        for (int i = 0; i < _interfaces.Length; i++)
        {
            if (_interfaces[i] != Into.Interfaces.NextId) continue;
            var iface = _from.Interfaces[new Id<Interface>(i)];
            RemapValues<string, Id<TypeDef>>(iface.Types, MapType);
            foreach (var f in iface.Functions) MapFunction(f.Value);
            if (iface.Package is { } p) iface.Package = MapPackage(p);
            if (iface.CloneOf is { } c) iface.CloneOf = MapInterface(c);
            Into.Interfaces.Add(iface);
        }
        for (int i = 0; i < _worlds.Length; i++)
        {
            if (_worlds[i] != Into.Worlds.NextId) continue;
            var world = _from.Worlds[new Id<World>(i)];
            MapWorldItems(world.Imports);
            MapWorldItems(world.Exports);
            world.Package = MapPackage(world.Package);
            Into.Worlds.Add(world);
        }
        foreach (var i in newPackages)
        {
            var pkg = _from.Packages[i];
            RemapValues(pkg.Interfaces, MapInterface);
            RemapValues(pkg.Worlds, MapWorld);
            Into.Packages.Add(pkg);
            _builder.PackageNames.TryAdd(pkg.Name, MapPackage(i));
        }
        foreach (var (package, name, id) in _interfacesToAdd) Into.Packages[package].Interfaces[name] = MapInterface(id);
        foreach (var (package, name, id) in _worldsToAdd) Into.Packages[package].Worlds[name] = MapWorld(id);
    }

    private static void RemapValues<TKey, TId>(OrderedMap<TKey, TId> map, System.Func<TId, TId> remap) where TKey : notnull
    {
        foreach (var key in map.Select(e => e.Key).ToList()) map[key] = remap(map[key]);
    }

    private void MapWorldItems(OrderedMap<WorldKey, WorldItem> items)
    {
        var entries = items.ToList();
        items.Clear();
        foreach (var entry in entries)
        {
            var key = entry.Key.InterfaceId is { } keyId ? WorldKey.Interface(MapInterface(keyId)) : entry.Key;
            WorldItem item = entry.Value switch
            {
                InterfaceWorldItem i => i with { Id = MapInterface(i.Id) },
                TypeWorldItem t => new TypeWorldItem(MapType(t.Id)),
                FunctionWorldItem f => MapFunctionItem(f),
                _ => entry.Value,
            };
            items[key] = item;
        }
    }

    private FunctionWorldItem MapFunctionItem(FunctionWorldItem item)
    {
        MapFunction(item.Function);
        return item;
    }

    private void MapFunction(Function f)
    {
        f.Params = f.Params.Select(p => p with { Type = MapType(p.Type) }).ToList();
        if (f.Result is { } r) f.Result = MapType(r);
        if (f.Resource is { } resource) f.Resource = MapType(resource);
    }

    private Id<TypeDef> MapType(Id<TypeDef> id) => _types[id.Index]!.Value;

    private Id<Package> MapPackage(Id<Package> id) => _packages[id.Index]!.Value;

    private Id<Interface> MapInterface(Id<Interface> id) => _interfaces[id.Index]!.Value;

    private Id<World> MapWorld(Id<World> id) => _worlds[id.Index]!.Value;

    private WitType MapType(WitType t) => t.IsId ? WitType.Id(MapType(t.TypeId)) : t;

    private WitType? MapType(WitType? t) => t is { } v ? MapType(v) : null;

    private TypeDefKind MapKind(TypeDefKind kind) => kind switch
    {
        AliasKind a => new AliasKind(MapType(a.Target)),
        HandleKind h => h with { Resource = MapType(h.Resource) },
        RecordKind r => new RecordKind(r.Fields.Select(f => f with { Type = MapType(f.Type) }).ToList()),
        VariantKind v => new VariantKind(v.Cases.Select(c => c with { Type = MapType(c.Type) }).ToList()),
        OptionKind o => new OptionKind(MapType(o.Element)),
        ResultKind r => new ResultKind(MapType(r.Ok), MapType(r.Err)),
        ListKind l => new ListKind(MapType(l.Element)),
        FixedListKind l => l with { Element = MapType(l.Element) },
        MapKind m => new MapKind(MapType(m.Key), MapType(m.Value)),
        TupleKind t => new TupleKind(t.Types.Select(MapType).ToList()),
        FutureKind f => new FutureKind(MapType(f.Element)),
        StreamKind s => new StreamKind(MapType(s.Element)),
        _ => kind, // resource, flags, enum: no references
    };
}

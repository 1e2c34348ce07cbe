using System.Collections.Generic;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Text;
using WorldItem = WitBindgen.WitParser.Model.WorldItem;

namespace WitBindgen.WitParser.Resolution;

/// <summary>
/// Appends one <see cref="UnresolvedPackage"/> to the <see cref="Resolve"/> being built: connects its
/// foreign references, copies types, interfaces and worlds (dropping feature-gated items and turning
/// references to resources into implicit <c>own&lt;T&gt;</c> handles), applies includes and elaborates worlds.
/// </summary>
internal sealed class PackageMerger
{
    private readonly ResolveBuilder _builder;
    private readonly UnresolvedPackage _pkg;
    private readonly List<Id<TypeDef>?> _types = new();
    // Local (unresolved) id index to the id in the Resolve; null when feature-gated out.
    private readonly List<Id<Interface>?> _interfaces = new();
    private readonly List<Id<World>?> _worlds = new();
    // Implicit own<T> handles, keyed by the (new) id of T.
    private readonly Dictionary<Id<TypeDef>, Id<TypeDef>> _ownHandles = new();
    private readonly Dictionary<Id<TypeDef>, bool> _hasBorrow = new();
    private Id<Package> _pkgId;

    private PackageMerger(ResolveBuilder builder, UnresolvedPackage pkg)
    {
        _builder = builder;
        _pkg = pkg;
    }

    private Resolve R => _builder.Resolve;

    /// <summary>Appends <paramref name="pkg"/>; returns its package id.</summary>
    public static Id<Package> Append(ResolveBuilder builder, UnresolvedPackage pkg) => new PackageMerger(builder, pkg).Run();

    private Id<Package> Run()
    {
        _pkgId = R.Packages.Add(new Package(_pkg.Name) { Docs = _pkg.Docs });
        if (!_builder.PackageNames.TryAdd(_pkg.Name, _pkgId))
            throw ResolveErrors.Unlocated(DiagnosticCodes.DuplicatePackage,
                $"attempting to re-add package `{_pkg.Name}` when it's already present in this `Resolve`");

        ProcessForeignDeps();
        int foreignTypes = _types.Count, foreignInterfaces = _interfaces.Count, foreignWorlds = _worlds.Count;

        for (int i = foreignTypes; i < _pkg.Types.Count; i++)
        {
            var ty = _pkg.Types[new Id<TypeDef>(i)];
            var span = _pkg.TypeSpans[i];
            if (!_builder.IncludeStability(ty.Stability, _pkgId, span)) { _types.Add(null); continue; }
            ty.Kind = UpdateTypeDefKind(ty.Kind, span, _pkg.FieldSpans.TryGetValue(new Id<TypeDef>(i), out var fieldSpans) ? fieldSpans : null);
            _types.Add(R.Types.Add(ty));
        }

        for (int i = foreignInterfaces; i < _pkg.Interfaces.Count; i++)
        {
            var iface = _pkg.Interfaces[new Id<Interface>(i)];
            var spans = _pkg.InterfaceSpans[i];
            if (!_builder.IncludeStability(iface.Stability, _pkgId, spans.Span)) { _interfaces.Add(null); continue; }
            iface.Package = _pkgId;
            UpdateInterface(iface, spans);
            _interfaces.Add(R.Interfaces.Add(iface));
        }

        for (int i = foreignTypes; i < _types.Count; i++)
        {
            if (_types[i] is not { } id) continue;
            if (R.Types[id].Owner is InterfaceOwner io)
            {
                if (_interfaces[io.Id.Index] is not { } mapped)
                    throw ResolveErrors.At(_pkg.TypeSpans[i], DiagnosticCodes.Stability,
                        "found a reference to a interface which is excluded due to its feature not being activated; this type is not gated by a feature but its interface is");
                R.Types[id].Owner = new InterfaceOwner(mapped);
            }
        }

        for (int i = foreignWorlds; i < _pkg.Worlds.Count; i++)
        {
            var world = _pkg.Worlds[new Id<World>(i)];
            var spans = _pkg.WorldSpans[i];
            if (!_builder.IncludeStability(world.Stability, _pkgId, spans.Span)) { _worlds.Add(null); continue; }
            world.Package = _pkgId;
            UpdateWorld(world, spans);
            _worlds.Add(R.Worlds.Add(world));
        }

        for (int i = foreignTypes; i < _types.Count; i++)
        {
            if (_types[i] is not { } id) continue;
            if (R.Types[id].Owner is WorldOwner wo)
            {
                if (_worlds[wo.Id.Index] is not { } mapped)
                    throw ResolveErrors.At(_pkg.TypeSpans[i], DiagnosticCodes.Stability,
                        "found a reference to a world which is excluded due to its feature not being activated; this type is not gated by a feature but its world is");
                R.Types[id].Owner = new WorldOwner(mapped);
            }
        }

        for (int i = foreignWorlds; i < _worlds.Count; i++)
        {
            if (_worlds[i] is not { } id) continue;
            var spans = _pkg.WorldSpans[i];
            var includes = _pkg.WorldIncludes[i];
            for (int k = 0; k < includes.Count; k++)
            {
                var inc = includes[k];
                var span = spans.Includes[k];
                if (!_builder.IncludeStability(inc.Stability, _pkgId, span)) continue;
                var included = MapWorld(inc.World, span);
                WorldIncluder.Include(_builder, id, included, inc.Names, span, _pkgId);
            }
            WorldIncluder.ValidateCaseInsensitiveNames(R, id);
            WorldElaborator.Elaborate(_builder, id, spans.Span);
        }

        var pkg = R.Packages[_pkgId];
        for (int i = foreignInterfaces; i < _interfaces.Count; i++)
        {
            if (_interfaces[i] is not { } id) continue;
            var iface = R.Interfaces[id];
            iface.Package = _pkgId;
            if (iface.Name is not null) pkg.Interfaces[iface.Name] = id;
        }
        for (int i = foreignWorlds; i < _worlds.Count; i++)
        {
            if (_worlds[i] is not { } id) continue;
            R.Worlds[id].Package = _pkgId;
            pkg.Worlds[R.Worlds[id].Name] = id;
        }
        return _pkgId;
    }

    private static string Excluded(string what) => $"found a reference to a {what} which is excluded due to its feature not being activated";

    private Id<TypeDef> MapType(Id<TypeDef> id, Span? span)
    {
        if (_types[id.Index] is { } mapped) return mapped;
        throw ResolveErrors.At(span, DiagnosticCodes.Stability, Excluded("type"));
    }

    private Id<Interface> MapInterface(Id<Interface> id, Span? span)
    {
        if (_interfaces[id.Index] is { } mapped) return mapped;
        throw ResolveErrors.At(span, DiagnosticCodes.Stability, Excluded("interface"));
    }

    private Id<World> MapWorld(Id<World> id, Span? span)
    {
        if (_worlds[id.Index] is { } mapped) return mapped;
        throw ResolveErrors.At(span, DiagnosticCodes.Stability, Excluded("world"));
    }

    private void ProcessForeignDeps()
    {
        var interfaceToPackage = new Dictionary<Id<Interface>, (ForeignPackage Pkg, string Name, ForeignItem Item)>();
        var worldToPackage = new Dictionary<Id<World>, (ForeignPackage Pkg, string Name, ForeignItem Item)>();
        foreach (var dep in _pkg.ForeignDeps.Values)
        {
            foreach (var entry in dep.Items)
            {
                if (entry.Value.Item.World is { } world) worldToPackage[world] = (dep, entry.Key, entry.Value);
                else interfaceToPackage[entry.Value.Item.Interface!.Value] = (dep, entry.Key, entry.Value);
            }
        }

        // Foreign placeholders come first in the local arenas, in first-reference order.
        foreach (var local in _pkg.Interfaces.Ids)
        {
            if (!interfaceToPackage.TryGetValue(local, out var info)) break;
            var pkgId = FindPackage(info.Pkg);
            var span = _pkg.InterfaceSpans[local.Index].Span;
            if (!Enabled(info.Item.Stabilities, span)) { _interfaces.Add(null); continue; }
            if (!R.Packages[pkgId].Interfaces.TryGetValue(info.Name, out var ifaceId))
                throw ResolveErrors.At(span, DiagnosticCodes.UnknownName, $"interface '{info.Name}' not found in package '{info.Pkg.Name}'");
            _interfaces.Add(ifaceId);
        }

        foreach (var local in _pkg.Worlds.Ids)
        {
            if (!worldToPackage.TryGetValue(local, out var info)) break;
            var pkgId = FindPackage(info.Pkg);
            var span = _pkg.WorldSpans[local.Index].Span;
            if (!Enabled(info.Item.Stabilities, span)) { _worlds.Add(null); continue; }
            if (!R.Packages[pkgId].Worlds.TryGetValue(info.Name, out var worldId))
                throw ResolveErrors.At(span, DiagnosticCodes.UnknownName, $"world '{info.Name}' not found in package '{info.Pkg.Name}'");
            _worlds.Add(worldId);
        }

        for (int i = 0; i < _pkg.Types.Count; i++)
        {
            var ty = _pkg.Types[new Id<TypeDef>(i)];
            if (ty.Kind is not UnknownKind) break;
            var span = _pkg.TypeSpans[i];
            if (!_builder.IncludeStability(ty.Stability, _pkgId, span)) { _types.Add(null); continue; }
            var ifaceId = MapInterface(((InterfaceOwner)ty.Owner).Id, null);
            if (!R.Interfaces[ifaceId].Types.TryGetValue(ty.Name!, out var typeId))
                throw ResolveErrors.At(_pkg.UnknownTypeSpans[new Id<TypeDef>(i)], DiagnosticCodes.UnknownName, $"type `{ty.Name}` not defined in interface");
            _types.Add(typeId);
        }

        foreach (var (typeId, span) in _pkg.RequiredResourceTypes)
        {
            if (typeId.Index >= _types.Count || _types[typeId.Index] is not { } id) continue;
            while (true)
            {
                var kind = R.Types[id].Kind;
                if (kind is ResourceKind) break;
                if (kind is AliasKind { Target.IsId: true } alias) { id = alias.Target.TypeId; continue; }
                throw ResolveErrors.At(span, DiagnosticCodes.InvalidType, "type used in a handle must be a resource");
            }
        }
    }

    private bool Enabled(List<Stability> stabilities, Span span)
    {
        foreach (var s in stabilities) if (_builder.IncludeStability(s, _pkgId, span)) return true;
        return false;
    }

    private Id<Package> FindPackage(ForeignPackage dep)
    {
        if (_builder.PackageNames.TryGetValue(dep.Name, out var id)) return id;
        var message = $"package '{dep.Name}' not found. known packages:";
        foreach (var known in _builder.PackageNames.Keys) message += "\n    " + known;
        throw ResolveErrors.At(dep.Span, DiagnosticCodes.UnknownPackage, message);
    }

    private TypeDefKind UpdateTypeDefKind(TypeDefKind kind, Span span, List<Span>? fieldSpans)
    {
        switch (kind)
        {
            case HandleKind h: return h with { Resource = MapType(h.Resource, span) };
            case RecordKind r:
            {
                var fields = new List<Field>();
                for (int i = 0; i < r.Fields.Count; i++)
                {
                    var f = r.Fields[i];
                    var fieldSpan = fieldSpans is not null && i < fieldSpans.Count ? fieldSpans[i] : span;
                    fields.Add(f with { Type = UpdateType(f.Type, fieldSpan) });
                }
                return new RecordKind(fields);
            }
            case TupleKind t:
            {
                var types = new List<WitType>();
                foreach (var x in t.Types) types.Add(UpdateType(x, span));
                return new TupleKind(types);
            }
            case VariantKind v:
            {
                var cases = new List<VariantCase>();
                foreach (var c in v.Cases) cases.Add(c with { Type = c.Type is { } ct ? UpdateType(ct, span) : null });
                return new VariantKind(cases);
            }
            case OptionKind o: return new OptionKind(UpdateType(o.Element, span));
            case ListKind l: return new ListKind(UpdateType(l.Element, span));
            case FixedListKind l: return l with { Element = UpdateType(l.Element, span) };
            case FutureKind { Element: { } fe }: return new FutureKind(UpdateType(fe, span));
            case StreamKind { Element: { } se }: return new StreamKind(UpdateType(se, span));
            case MapKind m:
            {
                var key = UpdateType(m.Key, span);
                return new MapKind(key, UpdateType(m.Value, span));
            }
            case ResultKind r:
            {
                var ok = r.Ok is { } o ? UpdateType(o, span) : (WitType?)null;
                var err = r.Err is { } e ? UpdateType(e, span) : (WitType?)null;
                return new ResultKind(ok, err);
            }
            // `type a = b` stays usable both as the resource and as a handle: no implicit own here.
            case AliasKind { Target.IsId: true } a: return new AliasKind(WitType.Id(MapType(a.Target.TypeId, span)));
            default: return kind;
        }
    }

    /// <summary>Maps a type reference; a reference to a resource becomes an (interned) <c>own&lt;T&gt;</c> handle.</summary>
    private WitType UpdateType(WitType type, Span? span)
    {
        if (!type.IsId) return type;
        var id = MapType(type.TypeId, span);
        var cur = id;
        while (R.Types[cur].Kind is AliasKind { Target.IsId: true } alias) cur = alias.Target.TypeId;
        if (R.Types[cur].Kind is not ResourceKind) return WitType.Id(id);
        if (!_ownHandles.TryGetValue(id, out var own))
        {
            own = R.Types.Add(new TypeDef(null, new HandleKind(false, id), TypeOwner.None));
            _ownHandles[id] = own;
        }
        return WitType.Id(own);
    }

    private void UpdateInterface(Interface iface, InterfaceSpans spans)
    {
        var types = new List<KeyValuePair<string, Id<TypeDef>>>(iface.Types);
        iface.Types.Clear();
        foreach (var entry in types)
        {
            if (_types[entry.Value.Index] is null) continue;
            iface.Types[entry.Key] = MapType(entry.Value, spans.Span);
        }

        var functions = new List<KeyValuePair<string, Function>>(iface.Functions);
        iface.Functions.Clear();
        for (int i = 0; i < functions.Count; i++)
        {
            var func = functions[i].Value;
            var span = i < spans.Functions.Count ? spans.Functions[i] : spans.Span;
            if (!_builder.IncludeStability(func.Stability, _pkgId, span)) continue;
            UpdateFunction(func, span);
            iface.Functions[functions[i].Key] = func;
        }
    }

    private void UpdateFunction(Function func, Span? span)
    {
        if (func.Resource is { } resource) func.Resource = MapType(resource, span);
        var parameters = new List<Param>();
        foreach (var p in func.Params) parameters.Add(p with { Type = UpdateType(p.Type, span) });
        func.Params = parameters;
        if (func.Result is { } result)
        {
            func.Result = UpdateType(result, span);
            if (HasBorrow(func.Result.Value))
                throw ResolveErrors.At(span, DiagnosticCodes.InvalidType,
                    $"function `{func.Name}` returns a type which contains a `borrow<T>` which is not supported");
        }
    }

    private bool HasBorrow(WitType type)
    {
        if (!type.IsId) return false;
        var id = type.TypeId;
        if (_hasBorrow.TryGetValue(id, out var known)) return known;
        bool result = R.Types[id].Kind switch
        {
            AliasKind a => HasBorrow(a.Target),
            VariantKind v => AnyBorrow(v.Cases, c => c.Type),
            HandleKind h => h.IsBorrow,
            RecordKind r => AnyBorrow(r.Fields, f => f.Type),
            TupleKind t => AnyBorrow(t.Types, x => x),
            ListKind l => HasBorrow(l.Element),
            FixedListKind l => HasBorrow(l.Element),
            OptionKind o => HasBorrow(o.Element),
            FutureKind { Element: { } e } => HasBorrow(e),
            StreamKind { Element: { } e } => HasBorrow(e),
            MapKind m => HasBorrow(m.Key) || HasBorrow(m.Value),
            ResultKind r => (r.Ok is { } ok && HasBorrow(ok)) || (r.Err is { } err && HasBorrow(err)),
            _ => false,
        };
        _hasBorrow[id] = result;
        return result;
    }

    private bool AnyBorrow<T>(IReadOnlyList<T> items, System.Func<T, WitType?> typeOf)
    {
        foreach (var item in items) if (typeOf(item) is { } t && HasBorrow(t)) return true;
        return false;
    }

    private void UpdateWorld(World world, WorldSpans spans)
    {
        var imports = new List<KeyValuePair<WorldKey, WorldItem>>(world.Imports);
        var exports = new List<KeyValuePair<WorldKey, WorldItem>>(world.Exports);
        world.Imports.Clear();
        world.Exports.Clear();
        UpdateWorldItems(world, imports, spans.Imports, world.Imports);
        UpdateWorldItems(world, exports, spans.Exports, world.Exports);
    }

    private void UpdateWorldItems(World world, List<KeyValuePair<WorldKey, WorldItem>> items, List<Span> spans, OrderedMap<WorldKey, WorldItem> dst)
    {
        for (int i = 0; i < items.Count; i++)
        {
            var key = items[i].Key;
            var item = items[i].Value;
            var span = i < spans.Count ? spans[i] : (Span?)null;
            if (item is TypeWorldItem t) item = new TypeWorldItem(MapType(t.Id, span));
            var stability = item switch
            {
                InterfaceWorldItem iwi => iwi.Stability,
                FunctionWorldItem f => f.Function.Stability,
                TypeWorldItem ty => R.Types[ty.Id].Stability,
                _ => Stability.Unknown,
            };
            if (!_builder.IncludeStability(stability, _pkgId, span)) continue;
            if (key.InterfaceId is { } keyId) key = WorldKey.Interface(MapInterface(keyId, span));
            switch (item)
            {
                case InterfaceWorldItem iwi: item = iwi with { Id = MapInterface(iwi.Id, span) }; break;
                case FunctionWorldItem f: UpdateFunction(f.Function, span); break;
            }
            dst[key] = item;
        }
    }
}

using System.Collections.Generic;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Text;

namespace WitBindgen.WitParser.Resolution;

/// <summary>
/// Applies <c>include w [with { a as b }]</c>: copies the included world's imports and exports into the
/// including world, deep-cloning named items (types, functions, inline interfaces) for their new owner.
/// </summary>
internal static class WorldIncluder
{
    public static void Include(ResolveBuilder builder, Id<World> worldId, Id<World> includedId, IReadOnlyList<IncludeRename> names, Span span, Id<Package> packageId)
    {
        var resolve = builder.Resolve;
        var world = resolve.Worlds[worldId];
        var included = resolve.Worlds[includedId];
        bool external = world.Package != included.Package;
        var includedImports = new List<KeyValuePair<WorldKey, WorldItem>>(included.Imports);
        var includedExports = new List<KeyValuePair<WorldKey, WorldItem>>(included.Exports);

        var unused = new List<IncludeRename>(names);
        foreach (var e in includedImports) RemoveMatching(e.Key, unused);
        foreach (var e in includedExports) RemoveMatching(e.Key, unused);
        if (unused.Count > 0)
            throw ResolveErrors.At(span, DiagnosticCodes.UnknownName,
                $"no import or export kebab-name `{unused[0].Name}`. Note that an ID does not support renaming");

        var cloner = new Cloner(resolve, new WorldOwner(includedId), new WorldOwner(worldId), packageId);
        foreach (var e in includedImports) IncludeItem(cloner, names, world.Imports, e, span, "import", external);
        foreach (var e in includedExports) IncludeItem(cloner, names, world.Exports, e, span, "export", external);
    }

    private static void RemoveMatching(WorldKey key, List<IncludeRename> names)
    {
        if (key.Name is not { } n) return;
        names.RemoveAll(r => Rename(n, r) is not null);
    }

    /// <summary>The new name of <paramref name="original"/> under <paramref name="rename"/> (also renames <c>[method]r.m</c> forms), or null.</summary>
    private static string? Rename(string original, IncludeRename rename)
    {
        if (original == rename.Name) return rename.As;
        int close = original.IndexOf(']');
        if (close < 0) return null;
        string kind = original.Substring(0, close);
        string rest = original.Substring(close + 1);
        int dot = rest.IndexOf('.');
        if (dot >= 0 && rest.Substring(0, dot) == rename.Name) return $"{kind}]{rename.As}.{rest.Substring(dot + 1)}";
        if (rest == rename.Name) return $"{kind}]{rename.As}";
        return null;
    }

    private static void IncludeItem(Cloner cloner, IReadOnlyList<IncludeRename> names, OrderedMap<WorldKey, WorldItem> dst,
        KeyValuePair<WorldKey, WorldItem> entry, Span span, string itemType, bool external)
    {
        if (entry.Key.Name is { } original)
        {
            string n = original;
            foreach (var r in names)
            {
                if (Rename(original, r) is { } renamed) { n = renamed; break; }
            }
            var item = cloner.WorldItem(entry.Value);
            switch (item)
            {
                case FunctionWorldItem f: f.Function.Name = n; break;
                case TypeWorldItem t: cloner.Resolve.Types[t.Id].Name = n; break;
            }
            var key = WorldKey.Named(n);
            bool existed = dst.ContainsKey(key);
            dst[key] = item;
            if (existed)
                throw ResolveErrors.At(span, DiagnosticCodes.WorldConflict, $"{itemType} of `{n}` shadows previously {itemType}ed items");
            return;
        }

        // Like the reference: insert if absent, then merge stabilities (a fresh insert merges with itself).
        if (!dst.TryGetValue(entry.Key, out var prev))
        {
            dst[entry.Key] = entry.Value;
            prev = entry.Value;
        }
        if (entry.Value is InterfaceWorldItem from && prev is InterfaceWorldItem into)
        {
            var merged = MergeStability(from.Stability, into.Stability, external);
            if (!Equals(merged, into.Stability)) dst[entry.Key] = into with { Stability = merged };
        }
    }

    private static Stability MergeStability(Stability from, Stability into, bool external)
    {
        if (external && from is StableStability) return Stability.Unknown;
        if (Equals(from, into) || from is UnknownStability) return into;
        if (into is UnknownStability) return from;
        throw ResolveErrors.Unlocated(DiagnosticCodes.Stability, $"mismatch in stability from '{Debug(from)}' to '{Debug(into)}'");
    }

    // The reference prints stabilities with Rust's Debug formatting.
    private static string Debug(Stability s) => s switch
    {
        StableStability st => $"Stable {{ since: {Debug(st.Since)}, deprecated: {DebugOption(st.DeprecatedVersion)} }}",
        UnstableStability u => $"Unstable {{ feature: \"{u.Feature}\", deprecated: {DebugOption(u.DeprecatedVersion)} }}",
        _ => "Unknown",
    };

    private static string DebugOption(SemVersion? v) => v is null ? "None" : $"Some({Debug(v)})";

    private static string Debug(SemVersion v)
    {
        var text = $"Version {{ major: {v.Major}, minor: {v.Minor}, patch: {v.Patch}";
        if (v.Prerelease.Length > 0) text += $", pre: Prerelease(\"{v.Prerelease}\")";
        if (v.Build.Length > 0) text += $", build: BuildMetadata(\"{v.Build}\")";
        return text + " }";
    }

    /// <summary>World-case-insensitive name uniqueness of imports and of exports.</summary>
    public static void ValidateCaseInsensitiveNames(Resolve resolve, Id<World> worldId)
    {
        var world = resolve.Worlds[worldId];
        Validate(world.Imports, "import", world.Name);
        Validate(world.Exports, "export", world.Name);
    }

    private static void Validate(OrderedMap<WorldKey, WorldItem> items, string itemType, string worldName)
    {
        var seen = new Dictionary<string, string>();
        foreach (var key in items.Keys)
        {
            if (key.Name is not { } name) continue;
            var lower = name.ToLowerInvariant();
            if (seen.TryGetValue(lower, out var existing) && existing != name)
                throw ResolveErrors.Unlocated(DiagnosticCodes.WorldConflict,
                    $"{itemType} `{name}` in world `{worldName}` conflicts with {itemType} `{existing}` (kebab-case identifiers are case-insensitive)");
            seen[lower] = name;
        }
    }

    /// <summary>Deep copy of world items for a new owner; types not owned by the old owner are shared.</summary>
    private sealed class Cloner
    {
        private readonly TypeOwner _previous;
        private readonly TypeOwner _next;
        private readonly Id<Package> _package;
        private readonly Dictionary<Id<TypeDef>, Id<TypeDef>> _types = new();

        public Cloner(Resolve resolve, TypeOwner previous, TypeOwner next, Id<Package> package)
        {
            Resolve = resolve; _previous = previous; _next = next; _package = package;
        }

        public Resolve Resolve { get; }

        public WorldItem WorldItem(WorldItem item) => item switch
        {
            TypeWorldItem t => new TypeWorldItem(Type(t.Id)),
            FunctionWorldItem f => new FunctionWorldItem(Function(f.Function)),
            InterfaceWorldItem i => i with { Id = Interface(i.Id) },
            _ => item,
        };

        private Id<TypeDef> Type(Id<TypeDef> id)
        {
            var owner = Resolve.Types[id].Owner;
            if (owner is not NoOwner && !Equals(owner, _previous)) return id;
            if (_types.TryGetValue(id, out var done)) return done;
            var old = Resolve.Types[id];
            var copy = new TypeDef(old.Name, TypeDefKind(old.Kind), old.Owner is NoOwner ? TypeOwner.None : _next)
            {
                Docs = old.Docs, Stability = old.Stability, ExternalId = old.ExternalId,
            };
            var newId = Resolve.Types.Add(copy);
            _types[id] = newId;
            return newId;
        }

        private WitType Type(WitType t) => t.IsId ? WitType.Id(Type(t.TypeId)) : t;
        private WitType? Type(WitType? t) => t is { } x ? Type(x) : null;

        private TypeDefKind TypeDefKind(TypeDefKind kind)
        {
            switch (kind)
            {
                case AliasKind { Target.IsId: true } a:
                    return Equals(Resolve.Types[a.Target.TypeId].Owner, _previous) ? new AliasKind(Type(a.Target)) : kind;
                case HandleKind h: return h with { Resource = Type(h.Resource) };
                case OptionKind o: return new OptionKind(Type(o.Element));
                case ListKind l: return new ListKind(Type(l.Element));
                case FixedListKind l: return l with { Element = Type(l.Element) };
                case MapKind m: { var k = Type(m.Key); return new MapKind(k, Type(m.Value)); }
                case TupleKind t:
                {
                    var types = new List<WitType>();
                    foreach (var x in t.Types) types.Add(Type(x));
                    return new TupleKind(types);
                }
                case RecordKind r:
                {
                    var fields = new List<Field>();
                    foreach (var f in r.Fields) fields.Add(f with { Type = Type(f.Type) });
                    return new RecordKind(fields);
                }
                case VariantKind v:
                {
                    var cases = new List<VariantCase>();
                    foreach (var c in v.Cases) cases.Add(c with { Type = Type(c.Type) });
                    return new VariantKind(cases);
                }
                case ResultKind r: { var ok = Type(r.Ok); return new ResultKind(ok, Type(r.Err)); }
                case FutureKind f: return new FutureKind(Type(f.Element));
                case StreamKind s: return new StreamKind(Type(s.Element));
                default: return kind;
            }
        }

        private Function Function(Function func)
        {
            var copy = func.Clone();
            if (copy.Resource is { } resource) copy.Resource = Type(resource);
            var parameters = new List<Param>();
            foreach (var p in copy.Params) parameters.Add(p with { Type = Type(p.Type) });
            copy.Params = parameters;
            copy.Result = Type(copy.Result);
            return copy;
        }

        private Id<Interface> Interface(Id<Interface> id)
        {
            var old = Resolve.Interfaces[id];
            var nextId = Resolve.Interfaces.NextId;
            var inner = new Cloner(Resolve, new InterfaceOwner(id), new InterfaceOwner(nextId), _package);
            var copy = new Interface { Name = old.Name, Docs = old.Docs, Stability = old.Stability, Package = _package, CloneOf = id };
            // Reserve the id before cloning so nested allocations keep the reference's order.
            Resolve.Interfaces.Add(copy);
            foreach (var t in old.Types) copy.Types[t.Key] = inner.Type(t.Value);
            foreach (var f in old.Functions) copy.Functions[f.Key] = inner.Function(f.Value);
            return nextId;
        }
    }
}

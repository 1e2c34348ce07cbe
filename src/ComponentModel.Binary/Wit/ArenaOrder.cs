using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser.Model;
using static WitBindgen.ComponentModel.Binary.MiniJson;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// The <c>arena</c> part of our <c>witbindgen-item-metadata</c> section: what the decoder's own reconstruction
/// (<see cref="WorldTypeOrder"/>, <see cref="ImplicitHandleOrder"/>, <see cref="AnonymousTypeStability"/>) gets wrong
/// about a package, found by decoding the binary while encoding it. <c>interfaces</c> and <c>types</c> give the
/// resolver's arena order of the package's interfaces and types (by <see cref="ArenaKeys"/>; written only when the
/// decoded order differs), <c>stability</c> the stability of types whose decoded stability differs (anonymous types
/// inherit theirs from what they refer to, possibly in other packages the binary knows only in part).
/// </summary>
internal static class ArenaOrder
{
    public const string Field = "arena";

    /// <summary>
    /// Compares <paramref name="original"/>'s package with what its binary decodes to (the decoded graph is
    /// reordered in the process); null when they agree.
    /// </summary>
    public static JsonObject? Record(Resolve original, Id<Package> package, Resolve decoded, Id<Package> decodedPackage)
    {
        var result = new JsonObject();
        var want = new ArenaKeys(original, package);
        var have = new ArenaKeys(decoded, decodedPackage);
        var interfaces = want.Interfaces.Select(want.InterfaceKey).ToList();
        if (!interfaces.SequenceEqual(have.Interfaces.Select(have.InterfaceKey)))
        {
            result.Add("interfaces", interfaces.Cast<object?>().ToList());
            ReorderInterfaces(decoded, have, interfaces);
            have = new ArenaKeys(decoded, decodedPackage);
        }
        var types = want.Types.Select(want.TypeKey).ToList();
        if (!types.SequenceEqual(have.Types.Select(have.TypeKey)))
        {
            result.Add("types", types.Cast<object?>().ToList());
            ReorderTypes(decoded, have, types);
            have = new ArenaKeys(decoded, decodedPackage);
        }
        var decodedStability = have.UniqueTypeKeys().ToDictionary(e => e.Key, e => decoded.Types[e.Id].Stability);
        var stability = new JsonObject();
        foreach (var (id, key) in want.UniqueTypeKeys())
        {
            var s = original.Types[id].Stability;
            if (decodedStability.TryGetValue(key, out var d) && !Equals(s, d)) stability.Add(key, PackageMetadata.StabilityJson(s));
        }
        if (stability.Count > 0) result.Add("stability", stability);
        return result.Count == 0 ? null : result;
    }

    /// <summary>Applies a recorded <c>arena</c> object to a decoded package; unknown keys are ignored.</summary>
    public static void Apply(Resolve resolve, Id<Package> package, JsonObject arena)
    {
        var keys = new ArenaKeys(resolve, package);
        if (arena.Get("interfaces") is List<object?> interfaces)
        {
            ReorderInterfaces(resolve, keys, interfaces.OfType<string>().ToList());
            keys = new ArenaKeys(resolve, package);
        }
        if (arena.Get("types") is List<object?> types)
        {
            ReorderTypes(resolve, keys, types.OfType<string>().ToList());
            keys = new ArenaKeys(resolve, package);
        }
        if (arena.Get("stability") is JsonObject stability)
        {
            foreach (var (id, key) in keys.UniqueTypeKeys())
                if (stability.Get(key) is { } s) resolve.Types[id].Stability = PackageMetadata.ParseStability(s);
        }
    }

    private static void ReorderInterfaces(Resolve resolve, ArenaKeys keys, IReadOnlyList<string> order)
    {
        var final = Slots(resolve.Interfaces.Count, keys.Interfaces.Select(i => (i.Index, keys.InterfaceKey(i))), order);
        if (final is not null) PermuteInterfaces(resolve, final);
    }

    private static void ReorderTypes(Resolve resolve, ArenaKeys keys, IReadOnlyList<string> order)
    {
        var final = Slots(resolve.Types.Count, keys.Types.Select(t => (t.Index, keys.TypeKey(t))), order);
        if (final is not null) ImplicitHandleOrder.Permute(resolve, final.Select(i => new Id<TypeDef>(i)).ToList());
    }

    // The ids named by `order` take the arena slots those same ids occupy, in `order`'s order; everything else stays.
    // Returns final[newId] = oldId, or null for no change. Repeated keys are matched by occurrence.
    private static List<int>? Slots(int count, IEnumerable<(int Id, string Key)> present, IReadOnlyList<string> order)
    {
        var byKey = new Dictionary<string, Queue<int>>();
        foreach (var (id, key) in present)
        {
            if (!byKey.TryGetValue(key, out var q)) byKey[key] = q = new Queue<int>();
            q.Enqueue(id);
        }
        var wanted = new List<int>();
        foreach (var key in order)
            if (byKey.TryGetValue(key, out var q) && q.Count > 0) wanted.Add(q.Dequeue());
        var slots = wanted.OrderBy(i => i).ToList();
        var final = Enumerable.Range(0, count).ToList();
        bool changed = false;
        for (int k = 0; k < slots.Count; k++)
        {
            final[slots[k]] = wanted[k];
            changed |= slots[k] != wanted[k];
        }
        return changed ? final : null;
    }

    // Reorders the interface arena: final[newIndex] = oldIndex; every interface reference is rewritten.
    private static void PermuteInterfaces(Resolve resolve, List<int> final)
    {
        var map = new Id<Interface>[final.Count];
        for (int i = 0; i < final.Count; i++) map[final[i]] = new Id<Interface>(i);
        Id<Interface> Map(Id<Interface> id) => map[id.Index];
        var old = resolve.Interfaces.ToList();
        resolve.Interfaces.Clear();
        foreach (var oldIndex in final)
        {
            var iface = old[oldIndex];
            if (iface.CloneOf is { } c) iface.CloneOf = Map(c);
            resolve.Interfaces.Add(iface);
        }
        foreach (var package in resolve.Packages)
            foreach (var key in package.Interfaces.Keys.ToList()) package.Interfaces[key] = Map(package.Interfaces[key]);
        foreach (var type in resolve.Types)
            if (type.Owner is InterfaceOwner o) type.Owner = new InterfaceOwner(Map(o.Id));
        foreach (var world in resolve.Worlds)
        {
            foreach (var items in new[] { world.Imports, world.Exports })
            {
                var entries = items.ToList();
                items.Clear();
                foreach (var entry in entries)
                {
                    var key = entry.Key.InterfaceId is { } keyId ? WorldKey.Interface(Map(keyId)) : entry.Key;
                    items[key] = entry.Value is InterfaceWorldItem i ? i with { Id = Map(i.Id) } : entry.Value;
                }
            }
        }
    }
}

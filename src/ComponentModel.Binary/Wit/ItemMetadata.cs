using System.Collections.Generic;
using System.Linq;
using System.Text;
using WitBindgen.WitParser.Model;
using static WitBindgen.ComponentModel.Binary.MiniJson;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Our own custom section for what neither the binary format nor wit-parser's <c>package-docs</c> carries: docs
/// and <c>@external-id</c>s of world imports/exports, external ids of interface types and functions, and an
/// interface's function order when it is not the order the functions are exported in (<c>func_order</c>), and the
/// <c>arena</c> record of <see cref="ArenaOrder"/>. Kept separate because wit-parser rejects unknown fields in
/// <c>package-docs</c>; other tools ignore this section.
/// </summary>
internal static class ItemMetadata
{
    public const string SectionName = "witbindgen-item-metadata";

    /// <summary>The section content, or null when there is nothing to record.</summary>
    public static byte[]? Encode(Resolve resolve, IEnumerable<Id<World>> worlds, IEnumerable<Id<Interface>> interfaces) =>
        Serialize(EncodeJson(resolve, worlds, interfaces));

    /// <summary>The section content from its JSON, or null when the JSON is empty.</summary>
    public static byte[]? Serialize(JsonObject root) => root.Count == 0 ? null : Encoding.UTF8.GetBytes(Write(root));

    /// <summary>The section's JSON (empty when there is nothing to record).</summary>
    public static JsonObject EncodeJson(Resolve resolve, IEnumerable<Id<World>> worlds, IEnumerable<Id<Interface>> interfaces)
    {
        var root = new JsonObject();
        var worldsJson = new JsonObject();
        foreach (var w in worlds)
        {
            var world = resolve.Worlds[w];
            var o = new JsonObject();
            var imports = Items(resolve, world.Imports);
            var exports = Items(resolve, world.Exports);
            if (imports.Count > 0) o.Add("imports", imports);
            if (exports.Count > 0) o.Add("exports", exports);
            if (o.Count > 0) worldsJson.Add(world.Name, o);
        }
        if (worldsJson.Count > 0) root.Add("worlds", worldsJson);
        var ifaces = new JsonObject();
        foreach (var i in interfaces)
        {
            var iface = resolve.Interfaces[i];
            var funcs = new JsonObject();
            foreach (var f in iface.Functions) if (f.Value.ExternalId is { } id) funcs.Add(f.Key, id);
            var types = new JsonObject();
            foreach (var t in iface.Types) if (resolve.Types[t.Value].ExternalId is { } id) types.Add(t.Key, id);
            var o = new JsonObject();
            if (funcs.Count > 0) o.Add("funcs", funcs);
            // wit-component exports resource functions first; keep the resolver's (source) order when it differs.
            var encoded = WitTypeEncoder.EncodedFunctionOrder(resolve, i).Select(f => f.Key).ToList();
            if (!encoded.SequenceEqual(iface.Functions.Keys)) o.Add("func_order", iface.Functions.Keys.Select(k => (object?)k).ToList());
            if (types.Count > 0) o.Add("types", types);
            if (o.Count > 0 && iface.Name is not null) ifaces.Add(iface.Name, o);
        }
        if (ifaces.Count > 0) root.Add("interfaces", ifaces);
        return root;
    }

    private static JsonObject Items(Resolve resolve, OrderedMap<WorldKey, WorldItem> items)
    {
        var result = new JsonObject();
        foreach (var entry in items)
        {
            string? docs = null, external = null;
            switch (entry.Value)
            {
                case InterfaceWorldItem i: docs = i.Docs; external = i.ExternalId; break;
                case FunctionWorldItem f: external = f.Function.ExternalId; break;
                case TypeWorldItem t: external = resolve.Types[t.Id].ExternalId; break;
            }
            if (docs is null && external is null) continue;
            var o = new JsonObject();
            if (docs is not null) o.Add("docs", docs);
            if (external is not null) o.Add("external_id", external);
            result.Add(WitTypeEncoder.KeyName(resolve, entry.Key), o);
        }
        return result;
    }

    /// <summary>
    /// Applies the section to the decoded package; unknown names are ignored (the section is advisory). Returns its
    /// <see cref="ArenaOrder"/> part, applied once the decoder's own reordering is done.
    /// </summary>
    public static JsonObject? Decode(byte[] data, Resolve resolve, Id<Package> package)
    {
        JsonObject? root;
        try { root = Parse(Encoding.UTF8.GetString(data)) as JsonObject; }
        catch (System.FormatException e) { throw new ComponentFormatException($"invalid {SectionName} JSON: {e.Message}", 0, SectionName); }
        if (root is null) return null;
        var pkg = resolve.Packages[package];
        if (root.Get("worlds") is JsonObject worlds)
        {
            foreach (var w in worlds)
            {
                if (!pkg.Worlds.TryGetValue(w.Key, out var id) || w.Value is not JsonObject o) continue;
                var world = resolve.Worlds[id];
                Apply(resolve, world.Imports, o.Get("imports") as JsonObject);
                Apply(resolve, world.Exports, o.Get("exports") as JsonObject);
            }
        }
        if (root.Get("interfaces") is JsonObject ifaces)
        {
            foreach (var i in ifaces)
            {
                if (!pkg.Interfaces.TryGetValue(i.Key, out var id) || i.Value is not JsonObject o) continue;
                var iface = resolve.Interfaces[id];
                if (o.Get("funcs") is JsonObject funcs)
                    foreach (var f in funcs)
                        if (iface.Functions.TryGetValue(f.Key, out var fn)) fn.ExternalId = f.Value as string;
                if (o.Get("func_order") is List<object?> order) Reorder(iface.Functions, order);
                if (o.Get("types") is JsonObject types)
                    foreach (var t in types)
                        if (iface.Types.TryGetValue(t.Key, out var tid)) resolve.Types[tid].ExternalId = t.Value as string;
            }
        }
        return root.Get(ArenaOrder.Field) as JsonObject;
    }

    // Functions named in `order` first, in that order; any others after them as decoded.
    private static void Reorder(OrderedMap<string, Function> functions, List<object?> order)
    {
        var rank = new Dictionary<string, int>();
        foreach (var name in order) if (name is string n && !rank.ContainsKey(n)) rank[n] = rank.Count;
        functions.StableSort((a, b) =>
            (rank.TryGetValue(a.Key, out var x) ? x : int.MaxValue).CompareTo(rank.TryGetValue(b.Key, out var y) ? y : int.MaxValue));
    }

    private static void Apply(Resolve resolve, OrderedMap<WorldKey, WorldItem> items, JsonObject? data)
    {
        if (data is null) return;
        foreach (var entry in new List<KeyValuePair<WorldKey, WorldItem>>(items))
        {
            if (data.Get(WitTypeEncoder.KeyName(resolve, entry.Key)) is not JsonObject o) continue;
            var docs = o.Get("docs") as string;
            var external = o.Get("external_id") as string;
            switch (entry.Value)
            {
                case InterfaceWorldItem i: items[entry.Key] = i with { Docs = docs, ExternalId = external }; break;
                case FunctionWorldItem f: f.Function.ExternalId = external; break;
                case TypeWorldItem t: resolve.Types[t.Id].ExternalId = external; break;
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using WitBindgen.WitParser.Model;
using static WitBindgen.ComponentModel.Binary.MiniJson;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// The <c>package-docs</c> custom section: a version byte (1) followed by JSON holding the docs and stability of a
/// package's interfaces, worlds, types and functions, which the component binary format cannot carry itself.
/// The JSON shape is wit-parser's, so the section is interchangeable with wasm-tools.
/// </summary>
internal static class PackageMetadata
{
    public const string SectionName = "package-docs";
    private const byte Version = 1;

    public static byte[] Encode(Resolve resolve, Id<Package> package, bool worldsOnly = false)
    {
        return Frame(Extract(resolve, package, worldsOnly));
    }

    public static byte[] EncodeWorld(Resolve resolve, Id<World> world)
    {
        var o = new JsonObject();
        var data = ExtractWorld(resolve, world);
        if (data.Count > 0) o.Add("worlds", new JsonObject { { resolve.Worlds[world].Name, data } });
        return Frame(o);
    }

    private static byte[] Frame(JsonObject json)
    {
        var text = Encoding.UTF8.GetBytes(Write(json));
        var result = new byte[text.Length + 1];
        result[0] = Version;
        Array.Copy(text, 0, result, 1, text.Length);
        return result;
    }

    public static void Decode(byte[] data, Resolve resolve, Id<Package> package)
    {
        if (data.Length == 0 || data[0] > Version)
            throw new ComponentFormatException($"expected {SectionName} version {Version}, got {(data.Length == 0 ? "nothing" : data[0].ToString())}", 0, SectionName);
        object? json;
        try { json = Parse(Encoding.UTF8.GetString(data, 1, data.Length - 1)); }
        catch (FormatException e) { throw new ComponentFormatException($"invalid {SectionName} JSON: {e.Message}", 0, SectionName); }
        if (json is JsonObject o) Inject(o, resolve, package);
    }

    // ---------------------------------------------------------------- extract

    private static JsonObject Extract(Resolve resolve, Id<Package> packageId, bool worldsOnly)
    {
        var package = resolve.Packages[packageId];
        var o = new JsonObject();
        if (package.Docs is not null && !worldsOnly) o.Add("docs", package.Docs);
        var worlds = new JsonObject();
        foreach (var w in package.Worlds)
        {
            var data = ExtractWorld(resolve, w.Value);
            if (data.Count > 0) worlds.Add(w.Key, data);
        }
        if (worlds.Count > 0) o.Add("worlds", worlds);
        if (!worldsOnly)
        {
            var interfaces = new JsonObject();
            foreach (var i in package.Interfaces)
            {
                var data = ExtractInterface(resolve, i.Value);
                if (data.Count > 0) interfaces.Add(i.Key, data);
            }
            if (interfaces.Count > 0) o.Add("interfaces", interfaces);
        }
        return o;
    }

    private static JsonObject ExtractWorld(Resolve resolve, Id<World> id)
    {
        var world = resolve.Worlds[id];
        var interfaces = new JsonObject();
        var types = new JsonObject();
        var funcs = new JsonObject();
        var interfaceExports = new JsonObject();
        var funcExports = new JsonObject();
        var importStability = new JsonObject();
        var exportStability = new JsonObject();
        foreach (var (items, import) in new[] { (world.Imports, true), (world.Exports, false) })
        {
            foreach (var entry in items)
            {
                if (entry.Key.Name is { } name)
                {
                    switch (entry.Value)
                    {
                        case InterfaceWorldItem item:
                        {
                            var data = ExtractInterface(resolve, item.Id);
                            if (data.Count > 0) (import ? interfaces : interfaceExports).Add(name, data);
                            break;
                        }
                        case TypeWorldItem t:
                        {
                            var data = ExtractType(resolve, t.Id);
                            if (data.Count > 0) types.Add(name, data);
                            break;
                        }
                        case FunctionWorldItem f:
                        {
                            var data = ExtractFunction(f.Function);
                            if (data.Count > 0) (import ? funcs : funcExports).Add(name, data);
                            break;
                        }
                    }
                }
                else if (entry.Value is InterfaceWorldItem item && item.Stability is not UnknownStability)
                {
                    (import ? importStability : exportStability).Add(WitTypeEncoder.KeyName(resolve, entry.Key), StabilityJson(item.Stability));
                }
            }
        }
        var o = new JsonObject();
        if (world.Docs is not null) o.Add("docs", world.Docs);
        if (world.Stability is not UnknownStability) o.Add("stability", StabilityJson(world.Stability));
        AddIfAny(o, "interfaces", interfaces);
        AddIfAny(o, "types", types);
        AddIfAny(o, "funcs", funcs);
        AddIfAny(o, "interface_exports", interfaceExports);
        AddIfAny(o, "func_exports", funcExports);
        AddIfAny(o, "interface_import_stability", importStability);
        AddIfAny(o, "interface_export_stability", exportStability);
        return o;
    }

    private static void AddIfAny(JsonObject o, string key, JsonObject value)
    {
        if (value.Count > 0) o.Add(key, value);
    }

    private static JsonObject ExtractInterface(Resolve resolve, Id<Interface> id)
    {
        var iface = resolve.Interfaces[id];
        var funcs = new JsonObject();
        foreach (var f in iface.Functions)
        {
            var data = ExtractFunction(f.Value);
            if (data.Count > 0) funcs.Add(f.Key, data);
        }
        var types = new JsonObject();
        foreach (var t in iface.Types)
        {
            var data = ExtractType(resolve, t.Value);
            if (data.Count > 0) types.Add(t.Key, data);
        }
        var o = new JsonObject();
        if (iface.Docs is not null) o.Add("docs", iface.Docs);
        if (iface.Stability is not UnknownStability) o.Add("stability", StabilityJson(iface.Stability));
        AddIfAny(o, "funcs", funcs);
        AddIfAny(o, "types", types);
        return o;
    }

    private static JsonObject ExtractFunction(Function f)
    {
        var o = new JsonObject();
        if (f.Docs is not null) o.Add("docs", f.Docs);
        if (f.Stability is not UnknownStability) o.Add("stability", StabilityJson(f.Stability));
        return o;
    }

    private static JsonObject ExtractType(Resolve resolve, Id<TypeDef> id)
    {
        var def = resolve.Types[id];
        var items = new JsonObject();
        IEnumerable<(string Name, string? Docs)> members = def.Kind switch
        {
            RecordKind r => r.Fields.Select(f => (f.Name, f.Docs)),
            FlagsKind f => f.Flags.Select(x => (x.Name, x.Docs)),
            VariantKind v => v.Cases.Select(c => (c.Name, c.Docs)),
            EnumKind e => e.Cases.Select(c => (c.Name, c.Docs)),
            _ => Enumerable.Empty<(string, string?)>(),
        };
        foreach (var (name, docs) in members) if (docs is not null) items.Add(name, docs);
        var o = new JsonObject();
        if (def.Docs is not null) o.Add("docs", def.Docs);
        if (def.Stability is not UnknownStability) o.Add("stability", StabilityJson(def.Stability));
        AddIfAny(o, "items", items);
        return o;
    }

    internal static JsonObject StabilityJson(Stability s)
    {
        var inner = new JsonObject();
        var o = new JsonObject();
        switch (s)
        {
            case StableStability st:
                inner.Add("since", st.Since.ToString());
                if (st.DeprecatedVersion is not null) inner.Add("deprecated", st.DeprecatedVersion.ToString());
                o.Add("stable", inner);
                break;
            case UnstableStability un:
                inner.Add("feature", un.Feature);
                if (un.DeprecatedVersion is not null) inner.Add("deprecated", un.DeprecatedVersion.ToString());
                o.Add("unstable", inner);
                break;
        }
        return o;
    }

    // ---------------------------------------------------------------- inject

    private static void Inject(JsonObject o, Resolve resolve, Id<Package> packageId)
    {
        var package = resolve.Packages[packageId];
        foreach (var w in Entries(o.Get("worlds")))
        {
            if (!package.Worlds.TryGetValue(w.Key, out var id)) throw Missing("world", w.Key);
            InjectWorld(resolve, id, w.Value as JsonObject);
        }
        foreach (var i in Entries(o.Get("interfaces")))
        {
            if (!package.Interfaces.TryGetValue(i.Key, out var id)) throw Missing("interface", i.Key);
            InjectInterface(resolve, id, i.Value as JsonObject);
        }
        if (o.Get("docs") is string docs) package.Docs = docs;
    }

    private static ComponentFormatException Missing(string what, string name) =>
        new($"{SectionName} describes {what} `{name}`, which the component does not define", 0, SectionName);

    private static IEnumerable<KeyValuePair<string, object?>> Entries(object? value) =>
        value as JsonObject ?? Enumerable.Empty<KeyValuePair<string, object?>>();

    private static void InjectWorld(Resolve resolve, Id<World> id, JsonObject? o)
    {
        if (o is null) return;
        var world = resolve.Worlds[id];
        foreach (var (map, onlyExport) in new[] { ("interfaces", false), ("interface_exports", true) })
        {
            foreach (var entry in Entries(o.Get(map)))
            {
                var key = WorldKey.Named(entry.Key);
                WorldItem? item = null;
                if (!onlyExport && world.Imports.TryGetValue(key, out var imported)) item = imported;
                else if (world.Exports.TryGetValue(key, out var exported)) item = exported;
                if (item is not InterfaceWorldItem iface) throw Missing("interface", entry.Key);
                var data = entry.Value as JsonObject;
                InjectInterface(resolve, iface.Id, data);
                var stability = ParseStability(data?.Get("stability"));
                var replaced = iface with { Stability = stability };
                if (!onlyExport && world.Imports.ContainsKey(key)) world.Imports[key] = replaced;
                else world.Exports[key] = replaced;
            }
        }
        foreach (var entry in Entries(o.Get("types")))
        {
            if (!world.Imports.TryGetValue(WorldKey.Named(entry.Key), out var item) || item is not TypeWorldItem t) throw Missing("type", entry.Key);
            InjectType(resolve, t.Id, entry.Value as JsonObject);
        }
        foreach (var (map, import) in new[] { ("interface_import_stability", true), ("interface_export_stability", false) })
        {
            foreach (var entry in Entries(o.Get(map)))
            {
                var items = import ? world.Imports : world.Exports;
                bool found = false;
                foreach (var pair in items.ToList())
                {
                    if (pair.Key.IsInterface && pair.Value is InterfaceWorldItem iface && WitTypeEncoder.KeyName(resolve, pair.Key) == entry.Key)
                    {
                        items[pair.Key] = iface with { Stability = ParseStability(entry.Value) };
                        found = true;
                    }
                }
                if (!found) throw Missing("interface", entry.Key);
            }
        }
        foreach (var (map, onlyExport) in new[] { ("funcs", false), ("func_exports", true) })
        {
            foreach (var entry in Entries(o.Get(map)))
            {
                var key = WorldKey.Named(entry.Key);
                WorldItem? item = null;
                if (!onlyExport && world.Imports.TryGetValue(key, out var imported)) item = imported;
                else if (world.Exports.TryGetValue(key, out var exported)) item = exported;
                if (item is not FunctionWorldItem f) throw Missing("function", entry.Key);
                InjectFunction(f.Function, entry.Value);
            }
        }
        if (o.Get("docs") is string docs) world.Docs = docs;
        world.Stability = ParseStability(o.Get("stability"));
    }

    private static void InjectInterface(Resolve resolve, Id<Interface> id, JsonObject? o)
    {
        if (o is null) return;
        var iface = resolve.Interfaces[id];
        foreach (var entry in Entries(o.Get("types")))
        {
            if (!iface.Types.TryGetValue(entry.Key, out var t)) throw Missing("type", entry.Key);
            InjectType(resolve, t, entry.Value as JsonObject);
        }
        foreach (var entry in Entries(o.Get("funcs")))
        {
            if (!iface.Functions.TryGetValue(entry.Key, out var f)) throw Missing("function", entry.Key);
            InjectFunction(f, entry.Value);
        }
        if (o.Get("docs") is string docs) iface.Docs = docs;
        iface.Stability = ParseStability(o.Get("stability"));
    }

    private static void InjectFunction(Function f, object? value)
    {
        switch (value)
        {
            case string docs: f.Docs = docs; break;
            case JsonObject o:
                f.Docs = o.Get("docs") as string;
                f.Stability = ParseStability(o.Get("stability"));
                break;
        }
    }

    private static void InjectType(Resolve resolve, Id<TypeDef> id, JsonObject? o)
    {
        if (o is null) return;
        var def = resolve.Types[id];
        var items = o.Get("items") as JsonObject;
        if (items is { Count: > 0 })
        {
            string? Doc(string name) => items.Get(name) as string;
            def.Kind = def.Kind switch
            {
                RecordKind r => new RecordKind(r.Fields.Select(f => f with { Docs = Doc(f.Name) ?? f.Docs }).ToList()),
                FlagsKind fl => new FlagsKind(fl.Flags.Select(f => f with { Docs = Doc(f.Name) ?? f.Docs }).ToList()),
                VariantKind v => new VariantKind(v.Cases.Select(c => c with { Docs = Doc(c.Name) ?? c.Docs }).ToList()),
                EnumKind e => new EnumKind(e.Cases.Select(c => c with { Docs = Doc(c.Name) ?? c.Docs }).ToList()),
                _ => throw new ComponentFormatException($"{SectionName} has item docs for type `{def.Name}`, which has no items", 0, SectionName),
            };
        }
        if (o.Get("docs") is string docs) def.Docs = docs;
        def.Stability = ParseStability(o.Get("stability"));
    }

    internal static Stability ParseStability(object? value)
    {
        if (value is not JsonObject o) return Stability.Unknown;
        if (o.Get("stable") is JsonObject st && st.Get("since") is string since && SemVersion.TryParse(since) is { } v)
            return new StableStability(v, st.Get("deprecated") is string d ? SemVersion.TryParse(d) : null);
        if (o.Get("unstable") is JsonObject un && un.Get("feature") is string feature)
            return new UnstableStability(feature, un.Get("deprecated") is string d ? SemVersion.TryParse(d) : null);
        return Stability.Unknown;
    }
}

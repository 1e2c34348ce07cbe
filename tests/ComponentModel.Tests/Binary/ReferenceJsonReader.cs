using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Tests.Binary;

/// <summary>
/// Builds a <see cref="Resolve"/> from wit-parser's reference JSON (the ui tests' <c>*.wit.json</c>), so the binary
/// round trip can be exercised without the WIT parser.
/// </summary>
internal static class ReferenceJsonReader
{
    public static Resolve Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var resolve = new Resolve();
        foreach (var p in root.GetProperty("packages").EnumerateArray())
        {
            var package = new Package(ParsePackageName(p.GetProperty("name").GetString()!)) { Docs = Docs(p) };
            foreach (var i in p.GetProperty("interfaces").EnumerateObject()) package.Interfaces[i.Name] = new Id<Interface>(i.Value.GetInt32());
            foreach (var w in p.GetProperty("worlds").EnumerateObject()) package.Worlds[w.Name] = new Id<World>(w.Value.GetInt32());
            resolve.Packages.Add(package);
        }
        foreach (var t in root.GetProperty("types").EnumerateArray())
        {
            var def = new TypeDef(OptString(t, "name"), Kind(t.GetProperty("kind")), Owner(t.GetProperty("owner")))
            {
                Docs = Docs(t), Stability = Stability(t),
            };
            resolve.Types.Add(def);
        }
        foreach (var i in root.GetProperty("interfaces").EnumerateArray())
        {
            var iface = new Interface
            {
                Name = OptString(i, "name"), Docs = Docs(i), Stability = Stability(i),
                Package = i.TryGetProperty("package", out var pk) && pk.ValueKind == JsonValueKind.Number ? new Id<Package>(pk.GetInt32()) : null,
            };
            foreach (var t in i.GetProperty("types").EnumerateObject()) iface.Types[t.Name] = new Id<TypeDef>(t.Value.GetInt32());
            foreach (var f in i.GetProperty("functions").EnumerateObject()) iface.Functions[f.Name] = Function(f.Value);
            resolve.Interfaces.Add(iface);
        }
        foreach (var w in root.GetProperty("worlds").EnumerateArray())
        {
            var world = new World { Name = w.GetProperty("name").GetString()!, Package = new Id<Package>(w.GetProperty("package").GetInt32()), Docs = Docs(w), Stability = Stability(w) };
            foreach (var e in w.GetProperty("imports").EnumerateObject()) world.Imports[Key(e.Name)] = Item(e.Value);
            foreach (var e in w.GetProperty("exports").EnumerateObject()) world.Exports[Key(e.Name)] = Item(e.Value);
            resolve.Worlds.Add(world);
        }
        return resolve;
    }

    private static PackageId ParsePackageName(string s)
    {
        SemVersion? version = null;
        int at = s.IndexOf('@');
        if (at >= 0) { version = SemVersion.TryParse(s.Substring(at + 1)); s = s.Substring(0, at); }
        int colon = s.LastIndexOf(':');
        return new PackageId(s.Substring(0, colon), s.Substring(colon + 1), version);
    }

    private static WorldKey Key(string name) =>
        name.StartsWith("interface-", StringComparison.Ordinal) && int.TryParse(name.Substring(10), out var id) ? WorldKey.Interface(new Id<Interface>(id)) : WorldKey.Named(name);

    private static WorldItem Item(JsonElement e)
    {
        if (e.TryGetProperty("interface", out var i))
            return new InterfaceWorldItem(new Id<Interface>(i.GetProperty("id").GetInt32()), Stability(i));
        if (e.TryGetProperty("function", out var f)) return new FunctionWorldItem(Function(f));
        return new TypeWorldItem(new Id<TypeDef>(e.GetProperty("type").GetInt32()));
    }

    private static Function Function(JsonElement f)
    {
        var kindEl = f.GetProperty("kind");
        FunctionKind kind;
        Id<TypeDef>? resource = null;
        if (kindEl.ValueKind == JsonValueKind.String)
            kind = kindEl.GetString() == "async-freestanding" ? FunctionKind.AsyncFreestanding : FunctionKind.Freestanding;
        else
        {
            var p = kindEl.EnumerateObject().First();
            resource = new Id<TypeDef>(p.Value.GetInt32());
            kind = p.Name switch
            {
                "method" => FunctionKind.Method, "async-method" => FunctionKind.AsyncMethod,
                "static" => FunctionKind.Static, "async-static" => FunctionKind.AsyncStatic,
                _ => FunctionKind.Constructor,
            };
        }
        var ps = f.GetProperty("params").EnumerateArray().Select(p => new Param(p.GetProperty("name").GetString()!, Type(p.GetProperty("type")))).ToList();
        WitType? result = f.TryGetProperty("result", out var r) && r.ValueKind != JsonValueKind.Null ? Type(r) : null;
        return new Function(f.GetProperty("name").GetString()!, kind, resource, ps, result) { Docs = Docs(f), Stability = Stability(f) };
    }

    private static TypeOwner Owner(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return TypeOwner.None;
        var p = e.EnumerateObject().First();
        return p.Name == "interface" ? new InterfaceOwner(new Id<Interface>(p.Value.GetInt32())) : new WorldOwner(new Id<World>(p.Value.GetInt32()));
    }

    private static WitType? OptType(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : Type(e);

    public static WitType Type(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Number) return WitType.Id(new Id<TypeDef>(e.GetInt32()));
        return new WitType(e.GetString() switch
        {
            "bool" => WitTypeKind.Bool, "u8" => WitTypeKind.U8, "u16" => WitTypeKind.U16, "u32" => WitTypeKind.U32,
            "u64" => WitTypeKind.U64, "s8" => WitTypeKind.S8, "s16" => WitTypeKind.S16, "s32" => WitTypeKind.S32,
            "s64" => WitTypeKind.S64, "f32" => WitTypeKind.F32, "f64" => WitTypeKind.F64, "char" => WitTypeKind.Char,
            "string" => WitTypeKind.String, "error-context" => WitTypeKind.ErrorContext,
            var s => throw new FormatException($"unknown type {s}"),
        });
    }

    private static TypeDefKind Kind(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.String)
            return e.GetString() == "resource" ? ResourceKind.Instance : throw new FormatException(e.GetString());
        var p = e.EnumerateObject().First();
        var v = p.Value;
        return p.Name switch
        {
            "type" => new AliasKind(Type(v)),
            "record" => new RecordKind(v.GetProperty("fields").EnumerateArray().Select(f => new Field(f.GetProperty("name").GetString()!, Type(f.GetProperty("type")), Docs(f))).ToList()),
            "variant" => new VariantKind(v.GetProperty("cases").EnumerateArray().Select(c => new VariantCase(c.GetProperty("name").GetString()!, c.TryGetProperty("type", out var ct) ? OptType(ct) : null, Docs(c))).ToList()),
            "enum" => new EnumKind(v.GetProperty("cases").EnumerateArray().Select(c => new NamedCase(c.GetProperty("name").GetString()!, Docs(c))).ToList()),
            "flags" => new FlagsKind(v.GetProperty("flags").EnumerateArray().Select(c => new NamedCase(c.GetProperty("name").GetString()!, Docs(c))).ToList()),
            "tuple" => new TupleKind(v.GetProperty("types").EnumerateArray().Select(Type).ToList()),
            "option" => new OptionKind(Type(v)),
            "result" => new ResultKind(OptType(v.GetProperty("ok")), OptType(v.GetProperty("err"))),
            "list" => new ListKind(Type(v)),
            "fixed-length-list" => new FixedListKind(Type(v[0]), v[1].GetUInt32()),
            "map" => new MapKind(Type(v[0]), Type(v[1])),
            "future" => new FutureKind(OptType(v)),
            "stream" => new StreamKind(OptType(v)),
            "handle" => v.EnumerateObject().First() is var h ? new HandleKind(h.Name == "borrow", new Id<TypeDef>(h.Value.GetInt32())) : null!,
            _ => throw new FormatException($"unknown kind {p.Name}"),
        };
    }

    private static string? OptString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Docs(JsonElement e) =>
        e.TryGetProperty("docs", out var d) && d.TryGetProperty("contents", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;

    private static Stability Stability(JsonElement e)
    {
        if (!e.TryGetProperty("stability", out var s) || s.ValueKind != JsonValueKind.Object) return WitParser.Model.Stability.Unknown;
        var p = s.EnumerateObject().First();
        SemVersion? deprecated = p.Value.TryGetProperty("deprecated", out var d) && d.ValueKind == JsonValueKind.String ? SemVersion.TryParse(d.GetString()!) : null;
        return p.Name == "stable"
            ? new StableStability(SemVersion.TryParse(p.Value.GetProperty("since").GetString()!)!, deprecated)
            : new UnstableStability(p.Value.GetProperty("feature").GetString()!, deprecated);
    }
}

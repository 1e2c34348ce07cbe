using System.Collections.Generic;
using System.Globalization;
using System.Text;
using WitBindgen.WitParser.Model;

namespace WitBindgen.WitParser.Output;

/// <summary>
/// Writes a <see cref="Resolve"/> as the reference implementation's JSON (wit-parser's serde output,
/// pretty-printed): arenas as arrays, ids as indices, optional fields omitted.
/// </summary>
public static class WitJsonWriter
{
    /// <summary>The JSON text (2-space indent, no trailing newline).</summary>
    public static string Write(Resolve resolve)
    {
        var w = new JsonBuilder();
        w.BeginObject();
        w.Name("worlds"); w.BeginArray();
        foreach (var world in resolve.Worlds) { w.Element(); WriteWorld(w, world); }
        w.EndArray();
        w.Name("interfaces"); w.BeginArray();
        foreach (var iface in resolve.Interfaces) { w.Element(); WriteInterface(w, iface); }
        w.EndArray();
        w.Name("types"); w.BeginArray();
        foreach (var type in resolve.Types) { w.Element(); WriteTypeDef(w, type); }
        w.EndArray();
        w.Name("packages"); w.BeginArray();
        foreach (var pkg in resolve.Packages) { w.Element(); WritePackage(w, pkg); }
        w.EndArray();
        w.EndObject();
        return w.ToString();
    }

    private static void WriteWorld(JsonBuilder w, World world)
    {
        w.BeginObject();
        w.Name("name"); w.String(world.Name);
        w.Name("imports"); WriteWorldItems(w, world.Imports);
        w.Name("exports"); WriteWorldItems(w, world.Exports);
        w.Name("package"); w.Number(world.Package.Index);
        WriteDocs(w, world.Docs);
        WriteStability(w, world.Stability);
        w.EndObject();
    }

    private static void WriteWorldItems(JsonBuilder w, OrderedMap<WorldKey, WorldItem> items)
    {
        w.BeginObject();
        foreach (var entry in items)
        {
            w.Name(entry.Key.ToString());
            w.BeginObject();
            switch (entry.Value)
            {
                case InterfaceWorldItem i:
                    w.Name("interface");
                    w.BeginObject();
                    w.Name("id"); w.Number(i.Id.Index);
                    WriteStability(w, i.Stability);
                    if (i.ExternalId is not null) { w.Name("external_id"); w.String(i.ExternalId); }
                    WriteDocs(w, i.Docs);
                    w.EndObject();
                    break;
                case FunctionWorldItem f:
                    w.Name("function"); WriteFunction(w, f.Function);
                    break;
                case TypeWorldItem t:
                    w.Name("type"); w.Number(t.Id.Index);
                    break;
            }
            w.EndObject();
        }
        w.EndObject();
    }

    private static void WriteInterface(JsonBuilder w, Interface iface)
    {
        w.BeginObject();
        w.Name("name"); if (iface.Name is null) w.Null(); else w.String(iface.Name);
        w.Name("types"); WriteIdMap(w, iface.Types);
        w.Name("functions");
        w.BeginObject();
        foreach (var f in iface.Functions) { w.Name(f.Key); WriteFunction(w, f.Value); }
        w.EndObject();
        WriteDocs(w, iface.Docs);
        WriteStability(w, iface.Stability);
        w.Name("package"); if (iface.Package is null) w.Null(); else w.Number(iface.Package.Value.Index);
        if (iface.CloneOf is not null) { w.Name("clone_of"); w.Number(iface.CloneOf.Value.Index); }
        w.EndObject();
    }

    private static void WritePackage(JsonBuilder w, Package pkg)
    {
        w.BeginObject();
        w.Name("name"); w.String(pkg.Name.ToString());
        WriteDocs(w, pkg.Docs);
        w.Name("interfaces"); WriteIdMap(w, pkg.Interfaces);
        w.Name("worlds"); WriteIdMap(w, pkg.Worlds);
        w.EndObject();
    }

    private static void WriteIdMap<T>(JsonBuilder w, OrderedMap<string, Id<T>> map) where T : class
    {
        w.BeginObject();
        foreach (var e in map) { w.Name(e.Key); w.Number(e.Value.Index); }
        w.EndObject();
    }

    private static void WriteTypeDef(JsonBuilder w, TypeDef type)
    {
        w.BeginObject();
        w.Name("name"); if (type.Name is null) w.Null(); else w.String(type.Name);
        w.Name("kind"); WriteKind(w, type.Kind);
        w.Name("owner");
        switch (type.Owner)
        {
            case InterfaceOwner io: w.BeginObject(); w.Name("interface"); w.Number(io.Id.Index); w.EndObject(); break;
            case WorldOwner wo: w.BeginObject(); w.Name("world"); w.Number(wo.Id.Index); w.EndObject(); break;
            default: w.Null(); break;
        }
        WriteDocs(w, type.Docs);
        WriteStability(w, type.Stability);
        if (type.ExternalId is not null) { w.Name("external_id"); w.String(type.ExternalId); }
        w.EndObject();
    }

    private static void WriteKind(JsonBuilder w, TypeDefKind kind)
    {
        switch (kind)
        {
            case ResourceKind: w.String("resource"); return;
            case AliasKind a: Single(w, "type", () => WriteType(w, a.Target)); return;
            case HandleKind h:
                Single(w, "handle", () => Single(w, h.IsBorrow ? "borrow" : "own", () => w.Number(h.Resource.Index)));
                return;
            case RecordKind r:
                Single(w, "record", () => Single(w, "fields", () =>
                {
                    w.BeginArray();
                    foreach (var f in r.Fields)
                    {
                        w.Element(); w.BeginObject();
                        w.Name("name"); w.String(f.Name);
                        w.Name("type"); WriteType(w, f.Type);
                        WriteDocs(w, f.Docs);
                        w.EndObject();
                    }
                    w.EndArray();
                }));
                return;
            case FlagsKind f:
                Single(w, "flags", () => Single(w, "flags", () => WriteNamedCases(w, f.Flags)));
                return;
            case EnumKind e:
                Single(w, "enum", () => Single(w, "cases", () => WriteNamedCases(w, e.Cases)));
                return;
            case VariantKind v:
                Single(w, "variant", () => Single(w, "cases", () =>
                {
                    w.BeginArray();
                    foreach (var c in v.Cases)
                    {
                        w.Element(); w.BeginObject();
                        w.Name("name"); w.String(c.Name);
                        w.Name("type"); WriteOptionalType(w, c.Type);
                        WriteDocs(w, c.Docs);
                        w.EndObject();
                    }
                    w.EndArray();
                }));
                return;
            case OptionKind o: Single(w, "option", () => WriteType(w, o.Element)); return;
            case ResultKind r:
                Single(w, "result", () =>
                {
                    w.BeginObject();
                    w.Name("ok"); WriteOptionalType(w, r.Ok);
                    w.Name("err"); WriteOptionalType(w, r.Err);
                    w.EndObject();
                });
                return;
            case ListKind l: Single(w, "list", () => WriteType(w, l.Element)); return;
            case MapKind m:
                Single(w, "map", () => { w.BeginArray(); w.Element(); WriteType(w, m.Key); w.Element(); WriteType(w, m.Value); w.EndArray(); });
                return;
            case FixedListKind l:
                Single(w, "fixed-length-list", () => { w.BeginArray(); w.Element(); WriteType(w, l.Element); w.Element(); w.Number(l.Length); w.EndArray(); });
                return;
            case FutureKind f: Single(w, "future", () => WriteOptionalType(w, f.Element)); return;
            case StreamKind s: Single(w, "stream", () => WriteOptionalType(w, s.Element)); return;
            case TupleKind t:
                Single(w, "tuple", () => Single(w, "types", () =>
                {
                    w.BeginArray();
                    foreach (var x in t.Types) { w.Element(); WriteType(w, x); }
                    w.EndArray();
                }));
                return;
            default: w.String("unknown"); return;
        }
    }

    private static void WriteNamedCases(JsonBuilder w, IReadOnlyList<NamedCase> cases)
    {
        w.BeginArray();
        foreach (var c in cases)
        {
            w.Element(); w.BeginObject();
            w.Name("name"); w.String(c.Name);
            WriteDocs(w, c.Docs);
            w.EndObject();
        }
        w.EndArray();
    }

    private static void Single(JsonBuilder w, string name, System.Action value)
    {
        w.BeginObject();
        w.Name(name);
        value();
        w.EndObject();
    }

    private static void WriteType(JsonBuilder w, WitType type)
    {
        if (type.IsId) w.Number(type.TypeId.Index);
        else w.String(type.PrimitiveName);
    }

    private static void WriteOptionalType(JsonBuilder w, WitType? type)
    {
        if (type is { } t) WriteType(w, t);
        else w.Null();
    }

    private static void WriteFunction(JsonBuilder w, Function f)
    {
        w.BeginObject();
        w.Name("name"); w.String(f.Name);
        w.Name("kind");
        switch (f.Kind)
        {
            case FunctionKind.Freestanding: w.String("freestanding"); break;
            case FunctionKind.AsyncFreestanding: w.String("async-freestanding"); break;
            default:
                string kind = f.Kind switch
                {
                    FunctionKind.Method => "method",
                    FunctionKind.AsyncMethod => "async-method",
                    FunctionKind.Static => "static",
                    FunctionKind.AsyncStatic => "async-static",
                    _ => "constructor",
                };
                Single(w, kind, () => w.Number(f.Resource!.Value.Index));
                break;
        }
        w.Name("params");
        w.BeginArray();
        foreach (var p in f.Params)
        {
            w.Element(); w.BeginObject();
            w.Name("name"); w.String(p.Name);
            w.Name("type"); WriteType(w, p.Type);
            w.EndObject();
        }
        w.EndArray();
        if (f.Result is { } result) { w.Name("result"); WriteType(w, result); }
        WriteDocs(w, f.Docs);
        WriteStability(w, f.Stability);
        if (f.ExternalId is not null) { w.Name("external_id"); w.String(f.ExternalId); }
        w.EndObject();
    }

    private static void WriteDocs(JsonBuilder w, string? docs)
    {
        if (docs is null) return;
        w.Name("docs");
        w.BeginObject();
        w.Name("contents"); w.String(docs);
        w.EndObject();
    }

    private static void WriteStability(JsonBuilder w, Stability stability)
    {
        switch (stability)
        {
            case StableStability s:
                w.Name("stability");
                Single(w, "stable", () =>
                {
                    w.BeginObject();
                    w.Name("since"); w.String(s.Since.ToString());
                    if (s.DeprecatedVersion is not null) { w.Name("deprecated"); w.String(s.DeprecatedVersion.ToString()); }
                    w.EndObject();
                });
                break;
            case UnstableStability u:
                w.Name("stability");
                Single(w, "unstable", () =>
                {
                    w.BeginObject();
                    w.Name("feature"); w.String(u.Feature);
                    if (u.DeprecatedVersion is not null) { w.Name("deprecated"); w.String(u.DeprecatedVersion.ToString()); }
                    w.EndObject();
                });
                break;
        }
    }

    /// <summary>A minimal pretty printer matching serde_json's PrettyFormatter.</summary>
    private sealed class JsonBuilder
    {
        private readonly StringBuilder _sb = new();
        private readonly Stack<bool> _hasItems = new();

        public void BeginObject() { _sb.Append('{'); _hasItems.Push(false); }
        public void EndObject() => Close('}');
        public void BeginArray() { _sb.Append('['); _hasItems.Push(false); }
        public void EndArray() => Close(']');

        private void Close(char c)
        {
            bool had = _hasItems.Pop();
            if (had) { _sb.Append('\n'); Indent(); }
            _sb.Append(c);
        }

        /// <summary>Starts a member of the current object.</summary>
        public void Name(string name)
        {
            NextItem();
            AppendString(name);
            _sb.Append(": ");
        }

        /// <summary>Starts an element of the current array.</summary>
        public void Element() => NextItem();

        private void NextItem()
        {
            bool had = _hasItems.Pop();
            if (had) _sb.Append(',');
            _sb.Append('\n');
            _hasItems.Push(true);
            Indent();
        }

        private void Indent() => _sb.Append(' ', 2 * _hasItems.Count);

        public void String(string value) => AppendString(value);
        public void Number(long value) => _sb.Append(value.ToString(CultureInfo.InvariantCulture));
        public void Null() => _sb.Append("null");

        private void AppendString(string s)
        {
            _sb.Append('"');
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': _sb.Append("\\\""); break;
                    case '\\': _sb.Append("\\\\"); break;
                    case '\n': _sb.Append("\\n"); break;
                    case '\r': _sb.Append("\\r"); break;
                    case '\t': _sb.Append("\\t"); break;
                    case '\b': _sb.Append("\\b"); break;
                    case '\f': _sb.Append("\\f"); break;
                    default:
                        if (c < 0x20) _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else _sb.Append(c);
                        break;
                }
            }
            _sb.Append('"');
        }

        public override string ToString() => _sb.ToString();
    }
}

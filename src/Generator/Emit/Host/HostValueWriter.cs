using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WitBindgen.Generator.Emit.Guest;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Host;

/// <summary>
/// Writes the conversions between C# values and the runtime's <c>ComponentValue</c> for host bindings:
/// scalars inline, every other value shape through one helper method per shape (<c>Lower{n}</c> /
/// <c>Lift{n}</c>) collected into the world's value class. This is the dynamic path over the runtime's
/// value interpreter, for imports and for exports the typed fast path cannot call (HostValueWriter.Memory.cs).
/// </summary>
internal sealed partial class HostValueWriter
{
    public const string Cv = "global::WitBindgen.ComponentModel.Abi.ComponentValue";
    private const string Support = "global::WitBindgen.Bindings";

    private readonly string _helperClass;
    private readonly Dictionary<ValueShape, int> _ids = new();
    private readonly List<ValueShape> _order = new();
    private readonly HashSet<int> _lowers = new();
    private readonly HashSet<int> _lifts = new();
    private readonly List<string> _methods = new();

    /// <param name="helperClass">Fully qualified name of the class the helpers are emitted into.</param>
    public HostValueWriter(string helperClass) => _helperClass = helperClass;

    /// <summary>Fully qualified name of the helper class.</summary>
    public string HelperClass => _helperClass;

    /// <summary>The helper methods written so far, in first-use order (lines, unindented).</summary>
    public List<string> Methods => _methods;

    /// <summary>The runtime's host handle to a component-defined resource.</summary>
    public const string ComponentResource = "global::WitBindgen.Runtime.Components.ComponentResource";

    /// <summary>Whether a shape (or a shape it holds) is a resource handle.</summary>
    public static bool UsesHandles(ValueShape? s) =>
        s is not null && (s.Kind == ShapeKind.Handle || s.Members.Any(m => UsesHandles(m.Shape)));

    /// <summary>Whether a shape (or a shape it holds) is a handle of a resource the host implements, whose objects live in the store's <c>ResourceTable</c>.</summary>
    public static bool UsesHostHandles(ValueShape? s) =>
        s is not null && (s.Kind == ShapeKind.Handle ? !s.Handle!.Exported : s.Members.Any(m => UsesHostHandles(m.Shape)));

    /// <summary>Whether a function passes handles of host-implemented resources (its body needs the table, <see cref="Table"/>).</summary>
    public static bool UsesHostHandles(FunctionAbi abi) => abi.Params.Any(p => UsesHostHandles(p)) || UsesHostHandles(abi.Result);

    /// <summary>The local (or parameter) holding the calling store's resource table in generated code.</summary>
    public const string Table = "__table";

    /// <summary>The runtime's resource table type.</summary>
    public const string TableType = "global::WitBindgen.Runtime.Components.ResourceTable";

    /// <summary>Whether every parameter and the result are scalars, so the call takes the runtime's <c>CallScalar</c> fast path.</summary>
    public static bool IsScalarCall(FunctionAbi abi) =>
        abi.Params.Count <= 16 && abi.Params.All(IsScalar) && (abi.Result is null || IsScalar(abi.Result));

    private static bool IsScalar(ValueShape s) => s.Kind switch
    {
        ShapeKind.Bool or ShapeKind.U8 or ShapeKind.U16 or ShapeKind.U32 or ShapeKind.U64 or ShapeKind.S8 or ShapeKind.S16
            or ShapeKind.S32 or ShapeKind.S64 or ShapeKind.F32 or ShapeKind.F64 or ShapeKind.Char or ShapeKind.Enum => true,
        ShapeKind.Flags => s.Members.Count <= 32,
        _ => false,
    };

    /// <summary>C# value <paramref name="e"/> of a scalar shape as the value bits <c>CallScalar</c> takes.</summary>
    public static string ScalarBits(ValueShape s, string e) => s.Kind switch
    {
        ShapeKind.Bool => $"{e} ? 1UL : 0UL",
        ShapeKind.S8 or ShapeKind.S16 or ShapeKind.S32 or ShapeKind.S64 => $"(ulong)(long){e}",
        ShapeKind.F32 => $"global::System.BitConverter.SingleToUInt32Bits({e})",
        ShapeKind.F64 => $"global::System.BitConverter.DoubleToUInt64Bits({e})",
        ShapeKind.Char => $"(ulong){e}.Value",
        _ => $"(ulong){e}",
    };

    /// <summary>The C# value of scalar shape <paramref name="s"/> from the value bits <paramref name="e"/> that <c>CallScalar</c> returns.</summary>
    public static string FromScalarBits(ValueShape s, string e) => s.Kind switch
    {
        ShapeKind.Bool => $"{e} != 0",
        ShapeKind.U8 => $"(byte){e}",
        ShapeKind.U16 => $"(ushort){e}",
        ShapeKind.U32 => $"(uint){e}",
        ShapeKind.U64 => e,
        ShapeKind.S8 => $"(sbyte){e}",
        ShapeKind.S16 => $"(short){e}",
        ShapeKind.S32 => $"(int){e}",
        ShapeKind.S64 => $"(long){e}",
        ShapeKind.F32 => $"global::System.BitConverter.UInt32BitsToSingle((uint){e})",
        ShapeKind.F64 => $"global::System.BitConverter.UInt64BitsToDouble({e})",
        ShapeKind.Char => $"new global::System.Text.Rune((int){e})",
        _ => $"({s.Type}){e}",
    };

    /// <summary>An expression converting C# value <paramref name="e"/> of shape <paramref name="s"/> to a ComponentValue.</summary>
    public string Lower(ValueShape s, string e) => s.Kind switch
    {
        ShapeKind.Bool => $"{Cv}.Bool({e})",
        ShapeKind.U8 => $"{Cv}.U8({e})",
        ShapeKind.U16 => $"{Cv}.U16({e})",
        ShapeKind.U32 => $"{Cv}.U32({e})",
        ShapeKind.U64 => $"{Cv}.U64({e})",
        ShapeKind.S8 => $"{Cv}.S8({e})",
        ShapeKind.S16 => $"{Cv}.S16({e})",
        ShapeKind.S32 => $"{Cv}.S32({e})",
        ShapeKind.S64 => $"{Cv}.S64({e})",
        ShapeKind.F32 => $"{Cv}.F32({e})",
        ShapeKind.F64 => $"{Cv}.F64({e})",
        ShapeKind.Char => $"{Cv}.Char({e}.Value)",
        ShapeKind.String => $"{Cv}.String({e})",
        ShapeKind.Enum => $"{Cv}.Enum((int){e})",
        ShapeKind.Flags => $"{Cv}.Flags((uint){e})",
        // Resources the component defines: the runtime's handle (own moves it into the call, borrow lends it);
        // resources the host implements: the object's rep in the resource's handle table.
        ShapeKind.Handle when s.Handle!.Exported => $"{Cv}.{(s.Handle.Borrow ? "Borrow" : "Own")}({e}.__Resource)",
        ShapeKind.Handle => $"{Table}.{(s.Handle!.Borrow ? "Borrow" : "Own")}({e})",
        _ => $"{_helperClass}.Lower{Helper(s, lower: true)}({e}{TableArg(s)})",
    };

    /// <summary>An expression converting ComponentValue <paramref name="e"/> to the C# value of shape <paramref name="s"/>.</summary>
    public string Lift(ValueShape s, string e) => s.Kind switch
    {
        ShapeKind.Bool => $"{e}.AsBool()",
        ShapeKind.U8 => $"(byte){e}.AsUInt64()",
        ShapeKind.U16 => $"(ushort){e}.AsUInt64()",
        ShapeKind.U32 => $"(uint){e}.AsUInt64()",
        ShapeKind.U64 => $"{e}.AsUInt64()",
        ShapeKind.S8 => $"(sbyte){e}.AsInt64()",
        ShapeKind.S16 => $"(short){e}.AsInt64()",
        ShapeKind.S32 => $"(int){e}.AsInt64()",
        ShapeKind.S64 => $"{e}.AsInt64()",
        ShapeKind.F32 => $"{e}.AsSingle()",
        ShapeKind.F64 => $"{e}.AsDouble()",
        ShapeKind.Char => $"new global::System.Text.Rune({e}.AsChar())",
        ShapeKind.String => $"{e}.AsString()",
        ShapeKind.Enum => $"({s.Type}){e}.CaseIndex",
        ShapeKind.Flags => $"({s.Type}){e}.FlagBits",
        ShapeKind.Handle when s.Handle!.Exported => $"new {s.Type}({ComponentResource}.FromValue({e}))",
        // A borrow finds the host's object; an own handle moves it out of the table to the host.
        ShapeKind.Handle => $"{Table}.{(s.Handle!.Borrow ? "Get" : "TakeOwn")}<{s.Type}>({e})",
        _ => $"{_helperClass}.Lift{Helper(s, lower: false)}({e}{TableArg(s)})",
    };

    private static string TableArg(ValueShape s) => UsesHostHandles(s) ? ", " + Table : "";

    private int Helper(ValueShape s, bool lower)
    {
        if (!_ids.TryGetValue(s, out var id))
        {
            id = _ids.Count;
            _ids[s] = id;
            _order.Add(s);
        }
        if (lower ? _lowers.Add(id) : _lifts.Add(id))
        {
            var body = new List<string>();
            if (lower) WriteLower(s, body); else WriteLift(s, body);
            var comment = $"/// <summary>{(lower ? "Lowers" : "Lifts")} {Describe(s)}.</summary>";
            var table = UsesHostHandles(s) ? $", {TableType} {Table}" : "";
            var header = lower
                ? $"internal static {Cv} Lower{N(id)}({s.Type} value{table})"
                : $"internal static {s.Type} Lift{N(id)}({Cv} value{table})";
            if (_methods.Count > 0) _methods.Add("");
            _methods.Add(comment);
            _methods.Add(header);
            _methods.Add("{");
            _methods.AddRange(body.Select(l => "    " + l));
            _methods.Add("}");
        }
        return id;
    }

    private static string Describe(ValueShape s) => s.WitName.Length > 0
        ? $"WIT {s.Kind.ToString().ToLowerInvariant()} <c>{s.WitName}</c>"
        : $"a WIT {s.Kind.ToString().ToLowerInvariant()} (<c>{Xml(s.Type)}</c>)";

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
    private static string N(uint value) => value.ToString(CultureInfo.InvariantCulture);

    private void WriteLower(ValueShape s, List<string> b)
    {
        switch (s.Kind)
        {
            case ShapeKind.Record:
                b.Add("global::System.ArgumentNullException.ThrowIfNull(value);");
                b.Add($"return {Cv}.Record({string.Join(", ", s.Members.Select(m => Lower(m.Shape!, "value." + m.Name)))});");
                break;
            case ShapeKind.Tuple:
                b.Add($"return {Cv}.Tuple({string.Join(", ", s.Members.Select((m, i) => Lower(m.Shape!, "value.Item" + N(i + 1))))});");
                break;
            case ShapeKind.List:
            case ShapeKind.FixedList:
                {
                    var e = s.Element;
                    var blittable = s.Type.StartsWith("global::System.ReadOnlyMemory<", System.StringComparison.Ordinal);
                    if (blittable) b.Add("var items = value.Span;");
                    else
                    {
                        b.Add("global::System.ArgumentNullException.ThrowIfNull(value);");
                        b.Add("var items = value;");
                    }
                    var count = blittable ? "items.Length" : "items.Count";
                    if (s.Kind == ShapeKind.FixedList)
                        b.Add($"if ({count} != {N(s.Length)}) throw new global::System.ArgumentException(\"expected a list of {N(s.Length)} elements, got \" + {count}, nameof(value));");
                    b.Add($"var result = new {Cv}[{count}];");
                    b.Add($"for (int i = 0; i < result.Length; i++) result[i] = {Lower(e, "items[i]")};");
                    b.Add($"return {Cv}.{(s.Kind == ShapeKind.List ? "List" : "FixedList")}(result);");
                    break;
                }
            case ShapeKind.Map:
                {
                    var entry = s.Element;
                    b.Add("global::System.ArgumentNullException.ThrowIfNull(value);");
                    b.Add($"var result = new {Cv}[value.Count];");
                    b.Add("int i = 0;");
                    b.Add($"foreach (var entry in value) result[i++] = {Cv}.Tuple({Lower(entry.Members[0].Shape!, "entry.Key")}, {Lower(entry.Members[1].Shape!, "entry.Value")});");
                    b.Add($"return {Cv}.Map(result);");
                    break;
                }
            case ShapeKind.Option:
                {
                    var e = s.Element;
                    if (e.IsNullable)
                        b.Add($"return value.HasValue ? {Cv}.Some({Lower(e, "value.Value")}) : {Cv}.None;");
                    else
                        b.Add($"return value is {{ }} some ? {Cv}.Some({Lower(e, "some")}) : {Cv}.None;");
                    break;
                }
            case ShapeKind.Result:
                {
                    var ok = s.Members[0].Shape;
                    var err = s.Members[1].Shape;
                    var okValue = ok is null ? $"{Cv}.Ok()" : $"{Cv}.Ok({Lower(ok, "value.Value")})";
                    var errValue = err is null ? $"{Cv}.Err()" : $"{Cv}.Err({Lower(err, "value.Error")})";
                    b.Add($"return value.IsOk ? {okValue} : {errValue};");
                    break;
                }
            case ShapeKind.Variant:
                b.Add("return value switch");
                b.Add("{");
                for (int i = 0; i < s.Members.Count; i++)
                {
                    var m = s.Members[i];
                    b.Add(m.Shape is null
                        ? $"    {s.Type}.{m.Name} => {Cv}.Variant({N(i)}),"
                        : $"    {s.Type}.{m.Name} c => {Cv}.Variant({N(i)}, {Lower(m.Shape, "c.Value")}),");
                }
                b.Add("    null => throw new global::System.ArgumentNullException(nameof(value)),");
                b.Add($"    _ => throw new global::System.ArgumentException(\"unknown case of {s.WitName}\", nameof(value)),");
                b.Add("};");
                break;
            default:
                b.Add($"throw new global::System.NotSupportedException(\"{s.Kind} values are not supported by host bindings yet\");");
                break;
        }
    }

    private void WriteLift(ValueShape s, List<string> b)
    {
        switch (s.Kind)
        {
            case ShapeKind.Record:
                b.Add("var fields = value.Items;");
                b.Add($"return new {s.Type}({string.Join(", ", s.Members.Select((m, i) => Lift(m.Shape!, $"fields[{N(i)}]")))});");
                break;
            case ShapeKind.Tuple:
                if (s.Members.Count == 0) b.Add($"return default({s.Type});");
                else
                {
                    b.Add("var items = value.Items;");
                    var items = string.Join(", ", s.Members.Select((m, i) => Lift(m.Shape!, $"items[{N(i)}]")));
                    b.Add(s.Members.Count == 1 ? $"return new {s.Type}({items});" : $"return ({items});");
                }
                break;
            case ShapeKind.List:
            case ShapeKind.FixedList:
                {
                    var e = s.Element;
                    b.Add("var items = value.Items;");
                    b.Add($"var result = new {GuestValueWriter.ArrayOf(e.Type, "items.Length")};");
                    b.Add($"for (int i = 0; i < result.Length; i++) result[i] = {Lift(e, "items[i]")};");
                    b.Add("return result;");
                    break;
                }
            case ShapeKind.Map:
                {
                    var entry = s.Element;
                    var k = entry.Members[0].Shape!;
                    var v = entry.Members[1].Shape!;
                    b.Add("var entries = value.Items;");
                    b.Add($"var result = new global::System.Collections.Generic.Dictionary<{k.Type}, {v.Type}>(entries.Length);");
                    b.Add("foreach (var entry in entries)");
                    b.Add("{");
                    b.Add("    var pair = entry.Items;");
                    b.Add($"    result[{Lift(k, "pair[0]")}] = {Lift(v, "pair[1]")};");
                    b.Add("}");
                    b.Add("return result;");
                    break;
                }
            case ShapeKind.Option:
                {
                    var e = s.Element;
                    if (e.IsNullable)
                        b.Add($"return value.CaseIndex == 0 ? {s.Type}.None : {s.Type}.Some({Lift(e, "value.Items[0]")});");
                    else
                    {
                        b.Add("if (value.CaseIndex == 0) return null;");
                        b.Add($"return {Lift(e, "value.Items[0]")};");
                    }
                    break;
                }
            case ShapeKind.Result:
                {
                    var ok = s.Members[0].Shape;
                    var err = s.Members[1].Shape;
                    var okValue = ok is null ? Support + ".Unit.Value" : Lift(ok, "value.Items[0]");
                    var errValue = err is null ? Support + ".Unit.Value" : Lift(err, "value.Items[0]");
                    b.Add($"return value.CaseIndex == 0 ? {s.Type}.Ok({okValue}) : {s.Type}.Err({errValue});");
                    break;
                }
            case ShapeKind.Variant:
                b.Add("return value.CaseIndex switch");
                b.Add("{");
                for (int i = 0; i < s.Members.Count; i++)
                {
                    var m = s.Members[i];
                    b.Add(m.Shape is null
                        ? $"    {N(i)} => new {s.Type}.{m.Name}(),"
                        : $"    {N(i)} => new {s.Type}.{m.Name}({Lift(m.Shape, "value.Items[0]")}),");
                }
                b.Add($"    _ => throw new global::System.ArgumentException(\"unknown case of {s.WitName}\", nameof(value)),");
                b.Add("};");
                break;
            default:
                b.Add($"throw new global::System.NotSupportedException(\"{s.Kind} values are not supported by host bindings yet\");");
                break;
        }
    }
}

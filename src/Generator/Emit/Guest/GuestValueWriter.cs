using System;
using System.Collections.Generic;
using System.Globalization;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Guest;

/// <summary>
/// Writes guest C# statements that lower values to / lift values from the canonical ABI (flat core values
/// and linear memory), from the <see cref="ValueShape"/>s of the binding model: layouts, member names and
/// C# types all come from the model, this class only turns them into C#.
/// </summary>
internal sealed class GuestValueWriter
{
    public const string Memory = "global::WitBindgen.Bindings.Abi.LinearMemory";
    private const string Support = "global::WitBindgen.Bindings";

    /// <summary>Set when a borrow of an imported resource was lifted (the export must release it before returning).</summary>
    public bool UsedBorrowScope { get; set; }

    public static string CoreType(FlatType t) => t switch
    {
        FlatType.I32 => "int",
        FlatType.I64 => "long",
        FlatType.F32 => "float",
        _ => "double",
    };

    /// <summary>The C# type of an optional result side; <c>Unit</c> when absent.</summary>
    public static string TypeOrUnit(ValueShape? shape) => shape?.Type ?? Support + ".Unit";

    private static string N(uint value) => value.ToString(CultureInfo.InvariantCulture);
    private static string At(string address, uint offset) => offset == 0 ? address : $"{address} + {N(offset)}";

    // ---------------------------------------------------------------- lowering to flat values

    /// <summary>Lowers <paramref name="e"/> to flat values typed as <c>t.Flat</c>.</summary>
    public List<string> LowerFlat(ValueShape t, string e, CodeWriter c)
    {
        switch (t.Kind)
        {
            case ShapeKind.Bool: return new() { $"({e} ? 1 : 0)" };
            case ShapeKind.U8: case ShapeKind.U16: case ShapeKind.U32:
            case ShapeKind.S8: case ShapeKind.S16: case ShapeKind.S32:
                return new() { $"unchecked((int){e})" };
            case ShapeKind.U64: case ShapeKind.S64: return new() { $"unchecked((long){e})" };
            case ShapeKind.F32: case ShapeKind.F64: return new() { e };
            case ShapeKind.Char: return new() { $"{e}.Value" };
            case ShapeKind.String:
                {
                    var p = c.Temp("ptr");
                    var l = c.Temp("len");
                    c.Line($"int {p} = {Memory}.LowerString({e}, out int {l});");
                    return new() { p, l };
                }
            case ShapeKind.Enum: return new() { $"(int){e}" };
            case ShapeKind.Flags: return new() { $"unchecked((int){e})" };
            case ShapeKind.Handle: return new() { LowerHandle(t, e) };
            case ShapeKind.Record:
                {
                    var v = Bind(e, c);
                    var result = new List<string>();
                    foreach (var m in t.Members) result.AddRange(LowerFlat(m.Shape!, $"{v}.{m.Name}", c));
                    return result;
                }
            case ShapeKind.Tuple:
                {
                    var v = Bind(e, c);
                    var result = new List<string>();
                    foreach (var m in t.Members) result.AddRange(LowerFlat(m.Shape!, $"{v}.{m.Name}", c));
                    return result;
                }
            case ShapeKind.List: case ShapeKind.Map:
                {
                    var (p, l) = LowerList(t, e, c);
                    return new() { p, l };
                }
            case ShapeKind.FixedList:
                {
                    var v = Bind(e, c);
                    CheckLength(t, v, c);
                    var index = t.Element.IsBlittable ? $"{v}.Span" : v;
                    var result = new List<string>();
                    for (uint i = 0; i < t.Length; i++) result.AddRange(LowerFlat(t.Element, $"{index}[{N(i)}]", c));
                    return result;
                }
            case ShapeKind.Option: case ShapeKind.Result: case ShapeKind.Variant:
                return LowerVariantFlat(t, e, c);
            default:
                throw new NotSupportedException($"cannot lower {t.Kind}");
        }
    }

    private static string LowerHandle(ValueShape t, string e)
    {
        if (t.Handle!.Exported) return $"{t.Type}.__LowerOwn({e})";
        return t.Handle.Borrow ? $"{e}.Handle" : $"{e}.TakeHandle()";
    }

    private static void CheckLength(ValueShape t, string v, CodeWriter c)
    {
        var count = t.Element.IsBlittable ? $"{v}.Length" : $"{v}.Count";
        c.Line($"if ({count} != {N(t.Length)}) throw new global::System.ArgumentException(\"a list<_, {N(t.Length)}> needs exactly {N(t.Length)} elements\");");
    }

    private static string Bind(string e, CodeWriter c)
    {
        if (IsSimpleName(e)) return e;
        var v = c.Temp("v");
        c.Line($"var {v} = {e};");
        return v;
    }

    private static bool IsSimpleName(string e)
    {
        foreach (var ch in e) if (!(char.IsLetterOrDigit(ch) || ch == '_' || ch == '@')) return false;
        return true;
    }

    /// <summary>Lowers a list or map into a temporary block; returns (address, length) expressions.</summary>
    private (string Ptr, string Len) LowerList(ValueShape t, string e, CodeWriter c)
    {
        var p = c.Temp("ptr");
        if (t.Kind == ShapeKind.List && t.Element.IsBlittable)
        {
            var v = Bind(e, c);
            c.Line($"int {p} = {Memory}.LowerBlittable({v}.Span);");
            return (p, $"{v}.Length");
        }
        var list = Bind(e, c);
        var n = c.Temp("n");
        c.Line($"int {n} = {list}.Count;");
        if (t.Kind == ShapeKind.Map)
        {
            var entry = t.Element;
            c.Line($"int {p} = {Memory}.AllocTemporary({n} * {N(entry.Size)}, {N(entry.Alignment)});");
            var i = c.Temp("i");
            var kv = c.Temp("kv");
            c.Line($"int {i} = 0;");
            c.Open($"foreach (var {kv} in {list})");
            var a = c.Temp("at");
            c.Line($"int {a} = {p} + {i} * {N(entry.Size)};");
            Store(entry.Members[0].Shape!, $"{kv}.Key", a, c);
            Store(entry.Members[1].Shape!, $"{kv}.Value", At(a, entry.Members[1].Offset), c);
            c.Line($"{i}++;");
            c.Close();
            return (p, n);
        }
        var element = t.Element;
        c.Line($"int {p} = {Memory}.AllocTemporary({n} * {N(element.Size)}, {N(element.Alignment)});");
        var k = c.Temp("i");
        c.Open($"for (int {k} = 0; {k} < {n}; {k}++)");
        Store(element, $"{list}[{k}]", $"{p} + {k} * {N(element.Size)}", c);
        c.Close();
        return (p, n);
    }

    private List<string> LowerVariantFlat(ValueShape t, string e, CodeWriter c)
    {
        var flat = t.Flat;
        var slots = new List<string>();
        for (int i = 0; i < flat.Count; i++)
        {
            var s = c.Temp("flat");
            c.Line($"{CoreType(flat[i])} {s} = 0;");
            slots.Add(s);
        }
        ForEachCase(t, e, c, (disc, payload, value) =>
        {
            c.Line($"{slots[0]} = {disc};");
            if (payload is null) return;
            var values = LowerFlat(payload, value!, c);
            var caseFlat = payload.Flat;
            for (int i = 0; i < values.Count; i++)
                c.Line($"{slots[i + 1]} = {Widen(values[i], caseFlat[i], flat[i + 1])};");
        });
        return slots;
    }

    /// <summary>
    /// Emits a branch per case of an option, result or variant value and calls <paramref name="body"/>
    /// inside it with the discriminant, the payload and an expression for the payload.
    /// </summary>
    internal static void ForEachCase(ValueShape t, string e, CodeWriter c, Action<int, ValueShape?, string?> body)
    {
        var v = Bind(e, c);
        switch (t.Kind)
        {
            case ShapeKind.Option:
                {
                    var element = t.Element;
                    var x = c.Temp("some");
                    if (element.IsNullable) c.Open($"if ({v}.HasValue)");
                    else c.Open($"if ({v} is {{ }} {x})");
                    if (element.IsNullable) c.Line($"var {x} = {v}.Value;");
                    body(1, element, x);
                    c.Close();
                    c.Open("else");
                    body(0, null, null);
                    c.Close();
                    break;
                }
            case ShapeKind.Result:
                {
                    var ok = t.Members[0].Shape;
                    var err = t.Members[1].Shape;
                    c.Open($"if ({v}.IsOk)");
                    body(0, ok, ok is null ? null : $"{v}.Value");
                    c.Close();
                    c.Open("else");
                    body(1, err, err is null ? null : $"{v}.Error");
                    c.Close();
                    break;
                }
            case ShapeKind.Variant:
                {
                    c.Open($"switch ({v})");
                    for (int i = 0; i < t.Members.Count; i++)
                    {
                        var m = t.Members[i];
                        var x = c.Temp("case");
                        c.Line(m.Shape is null ? $"case {t.Type}.{m.Name}:" : $"case {t.Type}.{m.Name} {x}:");
                        c.Indent();
                        body(i, m.Shape, m.Shape is null ? null : $"{x}.Value");
                        c.Line("break;");
                        c.Dedent();
                    }
                    c.Line("default:");
                    c.Indent();
                    c.Line($"throw new global::System.ArgumentException(\"unknown case of {t.WitName}\");");
                    c.Dedent();
                    c.Close();
                    break;
                }
        }
    }

    private static string Widen(string e, FlatType from, FlatType to)
    {
        if (from == to) return e;
        return (from, to) switch
        {
            (FlatType.I32, FlatType.I64) => $"(long)unchecked((uint)({e}))",
            (FlatType.F32, FlatType.I32) => $"global::System.BitConverter.SingleToInt32Bits({e})",
            (FlatType.F32, FlatType.I64) => $"(long)unchecked((uint)global::System.BitConverter.SingleToInt32Bits({e}))",
            (FlatType.F64, FlatType.I64) => $"global::System.BitConverter.DoubleToInt64Bits({e})",
            _ => throw new NotSupportedException($"cannot join {from} into {to}"),
        };
    }

    private static string Narrow(string e, FlatType from, FlatType to)
    {
        if (from == to) return e;
        return (from, to) switch
        {
            (FlatType.I64, FlatType.I32) => $"unchecked((int)({e}))",
            (FlatType.I32, FlatType.F32) => $"global::System.BitConverter.Int32BitsToSingle({e})",
            (FlatType.I64, FlatType.F32) => $"global::System.BitConverter.Int32BitsToSingle(unchecked((int)({e})))",
            (FlatType.I64, FlatType.F64) => $"global::System.BitConverter.Int64BitsToDouble({e})",
            _ => throw new NotSupportedException($"cannot split {from} into {to}"),
        };
    }

    // ---------------------------------------------------------------- storing to memory

    /// <summary>Stores <paramref name="e"/> at address <paramref name="a"/> with the canonical layout.</summary>
    public void Store(ValueShape t, string e, string a, CodeWriter c)
    {
        string? prim = t.Kind switch
        {
            ShapeKind.Bool => $"{Memory}.Store<byte>({a}, (byte)({e} ? 1 : 0));",
            ShapeKind.U8 => $"{Memory}.Store<byte>({a}, {e});",
            ShapeKind.S8 => $"{Memory}.Store<sbyte>({a}, {e});",
            ShapeKind.U16 => $"{Memory}.Store<ushort>({a}, {e});",
            ShapeKind.S16 => $"{Memory}.Store<short>({a}, {e});",
            ShapeKind.U32 => $"{Memory}.Store<uint>({a}, {e});",
            ShapeKind.S32 => $"{Memory}.Store<int>({a}, {e});",
            ShapeKind.U64 => $"{Memory}.Store<ulong>({a}, {e});",
            ShapeKind.S64 => $"{Memory}.Store<long>({a}, {e});",
            ShapeKind.F32 => $"{Memory}.Store<float>({a}, {e});",
            ShapeKind.F64 => $"{Memory}.Store<double>({a}, {e});",
            ShapeKind.Char => $"{Memory}.Store<int>({a}, {e}.Value);",
            _ => null,
        };
        if (prim is not null) { c.Line(prim); return; }
        switch (t.Kind)
        {
            case ShapeKind.String:
                {
                    var l = c.Temp("len");
                    c.Line($"{Memory}.Store<int>({a}, {Memory}.LowerString({e}, out int {l}));");
                    c.Line($"{Memory}.Store<int>({a} + 4, {l});");
                    return;
                }
            case ShapeKind.Enum: case ShapeKind.Flags:
                {
                    var size = UnsignedOfSize(t.Kind == ShapeKind.Enum ? t.DiscriminantSize : t.Size);
                    c.Line($"{Memory}.Store<{size}>({a}, unchecked(({size}){e}));");
                    return;
                }
            case ShapeKind.Handle:
                c.Line($"{Memory}.Store<int>({a}, {LowerHandle(t, e)});");
                return;
            case ShapeKind.Record: case ShapeKind.Tuple:
                {
                    var v = Bind(e, c);
                    foreach (var m in t.Members) Store(m.Shape!, $"{v}.{m.Name}", At(a, m.Offset), c);
                    return;
                }
            case ShapeKind.List: case ShapeKind.Map:
                {
                    var (p, l) = LowerList(t, e, c);
                    c.Line($"{Memory}.Store<int>({a}, {p});");
                    c.Line($"{Memory}.Store<int>({a} + 4, {l});");
                    return;
                }
            case ShapeKind.FixedList:
                {
                    var v = Bind(e, c);
                    CheckLength(t, v, c);
                    var elem = t.Element;
                    var index = elem.IsBlittable ? $"{v}.Span" : v;
                    var i = c.Temp("i");
                    var at = Bind(a, c);
                    c.Open($"for (int {i} = 0; {i} < {N(t.Length)}; {i}++)");
                    Store(elem, $"{index}[{i}]", $"{at} + {i} * {N(elem.Size)}", c);
                    c.Close();
                    return;
                }
            case ShapeKind.Option: case ShapeKind.Result: case ShapeKind.Variant:
                {
                    var at = Bind(a, c);
                    var discType = UnsignedOfSize(t.DiscriminantSize);
                    ForEachCase(t, e, c, (disc, payload, value) =>
                    {
                        c.Line($"{Memory}.Store<{discType}>({at}, {N((uint)disc)});");
                        if (payload is not null) Store(payload, value!, At(at, t.PayloadOffset), c);
                    });
                    return;
                }
            default:
                throw new NotSupportedException($"cannot store {t.Kind}");
        }
    }

    private static string UnsignedOfSize(uint size) => size switch { 1 => "byte", 2 => "ushort", _ => "uint" };

    // ---------------------------------------------------------------- lifting from flat values

    /// <summary>Lifts a value from flat values (consumed from <paramref name="index"/>); frees owned memory when <paramref name="owned"/>.</summary>
    public string LiftFlat(ValueShape t, IReadOnlyList<string> values, ref int index, bool owned, CodeWriter c)
    {
        var type = t.Type;
        switch (t.Kind)
        {
            case ShapeKind.Bool: return $"({values[index++]} != 0)";
            case ShapeKind.U8: return $"unchecked((byte){values[index++]})";
            case ShapeKind.S8: return $"unchecked((sbyte){values[index++]})";
            case ShapeKind.U16: return $"unchecked((ushort){values[index++]})";
            case ShapeKind.S16: return $"unchecked((short){values[index++]})";
            case ShapeKind.U32: return $"unchecked((uint){values[index++]})";
            case ShapeKind.S32: return values[index++];
            case ShapeKind.U64: return $"unchecked((ulong){values[index++]})";
            case ShapeKind.S64: case ShapeKind.F32: case ShapeKind.F64: return values[index++];
            case ShapeKind.Char: return $"new global::System.Text.Rune(unchecked((uint){values[index++]}))";
            case ShapeKind.String:
                {
                    var p = values[index++];
                    var l = values[index++];
                    return Local(c, "string", $"{Memory}.LiftString({p}, {l}, {Bool(owned)})");
                }
            case ShapeKind.Enum: case ShapeKind.Flags: return $"unchecked(({type}){values[index++]})";
            case ShapeKind.Handle: return LiftHandle(t, values[index++]);
            case ShapeKind.Record:
                {
                    var fields = new List<string>();
                    foreach (var m in t.Members) fields.Add(Local(c, m.Shape!.Type, LiftFlat(m.Shape, values, ref index, owned, c)));
                    return Local(c, type, $"new {type}({string.Join(", ", fields)})");
                }
            case ShapeKind.Tuple:
                {
                    var items = new List<string>();
                    foreach (var m in t.Members) items.Add(Local(c, m.Shape!.Type, LiftFlat(m.Shape, values, ref index, owned, c)));
                    return TupleExpression(type, items);
                }
            case ShapeKind.List: case ShapeKind.Map:
                {
                    var p = values[index++];
                    var l = values[index++];
                    return LiftList(t, p, l, owned, c);
                }
            case ShapeKind.FixedList:
                {
                    var items = new List<string>();
                    for (uint i = 0; i < t.Length; i++) items.Add(Local(c, t.Element.Type, LiftFlat(t.Element, values, ref index, owned, c)));
                    return Local(c, type, $"new {t.Element.Type}[] {{ {string.Join(", ", items)} }}");
                }
            case ShapeKind.Option: case ShapeKind.Result: case ShapeKind.Variant:
                {
                    var flat = t.Flat;
                    var joined = new List<string>();
                    for (int i = 0; i < flat.Count; i++) joined.Add(values[index++]);
                    var result = c.Temp("lifted");
                    c.Line($"{type} {result};");
                    LiftCases(t, joined[0], c, result, (payload, cc) =>
                    {
                        var caseFlat = payload.Flat;
                        var narrowed = new List<string>();
                        for (int i = 0; i < caseFlat.Count; i++) narrowed.Add(Narrow(joined[i + 1], flat[i + 1], caseFlat[i]));
                        int k = 0;
                        return LiftFlat(payload, narrowed, ref k, owned, cc);
                    });
                    return result;
                }
            default:
                throw new NotSupportedException($"cannot lift {t.Kind}");
        }
    }

    private static string Bool(bool b) => b ? "true" : "false";

    internal static string TupleExpression(string type, List<string> items) => items.Count switch
    {
        0 => "default(global::System.ValueTuple)",
        1 => $"new {type}({items[0]})",
        _ => "(" + string.Join(", ", items) + ")",
    };

    private string LiftHandle(ValueShape t, string handle)
    {
        var type = t.Type;
        if (t.Handle!.Exported) return t.Handle.Borrow ? $"{type}.__Table.Get({handle})" : $"{type}.__LiftOwn({handle})";
        if (t.Handle.Borrow)
        {
            UsedBorrowScope = true;
            return $"global::WitBindgen.Bindings.Abi.BorrowScope.Add(new {type}({handle}, false))";
        }
        return $"new {type}({handle}, true)";
    }

    private static string Local(CodeWriter c, string type, string value)
    {
        if (IsSimpleName(value)) return value;
        var v = c.Temp("l");
        c.Line($"{type} {v} = {value};");
        return v;
    }

    /// <summary>Assigns <paramref name="result"/> per case of an option/result/variant discriminant.</summary>
    private static void LiftCases(ValueShape t, string disc, CodeWriter c, string result, Func<ValueShape, CodeWriter, string> payload)
    {
        var type = t.Type;
        switch (t.Kind)
        {
            case ShapeKind.Option:
                {
                    var element = t.Element;
                    c.Open($"if ({disc} == 0)");
                    c.Line(element.IsNullable ? $"{result} = {type}.None;" : $"{result} = default;");
                    c.Close();
                    c.Open("else");
                    var value = payload(element, c);
                    c.Line(element.IsNullable ? $"{result} = {type}.Some({value});" : $"{result} = {value};");
                    c.Close();
                    break;
                }
            case ShapeKind.Result:
                c.Open($"if ({disc} == 0)");
                c.Line($"{result} = {type}.Ok({(t.Members[0].Shape is { } ok ? payload(ok, c) : "default")});");
                c.Close();
                c.Open("else");
                c.Line($"{result} = {type}.Err({(t.Members[1].Shape is { } err ? payload(err, c) : "default")});");
                c.Close();
                break;
            case ShapeKind.Variant:
                {
                    c.Open($"switch ({disc})");
                    for (int i = 0; i < t.Members.Count; i++)
                    {
                        var m = t.Members[i];
                        c.Line($"case {N((uint)i)}:");
                        c.Open("");
                        var arg = m.Shape is { } pt ? payload(pt, c) : "";
                        c.Line($"{result} = new {type}.{m.Name}({arg});");
                        c.Line("break;");
                        c.Close();
                    }
                    c.Line("default:");
                    c.Indent();
                    c.Line($"throw new global::System.InvalidOperationException(\"invalid discriminant of {t.WitName}\");");
                    c.Dedent();
                    c.Close();
                    break;
                }
        }
    }

    // ---------------------------------------------------------------- loading from memory

    /// <summary>Loads a value stored at address <paramref name="a"/>; frees owned memory when <paramref name="owned"/>.</summary>
    public string Load(ValueShape t, string a, bool owned, CodeWriter c)
    {
        var type = t.Type;
        switch (t.Kind)
        {
            case ShapeKind.Bool: return $"({Memory}.Load<byte>({a}) != 0)";
            case ShapeKind.U8: return $"{Memory}.Load<byte>({a})";
            case ShapeKind.S8: return $"{Memory}.Load<sbyte>({a})";
            case ShapeKind.U16: return $"{Memory}.Load<ushort>({a})";
            case ShapeKind.S16: return $"{Memory}.Load<short>({a})";
            case ShapeKind.U32: return $"{Memory}.Load<uint>({a})";
            case ShapeKind.S32: return $"{Memory}.Load<int>({a})";
            case ShapeKind.U64: return $"{Memory}.Load<ulong>({a})";
            case ShapeKind.S64: return $"{Memory}.Load<long>({a})";
            case ShapeKind.F32: return $"{Memory}.Load<float>({a})";
            case ShapeKind.F64: return $"{Memory}.Load<double>({a})";
            case ShapeKind.Char: return $"new global::System.Text.Rune({Memory}.Load<uint>({a}))";
            case ShapeKind.String:
                {
                    var at = Bind(a, c);
                    return Local(c, "string", $"{Memory}.LiftString({Memory}.Load<int>({at}), {Memory}.Load<int>({at} + 4), {Bool(owned)})");
                }
            case ShapeKind.Enum:
                return $"unchecked(({type}){Memory}.Load<{UnsignedOfSize(t.DiscriminantSize)}>({a}))";
            case ShapeKind.Flags:
                return $"unchecked(({type}){Memory}.Load<{UnsignedOfSize(t.Size)}>({a}))";
            case ShapeKind.Handle: return LiftHandle(t, $"{Memory}.Load<int>({a})");
            case ShapeKind.Record:
                {
                    var at = Bind(a, c);
                    var fields = new List<string>();
                    foreach (var m in t.Members)
                        fields.Add(Local(c, m.Shape!.Type, Load(m.Shape, At(at, m.Offset), owned, c)));
                    return Local(c, type, $"new {type}({string.Join(", ", fields)})");
                }
            case ShapeKind.Tuple:
                {
                    var at = Bind(a, c);
                    var items = new List<string>();
                    foreach (var m in t.Members)
                        items.Add(Local(c, m.Shape!.Type, Load(m.Shape, At(at, m.Offset), owned, c)));
                    return TupleExpression(type, items);
                }
            case ShapeKind.List: case ShapeKind.Map:
                {
                    var at = Bind(a, c);
                    var p = Local(c, "int", $"{Memory}.Load<int>({at})");
                    var l = Local(c, "int", $"{Memory}.Load<int>({at} + 4)");
                    return LiftList(t, p, l, owned, c);
                }
            case ShapeKind.FixedList:
                {
                    var at = Bind(a, c);
                    var elem = t.Element;
                    var arr = c.Temp("arr");
                    var i = c.Temp("i");
                    c.Line($"var {arr} = new {ArrayOf(elem.Type, N(t.Length))};");
                    c.Open($"for (int {i} = 0; {i} < {N(t.Length)}; {i}++)");
                    c.Line($"{arr}[{i}] = {Load(elem, $"{at} + {i} * {N(elem.Size)}", owned, c)};");
                    c.Close();
                    return arr;
                }
            case ShapeKind.Option: case ShapeKind.Result: case ShapeKind.Variant:
                {
                    var at = Bind(a, c);
                    var disc = Local(c, "int", $"{Memory}.Load<{UnsignedOfSize(t.DiscriminantSize)}>({at})");
                    var result = c.Temp("lifted");
                    c.Line($"{type} {result};");
                    LiftCases(t, disc, c, result, (payload, cc) => Load(payload, At(at, t.PayloadOffset), owned, cc));
                    return result;
                }
            default:
                throw new NotSupportedException($"cannot load {t.Kind}");
        }
    }

    /// <summary><c>T[n]</c> for element type T, placing the length before any array rank of T.</summary>
    internal static string ArrayOf(string elementType, string length)
    {
        int bracket = elementType.IndexOf("[]", StringComparison.Ordinal);
        return bracket < 0 ? $"{elementType}[{length}]" : $"{elementType.Substring(0, bracket)}[{length}]{elementType.Substring(bracket)}";
    }

    private string LiftList(ValueShape t, string p, string l, bool owned, CodeWriter c)
    {
        if (t.Kind == ShapeKind.List && t.Element.IsBlittable)
            return Local(c, $"{t.Element.Type}[]", $"{Memory}.LiftBlittable<{t.Element.Type}>({p}, {l}, {Bool(owned)})");
        var i = c.Temp("i");
        if (t.Kind == ShapeKind.Map)
        {
            var entry = t.Element;
            var key = entry.Members[0].Shape!;
            var val = entry.Members[1].Shape!;
            var dict = c.Temp("map");
            c.Line($"var {dict} = new global::System.Collections.Generic.Dictionary<{key.Type}, {val.Type}>({l});");
            c.Open($"for (int {i} = 0; {i} < {l}; {i}++)");
            var at = c.Temp("at");
            c.Line($"int {at} = {p} + {i} * {N(entry.Size)};");
            var k = Local(c, key.Type, Load(key, at, owned, c));
            var v = Local(c, val.Type, Load(val, At(at, entry.Members[1].Offset), owned, c));
            c.Line($"{dict}[{k}] = {v};");
            c.Close();
            if (owned) c.Line($"{Memory}.Free({p}, {l} * {N(entry.Size)});");
            return dict;
        }
        var element = t.Element;
        var arr = c.Temp("arr");
        c.Line($"var {arr} = new {ArrayOf(element.Type, l)};");
        c.Open($"for (int {i} = 0; {i} < {l}; {i}++)");
        c.Line($"{arr}[{i}] = {Load(element, $"{p} + {i} * {N(element.Size)}", owned, c)};");
        c.Close();
        if (owned) c.Line($"{Memory}.Free({p}, {l} * {N(element.Size)});");
        return arr;
    }
}

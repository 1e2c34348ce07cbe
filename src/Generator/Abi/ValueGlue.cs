using System;
using System.Collections.Generic;
using System.Globalization;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;
using WitBindgen.Generator.Mapping;
using WitBindgen.Generator.Naming;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator.Abi;

/// <summary>
/// Writes C# statements that lower values to / lift values from the canonical ABI: flat core values
/// and linear memory. Layouts (sizes, alignments, offsets, discriminant sizes, joined flat types) come
/// from <see cref="ValType"/> in WitBindgen.ComponentModel; this class only turns them into C#.
/// </summary>
internal sealed class ValueGlue
{
    public const string Memory = "global::WitBindgen.Bindings.Abi.LinearMemory";

    private readonly Resolve _resolve;
    private readonly TypeMapper _mapper;
    private readonly ValTypeBuilder _layouts;
    private readonly Func<int, bool> _isExportedResource;

    public ValueGlue(Resolve resolve, TypeMapper mapper, ValTypeBuilder layouts, Func<int, bool> isExportedResource)
    {
        _resolve = resolve;
        _mapper = mapper;
        _layouts = layouts;
        _isExportedResource = isExportedResource;
    }

    public ValType Layout(WitType t) => _layouts.Build(t);

    /// <summary>Set when a borrow of an imported resource was lifted (the export must release it before returning).</summary>
    public bool UsedBorrowScope { get; set; }

    public static string CoreType(CoreValType t) => t switch
    {
        CoreValType.I32 => "int",
        CoreValType.I64 => "long",
        CoreValType.F32 => "float",
        _ => "double",
    };

    private static string N(uint value) => value.ToString(CultureInfo.InvariantCulture);
    private static string At(string address, uint offset) => offset == 0 ? address : $"{address} + {N(offset)}";

    private TypeDefKind? KindOf(WitType t)
    {
        t = _resolve.Dealias(t);
        return t.IsId ? _resolve.Types[_resolve.DealiasId(t.TypeId)].Kind : null;
    }

    private string TypeName(WitType t)
    {
        t = _resolve.Dealias(t);
        return _resolve.Types[_resolve.DealiasId(t.TypeId)].Name ?? "";
    }

    private string SimpleName(WitType t)
    {
        var full = _mapper.Map(t);
        int dot = full.LastIndexOf('.');
        return dot >= 0 ? full.Substring(dot + 1) : full;
    }

    // ---------------------------------------------------------------- lowering to flat values

    /// <summary>Lowers <paramref name="e"/> (of WIT type <paramref name="t"/>) to flat values typed as <c>Layout(t).FlatTypes</c>.</summary>
    public List<string> LowerFlat(WitType t, string e, CodeWriter c)
    {
        var d = _resolve.Dealias(t);
        switch (d.Kind)
        {
            case WitTypeKind.Bool: return new() { $"({e} ? 1 : 0)" };
            case WitTypeKind.U8: case WitTypeKind.U16: case WitTypeKind.U32:
            case WitTypeKind.S8: case WitTypeKind.S16: case WitTypeKind.S32:
                return new() { $"unchecked((int){e})" };
            case WitTypeKind.U64: case WitTypeKind.S64: return new() { $"unchecked((long){e})" };
            case WitTypeKind.F32: case WitTypeKind.F64: return new() { e };
            case WitTypeKind.Char: return new() { $"{e}.Value" };
            case WitTypeKind.String:
                {
                    var p = c.Temp("ptr");
                    var l = c.Temp("len");
                    c.Line($"int {p} = {Memory}.LowerString({e}, out int {l});");
                    return new() { p, l };
                }
        }
        var kind = KindOf(d)!;
        switch (kind)
        {
            case EnumKind: return new() { $"(int){e}" };
            case FlagsKind: return new() { $"unchecked((int){e})" };
            case HandleKind h: return new() { LowerHandle(h, e) };
            case RecordKind r:
                {
                    var v = Bind(e, c);
                    var names = MemberNames.RecordFields(SimpleName(d), r);
                    var result = new List<string>();
                    for (int i = 0; i < r.Fields.Count; i++) result.AddRange(LowerFlat(r.Fields[i].Type, $"{v}.{names[i]}", c));
                    return result;
                }
            case TupleKind tu:
                {
                    var v = Bind(e, c);
                    var result = new List<string>();
                    for (int i = 0; i < tu.Types.Count; i++) result.AddRange(LowerFlat(tu.Types[i], $"{v}.Item{i + 1}", c));
                    return result;
                }
            case ListKind or MapKind:
                {
                    var (p, l) = LowerList(d, e, c);
                    return new() { p, l };
                }
            case FixedListKind fl:
                {
                    var v = Bind(e, c);
                    CheckLength(fl, v, c);
                    var index = _mapper.IsBlittable(fl.Element) ? $"{v}.Span" : v;
                    var result = new List<string>();
                    for (uint i = 0; i < fl.Length; i++) result.AddRange(LowerFlat(fl.Element, $"{index}[{N(i)}]", c));
                    return result;
                }
            case OptionKind or ResultKind or VariantKind:
                return LowerVariantFlat(d, e, c);
            default:
                throw new NotSupportedException($"cannot lower {kind.GetType().Name}");
        }
    }

    private string LowerHandle(HandleKind h, string e)
    {
        int rid = _resolve.DealiasId(h.Resource);
        if (_isExportedResource(rid)) return $"{_mapper.Map(WitType.Id(rid))}.__LowerOwn({e})";
        return h.IsBorrow ? $"{e}.Handle" : $"{e}.TakeHandle()";
    }

    private void CheckLength(FixedListKind fl, string v, CodeWriter c)
    {
        var count = _mapper.IsBlittable(fl.Element) ? $"{v}.Length" : $"{v}.Count";
        c.Line($"if ({count} != {N(fl.Length)}) throw new global::System.ArgumentException(\"a list<_, {N(fl.Length)}> needs exactly {N(fl.Length)} elements\");");
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
    private (string Ptr, string Len) LowerList(WitType t, string e, CodeWriter c)
    {
        var kind = KindOf(t);
        var p = c.Temp("ptr");
        if (kind is ListKind l && _mapper.IsBlittable(l.Element))
        {
            var v = Bind(e, c);
            c.Line($"int {p} = {Memory}.LowerBlittable({v}.Span);");
            return (p, $"{v}.Length");
        }
        var list = Bind(e, c);
        var n = c.Temp("n");
        c.Line($"int {n} = {list}.Count;");
        if (kind is MapKind m)
        {
            var elem = Layout(t).Element!;
            c.Line($"int {p} = {Memory}.AllocTemporary({n} * {N(elem.Size)}, {N(elem.Alignment)});");
            var i = c.Temp("i");
            var kv = c.Temp("kv");
            c.Line($"int {i} = 0;");
            c.Open($"foreach (var {kv} in {list})");
            var a = c.Temp("at");
            c.Line($"int {a} = {p} + {i} * {N(elem.Size)};");
            Store(m.Key, $"{kv}.Key", a, c);
            Store(m.Value, $"{kv}.Value", At(a, elem.FieldOffsets[1]), c);
            c.Line($"{i}++;");
            c.Close();
            return (p, n);
        }
        var element = ((ListKind)kind!).Element;
        var layout = Layout(element);
        c.Line($"int {p} = {Memory}.AllocTemporary({n} * {N(layout.Size)}, {N(layout.Alignment)});");
        var k = c.Temp("i");
        c.Open($"for (int {k} = 0; {k} < {n}; {k}++)");
        Store(element, $"{list}[{k}]", $"{p} + {k} * {N(layout.Size)}", c);
        c.Close();
        return (p, n);
    }

    private List<string> LowerVariantFlat(WitType t, string e, CodeWriter c)
    {
        var layout = Layout(t);
        var flat = layout.FlatTypes!;
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
            if (payload is not { } pt) return;
            var values = LowerFlat(pt, value!, c);
            var caseFlat = Layout(pt).FlatTypes!;
            for (int i = 0; i < values.Count; i++)
                c.Line($"{slots[i + 1]} = {Widen(values[i], caseFlat[i], flat[i + 1])};");
        });
        return slots;
    }

    /// <summary>
    /// Emits a branch per case of an option, result or variant value and calls <paramref name="body"/>
    /// inside it with the discriminant, the payload type and an expression for the payload.
    /// </summary>
    private void ForEachCase(WitType t, string e, CodeWriter c, Action<int, WitType?, string?> body)
    {
        var v = Bind(e, c);
        switch (KindOf(t))
        {
            case OptionKind o:
                {
                    var x = c.Temp("some");
                    if (_mapper.IsNullable(o.Element)) c.Open($"if ({v}.HasValue)");
                    else c.Open($"if ({v} is {{ }} {x})");
                    if (_mapper.IsNullable(o.Element)) c.Line($"var {x} = {v}.Value;");
                    body(1, o.Element, x);
                    c.Close();
                    c.Open("else");
                    body(0, null, null);
                    c.Close();
                    break;
                }
            case ResultKind r:
                c.Open($"if ({v}.IsOk)");
                body(0, r.Ok, r.Ok is null ? null : $"{v}.Value");
                c.Close();
                c.Open("else");
                body(1, r.Err, r.Err is null ? null : $"{v}.Error");
                c.Close();
                break;
            case VariantKind vk:
                {
                    var typeName = _mapper.Map(t);
                    var names = MemberNames.VariantCases(SimpleName(t), vk);
                    c.Open($"switch ({v})");
                    for (int i = 0; i < vk.Cases.Count; i++)
                    {
                        var x = c.Temp("case");
                        c.Line(vk.Cases[i].Type is null ? $"case {typeName}.{names[i]}:" : $"case {typeName}.{names[i]} {x}:");
                        c.Indent();
                        body(i, vk.Cases[i].Type, vk.Cases[i].Type is null ? null : $"{x}.Value");
                        c.Line("break;");
                        c.Dedent();
                    }
                    c.Line("default:");
                    c.Indent();
                    c.Line($"throw new global::System.ArgumentException(\"unknown case of {TypeName(t)}\");");
                    c.Dedent();
                    c.Close();
                    break;
                }
        }
    }

    private static string Widen(string e, CoreValType from, CoreValType to)
    {
        if (from == to) return e;
        return (from, to) switch
        {
            (CoreValType.I32, CoreValType.I64) => $"(long)unchecked((uint)({e}))",
            (CoreValType.F32, CoreValType.I32) => $"global::System.BitConverter.SingleToInt32Bits({e})",
            (CoreValType.F32, CoreValType.I64) => $"(long)unchecked((uint)global::System.BitConverter.SingleToInt32Bits({e}))",
            (CoreValType.F64, CoreValType.I64) => $"global::System.BitConverter.DoubleToInt64Bits({e})",
            _ => throw new NotSupportedException($"cannot join {from} into {to}"),
        };
    }

    private static string Narrow(string e, CoreValType from, CoreValType to)
    {
        if (from == to) return e;
        return (from, to) switch
        {
            (CoreValType.I64, CoreValType.I32) => $"unchecked((int)({e}))",
            (CoreValType.I32, CoreValType.F32) => $"global::System.BitConverter.Int32BitsToSingle({e})",
            (CoreValType.I64, CoreValType.F32) => $"global::System.BitConverter.Int32BitsToSingle(unchecked((int)({e})))",
            (CoreValType.I64, CoreValType.F64) => $"global::System.BitConverter.Int64BitsToDouble({e})",
            _ => throw new NotSupportedException($"cannot split {from} into {to}"),
        };
    }

    // ---------------------------------------------------------------- storing to memory

    /// <summary>Stores <paramref name="e"/> at address <paramref name="a"/> with the canonical layout.</summary>
    public void Store(WitType t, string e, string a, CodeWriter c)
    {
        var d = _resolve.Dealias(t);
        string? prim = d.Kind switch
        {
            WitTypeKind.Bool => $"{Memory}.Store<byte>({a}, (byte)({e} ? 1 : 0));",
            WitTypeKind.U8 => $"{Memory}.Store<byte>({a}, {e});",
            WitTypeKind.S8 => $"{Memory}.Store<sbyte>({a}, {e});",
            WitTypeKind.U16 => $"{Memory}.Store<ushort>({a}, {e});",
            WitTypeKind.S16 => $"{Memory}.Store<short>({a}, {e});",
            WitTypeKind.U32 => $"{Memory}.Store<uint>({a}, {e});",
            WitTypeKind.S32 => $"{Memory}.Store<int>({a}, {e});",
            WitTypeKind.U64 => $"{Memory}.Store<ulong>({a}, {e});",
            WitTypeKind.S64 => $"{Memory}.Store<long>({a}, {e});",
            WitTypeKind.F32 => $"{Memory}.Store<float>({a}, {e});",
            WitTypeKind.F64 => $"{Memory}.Store<double>({a}, {e});",
            WitTypeKind.Char => $"{Memory}.Store<int>({a}, {e}.Value);",
            _ => null,
        };
        if (prim is not null) { c.Line(prim); return; }
        if (d.Kind == WitTypeKind.String)
        {
            var l = c.Temp("len");
            c.Line($"{Memory}.Store<int>({a}, {Memory}.LowerString({e}, out int {l}));");
            c.Line($"{Memory}.Store<int>({a} + 4, {l});");
            return;
        }
        var layout = Layout(d);
        var kind = KindOf(d)!;
        switch (kind)
        {
            case EnumKind or FlagsKind:
                c.Line($"{Memory}.Store<{UnsignedOfSize(layout.Kind == ValTypeKind.Enum ? layout.DiscriminantSize : layout.Size)}>({a}, unchecked(({UnsignedOfSize(layout.Kind == ValTypeKind.Enum ? layout.DiscriminantSize : layout.Size)}){e}));");
                return;
            case HandleKind h:
                c.Line($"{Memory}.Store<int>({a}, {LowerHandle(h, e)});");
                return;
            case RecordKind r:
                {
                    var v = Bind(e, c);
                    var names = MemberNames.RecordFields(SimpleName(d), r);
                    for (int i = 0; i < r.Fields.Count; i++) Store(r.Fields[i].Type, $"{v}.{names[i]}", At(a, layout.FieldOffsets[i]), c);
                    return;
                }
            case TupleKind tu:
                {
                    var v = Bind(e, c);
                    for (int i = 0; i < tu.Types.Count; i++) Store(tu.Types[i], $"{v}.Item{i + 1}", At(a, layout.FieldOffsets[i]), c);
                    return;
                }
            case ListKind or MapKind:
                {
                    var (p, l) = LowerList(d, e, c);
                    c.Line($"{Memory}.Store<int>({a}, {p});");
                    c.Line($"{Memory}.Store<int>({a} + 4, {l});");
                    return;
                }
            case FixedListKind fl:
                {
                    var v = Bind(e, c);
                    CheckLength(fl, v, c);
                    var elem = Layout(fl.Element);
                    var index = _mapper.IsBlittable(fl.Element) ? $"{v}.Span" : v;
                    var i = c.Temp("i");
                    var at = Bind(a, c);
                    c.Open($"for (int {i} = 0; {i} < {N(fl.Length)}; {i}++)");
                    Store(fl.Element, $"{index}[{i}]", $"{at} + {i} * {N(elem.Size)}", c);
                    c.Close();
                    return;
                }
            case OptionKind or ResultKind or VariantKind:
                {
                    var at = Bind(a, c);
                    var discType = UnsignedOfSize(layout.DiscriminantSize);
                    ForEachCase(d, e, c, (disc, payload, value) =>
                    {
                        c.Line($"{Memory}.Store<{discType}>({at}, {N((uint)disc)});");
                        if (payload is { } pt) Store(pt, value!, At(at, layout.PayloadOffset), c);
                    });
                    return;
                }
            default:
                throw new NotSupportedException($"cannot store {kind.GetType().Name}");
        }
    }

    private static string UnsignedOfSize(uint size) => size switch { 1 => "byte", 2 => "ushort", _ => "uint" };

    // ---------------------------------------------------------------- lifting from flat values

    /// <summary>Lifts a value from flat values (consumed from <paramref name="index"/>); frees owned memory when <paramref name="owned"/>.</summary>
    public string LiftFlat(WitType t, IReadOnlyList<string> values, ref int index, bool owned, CodeWriter c)
    {
        var d = _resolve.Dealias(t);
        switch (d.Kind)
        {
            case WitTypeKind.Bool: return $"({values[index++]} != 0)";
            case WitTypeKind.U8: return $"unchecked((byte){values[index++]})";
            case WitTypeKind.S8: return $"unchecked((sbyte){values[index++]})";
            case WitTypeKind.U16: return $"unchecked((ushort){values[index++]})";
            case WitTypeKind.S16: return $"unchecked((short){values[index++]})";
            case WitTypeKind.U32: return $"unchecked((uint){values[index++]})";
            case WitTypeKind.S32: return values[index++];
            case WitTypeKind.U64: return $"unchecked((ulong){values[index++]})";
            case WitTypeKind.S64: case WitTypeKind.F32: case WitTypeKind.F64: return values[index++];
            case WitTypeKind.Char: return $"new global::System.Text.Rune(unchecked((uint){values[index++]}))";
            case WitTypeKind.String:
                {
                    var p = values[index++];
                    var l = values[index++];
                    return Local(c, "string", $"{Memory}.LiftString({p}, {l}, {Bool(owned)})");
                }
        }
        var kind = KindOf(d)!;
        var type = _mapper.Map(d);
        switch (kind)
        {
            case EnumKind or FlagsKind: return $"unchecked(({type}){values[index++]})";
            case HandleKind h: return LiftHandle(h, values[index++]);
            case RecordKind r:
                {
                    var fields = new List<string>();
                    foreach (var f in r.Fields) fields.Add(Local(c, _mapper.Map(f.Type), LiftFlat(f.Type, values, ref index, owned, c)));
                    return Local(c, type, $"new {type}({string.Join(", ", fields)})");
                }
            case TupleKind tu:
                {
                    var items = new List<string>();
                    foreach (var f in tu.Types) items.Add(Local(c, _mapper.Map(f), LiftFlat(f, values, ref index, owned, c)));
                    return TupleExpression(type, items);
                }
            case ListKind or MapKind:
                {
                    var p = values[index++];
                    var l = values[index++];
                    return LiftList(d, p, l, owned, c);
                }
            case FixedListKind fl:
                {
                    var items = new List<string>();
                    for (uint i = 0; i < fl.Length; i++) items.Add(Local(c, _mapper.Map(fl.Element), LiftFlat(fl.Element, values, ref index, owned, c)));
                    return Local(c, type, $"new {_mapper.Map(fl.Element)}[] {{ {string.Join(", ", items)} }}");
                }
            case OptionKind or ResultKind or VariantKind:
                {
                    var flat = Layout(d).FlatTypes!;
                    var joined = new List<string>();
                    for (int i = 0; i < flat.Count; i++) joined.Add(values[index++]);
                    var result = c.Temp("lifted");
                    c.Line($"{type} {result};");
                    LiftCases(d, joined[0], c, result, (payload, cc) =>
                    {
                        var caseFlat = Layout(payload).FlatTypes!;
                        var narrowed = new List<string>();
                        for (int i = 0; i < caseFlat.Count; i++) narrowed.Add(Narrow(joined[i + 1], flat[i + 1], caseFlat[i]));
                        int k = 0;
                        return LiftFlat(payload, narrowed, ref k, owned, cc);
                    });
                    return result;
                }
            default:
                throw new NotSupportedException($"cannot lift {kind.GetType().Name}");
        }
    }

    private static string Bool(bool b) => b ? "true" : "false";

    private static string TupleExpression(string type, List<string> items) => items.Count switch
    {
        0 => "default(global::System.ValueTuple)",
        1 => $"new {type}({items[0]})",
        _ => "(" + string.Join(", ", items) + ")",
    };

    private string LiftHandle(HandleKind h, string handle)
    {
        int rid = _resolve.DealiasId(h.Resource);
        var type = _mapper.Map(WitType.Id(rid));
        if (_isExportedResource(rid)) return h.IsBorrow ? $"{type}.__Table.Get({handle})" : $"{type}.__LiftOwn({handle})";
        if (h.IsBorrow)
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
    private void LiftCases(WitType t, string disc, CodeWriter c, string result, Func<WitType, CodeWriter, string> payload)
    {
        var type = _mapper.Map(t);
        switch (KindOf(t))
        {
            case OptionKind o:
                c.Open($"if ({disc} == 0)");
                c.Line(_mapper.IsNullable(o.Element) ? $"{result} = {type}.None;" : $"{result} = default;");
                c.Close();
                c.Open("else");
                {
                    var value = payload(o.Element, c);
                    c.Line(_mapper.IsNullable(o.Element) ? $"{result} = {type}.Some({value});" : $"{result} = {value};");
                }
                c.Close();
                break;
            case ResultKind r:
                c.Open($"if ({disc} == 0)");
                c.Line($"{result} = {type}.Ok({(r.Ok is { } ok ? payload(ok, c) : "default")});");
                c.Close();
                c.Open("else");
                c.Line($"{result} = {type}.Err({(r.Err is { } err ? payload(err, c) : "default")});");
                c.Close();
                break;
            case VariantKind vk:
                {
                    var names = MemberNames.VariantCases(SimpleName(t), vk);
                    c.Open($"switch ({disc})");
                    for (int i = 0; i < vk.Cases.Count; i++)
                    {
                        c.Line($"case {N((uint)i)}:");
                        c.Open("");
                        var arg = vk.Cases[i].Type is { } pt ? payload(pt, c) : "";
                        c.Line($"{result} = new {type}.{names[i]}({arg});");
                        c.Line("break;");
                        c.Close();
                    }
                    c.Line("default:");
                    c.Indent();
                    c.Line($"throw new global::System.InvalidOperationException(\"invalid discriminant of {TypeName(t)}\");");
                    c.Dedent();
                    c.Close();
                    break;
                }
        }
    }

    // ---------------------------------------------------------------- loading from memory

    /// <summary>Loads a value stored at address <paramref name="a"/>; frees owned memory when <paramref name="owned"/>.</summary>
    public string Load(WitType t, string a, bool owned, CodeWriter c)
    {
        var d = _resolve.Dealias(t);
        switch (d.Kind)
        {
            case WitTypeKind.Bool: return $"({Memory}.Load<byte>({a}) != 0)";
            case WitTypeKind.U8: return $"{Memory}.Load<byte>({a})";
            case WitTypeKind.S8: return $"{Memory}.Load<sbyte>({a})";
            case WitTypeKind.U16: return $"{Memory}.Load<ushort>({a})";
            case WitTypeKind.S16: return $"{Memory}.Load<short>({a})";
            case WitTypeKind.U32: return $"{Memory}.Load<uint>({a})";
            case WitTypeKind.S32: return $"{Memory}.Load<int>({a})";
            case WitTypeKind.U64: return $"{Memory}.Load<ulong>({a})";
            case WitTypeKind.S64: return $"{Memory}.Load<long>({a})";
            case WitTypeKind.F32: return $"{Memory}.Load<float>({a})";
            case WitTypeKind.F64: return $"{Memory}.Load<double>({a})";
            case WitTypeKind.Char: return $"new global::System.Text.Rune({Memory}.Load<uint>({a}))";
            case WitTypeKind.String:
                {
                    var at = Bind(a, c);
                    return Local(c, "string", $"{Memory}.LiftString({Memory}.Load<int>({at}), {Memory}.Load<int>({at} + 4), {Bool(owned)})");
                }
        }
        var layout = Layout(d);
        var kind = KindOf(d)!;
        var type = _mapper.Map(d);
        switch (kind)
        {
            case EnumKind:
                return $"unchecked(({type}){Memory}.Load<{UnsignedOfSize(layout.DiscriminantSize)}>({a}))";
            case FlagsKind:
                return $"unchecked(({type}){Memory}.Load<{UnsignedOfSize(layout.Size)}>({a}))";
            case HandleKind h: return LiftHandle(h, $"{Memory}.Load<int>({a})");
            case RecordKind r:
                {
                    var at = Bind(a, c);
                    var fields = new List<string>();
                    for (int i = 0; i < r.Fields.Count; i++)
                        fields.Add(Local(c, _mapper.Map(r.Fields[i].Type), Load(r.Fields[i].Type, At(at, layout.FieldOffsets[i]), owned, c)));
                    return Local(c, type, $"new {type}({string.Join(", ", fields)})");
                }
            case TupleKind tu:
                {
                    var at = Bind(a, c);
                    var items = new List<string>();
                    for (int i = 0; i < tu.Types.Count; i++)
                        items.Add(Local(c, _mapper.Map(tu.Types[i]), Load(tu.Types[i], At(at, layout.FieldOffsets[i]), owned, c)));
                    return TupleExpression(type, items);
                }
            case ListKind or MapKind:
                {
                    var at = Bind(a, c);
                    var p = Local(c, "int", $"{Memory}.Load<int>({at})");
                    var l = Local(c, "int", $"{Memory}.Load<int>({at} + 4)");
                    return LiftList(d, p, l, owned, c);
                }
            case FixedListKind fl:
                {
                    var at = Bind(a, c);
                    var elem = Layout(fl.Element);
                    var arr = c.Temp("arr");
                    var i = c.Temp("i");
                    c.Line($"var {arr} = new {ArrayOf(_mapper.Map(fl.Element), N(fl.Length))};");
                    c.Open($"for (int {i} = 0; {i} < {N(fl.Length)}; {i}++)");
                    c.Line($"{arr}[{i}] = {Load(fl.Element, $"{at} + {i} * {N(elem.Size)}", owned, c)};");
                    c.Close();
                    return arr;
                }
            case OptionKind or ResultKind or VariantKind:
                {
                    var at = Bind(a, c);
                    var disc = Local(c, "int", $"{Memory}.Load<{UnsignedOfSize(layout.DiscriminantSize)}>({at})");
                    var result = c.Temp("lifted");
                    c.Line($"{type} {result};");
                    LiftCases(d, disc, c, result, (payload, cc) => Load(payload, At(at, layout.PayloadOffset), owned, cc));
                    return result;
                }
            default:
                throw new NotSupportedException($"cannot load {kind.GetType().Name}");
        }
    }

    /// <summary><c>T[n]</c> for element type T, placing the length before any array rank of T.</summary>
    private static string ArrayOf(string elementType, string length)
    {
        int bracket = elementType.IndexOf("[]", StringComparison.Ordinal);
        return bracket < 0 ? $"{elementType}[{length}]" : $"{elementType.Substring(0, bracket)}[{length}]{elementType.Substring(bracket)}";
    }

    private string LiftList(WitType t, string p, string l, bool owned, CodeWriter c)
    {
        var kind = KindOf(t);
        if (kind is ListKind bl && _mapper.IsBlittable(bl.Element))
            return Local(c, $"{_mapper.Map(bl.Element)}[]", $"{Memory}.LiftBlittable<{_mapper.Map(bl.Element)}>({p}, {l}, {Bool(owned)})");
        var i = c.Temp("i");
        if (kind is MapKind m)
        {
            var elem = Layout(t).Element!;
            var dict = c.Temp("map");
            c.Line($"var {dict} = new global::System.Collections.Generic.Dictionary<{_mapper.Map(m.Key)}, {_mapper.Map(m.Value)}>({l});");
            c.Open($"for (int {i} = 0; {i} < {l}; {i}++)");
            var at = c.Temp("at");
            c.Line($"int {at} = {p} + {i} * {N(elem.Size)};");
            var key = Local(c, _mapper.Map(m.Key), Load(m.Key, at, owned, c));
            var value = Local(c, _mapper.Map(m.Value), Load(m.Value, At(at, elem.FieldOffsets[1]), owned, c));
            c.Line($"{dict}[{key}] = {value};");
            c.Close();
            if (owned) c.Line($"{Memory}.Free({p}, {l} * {N(elem.Size)});");
            return dict;
        }
        var element = ((ListKind)kind!).Element;
        var layout = Layout(element);
        var arr = c.Temp("arr");
        c.Line($"var {arr} = new {ArrayOf(_mapper.Map(element), l)};");
        c.Open($"for (int {i} = 0; {i} < {l}; {i}++)");
        c.Line($"{arr}[{i}] = {Load(element, $"{p} + {i} * {N(layout.Size)}", owned, c)};");
        c.Close();
        if (owned) c.Line($"{Memory}.Free({p}, {l} * {N(layout.Size)});");
        return arr;
    }
}

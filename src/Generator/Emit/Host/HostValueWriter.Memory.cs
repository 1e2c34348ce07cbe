using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Emit.Guest;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit.Host;

/// <summary>
/// The typed fast path of export calls: C# values lowered straight into the callee's flat parameters and linear memory,
/// and the result lifted straight out, through the runtime's <c>ComponentCall</c> primitives (stores and loads over a
/// span of guest memory, realloc, strings in the callee's encoding, handles). Scalars and strings are written inline;
/// every other shape through one helper per shape and operation (<c>Write{n}</c>/<c>Read{n}</c> in memory,
/// <c>Flat{n}</c> into flat parameters, <c>Alloc{n}</c> for list elements, <c>Unflat{n}</c> for one-slot results),
/// collected into the world's value class. Shapes holding handles also take the runtime's type of the value
/// (<c>__t</c>), whose resource ids the handle table needs, and shapes holding handles of host-implemented resources the
/// host's <c>ResourceTable</c> of the calling store (<c>__table</c>).
/// </summary>
internal sealed partial class HostValueWriter
{
    private const string CallType = "global::WitBindgen.Runtime.Components.ComponentCall";
    private const string ValTypeName = "global::WitBindgen.ComponentModel.Types.ValType";
    private const string Call = "__call";

    private readonly Dictionary<string, string> _keys = new(System.StringComparer.Ordinal);
    private readonly HashSet<(int, string)> _fastHelpers = new();

    /// <summary>Whether an export call can take the fast path: its result, if flat, is one the helpers lift from one slot.</summary>
    public static bool CanCallTyped(FunctionAbi abi) =>
        abi.Result is null || abi.Plan.ResultIndirect || OneSlot(abi.Result);

    private static bool OneSlot(ValueShape s) => s.Kind switch
    {
        ShapeKind.Record or ShapeKind.Tuple => s.Members.Count == 1 && OneSlot(s.Members[0].Shape!),
        ShapeKind.Variant or ShapeKind.Result => s.Members.All(m => m.Shape is null),
        ShapeKind.Option or ShapeKind.List or ShapeKind.Map or ShapeKind.FixedList or ShapeKind.String or ShapeKind.Unsupported => false,
        _ => true,
    };

    /// <summary>
    /// Writes the fast path of one export call into <paramref name="c"/>: an <c>if</c> block, taken when the function is
    /// lifted and has the bindings' type, that returns from the method; the caller writes the dynamic path after it.
    /// </summary>
    /// <param name="c">The method body.</param>
    /// <param name="abi">The function.</param>
    /// <param name="function">An expression for the <c>ComponentFunction</c> (evaluated more than once).</param>
    /// <param name="args">C# expressions of every WIT parameter, <c>self</c> included.</param>
    /// <param name="throws">The result is a <c>result</c> whose error is thrown as <c>WitException</c>.</param>
    public void TypedCall(CodeWriter c, FunctionAbi abi, string function, IReadOnlyList<string> args, bool throws)
    {
        var plan = abi.Plan;
        int slots = plan.ParamsIndirect ? 1 : plan.LiftParams.Count;
        c.Open($"if ({function}.IsTyped({Key(abi.TypeKey)}))");
        if (slots > 0)
        {
            c.Line($"global::System.Span<ulong> __flat = stackalloc ulong[{N(slots)}];");
            c.Line($"var {Call} = {function}.BeginCall(__flat);");
        }
        else c.Line($"var {Call} = {function}.BeginCall(default);");
        c.Open("try");
        if (plan.ParamsIndirect)
        {
            c.Line($"uint __area = {Call}.Alloc({N(plan.ParamAreaAlignment)}, {N(plan.ParamAreaSize)});");
            for (int i = 0; i < abi.Params.Count; i++)
                c.Line(Store(abi.Params[i], args[i], At("__area", plan.ParamOffsets[i]), $"{Call}.ParamType({N(i)})"));
            c.Line($"{Call}.Arg(0, __area);");
        }
        else
        {
            int slot = 0;
            for (int i = 0; i < abi.Params.Count; i++)
            {
                LowerFlat(c, abi.Params[i], args[i], "", slot, $"{Call}.ParamType({N(i)})");
                slot += abi.Params[i].Flat.Count;
            }
        }
        c.Line($"{Call}.Invoke();");
        if (abi.Result is { } r)
        {
            var value = plan.ResultIndirect
                ? Load(r, $"{Call}.ResultArea()", $"{Call}.ResultType")
                : FromFlat(r, $"{Call}.FlatResult", $"{Call}.ResultType");
            c.Line($"var __value = {value};");
        }
        c.Line($"{Call}.Finish();");
        if (abi.Result is null) c.Line("return;");
        else if (throws)
        {
            var err = abi.Result.Members[1].Shape;
            c.Line($"if (__value.IsErr) throw new global::WitBindgen.Bindings.WitException<{GuestValueWriter.TypeOrUnit(err)}>(__value.Error);");
            c.Line(abi.Result.Members[0].Shape is null ? "return;" : "return __value.Value;");
        }
        else c.Line("return __value;");
        c.Close();
        c.Line($"finally {{ {Call}.End(); }}");
        c.Close();
    }

    /// <summary>
    /// Whether a host import can take the typed fast path: a result that is absent, one flat slot or in the caller's
    /// return area (the rule of <see cref="CanCallTyped"/>). Handles are always those of resources the host implements: an import cannot name a resource
    /// its component defines (validation: "func not valid to be used as import"), and a world that imports an interface
    /// using a resource of one it also exports imports that resource too (its own class, apart from the export-side copy).
    /// </summary>
    public static bool CanImportTyped(FunctionAbi abi) => CanCallTyped(abi);

    /// <summary>
    /// Writes the typed fast path of one host import into <paramref name="c"/> (the body of a
    /// <c>ComponentTypedHostFunction</c>): the arguments lifted from the caller's flat arguments or spilled area into
    /// locals <c>__a0</c>..., the host's implementation called, the result lowered into the one flat result or the
    /// caller's return area. No <c>post-return</c>: imports have none.
    /// </summary>
    /// <param name="c">The lambda body.</param>
    /// <param name="abi">The function.</param>
    /// <param name="call">The implementation's call, given the locals holding every WIT parameter (<c>self</c> included).</param>
    /// <param name="throws">The result is a <c>result</c> whose error the implementation throws as <c>WitException</c>.</param>
    public void TypedImport(CodeWriter c, FunctionAbi abi, System.Func<IReadOnlyList<string>, string> call, bool throws)
    {
        var plan = abi.Plan;
        var locals = new List<string>();
        if (plan.ParamsIndirect) c.Line($"uint __area = {Call}.ParamArea();");
        int slot = 0;
        for (int i = 0; i < abi.Params.Count; i++)
        {
            var p = abi.Params[i];
            var t = $"{Call}.ParamType({N(i)})";
            var value = plan.ParamsIndirect ? Load(p, At("__area", plan.ParamOffsets[i]), t) : LiftFlat(p, "", slot, t);
            slot += p.Flat.Count;
            locals.Add("__a" + N(i));
            c.Line($"var __a{N(i)} = {value};");
        }
        var r = abi.Result;
        if (r is null)
        {
            c.Line(call(locals) + ";");
            c.Line($"{Call}.Returned();");
            return;
        }
        if (throws)
        {
            var ok = r.Members[0].Shape;
            var err = r.Members[1].Shape;
            c.Line($"{r.Type} __result;");
            c.Open("try");
            if (ok is null)
            {
                c.Line(call(locals) + ";");
                c.Line($"__result = {r.Type}.Ok({Support}.Unit.Value);");
            }
            else c.Line($"__result = {r.Type}.Ok({call(locals)});");
            c.Close();
            c.Open($"catch (global::WitBindgen.Bindings.WitException<{GuestValueWriter.TypeOrUnit(err)}>{(err is null ? "" : " __error")})");
            c.Line($"__result = {r.Type}.Err({(err is null ? Support + ".Unit.Value" : "__error.Error")});");
            c.Close();
        }
        else c.Line($"var __result = {call(locals)};");
        c.Line($"{Call}.Returned();");
        if (plan.ResultIndirect)
        {
            c.Line($"uint __ret = {Call}.ReturnArea();");
            c.Line(Store(r, "__result", "__ret", $"{Call}.ResultType"));
        }
        else c.Line($"{Call}.Return({ResultBits(r, "__result", $"{Call}.ResultType")});");
    }

    /// <summary>The flat bits of a one-slot result <paramref name="e"/>.</summary>
    private string ResultBits(ValueShape s, string e, string t) => s.Kind switch
    {
        ShapeKind.Record or ShapeKind.Tuple => ResultBits(s.Members[0].Shape!, $"{e}.{s.Members[0].Name}", Field(t, 0)),
        ShapeKind.Result => $"({e}.IsOk ? 0UL : 1UL)",
        ShapeKind.Variant => $"{_helperClass}.{FastHelper("Case", s)}({e})",
        _ => FlatBits(s, e, t)!,
    };

    /// <summary>The expression lifting a value of shape <paramref name="s"/> from a host import's flat arguments at slot <paramref name="baseSlot"/> + <paramref name="offset"/>.</summary>
    private string LiftFlat(ValueShape s, string baseSlot, int offset, string t)
    {
        var slot = Slot(baseSlot, offset);
        string Low(int k) => $"unchecked((uint){Call}.Param({Slot(baseSlot, offset + k)}))";
        switch (s.Kind)
        {
            case ShapeKind.String:
                return $"{Call}.LiftString({Low(0)}, {Low(1)})";
            case ShapeKind.List when Blittable(s):
                return $"{Call}.LiftList<{s.Element.Type}>({Low(0)}, {Low(1)})";
            case ShapeKind.List:
            case ShapeKind.Map:
                return $"{_helperClass}.{FastHelper("List", s)}(ref {Call}, {Low(0)}, {Low(1)}{TypeArg(s, t)})";
            case ShapeKind.Record:
            case ShapeKind.Tuple:
                {
                    var items = new List<string>();
                    int k = offset;
                    for (int i = 0; i < s.Members.Count; i++)
                    {
                        items.Add(LiftFlat(s.Members[i].Shape!, baseSlot, k, Field(t, i)));
                        k += s.Members[i].Shape!.Flat.Count;
                    }
                    return s.Kind == ShapeKind.Record ? $"new {s.Type}({string.Join(", ", items)})" : GuestValueWriter.TupleExpression(s.Type, items);
                }
            case ShapeKind.Option:
            case ShapeKind.Result:
            case ShapeKind.Variant:
            case ShapeKind.FixedList:
                return $"{_helperClass}.{FastHelper("Slots", s)}(ref {Call}, {slot}{TypeArg(s, t)})";
            default:
                return FromFlat(s, $"{Call}.Param({slot})", t);
        }
    }

    /// <summary>The helper class's constant holding a function type key (one per distinct key).</summary>
    public string Key(string typeKey)
    {
        if (_keys.TryGetValue(typeKey, out var qualified)) return qualified;
        var name = "Key" + N(_keys.Count);
        _keys[typeKey] = $"{_helperClass}.{name}";
        if (_methods.Count > 0) _methods.Add("");
        _methods.Add("/// <summary>The type of a function the bindings call through the typed fast path.</summary>");
        _methods.Add($"internal const string {name} = \"{typeKey.Replace("\\", "\\\\").Replace("\"", "\\\"")}\";");
        return $"{_helperClass}.{name}";
    }

    private static string At(string address, uint offset) => offset == 0 ? address : $"{address} + {N(offset)}";

    private static string Slot(string baseSlot, int offset) =>
        baseSlot.Length == 0 ? N(offset) : offset == 0 ? baseSlot : $"{baseSlot} + {N(offset)}";

    private static string Field(string t, int i) => $"{t}.Fields[{N(i)}]";
    private static string Elem(string t) => $"{t}.Element!";

    private static string CaseType(ValueShape s, string t, int disc) => s.Kind == ShapeKind.Option ? Elem(t) : $"{t}.Cases[{N(disc)}]!";

    private static string TypeArg(ValueShape s, string t) => (UsesHandles(s) ? ", " + t : "") + (UsesHostHandles(s) ? ", " + Table : "");

    private static string Mask(ValueShape s) => s.Length >= 32 ? "0xFFFFFFFFu" : $"0x{(1u << (int)s.Length) - 1:X}u";

    private static string Bits(uint size) => size switch { 1 => "8", 2 => "16", _ => "32" };
    private static string Unsigned(uint size) => size switch { 1 => "byte", 2 => "ushort", _ => "uint" };

    private static bool Blittable(ValueShape s) => s.Type.StartsWith("global::System.ReadOnlyMemory<", System.StringComparison.Ordinal);

    // ---------------------------------------------------------------- handles

    private static string LowerHandle(ValueShape s, string e, string t) => s.Handle!.Exported
        ? $"{Call}.LowerResource({t}, {e}.__Resource)"
        : $"{Call}.LowerRep({t}, {Table}.{(s.Handle.Borrow ? "Lend" : "Push")}({e}))";

    private static string LiftHandle(ValueShape s, string index, string t)
    {
        if (s.Handle!.Exported) return $"new {s.Type}({Call}.LiftResource({t}, {index}))";
        // A borrow finds the host's object; an own handle moves it out of the table to the host.
        return $"{Table}.{(s.Handle.Borrow ? "Get" : "Remove")}<{s.Type}>({Call}.LiftRep({t}, {index}))";
    }

    // ---------------------------------------------------------------- lowering

    /// <summary>The flat bits of scalar <paramref name="e"/>, or null for shapes of more than one slot.</summary>
    private static string? FlatBits(ValueShape s, string e, string t) => s.Kind switch
    {
        ShapeKind.Bool => $"{e} ? 1UL : 0UL",
        ShapeKind.U8 or ShapeKind.U16 or ShapeKind.U32 or ShapeKind.U64 => $"(ulong){e}",
        ShapeKind.S8 or ShapeKind.S16 or ShapeKind.S32 => $"unchecked((uint)(int){e})",
        ShapeKind.S64 => $"unchecked((ulong){e})",
        ShapeKind.F32 => $"{CallType}.F32({e})",
        ShapeKind.F64 => $"{CallType}.F64({e})",
        ShapeKind.Char => $"(uint){e}.Value",
        ShapeKind.Enum => $"{CallType}.Case(unchecked((uint){e}), {N(s.Length)})",
        ShapeKind.Flags => $"unchecked((uint){e}) & {Mask(s)}",
        ShapeKind.Handle => LowerHandle(s, e, t),
        _ => null,
    };

    /// <summary>Lowers <paramref name="e"/> into the flat arguments from slot <paramref name="baseSlot"/> + <paramref name="offset"/>.</summary>
    private void LowerFlat(CodeWriter c, ValueShape s, string e, string baseSlot, int offset, string t)
    {
        var slot = Slot(baseSlot, offset);
        if (FlatBits(s, e, t) is { } bits) { c.Line($"{Call}.Arg({slot}, {bits});"); return; }
        switch (s.Kind)
        {
            case ShapeKind.String:
                c.Line($"{Call}.ArgString({slot}, {e});");
                return;
            case ShapeKind.List when Blittable(s):
                {
                    var v = c.Temp("list");
                    c.Line($"var {v} = {e};");
                    c.Line($"{Call}.Arg({slot}, {Call}.LowerList({v}.Span));");
                    c.Line($"{Call}.Arg({Slot(baseSlot, offset + 1)}, (uint){v}.Length);");
                    return;
                }
            case ShapeKind.List:
            case ShapeKind.Map:
                {
                    var n = c.Temp("length");
                    c.Line($"{Call}.Arg({slot}, {_helperClass}.{FastHelper("Alloc", s)}(ref {Call}, {e}, out uint {n}{TypeArg(s, t)}));");
                    c.Line($"{Call}.Arg({Slot(baseSlot, offset + 1)}, {n});");
                    return;
                }
            default:
                c.Line($"{_helperClass}.{FastHelper("Flat", s)}(ref {Call}, {e}, {slot}{TypeArg(s, t)});");
                return;
        }
    }

    /// <summary>The statement storing <paramref name="e"/> at address <paramref name="a"/>.</summary>
    private string Store(ValueShape s, string e, string a, string t) => s.Kind switch
    {
        ShapeKind.Bool => $"{Call}.Store8({a}, {e} ? (byte)1 : (byte)0);",
        ShapeKind.U8 => $"{Call}.Store8({a}, {e});",
        ShapeKind.S8 => $"{Call}.Store8({a}, unchecked((byte){e}));",
        ShapeKind.U16 => $"{Call}.Store16({a}, {e});",
        ShapeKind.S16 => $"{Call}.Store16({a}, unchecked((ushort){e}));",
        ShapeKind.U32 => $"{Call}.Store32({a}, {e});",
        ShapeKind.S32 => $"{Call}.Store32({a}, unchecked((uint){e}));",
        ShapeKind.U64 => $"{Call}.Store64({a}, {e});",
        ShapeKind.S64 => $"{Call}.Store64({a}, unchecked((ulong){e}));",
        ShapeKind.F32 => $"{Call}.Store32({a}, {CallType}.F32({e}));",
        ShapeKind.F64 => $"{Call}.Store64({a}, {CallType}.F64({e}));",
        ShapeKind.Char => $"{Call}.Store32({a}, (uint){e}.Value);",
        ShapeKind.String => $"{Call}.StoreString({a}, {e});",
        ShapeKind.Enum => $"{Call}.Store{Bits(s.DiscriminantSize)}({a}, ({Unsigned(s.DiscriminantSize)}){CallType}.Case(unchecked((uint){e}), {N(s.Length)}));",
        ShapeKind.Flags => $"{Call}.Store{Bits(s.Size)}({a}, unchecked(({Unsigned(s.Size)})((uint){e} & {Mask(s)})));",
        ShapeKind.Handle => $"{Call}.Store32({a}, {LowerHandle(s, e, t)});",
        _ => $"{_helperClass}.{FastHelper("Write", s)}(ref {Call}, {e}, {a}{TypeArg(s, t)});",
    };

    private static string StoreDiscriminant(ValueShape s, string a, int disc) =>
        $"{Call}.Store{Bits(s.DiscriminantSize)}({a}, {N(disc)});";

    // ---------------------------------------------------------------- lifting

    /// <summary>The expression loading a value of shape <paramref name="s"/> at address <paramref name="a"/>.</summary>
    private string Load(ValueShape s, string a, string t) => s.Kind switch
    {
        ShapeKind.Bool => $"({Call}.Load8({a}) != 0)",
        ShapeKind.U8 => $"{Call}.Load8({a})",
        ShapeKind.S8 => $"unchecked((sbyte){Call}.Load8({a}))",
        ShapeKind.U16 => $"{Call}.Load16({a})",
        ShapeKind.S16 => $"unchecked((short){Call}.Load16({a}))",
        ShapeKind.U32 => $"{Call}.Load32({a})",
        ShapeKind.S32 => $"unchecked((int){Call}.Load32({a}))",
        ShapeKind.U64 => $"{Call}.Load64({a})",
        ShapeKind.S64 => $"unchecked((long){Call}.Load64({a}))",
        ShapeKind.F32 => $"{CallType}.LiftF32({Call}.Load32({a}))",
        ShapeKind.F64 => $"{CallType}.LiftF64({Call}.Load64({a}))",
        ShapeKind.Char => $"{Call}.LiftChar({Call}.Load32({a}))",
        ShapeKind.String => $"{Call}.LoadString({a})",
        ShapeKind.Enum => $"({s.Type}){Call}.Discriminant({Call}.Load{Bits(s.DiscriminantSize)}({a}), {N(s.Length)})",
        ShapeKind.Flags => $"({s.Type})({Call}.Load{Bits(s.Size)}({a}) & {Mask(s)})",
        ShapeKind.Handle => LiftHandle(s, $"{Call}.Load32({a})", t),
        _ => $"{_helperClass}.{FastHelper("Read", s)}(ref {Call}, {a}{TypeArg(s, t)})",
    };

    private static string LoadDiscriminant(ValueShape s, string a) => $"{Call}.Load{Bits(s.DiscriminantSize)}({a})";

    /// <summary>The expression lifting a one-slot value from flat bits <paramref name="bits"/> (a <c>ulong</c>).</summary>
    private string FromFlat(ValueShape s, string bits, string t)
    {
        var low = $"unchecked((uint){bits})";
        return s.Kind switch
        {
            ShapeKind.Bool => $"({low} != 0)",
            ShapeKind.U8 => $"unchecked((byte){bits})",
            ShapeKind.S8 => $"unchecked((sbyte){bits})",
            ShapeKind.U16 => $"unchecked((ushort){bits})",
            ShapeKind.S16 => $"unchecked((short){bits})",
            ShapeKind.U32 => low,
            ShapeKind.S32 => $"unchecked((int){bits})",
            ShapeKind.U64 => bits,
            ShapeKind.S64 => $"unchecked((long){bits})",
            ShapeKind.F32 => $"{CallType}.LiftF32({low})",
            ShapeKind.F64 => $"{CallType}.LiftF64({bits})",
            ShapeKind.Char => $"{Call}.LiftChar({low})",
            ShapeKind.Enum => $"({s.Type}){Call}.Discriminant({low}, {N(s.Length)})",
            ShapeKind.Flags => $"({s.Type})({low} & {Mask(s)})",
            ShapeKind.Handle => LiftHandle(s, low, t),
            ShapeKind.Record or ShapeKind.Tuple => $"new {s.Type}({FromFlat(s.Members[0].Shape!, bits, Field(t, 0))})",
            _ => $"{_helperClass}.{FastHelper("Unflat", s)}(ref {Call}, {bits}{TypeArg(s, t)})",
        };
    }

    // ---------------------------------------------------------------- helpers

    private string FastHelper(string op, ValueShape s)
    {
        if (!_ids.TryGetValue(s, out var id))
        {
            id = _ids.Count;
            _ids[s] = id;
            _order.Add(s);
        }
        var name = op + N(id);
        if (!_fastHelpers.Add((id, op))) return name;
        var c = new CodeWriter();
        var typeParam = (UsesHandles(s) ? $", {ValTypeName} __t" : "") + (UsesHostHandles(s) ? $", {TableType} {Table}" : "");
        var call = $"ref {CallType} {Call}";
        string header, summary;
        switch (op)
        {
            case "Write":
                summary = "Stores";
                header = $"internal static void {name}({call}, {s.Type} value, uint __at{typeParam})";
                WriteBody(c, s);
                break;
            case "Read":
                summary = "Loads";
                header = $"internal static {s.Type} {name}({call}, uint __at{typeParam})";
                ReadBody(c, s);
                break;
            case "Flat":
                summary = "Lowers into flat arguments";
                header = $"internal static void {name}({call}, {s.Type} value, int __slot{typeParam})";
                FlatBody(c, s);
                break;
            case "Alloc":
                summary = "Allocates and stores the elements of";
                header = $"internal static uint {name}({call}, {s.Type} value, out uint __length{typeParam})";
                AllocBody(c, s);
                break;
            case "List":
                summary = "Lifts the checked elements of";
                header = $"internal static {s.Type} {name}({call}, uint __ptr, uint __length{typeParam})";
                ListBody(c, s);
                break;
            case "Slots":
                summary = "Lifts from a host import's flat arguments";
                header = $"internal static {s.Type} {name}({call}, int __slot{typeParam})";
                SlotsBody(c, s);
                break;
            case "Case":
                summary = "The case index of";
                header = $"internal static ulong {name}({s.Type} value)";
                c.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
                c.Line("ulong __case = 0;");
                GuestValueWriter.ForEachCase(s, "value", c, (disc, _, _) => c.Line($"__case = {N(disc)};"));
                c.Line("return __case;");
                break;
            default:
                summary = "Lifts from one flat slot";
                header = $"internal static {s.Type} {name}({call}, ulong __bits{typeParam})";
                UnflatBody(c, s);
                break;
        }
        if (_methods.Count > 0) _methods.Add("");
        _methods.Add($"/// <summary>{summary} {Describe(s)} (typed fast path).</summary>");
        _methods.Add(header);
        _methods.Add("{");
        _methods.AddRange(c.Lines.Select(l => l.Length == 0 ? l : "    " + l));
        _methods.Add("}");
        return name;
    }

    /// <summary>Binds <c>__items</c> to the elements of fixed-length list <c>value</c>, checking its length.</summary>
    private static void FixedListItems(CodeWriter c, ValueShape s)
    {
        if (Blittable(s)) c.Line("var __items = value.Span;");
        else
        {
            c.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
            c.Line("var __items = value;");
        }
        var count = Blittable(s) ? "__items.Length" : "__items.Count";
        c.Line($"if ({count} != {N(s.Length)}) throw new global::System.ArgumentException(\"expected a list of {N(s.Length)} elements, got \" + {count}, nameof(value));");
    }

    private void WriteBody(CodeWriter c, ValueShape s)
    {
        switch (s.Kind)
        {
            case ShapeKind.Record:
            case ShapeKind.Tuple:
                if (s.Kind == ShapeKind.Record) c.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
                for (int i = 0; i < s.Members.Count; i++)
                    c.Line(Store(s.Members[i].Shape!, "value." + s.Members[i].Name, At("__at", s.Members[i].Offset), Field("__t", i)));
                break;
            case ShapeKind.List when Blittable(s):
                c.Line($"{Call}.Store32(__at, {Call}.LowerList(value.Span));");
                c.Line($"{Call}.Store32(__at + 4, (uint)value.Length);");
                break;
            case ShapeKind.List:
            case ShapeKind.Map:
                c.Line($"{Call}.Store32(__at, {FastHelper("Alloc", s)}(ref {Call}, value, out uint __n{TypeArg(s, "__t")}));");
                c.Line($"{Call}.Store32(__at + 4, __n);");
                break;
            case ShapeKind.FixedList:
                {
                    var e = s.Element;
                    FixedListItems(c, s);
                    c.Line($"for (int __i = 0; __i < {N(s.Length)}; __i++) {Store(e, "__items[__i]", $"__at + (uint)__i * {N(e.Size)}", Elem("__t"))}");
                    break;
                }
            default:
                // A null variant is the host's error, as on the dynamic path (not an unknown case).
                if (s.Kind == ShapeKind.Variant) c.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
                GuestValueWriter.ForEachCase(s, "value", c, (disc, payload, x) =>
                {
                    c.Line(StoreDiscriminant(s, "__at", disc));
                    if (payload is not null) c.Line(Store(payload, x!, At("__at", s.PayloadOffset), CaseType(s, "__t", disc)));
                });
                break;
        }
    }

    private void FlatBody(CodeWriter c, ValueShape s)
    {
        switch (s.Kind)
        {
            case ShapeKind.Record:
            case ShapeKind.Tuple:
                {
                    if (s.Kind == ShapeKind.Record) c.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
                    int k = 0;
                    for (int i = 0; i < s.Members.Count; i++)
                    {
                        var m = s.Members[i].Shape!;
                        LowerFlat(c, m, "value." + s.Members[i].Name, "__slot", k, Field("__t", i));
                        k += m.Flat.Count;
                    }
                    break;
                }
            case ShapeKind.FixedList:
                {
                    var e = s.Element;
                    FixedListItems(c, s);
                    c.Open($"for (int __i = 0; __i < {N(s.Length)}; __i++)");
                    LowerFlat(c, e, "__items[__i]", $"__slot + __i * {N(e.Flat.Count)}", 0, Elem("__t"));
                    c.Close();
                    break;
                }
            default:
                if (s.Kind == ShapeKind.Variant) c.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
                GuestValueWriter.ForEachCase(s, "value", c, (disc, payload, x) =>
                {
                    c.Line($"{Call}.Arg(__slot, {N(disc)});");
                    int used = 1;
                    if (payload is not null)
                    {
                        LowerFlat(c, payload, x!, "__slot", 1, CaseType(s, "__t", disc));
                        used += payload.Flat.Count;
                    }
                    // Slots this case does not use are zero, as the dynamic path leaves them.
                    for (int j = used; j < s.Flat.Count; j++) c.Line($"{Call}.Arg(__slot + {N(j)}, 0);");
                });
                break;
        }
    }

    private void AllocBody(CodeWriter c, ValueShape s)
    {
        var e = s.Element;
        c.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
        c.Line("int __n = value.Count;");
        c.Line($"uint __p = {Call}.AllocList(__n, {N(e.Size)}, {N(e.Alignment)});");
        if (s.Kind == ShapeKind.Map)
        {
            c.Line("int __i = 0;");
            c.Open("foreach (var __entry in value)");
            c.Line($"uint __at = __p + (uint)__i++ * {N(e.Size)};");
            c.Line(Store(e.Members[0].Shape!, "__entry.Key", "__at", Field(Elem("__t"), 0)));
            c.Line(Store(e.Members[1].Shape!, "__entry.Value", At("__at", e.Members[1].Offset), Field(Elem("__t"), 1)));
            c.Close();
        }
        else c.Line($"for (int __i = 0; __i < __n; __i++) {Store(e, "value[__i]", $"__p + (uint)__i * {N(e.Size)}", Elem("__t"))}");
        c.Line("__length = (uint)__n;");
        c.Line("return __p;");
    }

    private void ReadBody(CodeWriter c, ValueShape s)
    {
        switch (s.Kind)
        {
            case ShapeKind.Record:
                c.Line($"return new {s.Type}({string.Join(", ", s.Members.Select((m, i) => Load(m.Shape!, At("__at", m.Offset), Field("__t", i))))});");
                break;
            case ShapeKind.Tuple:
                c.Line("return " + GuestValueWriter.TupleExpression(s.Type, s.Members.Select((m, i) => Load(m.Shape!, At("__at", m.Offset), Field("__t", i))).ToList()) + ";");
                break;
            case ShapeKind.List when Blittable(s):
                c.Line($"return {Call}.LiftList<{s.Element.Type}>({Call}.Load32(__at), {Call}.Load32(__at + 4));");
                break;
            case ShapeKind.List:
            case ShapeKind.Map:
                c.Line($"return {FastHelper("List", s)}(ref {Call}, {Call}.Load32(__at), {Call}.Load32(__at + 4){TypeArg(s, "__t")});");
                break;
            case ShapeKind.FixedList:
                {
                    var e = s.Element;
                    c.Line($"var __r = new {GuestValueWriter.ArrayOf(e.Type, N(s.Length))};");
                    c.Line($"for (uint __i = 0; __i < {N(s.Length)}; __i++) __r[__i] = {Load(e, $"__at + __i * {N(e.Size)}", Elem("__t"))};");
                    c.Line("return __r;");
                    break;
                }
            case ShapeKind.Option:
                {
                    var e = s.Element;
                    var some = Load(e, At("__at", s.PayloadOffset), Elem("__t"));
                    c.Line($"if ({Call}.Discriminant({LoadDiscriminant(s, "__at")}, 2) == 0) return {(e.IsNullable ? s.Type + ".None" : "null")};");
                    c.Line(e.IsNullable ? $"return {s.Type}.Some({some});" : $"return {some};");
                    break;
                }
            case ShapeKind.Result:
                {
                    string Payload(int i) => s.Members[i].Shape is { } p ? Load(p, At("__at", s.PayloadOffset), CaseType(s, "__t", i)) : Support + ".Unit.Value";
                    c.Line($"if ({Call}.Discriminant({LoadDiscriminant(s, "__at")}, 2) == 0) return {s.Type}.Ok({Payload(0)});");
                    c.Line($"return {s.Type}.Err({Payload(1)});");
                    break;
                }
            default:
                Cases(c, s, LoadDiscriminant(s, "__at"), i => s.Members[i].Shape is { } p ? Load(p, At("__at", s.PayloadOffset), CaseType(s, "__t", i)) : "");
                break;
        }
    }

    private void ListBody(CodeWriter c, ValueShape s)
    {
        var e = s.Element;
        c.Line("uint __n = __length;");
        c.Line($"uint __p = {Call}.CheckList(__ptr, __n, {N(e.Size)}, {N(e.Alignment)});");
        if (s.Kind == ShapeKind.Map)
        {
            var k = e.Members[0].Shape!;
            var v = e.Members[1].Shape!;
            c.Line($"var __r = new global::System.Collections.Generic.Dictionary<{k.Type}, {v.Type}>((int)__n);");
            c.Open("for (uint __i = 0; __i < __n; __i++)");
            c.Line($"uint __e = __p + __i * {N(e.Size)};");
            c.Line($"var __key = {Load(k, "__e", Field(Elem("__t"), 0))};");
            c.Line($"__r[__key] = {Load(v, At("__e", e.Members[1].Offset), Field(Elem("__t"), 1))};");
            c.Close();
        }
        else
        {
            c.Line($"var __r = new {GuestValueWriter.ArrayOf(e.Type, "__n")};");
            c.Line($"for (uint __i = 0; __i < __n; __i++) __r[__i] = {Load(e, $"__p + __i * {N(e.Size)}", Elem("__t"))};");
        }
        c.Line("return __r;");
    }

    private void SlotsBody(CodeWriter c, ValueShape s)
    {
        var disc = $"unchecked((uint){Call}.Param(__slot))";
        switch (s.Kind)
        {
            case ShapeKind.FixedList:
                {
                    var e = s.Element;
                    c.Line($"var __r = new {GuestValueWriter.ArrayOf(e.Type, N(s.Length))};");
                    c.Line($"for (int __i = 0; __i < {N(s.Length)}; __i++) __r[__i] = {LiftFlat(e, $"__slot + __i * {N(e.Flat.Count)}", 0, Elem("__t"))};");
                    c.Line("return __r;");
                    break;
                }
            case ShapeKind.Option:
                {
                    var e = s.Element;
                    var some = LiftFlat(e, "__slot", 1, Elem("__t"));
                    c.Line($"if ({Call}.Discriminant({disc}, 2) == 0) return {(e.IsNullable ? s.Type + ".None" : "null")};");
                    c.Line(e.IsNullable ? $"return {s.Type}.Some({some});" : $"return {some};");
                    break;
                }
            case ShapeKind.Result:
                {
                    string Payload(int i) => s.Members[i].Shape is { } p ? LiftFlat(p, "__slot", 1, CaseType(s, "__t", i)) : Support + ".Unit.Value";
                    c.Line($"if ({Call}.Discriminant({disc}, 2) == 0) return {s.Type}.Ok({Payload(0)});");
                    c.Line($"return {s.Type}.Err({Payload(1)});");
                    break;
                }
            default:
                Cases(c, s, disc, i => s.Members[i].Shape is { } p ? LiftFlat(p, "__slot", 1, CaseType(s, "__t", i)) : "");
                break;
        }
    }

    private void UnflatBody(CodeWriter c, ValueShape s)
    {
        var low = "unchecked((uint)__bits)";
        if (s.Kind == ShapeKind.Result)
        {
            c.Line($"if ({Call}.Discriminant({low}, 2) == 0) return {s.Type}.Ok({Support}.Unit.Value);");
            c.Line($"return {s.Type}.Err({Support}.Unit.Value);");
        }
        else Cases(c, s, low, _ => "");
    }

    /// <summary>A variant from its checked discriminant: one arm per case, the last one the remaining value.</summary>
    private static void Cases(CodeWriter c, ValueShape s, string discriminant, System.Func<int, string> payload)
    {
        c.Line($"return {Call}.Discriminant({discriminant}, {N(s.Members.Count)}) switch");
        c.Line("{");
        for (int i = 0; i < s.Members.Count; i++)
        {
            var label = i == s.Members.Count - 1 ? "_" : N(i);
            c.Line($"    {label} => new {s.Type}.{s.Members[i].Name}({payload(i)}),");
        }
        c.Line("};");
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;
using WitBindgen.CoreWasm.Text;

namespace WitBindgen.ComponentModel.Text.Printing;

/// <summary>
/// Prints a decoded core module (<see cref="ModuleReader"/>'s <see cref="ModuleDefinition"/>) as WebAssembly text,
/// wasm-tools style: one field per line, <c>(;N;)</c> index comments, flat instructions indented by block depth.
/// The text is chosen so that <c>CoreModuleAssembler</c> encodes it to the original bytes: element segments keep
/// their binary flags (explicit table index or not, indices or expressions), custom sections become
/// <c>(@custom "name" (after section) "bytes")</c> in their original place, and function and module names from the
/// <c>name</c> section become <c>$id</c>s (the assembler rebuilds the <c>name</c> section from them, so other
/// subsections, e.g. local names, are not kept).
/// </summary>
internal sealed class CoreModulePrinter
{
    private readonly ModuleDefinition _m;
    private readonly byte[] _bytes;
    private readonly StringBuilder _out = new();
    private readonly Dictionary<uint, string> _funcIds = new();
    private readonly int _indent;
    private readonly bool _verbatimNames;
    private readonly bool _printModuleId;

    private CoreModulePrinter(ModuleDefinition module, byte[] bytes, int indent, bool verbatimNames, bool printModuleId = true)
    {
        _m = module;
        _bytes = bytes;
        _indent = indent;
        _verbatimNames = verbatimNames;
        _printModuleId = printModuleId;
    }

    /// <summary>The text of the module binary <paramref name="wasm"/>; throws <c>WasmDecodeException</c> when malformed.</summary>
    public static string Print(byte[] wasm)
    {
        var module = ModuleReader.Read(wasm);
        var printer = new CoreModulePrinter(module, wasm, 0, verbatimNames: false);
        printer.PrintModule("(module");
        return printer._out.ToString();
    }

    /// <summary>
    /// Appends a module embedded in a component as <c>(core module $id? (;N;) ...)</c>, its fields indented
    /// <paramref name="indent"/> + 1 levels. A module <c>$id</c> names the module both in its own <c>name</c> section
    /// and in the component's, so the module's names become <c>$id</c>s (<paramref name="head"/> gets true) only when
    /// its own module name is the one the component gives it (<paramref name="given"/>) and the assembler rebuilds its
    /// <c>name</c> section from them byte for byte (tried here); otherwise that section is kept as a <c>@custom</c>
    /// section. <paramref name="head"/> gives the index comment, with the <c>$id</c> or not.
    /// </summary>
    public static void PrintEmbedded(StringBuilder output, byte[] wasm, int indent, string? given, Func<bool, string> head)
    {
        var module = ModuleReader.Read(wasm);
        bool ids = module.CustomSections.Any(c => c.Name == "name") && module.ModuleName == given && NamesRebuild(module, wasm);
        if (ids && given is not null)
        {
            // The component must print the module's $id (it may not: the name is not an id, or already taken).
            string comment = head(true);
            if (!comment.StartsWith("$" + given + " ", StringComparison.Ordinal)) ids = false;
            output.Append(Embedded(module, wasm, indent, comment, ids));
            return;
        }
        output.Append(Embedded(module, wasm, indent, head(ids), ids));
    }

    private static StringBuilder Embedded(ModuleDefinition module, byte[] wasm, int indent, string comment, bool ids)
    {
        var printer = new CoreModulePrinter(module, wasm, indent, verbatimNames: !ids, printModuleId: false);
        printer.PrintModule("(core module " + comment);
        return printer._out;
    }

    /// <summary>Whether the module printed with <c>$id</c>s assembles to the same bytes (its <c>name</c> section rebuilt).</summary>
    private static bool NamesRebuild(ModuleDefinition module, byte[] wasm)
    {
        var printer = new CoreModulePrinter(module, wasm, 0, verbatimNames: false);
        printer.PrintModule("(module");
        try { return WatAssembler.Assemble(printer._out.ToString()).AsSpan().SequenceEqual(wasm); }
        catch (WatException) { return false; }
    }

    private void PrintModule(string head)
    {
        var sections = ScanSections(_bytes);
        bool hasNames = false;
        if (!_verbatimNames) foreach (var s in sections) if (s.Id == 0 && s.CustomName == "name") hasNames = true;
        string? moduleId = null;
        if (hasNames)
        {
            if (_m.ModuleName is { } mn && IsId(mn)) moduleId = mn;
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pair in _m.FunctionNames)
                if (IsId(pair.Value) && used.Add(pair.Value)) _funcIds[pair.Key] = pair.Value;
        }

        _out.Append(' ', _indent * 2).Append(head);
        if (moduleId is not null && _printModuleId) _out.Append(" $").Append(moduleId);
        _out.Append('\n');

        // Custom sections keep their place: after the last non-custom section that precedes them.
        string place = "before first";
        int customIndex = 0;
        var customs = new List<(CustomSection Section, string Place)>();
        foreach (var s in sections)
        {
            if (s.Id != 0)
            {
                place = s.Id switch
                {
                    12 => "before code", // the data count section has no anchor of its own
                    _ => "after " + AnchorName(s.Id),
                };
                continue;
            }
            if (customIndex < _m.CustomSections.Length)
            {
                var custom = _m.CustomSections[customIndex++];
                if (hasNames && custom.Name == "name")
                {
                    // The assembler writes the rebuilt name section after the data section's customs.
                    place = "after last";
                    continue;
                }
                customs.Add((custom, place));
            }
        }

        Types(sections);
        Imports();
        Functions();
        Tables();
        Memories();
        Tags();
        Globals();
        Exports();
        if (_m.Start is { } start) Line(1, "(start " + Func(start) + ")");
        Elements(sections);
        Datas();
        foreach (var (section, where) in customs)
        {
            var text = new StringBuilder("(@custom ");
            AppendString(text, Encoding.UTF8.GetBytes(section.Name));
            text.Append(" (").Append(where).Append(") ");
            AppendString(text, section.Data.Span);
            text.Append(')');
            Line(1, text.ToString());
        }
        Line(0, ")");
    }

    private static string AnchorName(byte id) => id switch
    {
        1 => "type",
        2 => "import",
        3 => "func",
        4 => "table",
        5 => "memory",
        6 => "global",
        7 => "export",
        8 => "start",
        9 => "elem",
        10 => "code",
        11 => "data",
        13 => "tag",
        _ => "data",
    };

    // ---- sections ----------------------------------------------------------------------------------------

    /// <summary>
    /// The type section, wasm-tools style: <c>rec</c> groups over several lines, <c>sub</c> with <c>final</c> and the
    /// supertype, struct fields one <c>(field ...)</c> each. Which entries were written as <c>rec</c> groups (even of
    /// one or no type) is read again from the section, as the decoded types do not tell a group of one from a plain type.
    /// </summary>
    private void Types(List<RawSection> sections)
    {
        int index = 0;
        foreach (var (rec, count) in TypeEntries(sections))
        {
            if (!rec)
            {
                Line(1, $"(type (;{index};) {TypeDefinition(index)})");
                index++;
                continue;
            }
            if (count == 0)
            {
                Line(1, "(rec)");
                continue;
            }
            Line(1, "(rec");
            for (int k = 0; k < count; k++, index++) Line(2, $"(type (;{index};) {TypeDefinition(index)})");
            Line(1, ")");
        }
    }

    private string TypeDefinition(int index)
    {
        var def = _m.TypeDef(index);
        if (def.SupertypeCount > 1) throw new NotSupportedException($"type {index} declares {def.SupertypeCount} supertypes");
        string composite = def.Kind switch
        {
            CompositeKind.Struct => "(struct" + string.Concat(def.Fields.Select(f => " (field " + Field(f) + ")")) + ")",
            CompositeKind.Array => "(array " + Field(def.Fields[0]) + ")",
            _ => "(func" + Signature(def.Function) + ")",
        };
        if (def.Final && def.SupertypeCount == 0) return composite;
        var s = new StringBuilder("(sub");
        if (def.Final) s.Append(" final");
        if (def.SupertypeCount == 1) s.Append(' ').Append(def.Supertype);
        return s.Append(' ').Append(composite).Append(')').ToString();
    }

    private static string Field(FieldType field) => field.Mutable ? "(mut " + field.Storage.ShortName() + ")" : field.Storage.ShortName();

    /// <summary>
    /// The type section's entries, read again from its bytes: (true, member count) for a <c>rec</c> group, (false, 1)
    /// for a plain type. Without a raw type section (a module not read from bytes), every type is plain.
    /// </summary>
    private List<(bool Rec, int Count)> TypeEntries(List<RawSection> sections)
    {
        var entries = new List<(bool, int)>();
        foreach (var section in sections)
        {
            if (section.Id != 1) continue;
            var c = new WasmReader(_bytes, section.Start, section.End) { Deferred = new DeferredError() }; // GC is read, not refused
            uint count = c.ReadU32();
            for (uint i = 0; i < count; i++)
            {
                byte form = c.ReadByte();
                if (form != 0x4E)
                {
                    SkipSubType(c, form);
                    entries.Add((false, 1));
                    continue;
                }
                int members = (int)c.ReadU32();
                for (int k = 0; k < members; k++) SkipSubType(c, c.ReadByte());
                entries.Add((true, members));
            }
        }
        int listed = entries.Sum(e => e.Item2);
        for (int i = listed; i < _m.Types.Length; i++) entries.Add((false, 1));
        return entries;
    }

    /// <summary>Steps over one sub type (the reader accepted the section, so it is well formed).</summary>
    private static void SkipSubType(WasmReader c, byte form)
    {
        if (form is 0x50 or 0x4F)
        {
            uint supers = c.ReadU32();
            for (uint k = 0; k < supers; k++) c.ReadU32();
            form = c.ReadByte();
        }
        uint fields = form switch { 0x5F => c.ReadU32(), 0x5E => 1, _ => 0 };
        if (form == 0x60)
        {
            for (int list = 0; list < 2; list++)
            {
                uint n = c.ReadU32();
                for (uint k = 0; k < n; k++) ModuleReader.ReadValueType(c);
            }
        }
        for (uint k = 0; k < fields; k++)
        {
            int offset = c.Position;
            byte storage = c.ReadByte();
            if (storage is not (0x78 or 0x77)) ModuleReader.ValueTypeFromByte(c, storage, offset, "malformed value type");
            c.ReadByte(); // mutability
        }
    }

    private static string Signature(FunctionType type)
    {
        var s = new StringBuilder();
        if (type.Params.Length > 0) s.Append(" (param ").Append(Types(type.Params)).Append(')');
        if (type.Results.Length > 0) s.Append(" (result ").Append(Types(type.Results)).Append(')');
        return s.ToString();
    }

    private static string Types(IEnumerable<ValueType> types)
    {
        var s = new StringBuilder();
        foreach (var t in types)
        {
            if (s.Length > 0) s.Append(' ');
            s.Append(t.ShortName());
        }
        return s.ToString();
    }

    private void Imports()
    {
        uint funcs = 0, tables = 0, memories = 0, globals = 0;
        foreach (var import in _m.Imports)
        {
            var s = new StringBuilder("(import ");
            AppendString(s, Encoding.UTF8.GetBytes(import.Module));
            s.Append(' ');
            AppendString(s, Encoding.UTF8.GetBytes(import.Name));
            s.Append(' ');
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    s.Append("(func ").Append(FuncDef(funcs++)).Append(" (type ").Append(import.FunctionTypeIndex).Append("))");
                    break;
                case ExternalKind.Table:
                    s.Append("(table (;").Append(tables++).Append(";) ").Append(TableType(import.Table!)).Append(')');
                    break;
                case ExternalKind.Memory:
                    s.Append("(memory (;").Append(memories++).Append(";) ").Append(import.Memory!.Limits).Append(')');
                    break;
                case ExternalKind.Tag:
                    s.Append("(tag (type ").Append(import.FunctionTypeIndex).Append("))");
                    break;
                default:
                    s.Append("(global (;").Append(globals++).Append(";) ").Append(GlobalType(import.Global!)).Append(')');
                    break;
            }
            s.Append(')');
            Line(1, s.ToString());
        }
    }

    private static string TableType(TableType t) => t.Limits + " " + t.ElementType.ShortName();

    private static string GlobalType(GlobalType t) => t.Mutable ? "(mut " + t.ValueType.ShortName() + ")" : t.ValueType.ShortName();

    private void Functions()
    {
        uint index = (uint)_m.ImportedFunctionCount;
        for (int i = 0; i < _m.Functions.Length; i++, index++)
        {
            var head = new StringBuilder("(func ").Append(FuncDef(index)).Append(" (type ").Append(_m.Functions[i]).Append(')');
            if (i >= _m.Codes.Length)
            {
                Line(1, head.Append(')').ToString());
                continue;
            }
            var body = _m.Codes[i];
            if (body.Locals.Length == 0 && body.Instructions.Length <= 1)
            {
                Line(1, head.Append(')').ToString());
                continue;
            }
            Line(1, head.ToString());
            if (body.Locals.Length > 0) Line(2, "(local " + Types(body.Locals) + ")");
            var instructions = body.Instructions;
            int depth = 2;
            // The last instruction is the body's own `end`, implied by the closing parenthesis.
            for (int k = 0; k < instructions.Length - 1; k++)
            {
                var ins = instructions[k];
                if (ins.OpCode == OpCode.End) depth = Math.Max(2, depth - 1);
                int indent = ins.OpCode == OpCode.Else ? Math.Max(2, depth - 1) : depth;
                var text = Instruction(ins, body.BranchTables);
                if (ins.OpCode == OpCode.TryTable) text += CatchClauses(body.Catches[ins.C]);
                Line(indent, text);
                if (ins.OpCode is OpCode.Block or OpCode.Loop or OpCode.If or OpCode.TryTable) depth++;
            }
            Line(1, ")");
        }
    }

    private void Tables()
    {
        uint index = (uint)_m.ImportedTableCount;
        for (int i = 0; i < _m.Tables.Length; i++, index++)
        {
            var s = new StringBuilder("(table (;").Append(index).Append(";) ").Append(TableType(_m.Tables[i]));
            if (i < _m.TableInitializers.Length && _m.TableInitializers[i] is { } init) s.Append(' ').Append(Expression(init));
            Line(1, s.Append(')').ToString());
        }
    }

    private void Memories()
    {
        uint index = (uint)_m.ImportedMemoryCount;
        for (int i = 0; i < _m.Memories.Length; i++, index++)
            Line(1, $"(memory (;{index};) {_m.Memories[i].Limits})");
    }

    private void Tags()
    {
        foreach (var type in _m.Tags) Line(1, $"(tag (type {type}))");
    }

    private void Globals()
    {
        uint index = (uint)_m.ImportedGlobalCount;
        for (int i = 0; i < _m.Globals.Length; i++, index++)
            Line(1, $"(global (;{index};) {GlobalType(_m.Globals[i].Type)} {Expression(_m.Globals[i].Init)})");
    }

    private void Exports()
    {
        foreach (var e in _m.Exports)
        {
            var s = new StringBuilder("(export ");
            AppendString(s, Encoding.UTF8.GetBytes(e.Name));
            s.Append(e.Kind switch
            {
                ExternalKind.Function => " (func " + Func(e.Index),
                ExternalKind.Table => " (table " + e.Index,
                ExternalKind.Memory => " (memory " + e.Index,
                ExternalKind.Tag => " (tag " + e.Index,
                _ => " (global " + e.Index,
            });
            Line(1, s.Append("))").ToString());
        }
    }

    private void Elements(List<RawSection> sections)
    {
        var flags = ElementFlags(sections);
        for (int i = 0; i < _m.Elements.Length; i++)
        {
            var e = _m.Elements[i];
            // Without the binary flags, pick the shortest encoding the segment allows.
            uint flag = i < flags.Count ? flags[i] : (uint)(e.Mode switch
            {
                SegmentMode.Active => e.TableIndex == 0 && e.ElementType == ValueType.FuncRef ? 0 : 2,
                SegmentMode.Passive => 1,
                _ => 3,
            } | (e.UsesFunctionIndices ? 0 : 4));
            var s = new StringBuilder("(elem (;").Append(i).Append(";)");
            if (e.Mode == SegmentMode.Declarative) s.Append(" declare");
            if (e.Mode == SegmentMode.Active)
            {
                if ((flag & 2) != 0) s.Append(" (table ").Append(e.TableIndex).Append(')');
                s.Append(" (offset ").Append(Expression(e.Offset!)).Append(')');
            }
            if (e.UsesFunctionIndices)
            {
                s.Append(" func");
                foreach (var f in e.FunctionIndices) s.Append(' ').Append(Func(f));
            }
            else
            {
                s.Append(' ').Append(e.ElementType.ShortName());
                foreach (var x in e.Expressions) s.Append(" (item ").Append(Expression(x)).Append(')');
            }
            Line(1, s.Append(')').ToString());
        }
    }

    private void Datas()
    {
        for (int i = 0; i < _m.Datas.Length; i++)
        {
            var d = _m.Datas[i];
            var s = new StringBuilder("(data (;").Append(i).Append(";)");
            if (d.Mode == SegmentMode.Active)
            {
                if (d.MemoryIndex != 0) s.Append(" (memory ").Append(d.MemoryIndex).Append(')');
                s.Append(" (offset ").Append(Expression(d.Offset!)).Append(')');
            }
            s.Append(' ');
            AppendString(s, d.Bytes.Span);
            Line(1, s.Append(')').ToString());
        }
    }

    // ---- instructions ------------------------------------------------------------------------------------

    private string Expression(ConstantExpression expression)
    {
        var s = new StringBuilder();
        foreach (var ins in expression.Instructions)
        {
            if (s.Length > 0) s.Append(' ');
            s.Append(Instruction(ins, Array.Empty<int[]>()));
        }
        return s.ToString();
    }

    private static string CatchClauses(CatchClause[] clauses)
    {
        var s = new StringBuilder();
        foreach (var clause in clauses)
        {
            s.Append(clause.Kind switch { CatchKind.Catch => " (catch ", CatchKind.CatchRef => " (catch_ref ", CatchKind.CatchAll => " (catch_all ", _ => " (catch_all_ref " });
            if (clause.Kind is CatchKind.Catch or CatchKind.CatchRef) s.Append(clause.Tag).Append(' ');
            s.Append(clause.Label).Append(')');
        }
        return s.ToString();
    }

    private string Instruction(Instruction ins, int[][] branchTables)
    {
        var name = OpCodeTable.Name(ins.OpCode);
        if (name.StartsWith("0x", StringComparison.Ordinal))
            throw new NotSupportedException($"cannot print opcode {name} at offset {ins.Offset}");
        var s = new StringBuilder(name);
        switch (Immediates.Of(name))
        {
            case Immediate.None:
            case Immediate.Else:
            case Immediate.End:
                break;
            case Immediate.Block:
                if (ins.BlockTypeIndex >= 0) s.Append(" (type ").Append(ins.BlockTypeIndex).Append(')');
                else if (ins.BlockValueType is { } result) s.Append(" (result ").Append(result.ShortName()).Append(')');
                break;
            case Immediate.Label:
            case Immediate.Local:
            case Immediate.Global:
            case Immediate.Table:
            case Immediate.Elem:
            case Immediate.Data:
            case Immediate.Lane:
            case Immediate.Type:
            case Immediate.Tag:
                s.Append(' ').Append(ins.A);
                break;
            case Immediate.BrTable:
                foreach (var target in branchTables[ins.A]) s.Append(' ').Append(target);
                break;
            case Immediate.Func:
                s.Append(' ').Append(Func((uint)ins.A));
                break;
            case Immediate.CallIndirect:
                if (ins.B != 0) s.Append(' ').Append(ins.B);
                s.Append(" (type ").Append(ins.A).Append(')');
                break;
            case Immediate.TableInit:
                s.Append(' ').Append(ins.B).Append(' ').Append(ins.A);
                break;
            case Immediate.TableCopy:
                s.Append(' ').Append(ins.A).Append(' ').Append(ins.B);
                break;
            case Immediate.Memory:
                if (ins.A != 0) s.Append(' ').Append(ins.A);
                break;
            case Immediate.MemoryInit:
                if (ins.B != 0) s.Append(' ').Append(ins.B);
                s.Append(' ').Append(ins.A);
                break;
            case Immediate.MemoryCopy:
                if (ins.A != 0 || ins.B != 0) s.Append(' ').Append(ins.A).Append(' ').Append(ins.B);
                break;
            case Immediate.MemArg:
                MemArg(s, name, ins);
                break;
            case Immediate.MemArgLane:
                MemArg(s, name, ins);
                s.Append(' ').Append(ins.C);
                break;
            case Immediate.Shuffle:
                for (int i = 0; i < 16; i++) s.Append(' ').Append(Byte(ins, i));
                break;
            case Immediate.I32:
                s.Append(' ').Append(((int)ins.B).ToString(CultureInfo.InvariantCulture));
                break;
            case Immediate.I64:
                s.Append(' ').Append(ins.B.ToString(CultureInfo.InvariantCulture));
                break;
            case Immediate.F32:
                s.Append(' ').Append(FloatText.F32((uint)ins.B));
                break;
            case Immediate.F64:
                s.Append(' ').Append(FloatText.F64((ulong)ins.B));
                break;
            case Immediate.V128:
                s.Append(" i32x4");
                for (int i = 0; i < 4; i++)
                {
                    uint lane = (uint)((i < 2 ? (ulong)ins.B : (ulong)ins.C) >> (32 * (i & 1)));
                    s.Append(" 0x").Append(lane.ToString("x8", CultureInfo.InvariantCulture));
                }
                break;
            case Immediate.HeapType:
                s.Append(' ').Append(ValueTypes.HeapName(((ValueType)ins.A).HeapOf()));
                break;
            case Immediate.TypeField:
            case Immediate.TypeCount:
            case Immediate.TypeData:
            case Immediate.TypeElem:
            case Immediate.TypeType:
                s.Append(' ').Append(ins.A).Append(' ').Append(ins.B);
                break;
            case Immediate.RefType:
                s.Append(' ').Append(((ValueType)ins.A).ShortName());
                break;
            case Immediate.BrOnCast:
                s.Append(' ').Append(ins.A).Append(' ').Append(((ValueType)ins.B).ShortName()).Append(' ').Append(((ValueType)ins.C).ShortName());
                break;
            case Immediate.Select:
                if (ins.OpCode == OpCode.SelectTyped)
                {
                    // The reader keeps the first type only; more than one is invalid anyway.
                    if (ins.B > 1) throw new NotSupportedException($"typed select with {ins.B} types at offset {ins.Offset}");
                    s.Append(ins.B == 0 ? " (result)" : " (result " + ((ValueType)ins.A).ShortName() + ")");
                }
                break;
            default:
                throw new NotSupportedException($"cannot print the immediates of `{name}` at offset {ins.Offset}");
        }
        return s.ToString();
    }

    private static int Byte(Instruction ins, int i) => (int)(((ulong)(i < 8 ? ins.B : ins.C) >> (8 * (i & 7))) & 0xFF);

    private static void MemArg(StringBuilder s, string name, Instruction ins)
    {
        int memory = ins.A >> 8;
        int exponent = ins.A & 0xFF;
        if (memory != 0) s.Append(' ').Append(memory);
        if (ins.B != 0) s.Append(" offset=").Append((ulong)ins.B);
        if (exponent >= 64) throw new NotSupportedException($"alignment 2**{exponent} at offset {ins.Offset}");
        ulong align = 1UL << exponent;
        if (align != Immediates.NaturalAlignment(name)) s.Append(" align=").Append(align);
    }

    // ---- names and strings -------------------------------------------------------------------------------

    private string Func(uint index) => _funcIds.TryGetValue(index, out var id) ? "$" + id : index.ToString(CultureInfo.InvariantCulture);

    private string FuncDef(uint index) => _funcIds.TryGetValue(index, out var id) ? $"${id} (;{index};)" : $"(;{index};)";

    /// <summary>Whether <paramref name="name"/> can be written as a plain <c>$id</c>.</summary>
    internal static bool IsId(string name)
    {
        if (name.Length == 0) return false;
        foreach (char ch in name)
        {
            bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                || "!#$%&'*+-./:<=>?@\\^_`|~".IndexOf(ch) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>A WAT string of raw bytes: printable ASCII as is, everything else as <c>\hh</c>.</summary>
    internal static void AppendString(StringBuilder s, ReadOnlySpan<byte> bytes)
    {
        s.Append('"');
        foreach (var b in bytes)
        {
            if (b >= 0x20 && b < 0x7F && b != (byte)'"' && b != (byte)'\\') s.Append((char)b);
            else s.Append('\\').Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        s.Append('"');
    }

    private void Line(int indent, string text)
    {
        _out.Append(' ', (_indent + indent) * 2).Append(text).Append('\n');
    }

    // ---- raw section scan (placement of custom sections, element segment flags) --------------------------

    private readonly struct RawSection
    {
        public RawSection(byte id, int start, int end, string? customName)
        {
            Id = id;
            Start = start;
            End = end;
            CustomName = customName;
        }

        public byte Id { get; }
        public int Start { get; }
        public int End { get; }
        public string? CustomName { get; }
    }

    /// <summary>The sections of a module the reader accepted (so the framing is well formed).</summary>
    private static List<RawSection> ScanSections(byte[] bytes)
    {
        var list = new List<RawSection>();
        var c = new WasmReader(bytes, 8);
        while (c.Position < c.Length)
        {
            byte id = c.ReadByte();
            int size = c.ReadLength();
            int start = c.Position;
            string? name = null;
            if (id == 0)
            {
                var sub = new WasmReader(bytes, start, start + size);
                name = sub.ReadName();
            }
            list.Add(new RawSection(id, start, start + size, name));
            c.Position = start + size;
        }
        return list;
    }

    /// <summary>The flags (0-7) of each element segment, read again from the element section.</summary>
    private List<uint> ElementFlags(List<RawSection> sections)
    {
        var flags = new List<uint>();
        foreach (var section in sections)
        {
            if (section.Id != 9) continue;
            try
            {
                var c = new WasmReader(_bytes, section.Start, section.End) { Deferred = new DeferredError() }; // GC is read, not refused
                uint count = c.ReadU32();
                for (uint i = 0; i < count; i++)
                {
                    uint flag = c.ReadU32();
                    flags.Add(flag);
                    if ((flag & 3) == 2) c.ReadU32(); // table index
                    if ((flag & 1) == 0) new CodeReader(true, new DeferredError()).ReadConstant(c);
                    if ((flag & 3) != 0)
                    {
                        if ((flag & 4) == 0) c.ReadByte();
                        else ModuleReader.ReadReferenceType(c);
                    }
                    uint n = c.ReadU32();
                    for (uint k = 0; k < n; k++)
                    {
                        if ((flag & 4) == 0) c.ReadU32();
                        else new CodeReader(true, new DeferredError()).ReadConstant(c);
                    }
                }
            }
            catch (CoreWasm.WasmException)
            {
                flags.Clear();
            }
        }
        return flags;
    }
}

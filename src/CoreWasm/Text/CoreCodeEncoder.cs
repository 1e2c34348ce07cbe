using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.CoreWasm.Text;

/// <summary>
/// Second pass over instructions: plain and folded instruction sequences -> binary code, resolving labels,
/// locals and module indices, and adding implicit types for block types and <c>call_indirect</c>.
/// </summary>
internal sealed partial class CoreCodeEncoder
{
    private readonly CoreModule _m;
    private readonly CoreTypeTable _types;
    private readonly List<Label> _labels = new();
    private CoreIndexSpace? _locals;
    private int _floor; // labels below this belong to enclosing folded blocks: `end` may not close them

    private readonly struct Label
    {
        public Label(string? name, bool isIf)
        {
            Name = name;
            IsIf = isIf;
        }

        public string? Name { get; }
        public bool IsIf { get; }
    }

    public CoreCodeEncoder(CoreModule module, CoreTypeTable types)
    {
        _m = module;
        _types = types;
    }

    /// <summary>Labelled blocks of the last expression: (ordinal among its block/loop/if instructions, label).</summary>
    public List<(uint Index, string Name)> LabelNames { get; } = new();

    private uint _blockCount;

    private void OpenBlock(WatAtom? label, bool isIf)
    {
        if (label is not null) LabelNames.Add((_blockCount, label.Text));
        _blockCount++;
        _labels.Add(new Label(label?.Text, isIf));
    }

    /// <summary>
    /// Whether a function body used a data segment index (<c>memory.init</c>, <c>data.drop</c>,
    /// <c>array.new_data</c>, <c>array.init_data</c>): those need the data count section.
    /// </summary>
    public bool UsesDataCount { get; private set; }

    /// <summary>Encodes an expression followed by <c>end</c>; <paramref name="locals"/> is null in constant expressions.</summary>
    public void Expression(CoreExpr expr, WasmWriter w, CoreIndexSpace? locals)
    {
        _locals = locals;
        _labels.Clear();
        _floor = 0;
        _blockCount = 0;
        LabelNames.Clear();
        if (expr.Encoded is { } encoded) w.Bytes(encoded);
        else Sequence(new CoreCursor(expr.Owner, expr.Start), w);
        w.Byte(0x0B);
    }

    /// <summary>The type index of a type use, checking inline declarations against a referenced type.</summary>
    public uint TypeIndex(CoreTypeUse use)
    {
        if (use.TypeRef is { } reference)
        {
            uint index = _m.Types.Resolve(reference);
            if (use.HasInline)
            {
                var declared = _types.Get(index) ?? throw reference.Error($"unknown type {reference}");
                var inline = new CoreFuncType(use.Params.ConvertAll(p => p.Type), use.Results);
                if (inline.Key != declared.Key) throw use.At.Error("inline function type does not match the type reference");
            }
            return index;
        }
        return _types.Intern(new CoreFuncType(use.Params.ConvertAll(p => p.Type), use.Results));
    }

    /// <summary>The parameter types a type use stands for.</summary>
    public IReadOnlyList<ValueType> ParamTypes(CoreTypeUse use, uint typeIndex)
    {
        if (use.TypeRef is null || use.HasInline) return use.Params.ConvertAll(p => p.Type);
        return _types.Get(typeIndex)?.Params ?? new List<ValueType>();
    }

    // ---- sequences ---------------------------------------------------------------------------------------

    /// <summary>Instructions from the cursor to the end of its list.</summary>
    private void Sequence(CoreCursor c, WasmWriter w)
    {
        int savedFloor = _floor;
        _floor = _labels.Count;
        while (!c.AtEnd)
        {
            var node = c.Items[c.Pos++];
            if (node is WatList list) Folded(list, w);
            else if (node is WatAtom { Kind: WatAtomKind.Keyword } op) Plain(op, c, w);
            else throw node.Error("unexpected token, expected an instruction");
        }
        if (_labels.Count != _floor) throw c.Owner.End.Error("unclosed block: expected `end`");
        _floor = savedFloor;
    }

    private void Plain(WatAtom op, CoreCursor c, WasmWriter w)
    {
        switch (op.Text)
        {
            case "block":
            case "loop":
            case "if":
            case "try_table":
            {
                var label = c.TakeId();
                var blockType = BlockType(c);
                w.Byte(BlockOpcode(op.Text));
                w.Bytes(blockType);
                if (op.Text == "try_table") w.Bytes(Catches(c));
                OpenBlock(label, op.Text == "if");
                return;
            }
            case "else":
            {
                if (_labels.Count == _floor || !_labels[_labels.Count - 1].IsIf) throw op.Error("`else` without `if`");
                CheckEndLabel(c.TakeId());
                w.Byte(0x05);
                return;
            }
            case "end":
            {
                if (_labels.Count == _floor) throw op.Error("`end` without a block");
                CheckEndLabel(c.TakeId());
                _labels.RemoveAt(_labels.Count - 1);
                w.Byte(0x0B);
                return;
            }
        }
        var tail = new WasmWriter();
        int code = Immediates(op, c, tail);
        Opcode(code, w);
        w.Bytes(tail);
    }

    private void CheckEndLabel(WatAtom? label)
    {
        if (label is null) return;
        if (_labels[_labels.Count - 1].Name != label.Text) throw label.Error("mismatching label");
    }

    private void Folded(WatList list, WasmWriter w)
    {
        // Deeply nested text must fail as text, not overflow the stack (caught by the assembler's entry point).
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (list.Items.Count == 0 || list.Items[0] is not WatAtom { Kind: WatAtomKind.Keyword } op)
            throw list.Error("unexpected token, expected an instruction");
        var c = new CoreCursor(list);
        switch (op.Text)
        {
            case "block":
            case "loop":
            case "try_table":
            {
                var label = c.TakeId();
                var blockType = BlockType(c);
                w.Byte(BlockOpcode(op.Text));
                w.Bytes(blockType);
                if (op.Text == "try_table") w.Bytes(Catches(c));
                OpenBlock(label, false);
                Sequence(c, w);
                _labels.RemoveAt(_labels.Count - 1);
                w.Byte(0x0B);
                return;
            }
            case "if":
            {
                var label = c.TakeId();
                var blockType = BlockType(c);
                while (!c.AtEnd && c.Peek() is WatList cond && cond.Head != "then") Folded((WatList)c.Next(), w);
                var then = c.TakeList("then") ?? throw c.Error("unexpected token, expected (then ...)");
                var otherwise = c.TakeList("else");
                c.ExpectEnd();
                w.Byte(0x04);
                w.Bytes(blockType);
                OpenBlock(label, true);
                Sequence(new CoreCursor(then), w);
                if (otherwise is not null)
                {
                    w.Byte(0x05);
                    Sequence(new CoreCursor(otherwise), w);
                }
                _labels.RemoveAt(_labels.Count - 1);
                w.Byte(0x0B);
                return;
            }
            case "else":
            case "end":
            case "then":
            case "type":
            case "param":
            case "result":
            case "local":
                throw op.Error($"unexpected token `{op.Text}`, expected an instruction");
        }
        var tail = new WasmWriter();
        int code = Immediates(op, c, tail);
        while (!c.AtEnd)
        {
            if (c.Next() is not WatList operand) throw c.Items[c.Pos - 1].Error("unexpected token");
            Folded(operand, w);
        }
        Opcode(code, w);
        w.Bytes(tail);
    }

    private static byte BlockOpcode(string name) => name switch
    {
        "block" => 0x02,
        "loop" => 0x03,
        "if" => 0x04,
        _ => 0x1F, // try_table
    };

    /// <summary>try_table's catch clauses; their labels are outside the try_table block.</summary>
    private byte[] Catches(CoreCursor c)
    {
        var w = new WasmWriter();
        var clauses = new List<WatList>();
        while (c.Peek() is WatList { Head: "catch" or "catch_ref" or "catch_all" or "catch_all_ref" } clause)
        {
            c.Pos++;
            clauses.Add(clause);
        }
        w.U32((uint)clauses.Count);
        foreach (var clause in clauses)
        {
            var cc = new CoreCursor(clause);
            switch (clause.Head)
            {
                case "catch": w.Byte(0x00); break;
                case "catch_ref": w.Byte(0x01); break;
                case "catch_all": w.Byte(0x02); break;
                default: w.Byte(0x03); break;
            }
            if (clause.Head is "catch" or "catch_ref") w.U32(_m.Tags.Resolve(cc.ExpectIndex("a tag index")));
            w.U32(LabelDepth(cc.ExpectIndex("a label")));
            cc.ExpectEnd();
        }
        return w.ToArray();
    }

    private static void Opcode(int code, WasmWriter w)
    {
        if (code < 0x100)
        {
            w.Byte((byte)code);
            return;
        }
        w.Byte((byte)(code >> 16));
        w.U32((uint)(code & 0xFFFF));
    }

    /// <summary><c>(type x)? (param ...)* (result ...)*</c> -> 0x40, a value type, or a type index (s33).</summary>
    private byte[] BlockType(CoreCursor c)
    {
        var use = CoreModuleParser.TypeUse(c, _m.Types);
        var w = new WasmWriter();
        if (use.TypeRef is null && use.Params.Count == 0)
        {
            if (use.Results.Count == 0)
            {
                w.Byte(0x40);
                return w.ToArray();
            }
            if (use.Results.Count == 1)
            {
                w.ValueType(use.Results[0]);
                return w.ToArray();
            }
        }
        foreach (var p in use.Params)
        {
            if (p.Id is { } id) throw id.Error("unexpected token: block parameters cannot have names");
        }
        w.S64(TypeIndex(use));
        return w.ToArray();
    }

    private uint LabelDepth(WatAtom atom)
    {
        if (atom.Kind == WatAtomKind.Integer) return WatNumbers.ParseU32(atom);
        for (int i = _labels.Count - 1; i >= 0; i--)
        {
            if (_labels[i].Name == atom.Text) return (uint)(_labels.Count - 1 - i);
        }
        throw atom.Error($"unknown label ${atom.Text}");
    }
}

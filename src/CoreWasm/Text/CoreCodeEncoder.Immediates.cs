using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Text.Syntax;

using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.CoreWasm.Text;

internal sealed partial class CoreCodeEncoder
{
    private static readonly string[] UnsupportedPrefixes =
    {
        "try", "catch", "delegate", "rethrow",
        "memory.atomic", "atomic.", "i32.atomic", "i64.atomic", "cont.", "resume", "suspend", "switch",
    };

    /// <summary>Reads an instruction's immediates into <paramref name="w"/>; returns its opcode.</summary>
    private int Immediates(WatAtom op, CoreCursor c, WasmWriter w)
    {
        if (!OpCodeTable.Codes.TryGetValue(op.Text, out int code))
        {
            foreach (var prefix in UnsupportedPrefixes)
            {
                if (op.Text.StartsWith(prefix, System.StringComparison.Ordinal)) throw op.Error($"unsupported instruction `{op.Text}`");
            }
            throw op.Error($"unknown operator {op.Text}");
        }
        switch (OpCodeTable.ImmediatesOf(op.Text))
        {
            case Immediate.None:
                break;
            case Immediate.Label:
                w.U32(LabelDepth(c.ExpectIndex("a label")));
                break;
            case Immediate.BrTable:
            {
                var labels = new List<uint>();
                while (c.TakeIndex() is { } l) labels.Add(LabelDepth(l));
                if (labels.Count == 0) throw c.Error("expected a label");
                w.U32((uint)(labels.Count - 1));
                foreach (var l in labels) w.U32(l);
                break;
            }
            case Immediate.Func:
                w.U32(_m.Funcs.Resolve(c.ExpectIndex("a function index")));
                break;
            case Immediate.CallIndirect:
            {
                var table = c.TakeIndex();
                var use = CoreModuleParser.TypeUse(c, _m.Types);
                foreach (var p in use.Params)
                {
                    if (p.Id is { } id) throw id.Error("unexpected token: call_indirect parameters cannot have names");
                }
                w.U32(TypeIndex(use));
                w.U32(table is null ? 0 : _m.Tables.Resolve(table));
                break;
            }
            case Immediate.Local:
            {
                var index = c.ExpectIndex("a local index");
                // Constant expressions have no locals; a numeric index is left for validation to reject.
                w.U32(_locals is null ? (index.Kind == WatAtomKind.Integer ? WatNumbers.ParseU32(index) : throw index.Error($"unknown local ${index.Text}")) : _locals.Resolve(index));
                break;
            }
            case Immediate.Global:
                w.U32(_m.Globals.Resolve(c.ExpectIndex("a global index")));
                break;
            case Immediate.Type:
                w.U32(_m.Types.Resolve(c.ExpectIndex("a type index")));
                break;
            case Immediate.TypeField:
            {
                var typeRef = c.ExpectIndex("a type index");
                uint type = _m.Types.Resolve(typeRef);
                var field = c.ExpectIndex("a field index");
                if (field.Kind == WatAtomKind.Integer) w.U32(type).U32(WatNumbers.ParseU32(field));
                else if (_m.StructFields.TryGetValue(type, out var fields)) w.U32(type).U32(fields.Resolve(field));
                else throw field.Error($"unknown field ${field.Text}");
                break;
            }
            case Immediate.TypeCount:
            {
                w.U32(_m.Types.Resolve(c.ExpectIndex("a type index")));
                if (c.Peek() is not WatAtom { Kind: WatAtomKind.Integer } n) throw c.Unexpected("an element count");
                c.Pos++;
                w.U32(WatNumbers.ParseU32(n));
                break;
            }
            case Immediate.TypeData:
                w.U32(_m.Types.Resolve(c.ExpectIndex("a type index")));
                w.U32(_m.Datas.Resolve(c.ExpectIndex("a data segment index")));
                UsesDataCount |= _locals is not null; // the reference only looks at function bodies
                break;
            case Immediate.TypeElem:
                w.U32(_m.Types.Resolve(c.ExpectIndex("a type index")));
                w.U32(_m.Elems.Resolve(c.ExpectIndex("an element segment index")));
                break;
            case Immediate.TypeType:
                w.U32(_m.Types.Resolve(c.ExpectIndex("a type index")));
                w.U32(_m.Types.Resolve(c.ExpectIndex("a type index")));
                break;
            case Immediate.RefType:
            {
                var (nullable, heap) = RefType(c);
                w.HeapType(heap);
                return nullable ? code + 1 : code;
            }
            case Immediate.BrOnCast:
            {
                var label = LabelDepth(c.ExpectIndex("a label"));
                var (fromNullable, fromHeap) = RefType(c);
                var (toNullable, toHeap) = RefType(c);
                w.Byte((byte)((fromNullable ? 1 : 0) | (toNullable ? 2 : 0)));
                w.U32(label);
                w.HeapType(fromHeap);
                w.HeapType(toHeap);
                break;
            }
            case Immediate.Tag:
                w.U32(_m.Tags.Resolve(c.ExpectIndex("a tag index")));
                break;
            case Immediate.Table:
                w.U32(c.TakeIndex() is { } t ? _m.Tables.Resolve(t) : 0);
                break;
            case Immediate.TableInit:
            {
                var first = c.ExpectIndex("an element segment index");
                var second = c.TakeIndex();
                w.U32(_m.Elems.Resolve(second ?? first));
                w.U32(second is null ? 0 : _m.Tables.Resolve(first));
                break;
            }
            case Immediate.TableCopy:
            {
                var dst = c.TakeIndex();
                var src = dst is null ? null : c.ExpectIndex("a source table index");
                w.U32(dst is null ? 0 : _m.Tables.Resolve(dst));
                w.U32(src is null ? 0 : _m.Tables.Resolve(src));
                break;
            }
            case Immediate.Elem:
                w.U32(_m.Elems.Resolve(c.ExpectIndex("an element segment index")));
                break;
            case Immediate.Memory:
                w.U32(c.TakeIndex() is { } m ? _m.Memories.Resolve(m) : 0);
                break;
            case Immediate.MemoryInit:
            {
                var first = c.ExpectIndex("a data segment index");
                var second = c.TakeIndex();
                w.U32(_m.Datas.Resolve(second ?? first));
                w.U32(second is null ? 0 : _m.Memories.Resolve(first));
                UsesDataCount |= _locals is not null; // the reference only looks at function bodies
                break;
            }
            case Immediate.MemoryCopy:
            {
                var dst = c.TakeIndex();
                var src = dst is null ? null : c.ExpectIndex("a source memory index");
                w.U32(dst is null ? 0 : _m.Memories.Resolve(dst));
                w.U32(src is null ? 0 : _m.Memories.Resolve(src));
                break;
            }
            case Immediate.Data:
                w.U32(_m.Datas.Resolve(c.ExpectIndex("a data segment index")));
                UsesDataCount |= _locals is not null; // the reference only looks at function bodies
                break;
            case Immediate.MemArg:
                MemArg(op, c, c.TakeIndex(), w);
                break;
            case Immediate.MemArgLane:
            {
                // `memidx? memarg lane`: a leading integer is the memory only when a memarg or the lane follows.
                WatAtom? memory = null;
                if (c.PeekKind(WatAtomKind.Id) || (c.PeekKind(WatAtomKind.Integer) && (c.PeekKind(WatAtomKind.Integer, 1) || IsMemArgKeyword(c.Peek(1)))))
                    memory = (WatAtom)c.Next();
                MemArg(op, c, memory, w);
                w.Byte(LaneIndex(c));
                break;
            }
            case Immediate.Lane:
                w.Byte(LaneIndex(c));
                break;
            case Immediate.Shuffle:
                for (int i = 0; i < 16; i++)
                {
                    if (c.Peek() is WatAtom { Kind: WatAtomKind.Float } f) throw f.Error("i8 constant out of range: lane indices are integers");
                    if (c.Peek() is not WatAtom { Kind: WatAtomKind.Integer } lane) throw c.Error("invalid lane length: i8x16.shuffle takes 16 lane indices");
                    if (lane.Text[0] == '-' || lane.Text[0] == '+') throw lane.Error("i8 constant out of range: lane indices are unsigned");
                    w.Byte(LaneIndex(c));
                }
                if (c.PeekKind(WatAtomKind.Integer)) throw c.Error("invalid lane length: i8x16.shuffle takes 16 lane indices");
                break;
            case Immediate.I32:
                w.S32(WatNumbers.ParseI32(Number(c, "an i32")));
                break;
            case Immediate.I64:
                w.S64(WatNumbers.ParseI64(Number(c, "an i64")));
                break;
            case Immediate.F32:
                w.FixedU32(WatNumbers.ParseF32Bits(Number(c, "an f32")));
                break;
            case Immediate.F64:
                w.FixedU64(WatNumbers.ParseF64Bits(Number(c, "an f64")));
                break;
            case Immediate.V128:
                V128Const(c, w);
                break;
            case Immediate.HeapType:
            {
                var heap = c.Next();
                if (heap is WatAtom { Kind: WatAtomKind.Keyword } h && ValueTypes.TryParseHeapKeyword(h.Text, out int abstractHeap)) w.HeapType(abstractHeap);
                else if (heap is WatAtom { Kind: WatAtomKind.Id or WatAtomKind.Integer } index) w.S64(_m.Types.Resolve(index));
                else throw heap.Error("expected a heap type");
                break;
            }
            case Immediate.Select:
            {
                if (!c.PeekList("result")) break;
                var types = new List<ValueType>();
                while (c.TakeList("result") is { } r)
                {
                    var rc = new CoreCursor(r);
                    while (!rc.AtEnd) types.Add(CoreModuleParser.ValType(rc.Next(), _m.Types));
                }
                w.U32((uint)types.Count);
                foreach (var type in types) w.ValueType(type);
                return 0x1C;
            }
            default:
                throw op.Error($"unexpected instruction `{op.Text}`");
        }
        return code;
    }

    /// <summary>A reference type operand: its nullability and heap type.</summary>
    private (bool Nullable, int Heap) RefType(CoreCursor c)
    {
        var node = c.Peek() ?? throw c.Error("expected a reference type");
        if (!CoreModuleParser.IsRefType(node)) throw c.Unexpected("a reference type");
        c.Pos++;
        var type = CoreModuleParser.ValType(node, _m.Types);
        return (type.IsNullable(), type.HeapOf());
    }

    private static bool IsMemArgKeyword(WatNode? node) =>
        node is WatAtom { Kind: WatAtomKind.Keyword } k && (k.Text.StartsWith("offset=", System.StringComparison.Ordinal) || k.Text.StartsWith("align=", System.StringComparison.Ordinal));

    private static WatAtom Number(CoreCursor c, string what)
    {
        if (c.Peek() is WatAtom { Kind: WatAtomKind.Integer or WatAtomKind.Float } a)
        {
            c.Pos++;
            return a;
        }
        if (c.Peek() is WatAtom { Kind: WatAtomKind.Keyword } k && k.Text.StartsWith("nan:", System.StringComparison.Ordinal))
            throw k.Error($"unexpected token {k.Text}: only assertions may use it");
        throw c.Unexpected(what);
    }

    private static byte LaneIndex(CoreCursor c)
    {
        if (c.Peek() is not WatAtom { Kind: WatAtomKind.Integer } a || a.Text[0] == '-' || a.Text[0] == '+')
            throw c.Error("unexpected token, expected a lane index");
        c.Pos++;
        if (!WatNumbers.TryParseUnsigned(a.Text, 8, out ulong lane)) throw a.Error("i8 constant out of range: malformed lane index");
        return (byte)lane;
    }

    /// <summary><c>offset=</c> and <c>align=</c> after an optional memory index.</summary>
    private void MemArg(WatAtom op, CoreCursor c, WatAtom? memory, WasmWriter w)
    {
        ulong offset = 0;
        ulong align = WitBindgen.CoreWasm.Modules.Immediates.NaturalAlignment(op.Text);
        if (c.Peek() is WatAtom { Kind: WatAtomKind.Keyword } o && o.Text.StartsWith("offset=", System.StringComparison.Ordinal))
        {
            c.Pos++;
            if (!WatNumbers.TryParseUnsigned(o.Text.Substring(7), 64, out offset)) throw o.Error($"unknown operator `{o.Text}`: malformed offset");
        }
        if (c.Peek() is WatAtom { Kind: WatAtomKind.Keyword } a && a.Text.StartsWith("align=", System.StringComparison.Ordinal))
        {
            c.Pos++;
            if (!WatNumbers.TryParseUnsigned(a.Text.Substring(6), 64, out ulong value)) throw a.Error($"unknown operator `{a.Text}`: malformed alignment");
            if (value == 0 || (value & (value - 1)) != 0) throw a.Error("alignment must be a power of two");
            align = value;
        }
        uint flags = 0;
        while ((1UL << (int)flags) < align) flags++;
        uint memoryIndex = memory is null ? 0 : _m.Memories.Resolve(memory);
        if (memoryIndex != 0)
        {
            w.U32(flags | 0x40);
            w.U32(memoryIndex);
        }
        else w.U32(flags);
        w.U64(offset);
    }

    private static void V128Const(CoreCursor c, WasmWriter w)
    {
        if (c.Peek() is not WatAtom { Kind: WatAtomKind.Keyword } shape) throw c.Error("unexpected token, expected a vector shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2)");
        c.Pos++;
        switch (shape.Text)
        {
            case "i8x16": IntLanes(c, w, 16, 8); break;
            case "i16x8": IntLanes(c, w, 8, 16); break;
            case "i32x4": IntLanes(c, w, 4, 32); break;
            case "i64x2": IntLanes(c, w, 2, 64); break;
            case "f32x4":
                for (int i = 0; i < 4; i++) w.FixedU32(WatNumbers.ParseF32Bits(FloatLane(c, 4)));
                break;
            case "f64x2":
                for (int i = 0; i < 2; i++) w.FixedU64(WatNumbers.ParseF64Bits(FloatLane(c, 2)));
                break;
            default:
                throw shape.Error("unknown vector shape");
        }
        if (c.PeekKind(WatAtomKind.Integer) || c.PeekKind(WatAtomKind.Float)) throw c.Error("wrong number of lane literals");
    }

    private static WatAtom FloatLane(CoreCursor c, int lanes)
    {
        if (c.AtEnd || c.Peek() is WatList) throw c.Error($"wrong number of lane literals: expected {lanes}");
        return Number(c, "a float lane");
    }

    private static void IntLanes(CoreCursor c, WasmWriter w, int lanes, int bits)
    {
        for (int i = 0; i < lanes; i++)
        {
            if (c.Peek() is not WatAtom { Kind: WatAtomKind.Integer } a)
                throw c.AtEnd || c.Peek() is WatList ? c.Error($"wrong number of lane literals: expected {lanes}") : c.Unexpected("an integer lane");
            c.Pos++;
            if (!WatNumbers.TryParseInt(a.Text, bits, out ulong value)) throw a.Error("constant out of range");
            for (int b = 0; b < bits / 8; b++) w.Byte((byte)(value >> (8 * b)));
        }
    }
}

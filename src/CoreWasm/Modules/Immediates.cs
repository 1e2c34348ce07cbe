namespace WitBindgen.CoreWasm.Modules;

/// <summary>The shape of an instruction's immediates in the text format.</summary>
internal enum Immediate
{
    None,
    Block,          // block, loop, if, try_table: label? blocktype (try_table: then its catch clauses)
    Else,
    End,
    Label,          // br, br_if
    BrTable,
    Func,           // call, return_call, ref.func
    CallIndirect,   // tableidx? typeuse
    Local,
    Global,
    Table,          // table.get/set/size/grow/fill: tableidx?
    TableInit,      // tableidx? elemidx
    TableCopy,      // (tableidx tableidx)?
    Elem,           // elem.drop
    Memory,         // memory.size/grow/fill: memidx?
    MemoryInit,     // memidx? dataidx
    MemoryCopy,     // (memidx memidx)?
    Data,           // data.drop
    MemArg,         // memidx? offset=? align=?
    MemArgLane,     // memidx? offset=? align=? laneidx
    Lane,           // laneidx
    Shuffle,        // 16 lane indices
    I32,
    I64,
    F32,
    F64,
    V128,
    HeapType,       // ref.null
    Select,         // (result t)*
    Tag,            // throw
    Type,           // call_ref, return_call_ref, struct.new, array.new, ...
    TypeField,      // struct.get/set: typeidx fieldidx
    TypeCount,      // array.new_fixed: typeidx u32
    TypeData,       // array.new_data, array.init_data
    TypeElem,       // array.new_elem, array.init_elem
    TypeType,       // array.copy
    RefType,        // ref.test, ref.cast
    BrOnCast,       // label reftype reftype
}

/// <summary>Immediate shapes and natural alignments, derived from instruction names (part of <see cref="OpCodeTable"/>).</summary>
internal static class Immediates
{
    public static Immediate Of(string name)
    {
        switch (name)
        {
            case "block": case "loop": case "if": case "try_table": return Immediate.Block;
            case "else": return Immediate.Else;
            case "end": return Immediate.End;
            case "br": case "br_if": return Immediate.Label;
            case "br_table": return Immediate.BrTable;
            case "call": case "return_call": case "ref.func": return Immediate.Func;
            case "call_indirect": case "return_call_indirect": return Immediate.CallIndirect;
            case "local.get": case "local.set": case "local.tee": return Immediate.Local;
            case "global.get": case "global.set": return Immediate.Global;
            case "table.get": case "table.set": case "table.size": case "table.grow": case "table.fill": return Immediate.Table;
            case "table.init": return Immediate.TableInit;
            case "table.copy": return Immediate.TableCopy;
            case "elem.drop": return Immediate.Elem;
            case "memory.size": case "memory.grow": case "memory.fill": return Immediate.Memory;
            case "memory.init": return Immediate.MemoryInit;
            case "memory.copy": return Immediate.MemoryCopy;
            case "data.drop": return Immediate.Data;
            case "i32.const": return Immediate.I32;
            case "i64.const": return Immediate.I64;
            case "f32.const": return Immediate.F32;
            case "f64.const": return Immediate.F64;
            case "v128.const": return Immediate.V128;
            case "ref.null": return Immediate.HeapType;
            case "select": return Immediate.Select;
            case "i8x16.shuffle": return Immediate.Shuffle;
            case "throw": return Immediate.Tag;
            case "call_ref": case "return_call_ref": return Immediate.Type;
            case "struct.new": case "struct.new_default": case "array.new": case "array.new_default": case "array.get":
            case "array.get_s": case "array.get_u": case "array.set": case "array.fill":
                return Immediate.Type;
            case "struct.get": case "struct.get_s": case "struct.get_u": case "struct.set": return Immediate.TypeField;
            case "array.new_fixed": return Immediate.TypeCount;
            case "array.new_data": case "array.init_data": return Immediate.TypeData;
            case "array.new_elem": case "array.init_elem": return Immediate.TypeElem;
            case "array.copy": return Immediate.TypeType;
            case "ref.test": case "ref.cast": return Immediate.RefType;
            case "br_on_cast": case "br_on_cast_fail": return Immediate.BrOnCast;
            case "br_on_null": case "br_on_non_null": return Immediate.Label;
        }
        if (name.IndexOf("_lane", System.StringComparison.Ordinal) >= 0 && name.IndexOf("laneselect", System.StringComparison.Ordinal) < 0)
            return name.StartsWith("v128.", System.StringComparison.Ordinal) ? Immediate.MemArgLane : Immediate.Lane;
        if (name.IndexOf(".load", System.StringComparison.Ordinal) >= 0 || name.IndexOf(".store", System.StringComparison.Ordinal) >= 0)
            return Immediate.MemArg;
        return Immediate.None;
    }

    /// <summary>The natural alignment in bytes of a memory instruction (the default of <c>align=</c>).</summary>
    public static uint NaturalAlignment(string name)
    {
        int dot = name.IndexOf('.');
        string type = name.Substring(0, dot);
        string op = name.Substring(dot + 1);
        // Explicit access widths: load8/store16/load32_zero/load64_splat/load8_lane, v128.load8x8_s (8 bytes).
        if (op.StartsWith("load8x8", System.StringComparison.Ordinal) || op.StartsWith("load16x4", System.StringComparison.Ordinal) || op.StartsWith("load32x2", System.StringComparison.Ordinal)) return 8;
        foreach (var (width, bytes) in new[] { ("8", 1u), ("16", 2u), ("32", 4u), ("64", 8u) })
        {
            if (op == "load" + width || op == "store" + width || op.StartsWith("load" + width + "_", System.StringComparison.Ordinal) || op.StartsWith("store" + width + "_", System.StringComparison.Ordinal))
                return bytes;
        }
        return type switch
        {
            "i32" or "f32" => 4,
            "i64" or "f64" => 8,
            _ => 16,
        };
    }
}

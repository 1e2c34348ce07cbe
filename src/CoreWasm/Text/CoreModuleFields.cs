using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.CoreWasm.Text;

/// <summary>
/// A reference to an index: written in the text (<see cref="Atom"/>, an integer or <c>$id</c>) or
/// synthesised by an abbreviation (<see cref="Fixed"/>, e.g. an inline export of the item itself).
/// </summary>
internal readonly struct CoreRef
{
    public CoreRef(WatAtom atom)
    {
        Atom = atom;
        Fixed = 0;
    }

    public CoreRef(uint index)
    {
        Atom = null;
        Fixed = index;
    }

    public WatAtom? Atom { get; }
    public uint Fixed { get; }
}

/// <summary>The external kinds of imports and exports, by their binary code.</summary>
internal enum CoreExternKind : byte
{
    Func = 0,
    Table = 1,
    Memory = 2,
    Global = 3,
    Tag = 4,
}

/// <summary>A parameter with its optional id.</summary>
internal readonly struct CoreParam
{
    public CoreParam(WatAtom? id, ValueType type)
    {
        Id = id;
        Type = type;
    }

    public WatAtom? Id { get; }
    public ValueType Type { get; }
}

/// <summary><c>(type x)? (param ...)* (result ...)*</c> as written; resolved to a type index later.</summary>
internal sealed class CoreTypeUse
{
    public CoreTypeUse(WatNode at) => At = at;

    public WatNode At { get; }
    public WatAtom? TypeRef { get; set; }
    public List<CoreParam> Params { get; } = new();
    public List<ValueType> Results { get; } = new();
    public bool HasInline => Params.Count > 0 || Results.Count > 0;
}

/// <summary>Table/memory limits.</summary>
internal sealed class CoreLimits
{
    public bool Is64 { get; set; }
    public ulong Min { get; set; }
    public ulong? Max { get; set; }
    public bool Shared { get; set; }

    /// <summary>Flags byte then min and max.</summary>
    public void Encode(WasmWriter w)
    {
        byte flags = 0;
        if (Max.HasValue) flags |= 0x01;
        if (Shared) flags |= 0x02;
        if (Is64) flags |= 0x04;
        w.Byte(flags);
        w.U64(Min);
        if (Max.HasValue) w.U64(Max.Value);
    }
}

internal sealed class CoreTableType
{
    public CoreTableType(CoreLimits limits, ValueType element)
    {
        Limits = limits;
        Element = element;
    }

    public CoreLimits Limits { get; }
    public ValueType Element { get; }

    public void Encode(WasmWriter w)
    {
        w.ValueType(Element);
        Limits.Encode(w);
    }
}

internal sealed class CoreGlobalType
{
    public CoreGlobalType(ValueType type, bool mutable)
    {
        Type = type;
        Mutable = mutable;
    }

    public ValueType Type { get; }
    public bool Mutable { get; }

    public void Encode(WasmWriter w)
    {
        w.ValueType(Type);
        w.Byte(Mutable ? (byte)1 : (byte)0);
    }
}

/// <summary>
/// An expression as written: the instruction nodes from <c>Owner.Items[Start]</c> to the end of the list,
/// encoded later once every index is known; or instructions an abbreviation synthesised, already encoded
/// (without the final end).
/// </summary>
internal sealed class CoreExpr
{
    public CoreExpr(WatList owner, int start)
    {
        Owner = owner;
        Start = start;
    }

    private CoreExpr(WatList owner, byte[] encoded)
    {
        Owner = owner;
        Encoded = encoded;
    }

    /// <summary>A single folded instruction, used as a whole expression.</summary>
    public static CoreExpr Single(WatList instruction) =>
        new(new WatList(instruction.Span, new WatNode[] { instruction }, instruction.End), 0);

    /// <summary><c>i32.const 0</c> or <c>i64.const 0</c>: the offset of inline data and element segments.</summary>
    public static CoreExpr Zero(WatList at, bool is64) => new(at, new byte[] { is64 ? (byte)0x42 : (byte)0x41, 0 });

    public WatList Owner { get; }
    public int Start { get; }
    public byte[]? Encoded { get; }
}

internal abstract class CoreField
{
    protected CoreField(WatList node) => Node = node;

    public WatList Node { get; }
}

/// <summary>A <c>type</c> or <c>rec</c> field (its definition lives in <see cref="CoreModule.TypeGroups"/>).</summary>
internal sealed class CoreTypeField : CoreField
{
    public CoreTypeField(WatList node) : base(node)
    {
    }
}

internal sealed class CoreImportField : CoreField
{
    public CoreImportField(WatList node, byte[] module, byte[] name, CoreExternKind kind) : base(node)
    {
        Module = module;
        Name = name;
        Kind = kind;
    }

    public byte[] Module { get; }
    public byte[] Name { get; }
    public CoreExternKind Kind { get; }
    public CoreTypeUse? Func { get; set; }
    public CoreTableType? Table { get; set; }
    public CoreLimits? Memory { get; set; }
    public CoreGlobalType? Global { get; set; }
    public CoreTypeUse? Tag { get; set; }
}

internal sealed class CoreTagField : CoreField
{
    public CoreTagField(WatList node, CoreTypeUse type) : base(node) => Type = type;

    public CoreTypeUse Type { get; }
}

internal sealed class CoreFuncField : CoreField
{
    public CoreFuncField(WatList node, CoreTypeUse type) : base(node) => Type = type;

    public CoreTypeUse Type { get; }
    public List<CoreParam> Locals { get; } = new();
    public int BodyStart { get; set; }
}

internal sealed class CoreTableField : CoreField
{
    public CoreTableField(WatList node, CoreTableType type) : base(node) => Type = type;

    public CoreTableType Type { get; }
    public CoreExpr? Init { get; set; }
}

internal sealed class CoreMemoryField : CoreField
{
    public CoreMemoryField(WatList node, CoreLimits limits) : base(node) => Limits = limits;

    public CoreLimits Limits { get; }
}

internal sealed class CoreGlobalField : CoreField
{
    public CoreGlobalField(WatList node, CoreGlobalType type, CoreExpr init) : base(node)
    {
        Type = type;
        Init = init;
    }

    public CoreGlobalType Type { get; }
    public CoreExpr Init { get; }
}

internal sealed class CoreExportField : CoreField
{
    public CoreExportField(WatList node, byte[] name, CoreExternKind kind, CoreRef item) : base(node)
    {
        Name = name;
        Kind = kind;
        Item = item;
    }

    public byte[] Name { get; }
    public CoreExternKind Kind { get; }
    public CoreRef Item { get; }
}

internal sealed class CoreStartField : CoreField
{
    public CoreStartField(WatList node, WatAtom func) : base(node) => Func = func;

    public WatAtom Func { get; }
}

internal enum CoreSegmentMode
{
    Active,
    Passive,
    Declarative,
}

internal sealed class CoreElemField : CoreField
{
    public CoreElemField(WatList node, CoreSegmentMode mode, ValueType type) : base(node)
    {
        Mode = mode;
        Type = type;
    }

    public CoreSegmentMode Mode { get; }
    public ValueType Type { get; }
    /// <summary>Null when the table was omitted (the short encodings 0 and 4).</summary>
    public CoreRef? Table { get; set; }
    public CoreExpr? Offset { get; set; }
    /// <summary>The <c>func idx*</c> form (encodings 0-3 unless <see cref="IndicesAsExprs"/>); otherwise <see cref="Exprs"/>.</summary>
    public List<WatAtom>? FuncIndices { get; set; }
    /// <summary>Function indices of a non-funcref table's inline segment, encoded as <c>ref.func</c> expressions.</summary>
    public bool IndicesAsExprs { get; set; }
    public List<CoreExpr>? Exprs { get; set; }
}

internal sealed class CoreDataField : CoreField
{
    public CoreDataField(WatList node, CoreSegmentMode mode, List<byte[]> bytes) : base(node)
    {
        Mode = mode;
        Bytes = bytes;
    }

    public CoreSegmentMode Mode { get; }
    public List<byte[]> Bytes { get; }
    public CoreRef Memory { get; set; }
    public CoreExpr? Offset { get; set; }
}

internal sealed class CoreCustomField : CoreField
{
    public CoreCustomField(WatList node, byte[] name, string place, byte[] contents) : base(node)
    {
        Name = name;
        Place = place;
        Contents = contents;
    }

    public byte[] Name { get; }
    /// <summary>"before first", "after type", ... "after last" (the default).</summary>
    public string Place { get; }
    public byte[] Contents { get; }
}

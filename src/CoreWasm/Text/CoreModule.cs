using System.Collections.Generic;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.CoreWasm.Text;

/// <summary>A parsed module: its fields in source order (abbreviations expanded) and its index spaces.</summary>
internal sealed class CoreModule
{
    public CoreModule(WatList node) => Node = node;

    public WatList Node { get; }
    public WatAtom? Id { get; set; }
    public List<CoreField> Fields { get; } = new();
    /// <summary>Explicit type definitions: one entry per <c>type</c> field or <c>rec</c> group.</summary>
    public List<CoreTypeGroup> TypeGroups { get; } = new();
    /// <summary>Field ids of struct types, by type index.</summary>
    public Dictionary<uint, CoreIndexSpace> StructFields { get; } = new();
    /// <summary>Field ids of struct types defined outside rec groups (for the name section).</summary>
    public List<(uint Type, List<string?> Names)> FieldNames { get; } = new();
    /// <summary>Parameter ids of explicit function types that name any (for the name section).</summary>
    public List<(uint Type, List<string?> Names)> TypeParamNames { get; } = new();

    public CoreIndexSpace Types { get; } = new("type");
    public CoreIndexSpace Funcs { get; } = new("func");
    public CoreIndexSpace Tables { get; } = new("table");
    public CoreIndexSpace Memories { get; } = new("memory");
    public CoreIndexSpace Globals { get; } = new("global");
    public CoreIndexSpace Elems { get; } = new("elem");
    public CoreIndexSpace Datas { get; } = new("data");
    public CoreIndexSpace Tags { get; } = new("tag");
}

/// <summary>One entry of the type section: a type or a rec group, encoded, with the function signatures it defines.</summary>
internal sealed class CoreTypeGroup
{
    public CoreTypeGroup(byte[] encoded, List<CoreFuncType?> signatures, bool isRec)
    {
        Encoded = encoded;
        Signatures = signatures;
        IsRec = isRec;
    }

    public byte[] Encoded { get; }
    /// <summary>Per type of the group: its signature when it is a function type, else null.</summary>
    public List<CoreFuncType?> Signatures { get; }
    public bool IsRec { get; }
}

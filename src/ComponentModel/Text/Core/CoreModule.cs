using System.Collections.Generic;
using WitBindgen.ComponentModel.Text.Syntax;

namespace WitBindgen.ComponentModel.Text.Core;

/// <summary>A parsed module: its fields in source order (abbreviations expanded) and its index spaces.</summary>
internal sealed class CoreModule
{
    public CoreModule(WatList node) => Node = node;

    public WatList Node { get; }
    public WatAtom? Id { get; set; }
    public List<CoreField> Fields { get; } = new();
    /// <summary>Explicit type definitions, by type index.</summary>
    public List<CoreFuncType> TypeDefs { get; } = new();
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

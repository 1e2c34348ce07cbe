namespace WitBindgen.CoreWasm.Modules;

/// <summary>An import. Exactly one of the kind-specific members is meaningful, per <see cref="Kind"/>.</summary>
internal sealed class Import
{
    /// <summary>Creates an import.</summary>
    public Import(string module, string name, ExternalKind kind, uint functionTypeIndex, TableType? table, MemoryType? memory, GlobalType? global)
    {
        Module = module;
        Name = name;
        Kind = kind;
        FunctionTypeIndex = functionTypeIndex;
        Table = table;
        Memory = memory;
        Global = global;
    }

    /// <summary>Module name.</summary>
    public string Module { get; }

    /// <summary>Item name.</summary>
    public string Name { get; }

    /// <summary>What is imported.</summary>
    public ExternalKind Kind { get; }

    /// <summary>Type index (for functions, and for tags: the index of the tag's function type).</summary>
    public uint FunctionTypeIndex { get; }

    /// <summary>Table type (for tables).</summary>
    public TableType? Table { get; }

    /// <summary>Memory type (for memories).</summary>
    public MemoryType? Memory { get; }

    /// <summary>Global type (for globals).</summary>
    public GlobalType? Global { get; }

    /// <inheritdoc/>
    public override string ToString() => $"import \"{Module}\" \"{Name}\" {Kind}";
}

/// <summary>An export: name, kind and index into that kind's index space.</summary>
internal sealed record Export(string Name, ExternalKind Kind, uint Index);

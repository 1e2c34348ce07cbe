using System.Collections.Generic;
using System.Collections.Immutable;

namespace WitBindgen.CoreWasm.Modules;

/// <summary>A decoded core WebAssembly module (the output of <c>ModuleReader</c>).</summary>
internal sealed class ModuleDefinition
{
    /// <summary>Function types (type section).</summary>
    public ImmutableArray<FunctionType> Types { get; init; } = ImmutableArray<FunctionType>.Empty;

    /// <summary>
    /// The type section's entries with their GC structure (rec groups, sub types, struct and array types); empty when
    /// the module was not read from a binary (every type is then a plain function type, see <see cref="TypeDef"/>).
    /// </summary>
    public ImmutableArray<DefinedType> TypeDefs { get; init; } = ImmutableArray<DefinedType>.Empty;

    /// <summary>The byte offset of the module's first use of GC (a GC type, heap type or instruction), or null
    /// (the engine gives a module using GC iso-recursive type ids).</summary>
    public int? GcUseOffset { get; init; }

    /// <summary>The defined type at a type index.</summary>
    public DefinedType TypeDef(int index) => TypeDefs.Length == Types.Length ? TypeDefs[index] : DefinedType.OfFunction(Types[index], index);

    /// <summary>Imports in order.</summary>
    public ImmutableArray<Import> Imports { get; init; } = ImmutableArray<Import>.Empty;

    /// <summary>Type index per module-defined function (function section).</summary>
    public ImmutableArray<uint> Functions { get; init; } = ImmutableArray<uint>.Empty;

    /// <summary>Module-defined tables.</summary>
    public ImmutableArray<TableType> Tables { get; init; } = ImmutableArray<TableType>.Empty;

    /// <summary>
    /// Per module-defined table: the initializer expression of a table declared with one (binary form
    /// <c>0x40 0x00 tabletype expr</c>, from the function-references proposal), else null (tables start null).
    /// </summary>
    public ImmutableArray<ConstantExpression?> TableInitializers { get; init; } = ImmutableArray<ConstantExpression?>.Empty;

    /// <summary>Module-defined memories.</summary>
    public ImmutableArray<MemoryType> Memories { get; init; } = ImmutableArray<MemoryType>.Empty;

    /// <summary>Module-defined globals.</summary>
    public ImmutableArray<Global> Globals { get; init; } = ImmutableArray<Global>.Empty;

    /// <summary>Exports.</summary>
    public ImmutableArray<Export> Exports { get; init; } = ImmutableArray<Export>.Empty;

    /// <summary>The start function index, if any.</summary>
    public uint? Start { get; init; }

    /// <summary>Element segments.</summary>
    public ImmutableArray<ElementSegment> Elements { get; init; } = ImmutableArray<ElementSegment>.Empty;

    /// <summary>Data segments.</summary>
    public ImmutableArray<DataSegment> Datas { get; init; } = ImmutableArray<DataSegment>.Empty;

    /// <summary>The data count section's value, if present.</summary>
    public uint? DataCount { get; init; }

    /// <summary>Bodies of module-defined functions (same order as <see cref="Functions"/>).</summary>
    public ImmutableArray<FunctionBody> Codes { get; init; } = ImmutableArray<FunctionBody>.Empty;

    /// <summary>The module name from the <c>name</c> custom section, if any.</summary>
    public string? ModuleName { get; init; }

    /// <summary>Function names from the <c>name</c> custom section (whole function index space).</summary>
    public IReadOnlyDictionary<uint, string> FunctionNames { get; init; } = new Dictionary<uint, string>();

    /// <summary>Names and contents of custom sections, in order.</summary>
    public ImmutableArray<CustomSection> CustomSections { get; init; } = ImmutableArray<CustomSection>.Empty;

    /// <summary>Module-defined tags (tag section): the index of each tag's function type.</summary>
    public ImmutableArray<uint> Tags { get; init; } = ImmutableArray<uint>.Empty;

    /// <summary>Imported functions, tables, memories, globals (counted lazily).</summary>
    public int ImportedFunctionCount => CountImports(ExternalKind.Function);

    /// <summary>Number of imported tables.</summary>
    public int ImportedTableCount => CountImports(ExternalKind.Table);

    /// <summary>Number of imported memories.</summary>
    public int ImportedMemoryCount => CountImports(ExternalKind.Memory);

    /// <summary>Number of imported globals.</summary>
    public int ImportedGlobalCount => CountImports(ExternalKind.Global);

    /// <summary>The type index of function <paramref name="functionIndex"/> in the whole function index space.</summary>
    public uint FunctionTypeIndex(int functionIndex)
    {
        foreach (var import in Imports)
        {
            if (import.Kind != ExternalKind.Function) continue;
            if (functionIndex == 0) return import.FunctionTypeIndex;
            functionIndex--;
        }
        return Functions[functionIndex];
    }

    /// <summary>All function type indices of the whole index space (imports first).</summary>
    public ImmutableArray<uint> AllFunctionTypeIndices()
    {
        var builder = ImmutableArray.CreateBuilder<uint>();
        foreach (var import in Imports) if (import.Kind == ExternalKind.Function) builder.Add(import.FunctionTypeIndex);
        builder.AddRange(Functions);
        return builder.ToImmutable();
    }

    /// <summary>All table types of the whole index space (imports first).</summary>
    public ImmutableArray<TableType> AllTables()
    {
        var builder = ImmutableArray.CreateBuilder<TableType>();
        foreach (var import in Imports) if (import.Table is { } t) builder.Add(t);
        builder.AddRange(Tables);
        return builder.ToImmutable();
    }

    /// <summary>All memory types of the whole index space (imports first).</summary>
    public ImmutableArray<MemoryType> AllMemories()
    {
        var builder = ImmutableArray.CreateBuilder<MemoryType>();
        foreach (var import in Imports) if (import.Memory is { } m) builder.Add(m);
        builder.AddRange(Memories);
        return builder.ToImmutable();
    }

    /// <summary>All global types of the whole index space (imports first).</summary>
    public ImmutableArray<GlobalType> AllGlobals()
    {
        var builder = ImmutableArray.CreateBuilder<GlobalType>();
        foreach (var import in Imports) if (import.Global is { } g) builder.Add(g);
        foreach (var global in Globals) builder.Add(global.Type);
        return builder.ToImmutable();
    }

    /// <summary>All tag type indices of the whole index space (imports first).</summary>
    public ImmutableArray<uint> AllTags()
    {
        var builder = ImmutableArray.CreateBuilder<uint>();
        foreach (var import in Imports) if (import.Kind == ExternalKind.Tag) builder.Add(import.FunctionTypeIndex);
        builder.AddRange(Tags);
        return builder.ToImmutable();
    }

    /// <summary>Number of imported tags.</summary>
    public int ImportedTagCount => CountImports(ExternalKind.Tag);

    /// <summary>The signature of a block/loop/if given its encoded block type (<see cref="Instruction.A"/>).</summary>
    public FunctionType BlockSignature(int blockType)
    {
        if (blockType >= 0) return Types[blockType];
        if (blockType == Instruction.BlockTypeEmpty) return FunctionType.Empty;
        var result = blockType < -0x80 ? (ValueType)(blockType & int.MaxValue) : (ValueType)(byte)(blockType & 0x7F);
        return new FunctionType(ImmutableArray<ValueType>.Empty, ImmutableArray.Create(result));
    }

    private int CountImports(ExternalKind kind)
    {
        var n = 0;
        foreach (var import in Imports) if (import.Kind == kind) n++;
        return n;
    }
}

/// <summary>A custom section (name and payload).</summary>
internal sealed record CustomSection(string Name, System.ReadOnlyMemory<byte> Data);

using System.Collections.Generic;
using System.Collections.Immutable;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.CoreWasm.Validation;

/// <summary>The index spaces a module's code is validated against.</summary>
internal sealed class ValidationContext
{
    public ValidationContext(ModuleDefinition module)
    {
        Module = module;
        Types = module.Types;
        Functions = module.AllFunctionTypeIndices();
        Tables = module.AllTables();
        Memories = module.AllMemories();
        Globals = module.AllGlobals();
        Tags = module.AllTags();
        ImportedGlobalCount = module.ImportedGlobalCount;
        ImportedFunctionCount = module.ImportedFunctionCount;
        Subtyping = new Subtyping(module);
    }

    /// <summary>Value subtyping over this module's types.</summary>
    public Subtyping Subtyping { get; }

    public ModuleDefinition Module { get; }

    public ImmutableArray<FunctionType> Types { get; }

    public ImmutableArray<uint> Functions { get; }

    public ImmutableArray<TableType> Tables { get; }

    public ImmutableArray<MemoryType> Memories { get; }

    public ImmutableArray<GlobalType> Globals { get; }

    /// <summary>The type index of every tag (imports first).</summary>
    public ImmutableArray<uint> Tags { get; }

    public int ImportedGlobalCount { get; }

    public int ImportedFunctionCount { get; }

    /// <summary>Functions referenced outside function bodies (C.refs): the only ones ref.func may name in code.</summary>
    public HashSet<uint> DeclaredReferences { get; } = new();

    /// <summary>The struct or array type at a type index ("unknown type", or "non-struct type"/"non-array type" when
    /// it is of another kind).</summary>
    public DefinedType Composite(int index, CompositeKind kind, string where, int offset)
    {
        if (index < 0 || index >= Types.Length) throw new WasmValidationException($"unknown type {index}", where, offset);
        var def = Module.TypeDef(index);
        if (def.Kind != kind) throw new WasmValidationException($"non-{(kind == CompositeKind.Struct ? "struct" : "array")} type {index}", where, offset);
        return def;
    }

    /// <summary>A field created with its default value must have one (not a non-null reference).</summary>
    public void CheckDefaultable(FieldType field, string where, int offset)
    {
        if (!field.Storage.IsDefaultable()) throw new WasmValidationException("field type is not defaultable", where, offset);
    }

    public FunctionType FunctionTypeOf(int functionIndex) => Types[(int)Functions[functionIndex]];
}

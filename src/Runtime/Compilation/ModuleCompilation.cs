using System.Collections.Immutable;
using System.Reflection;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.Runtime.Compilation;

/// <summary>Module-wide facts the function compiler needs (index spaces, method builders).</summary>
internal sealed class ModuleCompilation
{
    public ModuleCompilation(ModuleDefinition definition, bool[] tiered, bool[] resumable, EngineOptions options)
    {
        Tiered = tiered;
        Resumable = resumable;
        ConsumeFuel = options.ConsumeFuel;
        Definition = definition;
        Methods = new MethodInfo?[tiered.Length];
        ImportedFunctionCount = definition.ImportedFunctionCount;
        var types = ImmutableArray.CreateBuilder<FunctionType>();
        foreach (var index in definition.AllFunctionTypeIndices()) types.Add(definition.Types[(int)index]);
        FunctionTypes = types.ToImmutable();
        IsGc = definition.GcUseOffset is not null;
        TypeIds = TypeRegistry.IdsOf(definition);
        GlobalTypes = definition.AllGlobals();
        var tags = ImmutableArray.CreateBuilder<FunctionType>();
        foreach (var index in definition.AllTags()) tags.Add(definition.Types[(int)index]);
        TagTypes = tags.ToImmutable();
        var memories = definition.AllMemories();
        MemoryCount = memories.Length;
        Memory64 = new bool[memories.Length];
        for (var i = 0; i < memories.Length; i++) Memory64[i] = memories[i].Limits.Is64;
        var tables = definition.AllTables();
        Table64 = new bool[tables.Length];
        for (var i = 0; i < tables.Length; i++) Table64[i] = tables[i].Limits.Is64;
    }

    /// <summary>Per memory index: whether it is a 64-bit memory (i64 addresses).</summary>
    public bool[] Memory64 { get; }

    /// <summary>Per table index: whether it is a 64-bit table (i64 indices).</summary>
    public bool[] Table64 { get; }

    public ModuleDefinition Definition { get; }

    /// <summary>Full bodies of the module-defined functions emitted so far (see <see cref="CompiledModule.FullBody"/>);
    /// null for a tiered function that has not got hot, which other bodies call through <see cref="CompiledModule.Entries"/>.</summary>
    public MethodInfo?[] Methods { get; }

    public int ImportedFunctionCount { get; }

    /// <summary>Per module-defined function: whether it starts on a first body (see <see cref="Tiering"/>).</summary>
    public bool[] Tiered { get; }

    /// <summary>Per module-defined function: whether it has a resume body (tiered, with loops; see <see cref="BodyKind.Resume"/>).</summary>
    public bool[] Resumable { get; }

    /// <summary>Type of every tag in the index space (imports first): the payload as parameters.</summary>
    public ImmutableArray<FunctionType> TagTypes { get; }

    /// <summary>Signature of every function in the index space (imports first).</summary>
    public ImmutableArray<FunctionType> FunctionTypes { get; }

    public ImmutableArray<GlobalType> GlobalTypes { get; }

    /// <summary>Canonical id (TypeRegistry) of every type of the module, by type index.</summary>
    public int[] TypeIds { get; }

    /// <summary>Whether the module uses GC (only then may a type have subtypes).</summary>
    public bool IsGc { get; }

    /// <summary>Memories in the index space (imports first).</summary>
    public int MemoryCount { get; }

    public bool HasMemory => MemoryCount > 0;

    /// <summary>Emit fuel metering instead of interrupt polling.</summary>
    public bool ConsumeFuel { get; }
}

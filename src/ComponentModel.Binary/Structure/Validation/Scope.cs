using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>
/// The index spaces of one component or of one component/instance type being declared, holding what each entry is
/// (its type), plus what the scope imports and exports.
/// </summary>
internal sealed class Scope
{
    public Scope(Scope? parent, bool isConcrete, bool isInstanceType = false)
    {
        Parent = parent;
        IsConcrete = isConcrete;
        IsInstanceType = isInstanceType;
    }

    public Scope? Parent { get; }
    /// <summary>A concrete component (as opposed to a component or instance type).</summary>
    public bool IsConcrete { get; }
    public bool IsInstanceType { get; }

    public List<CType> Types { get; } = new();
    public List<CType> CoreTypes { get; } = new();
    public List<FuncSig> Funcs { get; } = new();
    public List<InstanceSig> Instances { get; } = new();
    public List<ComponentSig> Components { get; } = new();
    public List<ModuleSig?> Modules { get; } = new();
    public List<DefType> Values { get; } = new();
    /// <summary>Whether each value was consumed (values are linear: used exactly once in a concrete component).</summary>
    public List<bool> ValueUsed { get; } = new();
    public List<CoreItem> CoreFuncs { get; } = new();
    public List<CoreItem> CoreTables { get; } = new();
    public List<CoreItem> CoreMemories { get; } = new();
    public List<CoreItem> CoreGlobals { get; } = new();
    public List<CoreItem> CoreTags { get; } = new();
    /// <summary>Exports of each core instance; null when the instantiated module could not be summarized.</summary>
    public List<Dictionary<string, CoreItem>?> CoreInstances { get; } = new();

    public List<(string Name, Extern Item)> Imports { get; } = new();
    public List<(string Name, Extern Item)> Exports { get; } = new();
    public List<ResourceId> ImportedResources { get; } = new();
    public List<ResourceId> DefinedResources { get; } = new();

    /// <summary>Types and resource ids an import may refer to (those imported before).</summary>
    public HashSet<object> ImportNamed { get; } = new();
    /// <summary>Types and resource ids an export may refer to (those imported or exported before).</summary>
    public HashSet<object> ExportNamed { get; } = new();

    /// <summary>The root-level names of resources, by exact id, as imported or exported (for annotated names).</summary>
    public Dictionary<ResourceId, string> ImportResourceNames { get; } = new();
    public Dictionary<ResourceId, string> ExportResourceNames { get; } = new();

    /// <summary>Instances imported or exported here: aliasing a type out of one of them names it.</summary>
    public HashSet<InstanceSig> NamedInstances { get; } = new();

    public NameSet ImportNames { get; } = new();
    public NameSet ExportNames { get; } = new();
}

using System.Collections.Generic;
using WitBindgen.Runtime.Execution;

namespace WitBindgen.Runtime;

/// <summary>An instantiated module: its exports.</summary>
public sealed class Instance
{
    private readonly Dictionary<string, Extern> _exports;

    internal Instance(Module module, InstanceContext context, Dictionary<string, Extern> exports)
    {
        Module = module;
        Context = context;
        _exports = exports;
    }

    /// <summary>The module this is an instance of.</summary>
    public Module Module { get; }

    internal InstanceContext Context { get; }

    /// <summary>All exports by name.</summary>
    public IReadOnlyDictionary<string, Extern> Exports => _exports;

    /// <summary>An export of any kind, or null.</summary>
    public Extern? GetExport(string name) => _exports.TryGetValue(name, out var item) ? item : null;

    /// <summary>An exported function, or null.</summary>
    public Function? GetFunction(string name) => GetExport(name) as Function;

    /// <summary>An exported memory, or null.</summary>
    public Memory? GetMemory(string name) => GetExport(name) as Memory;

    /// <summary>An exported global, or null.</summary>
    public Global? GetGlobal(string name) => GetExport(name) as Global;

    /// <summary>An exported table, or null.</summary>
    public Table? GetTable(string name) => GetExport(name) as Table;
}

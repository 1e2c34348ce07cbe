using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.Runtime.Execution;

namespace WitBindgen.Runtime;

/// <summary>An instantiated module: its exports.</summary>
public sealed class Instance
{
    private Dictionary<string, Extern>? _exports;

    internal Instance(Module module, InstanceContext context)
    {
        Module = module;
        Context = context;
    }

    /// <summary>The module this is an instance of.</summary>
    public Module Module { get; }

    internal InstanceContext Context { get; }

    /// <summary>All exports by name.</summary>
    public IReadOnlyDictionary<string, Extern> Exports => _exports ??= AllExports();

    /// <summary>An export of any kind, or null.</summary>
    public Extern? GetExport(string name) => TryGetExport(name, out var item) ? item : null;

    /// <summary>An export by name, resolved through the module's export index (no dictionary per instance).</summary>
    internal bool TryGetExport(string name, [MaybeNullWhen(false)] out Extern item)
    {
        if (Module.ExportIndex.TryGetValue(name, out var position))
        {
            item = Export(position);
            return true;
        }
        item = null;
        return false;
    }

    /// <summary>An exported function, or null.</summary>
    public Function? GetFunction(string name) => GetExport(name) as Function;

    /// <summary>An exported memory, or null.</summary>
    public Memory? GetMemory(string name) => GetExport(name) as Memory;

    /// <summary>An exported global, or null.</summary>
    public Global? GetGlobal(string name) => GetExport(name) as Global;

    /// <summary>An exported table, or null.</summary>
    public Table? GetTable(string name) => GetExport(name) as Table;

    private Dictionary<string, Extern> AllExports()
    {
        var exports = Module.Definition.Exports;
        var all = new Dictionary<string, Extern>(exports.Length, System.StringComparer.Ordinal);
        for (var i = 0; i < exports.Length; i++) all[exports[i].Name] = Export(i);
        return all;
    }

    /// <summary>Export <paramref name="position"/>; a host function imported and re-exported is the host's own (not the copy bound to this instance).</summary>
    private Extern Export(int position)
    {
        var export = Module.Definition.Exports[position];
        var index = (int)export.Index;
        return export.Kind switch
        {
            ExternalKind.Function => Context.Functions[index] is { Original: { } original } ? original : Context.Functions[index],
            ExternalKind.Table => Context.Tables[index],
            ExternalKind.Memory => Context.Memories[index],
            ExternalKind.Tag => Context.Tags[index],
            _ => Context.Globals[index],
        };
    }
}

using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Types;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>
/// Which canonical options a lifted or lowered function cannot do without (wit-component's <c>RequiredOptions</c>):
/// a memory when any value travels through linear memory (strings, lists, spilled parameters, a return area), a
/// realloc when the callee side of the call must allocate (lift: parameters in memory; lower: results in memory).
/// Found from the WIT function of the embedded world; unknown functions require nothing (validation decides).
/// </summary>
internal readonly record struct AbiRequirements(bool Memory, bool Realloc)
{
    public static readonly AbiRequirements None = new(false, false);

    public static AbiRequirements ForLift(Resolve resolve, Function function) => Of(resolve, function, lift: true);

    public static AbiRequirements ForLower(Resolve resolve, Function function) => Of(resolve, function, lift: false);

    private static AbiRequirements Of(Resolve resolve, Function function, bool lift)
    {
        FunctionAbiPlan plan;
        try { plan = FunctionAbiPlan.FromWit(new ValTypeBuilder(resolve), function); }
        catch (ArgumentException) { return None; }
        bool paramsInMemory = plan.ParamsIndirect;
        foreach (var p in plan.Params) paramsInMemory |= p.NeedsMemory;
        bool resultInMemory = plan.ResultIndirect || (plan.Result?.NeedsMemory ?? false);
        bool memory = paramsInMemory || resultInMemory;
        // Async functions pass parameters and results through memory in ways this check does not model.
        if (function.Kind is FunctionKind.AsyncFreestanding or FunctionKind.AsyncMethod or FunctionKind.AsyncStatic) return None;
        return new AbiRequirements(memory, lift ? paramsInMemory : (plan.Result?.NeedsMemory ?? false));
    }

    /// <summary>The WIT function a world exports as <paramref name="exportName"/> (with <paramref name="function"/> inside an interface).</summary>
    public static (Resolve Resolve, Function Function)? FindExport(IReadOnlyList<EmbeddedWorld> worlds, string exportName, string? function) =>
        Find(worlds, exportName, function, exports: true);

    /// <summary>The WIT function behind a core import: module <paramref name="module"/> (an interface or <c>$root</c>), name <paramref name="name"/>.</summary>
    public static (Resolve Resolve, Function Function)? FindImport(IReadOnlyList<EmbeddedWorld> worlds, string module, string name) =>
        module == "$root" ? Find(worlds, name, null, exports: false) : Find(worlds, module, name, exports: false);

    private static (Resolve, Function)? Find(IReadOnlyList<EmbeddedWorld> worlds, string itemName, string? function, bool exports)
    {
        foreach (var w in worlds)
        {
            var world = w.Resolve.Worlds[w.World];
            foreach (var entry in exports ? world.Exports : world.Imports)
            {
                string name;
                try { name = WitTypeEncoder.KeyName(w.Resolve, entry.Key); }
                catch (WitEncodingException) { continue; }
                if (name != itemName && (WorldImports.CompatibleKey(name) is not { } key || key != WorldImports.CompatibleKey(itemName))) continue;
                switch (entry.Value)
                {
                    case FunctionWorldItem f when function is null:
                        return (w.Resolve, f.Function);
                    case InterfaceWorldItem i when function is not null
                        && w.Resolve.Interfaces[i.Id].Functions.TryGetValue(function, out var found):
                        return (w.Resolve, found);
                }
            }
        }
        return null;
    }
}

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

    /// <summary>A <c>canon lift</c>; with the async ABI results leave through <c>task.return</c>, not memory.</summary>
    public static AbiRequirements ForLift(Resolve resolve, Function function, bool async = false)
    {
        if (Plan(resolve, function) is not { } plan) return None;
        bool paramsInMemory = ParamsInMemory(plan, CanonicalAbi.MaxFlatParams);
        if (async) return new AbiRequirements(paramsInMemory, paramsInMemory);
        return new AbiRequirements(paramsInMemory || ResultInMemory(plan), paramsInMemory);
    }

    /// <summary>
    /// A <c>canon lower</c>; with the async ABI at most 4 flat parameters stay flat and any result is written through an
    /// out-pointer.
    /// </summary>
    public static AbiRequirements ForLower(Resolve resolve, Function function, bool async = false)
    {
        if (Plan(resolve, function) is not { } plan) return None;
        bool resultAllocates = plan.Result?.NeedsMemory ?? false;
        if (async) return new AbiRequirements(ParamsInMemory(plan, MaxFlatAsyncParams) || plan.Result is not null, resultAllocates);
        return new AbiRequirements(ParamsInMemory(plan, CanonicalAbi.MaxFlatParams) || ResultInMemory(plan), resultAllocates);
    }

    /// <summary><c>canon task.return</c>: the result is passed like parameters (flat up to 16 values, else by pointer).</summary>
    public static AbiRequirements ForTaskReturn(Resolve resolve, Function function)
    {
        if (Plan(resolve, function) is not { } plan) return None;
        bool memory = plan.Result is { } r && (r.NeedsMemory || r.FlatCount > CanonicalAbi.MaxFlatParams);
        return new AbiRequirements(memory, false);
    }

    /// <summary>
    /// The core signature a <c>task.return</c> import must have: the result flattened as parameters (one pointer beyond
    /// 16 values), no results. Null when the function's types cannot be planned.
    /// </summary>
    public static CoreSignature? TaskReturnSignature(Resolve resolve, Function function)
    {
        if (Plan(resolve, function) is not { } plan) return null;
        if (plan.Result is not { } result) return new CoreSignature(Array.Empty<byte>(), Array.Empty<byte>());
        if (result.FlatCount > CanonicalAbi.MaxFlatParams || result.FlatTypes is null) return new CoreSignature(new byte[] { 0x7f }, Array.Empty<byte>());
        var ps = new byte[result.FlatTypes.Count];
        for (int i = 0; i < ps.Length; i++)
            ps[i] = result.FlatTypes[i] switch { Types.CoreValType.I64 => 0x7e, Types.CoreValType.F32 => 0x7d, Types.CoreValType.F64 => 0x7c, _ => 0x7f };
        return new CoreSignature(ps, Array.Empty<byte>());
    }

    // The canonical ABI's MAX_FLAT_ASYNC_PARAMS.
    private const int MaxFlatAsyncParams = 4;

    private static FunctionAbiPlan? Plan(Resolve resolve, Function function)
    {
        try { return FunctionAbiPlan.FromWit(new ValTypeBuilder(resolve), function); }
        catch (ArgumentException) { return null; }
    }

    private static bool ParamsInMemory(FunctionAbiPlan plan, int maxFlat)
    {
        if (plan.FlatParamCount > maxFlat) return true;
        foreach (var p in plan.Params) if (p.NeedsMemory) return true;
        return false;
    }

    private static bool ResultInMemory(FunctionAbiPlan plan) => plan.ResultIndirect || (plan.Result?.NeedsMemory ?? false);

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

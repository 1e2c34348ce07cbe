using System.Collections.Generic;
using WitBindgen.WitParser.Model;

namespace WitBindgen.WitParser.Tests.Corpora;

/// <summary>Structural checks every resolved graph must pass (the reference's own validity assertions, in spirit).</summary>
internal static class ResolveInvariants
{
    /// <summary>Returns the first violation found, or null.</summary>
    public static string? Check(Resolve resolve)
    {
        foreach (var (id, ty) in resolve.Types.Entries)
        {
            foreach (var dep in References(ty.Kind))
                if (dep.Index < 0 || dep.Index >= id.Index) return $"type {id} refers to type {dep} which is not defined before it";
            switch (ty.Owner)
            {
                case InterfaceOwner io when !resolve.Interfaces.Contains(io.Id): return $"{id} owned by missing {io.Id}";
                case WorldOwner wo when !resolve.Worlds.Contains(wo.Id): return $"{id} owned by missing {wo.Id}";
            }
        }
        foreach (var (i, iface) in resolve.Interfaces.Entries)
        {
            foreach (var t in iface.Types)
                if (!Equals(resolve.Types[t.Value].Owner, new InterfaceOwner(i))) return $"{i} lists type `{t.Key}` it does not own";
            foreach (var f in iface.Functions.Values)
                if (CheckFunction(resolve, f) is { } problem) return $"{i}: {problem}";
        }
        foreach (var (w, world) in resolve.Worlds.Entries)
        {
            foreach (var entry in world.Imports)
            {
                switch (entry.Value)
                {
                    case InterfaceWorldItem iwi:
                        foreach (var dep in Dependencies(resolve, iwi.Id))
                            if (!world.Imports.ContainsKey(WorldKey.Interface(dep))) return $"{w} imports {entry.Key} without its dependency {dep}";
                        break;
                    case TypeWorldItem t when resolve.Types[t.Id].Kind is AliasKind { Target.IsId: true } a
                                              && resolve.Types[a.Target.TypeId].Owner is InterfaceOwner io
                                              && !Equals(io, resolve.Types[t.Id].Owner):
                        if (!world.Imports.ContainsKey(WorldKey.Interface(io.Id))) return $"{w} uses a type of {io.Id} without importing it";
                        break;
                    case FunctionWorldItem f when CheckFunction(resolve, f.Function) is { } problem:
                        return $"world {w}: {problem}";
                }
            }
            foreach (var entry in world.Exports)
            {
                if (entry.Value is not InterfaceWorldItem iwi) continue;
                foreach (var dep in Dependencies(resolve, iwi.Id))
                {
                    var key = WorldKey.Interface(dep);
                    if (!world.Exports.ContainsKey(key) && !world.Imports.ContainsKey(key))
                        return $"{w} exports {entry.Key} without its dependency {dep}";
                }
            }
        }
        return null;
    }

    private static string? CheckFunction(Resolve resolve, Function f)
    {
        foreach (var p in f.Params)
            if (p.Type.IsId && !resolve.Types.Contains(p.Type.TypeId)) return $"function {f.Name} has a dangling parameter type";
        if (f.Result is { IsId: true } r && !resolve.Types.Contains(r.TypeId)) return $"function {f.Name} has a dangling result type";
        if (f.Resource is { } resource && !resolve.Types.Contains(resource)) return $"function {f.Name} has a dangling resource";
        return null;
    }

    private static IEnumerable<Id<Interface>> Dependencies(Resolve resolve, Id<Interface> iface)
    {
        foreach (var t in resolve.Interfaces[iface].Types.Values)
        {
            var ty = resolve.Types[t];
            if (ty.Kind is AliasKind { Target.IsId: true } a && resolve.Types[a.Target.TypeId].Owner is InterfaceOwner io && io.Id != iface)
                yield return io.Id;
        }
    }

    private static IEnumerable<Id<TypeDef>> References(TypeDefKind kind)
    {
        IEnumerable<WitType?> types = kind switch
        {
            AliasKind a => new WitType?[] { a.Target },
            HandleKind h => new WitType?[] { WitType.Id(h.Resource) },
            RecordKind r => Map(r.Fields, f => f.Type),
            VariantKind v => Map(v.Cases, c => c.Type),
            TupleKind t => Map(t.Types, x => x),
            ListKind l => new WitType?[] { l.Element },
            FixedListKind l => new WitType?[] { l.Element },
            OptionKind o => new WitType?[] { o.Element },
            MapKind m => new WitType?[] { m.Key, m.Value },
            ResultKind r => new[] { r.Ok, r.Err },
            FutureKind f => new[] { f.Element },
            StreamKind s => new[] { s.Element },
            _ => System.Array.Empty<WitType?>(),
        };
        foreach (var t in types)
            if (t is { IsId: true } x) yield return x.TypeId;
    }

    private static IEnumerable<WitType?> Map<T>(IReadOnlyList<T> items, System.Func<T, WitType?> f)
    {
        foreach (var i in items) yield return f(i);
    }
}

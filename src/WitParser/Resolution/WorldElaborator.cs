using System.Collections.Generic;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Text;

namespace WitBindgen.WitParser.Resolution;

/// <summary>
/// Completes a world's imports and exports: every interface comes after the interfaces it uses types
/// from (implicitly imported when not listed), exported interfaces' dependencies are exported or imported
/// consistently, and imports are ordered by class (interfaces, use aliases, types, functions, resource functions).
/// </summary>
internal static class WorldElaborator
{
    public static void Elaborate(ResolveBuilder builder, Id<World> worldId, Span worldSpan)
    {
        var resolve = builder.Resolve;
        var world = resolve.Worlds[worldId];
        var newImports = new OrderedMap<WorldKey, WorldItem>();

        var imports = new List<KeyValuePair<WorldKey, WorldItem>>(world.Imports);
        StableSortByClass(resolve, imports);
        foreach (var entry in imports)
        {
            switch (entry.Value)
            {
                case InterfaceWorldItem iwi:
                    AddImport(builder, newImports, entry.Key, iwi.Id, iwi.Stability, iwi);
                    break;
                case TypeWorldItem t:
                    if (builder.TypeInterfaceDependency(t.Id) is { } dep)
                        AddImport(builder, newImports, WorldKey.Interface(dep), dep, resolve.Types[t.Id].Stability, null);
                    newImports[entry.Key] = entry.Value;
                    break;
                default:
                    newImports[entry.Key] = entry.Value;
                    break;
            }
        }

        var newExports = new OrderedMap<WorldKey, WorldItem>();
        var exportInterfaces = new OrderedMap<Id<Interface>, (WorldKey Key, InterfaceWorldItem Item)>();
        foreach (var entry in world.Exports)
        {
            if (entry.Value is InterfaceWorldItem iwi) exportInterfaces[iwi.Id] = (entry.Key, iwi);
            else newExports[entry.Key] = entry.Value;
        }

        var requiredImports = new HashSet<Id<Interface>>();
        foreach (var entry in exportInterfaces)
        {
            var (key, item) = entry.Value;
            if (!AddExport(builder, newImports, newExports, exportInterfaces, requiredImports, entry.Key, key, true, item.Stability, item))
                throw ResolveErrors.At(worldSpan, DiagnosticCodes.WorldConflict,
                    $"interface `{builder.WorldKeyName(key)}` transitively depends on an interface in incompatible ways");
        }

        var sorted = new List<KeyValuePair<WorldKey, WorldItem>>(newImports);
        StableSortByClass(resolve, sorted);
        world.Imports.Clear();
        foreach (var e in sorted) world.Imports[e.Key] = e.Value;
        world.Exports.Clear();
        foreach (var e in newExports) world.Exports[e.Key] = e.Value;
    }

    private static int ClassOf(Resolve resolve, WorldItem item)
    {
        switch (item)
        {
            case InterfaceWorldItem: return 0;
            case TypeWorldItem t:
            {
                var ty = resolve.Types[t.Id];
                if (ty.Kind is AliasKind { Target.IsId: true } a && !Equals(resolve.Types[a.Target.TypeId].Owner, ty.Owner)) return 1;
                return 2;
            }
            case FunctionWorldItem f: return f.Function.Resource is null ? 3 : 4;
            default: return 5;
        }
    }

    private static void StableSortByClass(Resolve resolve, List<KeyValuePair<WorldKey, WorldItem>> items)
    {
        var keyed = new List<(int Class, int Position, KeyValuePair<WorldKey, WorldItem> Entry)>();
        for (int i = 0; i < items.Count; i++) keyed.Add((ClassOf(resolve, items[i].Value), i, items[i]));
        keyed.Sort((a, b) => a.Class != b.Class ? a.Class.CompareTo(b.Class) : a.Position.CompareTo(b.Position));
        items.Clear();
        foreach (var k in keyed) items.Add(k.Entry);
    }

    private static void AddImport(ResolveBuilder builder, OrderedMap<WorldKey, WorldItem> imports, WorldKey key, Id<Interface> id, Stability stability, InterfaceWorldItem? original)
    {
        if (imports.ContainsKey(key)) return;
        foreach (var dep in builder.InterfaceDirectDependencies(id))
            AddImport(builder, imports, WorldKey.Interface(dep), dep, stability, null);
        imports[key] = original ?? new InterfaceWorldItem(id, stability);
    }

    private static bool AddExport(
        ResolveBuilder builder,
        OrderedMap<WorldKey, WorldItem> imports,
        OrderedMap<WorldKey, WorldItem> exports,
        OrderedMap<Id<Interface>, (WorldKey Key, InterfaceWorldItem Item)> exportInterfaces,
        HashSet<Id<Interface>> requiredImports,
        Id<Interface> id, WorldKey key, bool addExport, Stability stability, InterfaceWorldItem? original)
    {
        if (exports.ContainsKey(key)) return addExport;
        if (!addExport && requiredImports.Contains(id)) return true;
        foreach (var dep in builder.InterfaceDirectDependencies(id))
        {
            bool exportDep = addExport && exportInterfaces.ContainsKey(dep);
            if (!AddExport(builder, imports, exports, exportInterfaces, requiredImports, dep, WorldKey.Interface(dep), exportDep, stability, null))
                return false;
        }
        if (addExport)
        {
            if (requiredImports.Contains(id)) return false;
            exports[key] = original ?? new InterfaceWorldItem(id, stability);
        }
        else
        {
            requiredImports.Add(id);
            imports[key] = new InterfaceWorldItem(id, stability);
        }
        return true;
    }
}

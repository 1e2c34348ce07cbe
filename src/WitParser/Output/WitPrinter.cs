using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.WitParser.Output;

/// <summary>
/// Prints resolved packages as canonical WIT: one package per block, items in arena order, two-space
/// indentation, docs as <c>///</c> comments. Printing, re-parsing and printing again gives the same text.
/// </summary>
public static class WitPrinter
{
    /// <summary>
    /// Prints <paramref name="rootPackage"/> as the file's <c>package x;</c> and every other package of
    /// <paramref name="packages"/> as a nested <c>package y { ... }</c> block after it.
    /// </summary>
    public static string Print(Resolve resolve, Id<Package> rootPackage, IEnumerable<Id<Package>> packages)
    {
        var w = new IndentedWriter();
        var printer = new ScopePrinter(resolve, w);
        printer.PrintPackage(rootPackage, nested: false);
        // Nested packages in name order: canonical whatever order dependencies gave the arena.
        foreach (var id in packages.Where(p => p != rootPackage).OrderBy(p => resolve.Packages[p].Name.ToString(), System.StringComparer.Ordinal))
        {
            w.Line();
            printer.PrintPackage(id, nested: true);
        }
        return w.ToString();
    }

    /// <summary>Prints what a load produced: its root package and the packages nested beside it.</summary>
    public static string Print(WitLoadResult load)
    {
        if (load.Resolve is null) throw new System.ArgumentException("the load failed; there is nothing to print", nameof(load));
        return Print(load.Resolve, load.RootPackage, load.MainPackages);
    }

    /// <summary>Prints one package.</summary>
    public static string Print(Resolve resolve, Id<Package> package) => Print(resolve, package, new[] { package });
}

/// <summary>Prints packages, interfaces and worlds; types are delegated to <see cref="WitTypePrinter"/>.</summary>
internal sealed class ScopePrinter
{
    private readonly Resolve _resolve;
    private readonly IndentedWriter _w;
    private readonly WitTypePrinter _types;
    private Id<Package> _package;

    public ScopePrinter(Resolve resolve, IndentedWriter writer)
    {
        _resolve = resolve;
        _w = writer;
        _types = new WitTypePrinter(resolve, writer);
    }

    public void PrintPackage(Id<Package> packageId, bool nested)
    {
        _package = packageId;
        var package = _resolve.Packages[packageId];
        _w.Docs(package.Docs);
        if (nested) _w.Line($"package {PackageName(package.Name)} {{").Indent();
        else _w.Line($"package {PackageName(package.Name)};");

        bool first = !nested;
        foreach (var id in package.Interfaces.Values)
        {
            if (first) _w.Line();
            first = true;
            PrintNamedInterface(id);
        }
        foreach (var id in package.Worlds.Values)
        {
            if (first) _w.Line();
            first = true;
            PrintWorld(id);
        }
        if (nested) _w.Dedent().Line("}");
    }

    private void PrintNamedInterface(Id<Interface> id)
    {
        var iface = _resolve.Interfaces[id];
        _w.Docs(iface.Docs);
        _w.Attributes(iface.Stability, null);
        _w.Line($"interface {WitNames.Escape(iface.Name!)} {{").Indent();
        PrintInterfaceBody(iface);
        _w.Dedent().Line("}");
    }

    private void PrintInterfaceBody(Interface iface)
    {
        PrintTypes(iface.Types.Select(t => t.Value), iface.Functions.Values);
        foreach (var function in iface.Functions.Values)
        {
            if (function.Kind is FunctionKind.Freestanding or FunctionKind.AsyncFreestanding)
                PrintFunctionItem(function);
        }
    }

    // Uses grouped by source interface, then type definitions with their resource functions.
    private void PrintTypes(IEnumerable<Id<TypeDef>> typeIds, IEnumerable<Function> functions)
    {
        var ids = typeIds.ToList();
        var uses = new List<(Id<Interface> Source, string From, string As)>();
        foreach (var id in ids)
        {
            var def = _resolve.Types[id];
            if (def.Kind is AliasKind { Target.IsId: true } alias && IsForeignOwned(def, alias.Target.TypeId))
            {
                var target = _resolve.Types[alias.Target.TypeId];
                var source = ((InterfaceOwner)target.Owner).Id;
                uses.Add((source, target.Name!, def.Name!));
            }
        }
        foreach (var group in uses.GroupBy(u => u.Source))
        {
            var names = group.Select(u => u.From == u.As ? WitNames.Escape(u.From) : $"{WitNames.Escape(u.From)} as {WitNames.Escape(u.As)}");
            _w.Line($"use {InterfacePath(group.Key)}.{{{string.Join(", ", names)}}};");
        }

        var resourceFunctions = functions.Where(f => f.Resource is not null).ToList();
        foreach (var id in ids)
        {
            var def = _resolve.Types[id];
            if (def.Kind is AliasKind { Target.IsId: true } alias && IsForeignOwned(def, alias.Target.TypeId)) continue;
            _types.PrintTypeDef(id, resourceFunctions.Where(f => f.Resource == id).ToList());
        }
    }

    // A `use` is an alias to a named type owned by another interface.
    private bool IsForeignOwned(TypeDef alias, Id<TypeDef> targetId)
    {
        var target = _resolve.Types[targetId];
        return target.Name is not null && target.Owner is InterfaceOwner owner && !Equals(owner, alias.Owner);
    }

    private void PrintFunctionItem(Function function)
    {
        _w.Docs(function.Docs);
        _w.Attributes(function.Stability, function.ExternalId);
        _w.Line($"{WitNames.Escape(function.Name)}: {_types.Signature(function)};");
    }

    private void PrintWorld(Id<World> id)
    {
        var world = _resolve.Worlds[id];
        _w.Docs(world.Docs);
        _w.Attributes(world.Stability, null);
        _w.Line($"world {WitNames.Escape(world.Name)} {{").Indent();

        var importedTypes = world.Imports.Values.OfType<TypeWorldItem>().Select(t => t.Id).ToList();
        var worldFunctions = world.Imports.Values.Concat(world.Exports.Values).OfType<FunctionWorldItem>().Select(f => f.Function).ToList();
        PrintTypes(importedTypes, worldFunctions);

        PrintExterns("import", world.Imports);
        PrintExterns("export", world.Exports);
        _w.Dedent().Line("}");
    }

    private void PrintExterns(string direction, OrderedMap<WorldKey, WorldItem> items)
    {
        foreach (var entry in items)
        {
            switch (entry.Value)
            {
                case InterfaceWorldItem item when entry.Key.IsInterface:
                    _w.Docs(item.Docs);
                    _w.Attributes(item.Stability, item.ExternalId);
                    _w.Line($"{direction} {InterfacePath(item.Id)};");
                    break;
                case InterfaceWorldItem item when _resolve.Interfaces[item.Id].Name is not null:
                    // `label: path` - a named interface under a plain name.
                    _w.Docs(item.Docs);
                    _w.Attributes(item.Stability, item.ExternalId);
                    _w.Line($"{direction} {WitNames.Escape(entry.Key.Name!)}: {InterfacePath(item.Id)};");
                    break;
                case InterfaceWorldItem item:
                    var iface = _resolve.Interfaces[item.Id];
                    _w.Docs(item.Docs ?? iface.Docs);
                    _w.Attributes(item.Stability, item.ExternalId);
                    _w.Line($"{direction} {WitNames.Escape(entry.Key.Name!)}: interface {{").Indent();
                    PrintInterfaceBody(iface);
                    _w.Dedent().Line("}");
                    break;
                case FunctionWorldItem { Function.Resource: null } item:
                    _w.Docs(item.Function.Docs);
                    _w.Attributes(item.Function.Stability, item.Function.ExternalId);
                    _w.Line($"{direction} {WitNames.Escape(entry.Key.Name!)}: {_types.Signature(item.Function)};");
                    break;
            }
        }
    }

    private string InterfacePath(Id<Interface> id)
    {
        var iface = _resolve.Interfaces[id];
        if (iface.Package == _package) return WitNames.Escape(iface.Name!);
        var package = _resolve.Packages[iface.Package!.Value].Name;
        var path = $"{WitNames.Escape(package.Namespace)}:{WitNames.Escape(package.Name)}/{WitNames.Escape(iface.Name!)}";
        return package.Version is null ? path : $"{path}@{package.Version}";
    }

    private static string PackageName(PackageId id)
    {
        var name = $"{WitNames.Escape(id.Namespace)}:{WitNames.Escape(id.Name)}";
        return id.Version is null ? name : $"{name}@{id.Version}";
    }
}

using System.Collections.Generic;

namespace WitBindgen.WitParser.Model;

/// <summary>
/// The resolved package graph: arenas of worlds, interfaces, types and packages addressed by index.
/// Order matters: it is the reference implementation's order, which the JSON output reproduces.
/// </summary>
public sealed class Resolve
{
    /// <summary>All worlds.</summary>
    public List<World> Worlds { get; } = new();
    /// <summary>All interfaces (named and inline).</summary>
    public List<Interface> Interfaces { get; } = new();
    /// <summary>All type definitions.</summary>
    public List<TypeDef> Types { get; } = new();
    /// <summary>All packages, dependencies before dependents.</summary>
    public List<Package> Packages { get; } = new();

    /// <summary>Follows aliases (<c>type x = y</c>, <c>use</c>) to the type they name.</summary>
    public WitType Dealias(WitType type)
    {
        while (type.IsId && Types[type.TypeId].Kind is AliasKind alias) type = alias.Target;
        return type;
    }

    /// <summary>Follows alias type ids to the defining type id.</summary>
    public int DealiasId(int id)
    {
        while (Types[id].Kind is AliasKind { Target.IsId: true } alias) id = alias.Target.TypeId;
        return id;
    }

    /// <summary>Finds a package by name, or -1.</summary>
    public int FindPackage(string @namespace, string name, SemVersion? version = null)
    {
        for (int i = 0; i < Packages.Count; i++)
        {
            var p = Packages[i].Name;
            if (p.Namespace == @namespace && p.Name == name && (version is null || Equals(p.Version, version))) return i;
        }
        return -1;
    }

    /// <summary>Finds a world by package and name, or -1.</summary>
    public int FindWorld(int package, string name) => Packages[package].Worlds.TryGetValue(name, out var id) ? id : -1;

    /// <summary>Fully qualified name of an interface (<c>ns:pkg/name@v</c>), or null for inline interfaces.</summary>
    public string? InterfaceQualifiedName(int id)
    {
        var iface = Interfaces[id];
        if (iface.Name is null || iface.Package is null) return null;
        var p = Packages[iface.Package.Value].Name;
        var s = $"{p.Namespace}:{p.Name}/{iface.Name}";
        return p.Version is null ? s : $"{s}@{p.Version}";
    }
}

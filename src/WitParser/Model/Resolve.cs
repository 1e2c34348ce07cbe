using System.Collections.Generic;
using WitBindgen.WitParser.Diagnostics;

namespace WitBindgen.WitParser.Model;

/// <summary>
/// The resolved package graph: arenas of worlds, interfaces, types and packages, each addressed by its own
/// <see cref="Id{T}"/> type (so an interface id is not mistaken for a world's or a type's).
/// Order matters: it is the reference implementation's order, which the JSON output reproduces.
/// </summary>
public sealed class Resolve
{
    /// <summary>All worlds.</summary>
    public Arena<World> Worlds { get; } = new();
    /// <summary>All interfaces (named and inline).</summary>
    public Arena<Interface> Interfaces { get; } = new();
    /// <summary>All type definitions.</summary>
    public Arena<TypeDef> Types { get; } = new();
    /// <summary>All packages, dependencies before dependents.</summary>
    public Arena<Package> Packages { get; } = new();

    /// <summary>Follows aliases (<c>type x = y</c>, <c>use</c>) to the type they name.</summary>
    public WitType Dealias(WitType type)
    {
        while (type.IsId && Types[type.TypeId].Kind is AliasKind alias) type = alias.Target;
        return type;
    }

    /// <summary>Follows alias type ids to the defining type id.</summary>
    public Id<TypeDef> DealiasId(Id<TypeDef> id)
    {
        while (Types[id].Kind is AliasKind { Target.IsId: true } alias) id = alias.Target.TypeId;
        return id;
    }

    /// <summary>Finds a package by name (the first one loaded, when <paramref name="version"/> is null); null when none matches.</summary>
    public Id<Package>? FindPackage(string @namespace, string name, SemVersion? version = null)
    {
        foreach (var (id, package) in Packages.Entries)
        {
            var p = package.Name;
            if (p.Namespace == @namespace && p.Name == name && (version is null || Equals(p.Version, version))) return id;
        }
        return null;
    }

    /// <summary>Finds a world by package and name; null when the package has no such world.</summary>
    public Id<World>? FindWorld(Id<Package> package, string name) => Packages[package].Worlds.TryGetValue(name, out var id) ? id : null;

    /// <summary>Fully qualified name of an interface (<c>ns:pkg/name@v</c>), or null for inline interfaces.</summary>
    public string? InterfaceQualifiedName(Id<Interface> id)
    {
        var iface = Interfaces[id];
        if (iface.Name is null || iface.Package is null) return null;
        var p = Packages[iface.Package.Value].Name;
        var s = $"{p.Namespace}:{p.Name}/{iface.Name}";
        return p.Version is null ? s : $"{s}@{p.Version}";
    }
    /// <summary>
    /// Selects the world a bindings generator works on, with wit-parser's <c>select_world</c> rules: without
    /// <paramref name="name"/>, the only world of <paramref name="package"/>; otherwise <paramref name="name"/>
    /// is a world of <paramref name="package"/> (<c>world</c>) or a world of any loaded package
    /// (<c>ns:pkg/world</c> or <c>ns:pkg/world@version</c>; without a version, a package loaded at a single
    /// version matches). Returns the world id, or null with <paramref name="diagnostic"/> describing the problem
    /// (listing the worlds that exist).
    /// </summary>
    public Id<World>? SelectWorld(Id<Package> package, string? name, out Diagnostic? diagnostic)
    {
        diagnostic = null;
        var pkg = Packages[package];
        if (string.IsNullOrEmpty(name))
        {
            if (pkg.Worlds.Count == 1) return pkg.Worlds.At(0).Value;
            diagnostic = new Diagnostic(DiagnosticCodes.UnknownName, pkg.Worlds.Count == 0
                ? $"no worlds found in package `{pkg.Name}`"
                : $"multiple worlds found in package `{pkg.Name}`: one must be explicitly chosen; worlds: {WorldList(pkg)}", null);
            return null;
        }
        var spec = name!;
        int slash = spec.IndexOf('/');
        if (slash < 0)
        {
            if (spec.IndexOf(':') >= 0 || spec.IndexOf('@') >= 0)
            {
                diagnostic = new Diagnostic(DiagnosticCodes.InvalidName, $"failed to parse world specifier `{spec}`: expected `world`, `ns:pkg/world` or `ns:pkg/world@version`", null);
                return null;
            }
            if (pkg.Worlds.TryGetValue(spec, out var local)) return local;
            diagnostic = new Diagnostic(DiagnosticCodes.UnknownName, $"world `{spec}` not found in package `{pkg.Name}`; {WorldsOf(pkg)}", null);
            return null;
        }
        var packageText = spec.Substring(0, slash);
        var worldText = spec.Substring(slash + 1);
        SemVersion? version = null;
        int at = worldText.IndexOf('@');
        if (at >= 0)
        {
            version = SemVersion.TryParse(worldText.Substring(at + 1));
            worldText = worldText.Substring(0, at);
        }
        int colon = packageText.IndexOf(':');
        if (colon <= 0 || colon == packageText.Length - 1 || worldText.Length == 0 || (at >= 0 && version is null) || worldText.IndexOf('/') >= 0)
        {
            diagnostic = new Diagnostic(DiagnosticCodes.InvalidName, $"failed to parse world specifier `{spec}`: expected `world`, `ns:pkg/world` or `ns:pkg/world@version`", null);
            return null;
        }
        var ns = packageText.Substring(0, colon);
        var packageName = packageText.Substring(colon + 1);
        var found = FindPackage(ns, packageName, version);
        if (found is { } first && version is null && Packages[first].Name.Version is not null)
        {
            // Without a version, an unversioned package wins; otherwise the package must be loaded at one version only.
            Id<Package>? unversioned = null;
            int versions = 0;
            foreach (var (id, candidate) in Packages.Entries)
            {
                var p = candidate.Name;
                if (p.Namespace != ns || p.Name != packageName) continue;
                if (p.Version is null) unversioned = id;
                else versions++;
            }
            if (unversioned is not null) found = unversioned;
            else if (versions > 1)
            {
                diagnostic = new Diagnostic(DiagnosticCodes.UnknownPackage, $"package `{packageText}` is loaded at several versions; add one to the world specifier (`{packageText}/{worldText}@version`)", null);
                return null;
            }
        }
        if (found is not { } selected)
        {
            var names = new List<string>();
            foreach (var p in Packages) names.Add(p.Name.ToString());
            diagnostic = new Diagnostic(DiagnosticCodes.UnknownPackage, $"unknown package `{(version is null ? packageText : packageText + "@" + version)}`; packages: {string.Join(", ", names)}", null);
            return null;
        }
        if (Packages[selected].Worlds.TryGetValue(worldText, out var world)) return world;
        diagnostic = new Diagnostic(DiagnosticCodes.UnknownName, $"world `{worldText}` not found in package `{Packages[selected].Name}`; {WorldsOf(Packages[selected])}", null);
        return null;
    }

    private static string WorldsOf(Package package) => package.Worlds.Count == 0 ? "the package has no worlds" : "worlds: " + WorldList(package);

    private static string WorldList(Package package)
    {
        var names = new List<string>();
        for (int i = 0; i < package.Worlds.Count; i++) names.Add(package.Worlds.At(i).Key);
        return string.Join(", ", names);
    }
}

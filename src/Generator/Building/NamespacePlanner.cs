using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Naming;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator.Building;

/// <summary>
/// Decides C# namespaces: <c>{Root}.{Ns}.{Pkg}[.V{version}]</c> per package (the version only when the
/// resolve holds two versions of the package), then one namespace per interface and per world below it.
/// All interfaces of a package are named first, then its worlds, in WIT order, so an interface gets
/// the same namespace whichever world is generated.
/// </summary>
internal sealed class NamespacePlanner
{
    private readonly Resolve _resolve;
    private readonly string? _root;
    private readonly Dictionary<Id<Interface>, string> _interfaces = new();
    private readonly Dictionary<Id<World>, string> _worlds = new();
    private readonly HashSet<Id<Package>> _plannedPackages = new();

    public NamespacePlanner(Resolve resolve, string? root)
    {
        _resolve = resolve;
        _root = string.IsNullOrWhiteSpace(root) ? null : root!.Trim();
    }

    /// <summary>Namespace of a named interface.</summary>
    public string Interface(Id<Interface> id)
    {
        if (_interfaces.TryGetValue(id, out var ns)) return ns;
        var iface = _resolve.Interfaces[id];
        if (iface.Package is { } p) Plan(p);
        if (_interfaces.TryGetValue(id, out ns)) return ns;
        // An interface without package or name (should not happen for named keys): fall back to its arena index.
        ns = Join(_root, "Interface" + id.Index);
        _interfaces[id] = ns;
        return ns;
    }

    /// <summary>Namespace of a world (its own types and functions).</summary>
    public string World(Id<World> id)
    {
        if (_worlds.TryGetValue(id, out var ns)) return ns;
        Plan(_resolve.Worlds[id].Package);
        return _worlds[id];
    }

    /// <summary>Namespace of a package.</summary>
    public string Package(Id<Package> id)
    {
        var name = _resolve.Packages[id].Name;
        var ns = Join(_root, CSharpNames.Pascal(name.Namespace) + "." + CSharpNames.Pascal(name.Name));
        bool ambiguous = _resolve.Packages.Count(p => p.Name.Namespace == name.Namespace && p.Name.Name == name.Name) > 1;
        if (ambiguous && name.Version is { } v)
            ns += ".V" + new string(v.ToString().Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
        return ns;
    }

    private void Plan(Id<Package> packageId)
    {
        if (!_plannedPackages.Add(packageId)) return;
        var package = _resolve.Packages[packageId];
        var pkgNs = Package(packageId);
        var scope = new NameScope();
        foreach (var entry in package.Interfaces)
            _interfaces[entry.Value] = pkgNs + "." + scope.Claim(CSharpNames.Pascal(entry.Key));
        foreach (var entry in package.Worlds)
            _worlds[entry.Value] = pkgNs + "." + scope.Claim(CSharpNames.Pascal(entry.Key));
    }

    private static string Join(string? root, string rest) => root is null ? rest : root + "." + rest;
}

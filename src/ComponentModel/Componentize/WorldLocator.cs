using WitBindgen.WitParser;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>Finds the world a command names in loaded WIT.</summary>
public static class WorldLocator
{
    /// <summary>
    /// The world named <paramref name="spec"/>: a world of the root package, or <c>ns:pkg/world</c> (optionally with
    /// <c>@version</c>); when null, the root package's only world. Returns null with <paramref name="problem"/> set
    /// when there is no such world or the choice is ambiguous.
    /// </summary>
    public static int? Find(WitLoadResult load, string? spec, out string problem)
    {
        problem = "";
        var resolve = load.Resolve;
        if (resolve is null) { problem = "the WIT did not load"; return null; }
        var root = resolve.Packages[load.RootPackage];
        if (spec is null || spec.Length == 0)
        {
            if (root.Worlds.Count == 1) return root.Worlds.At(0).Value;
            problem = root.Worlds.Count == 0
                ? $"package `{root.Name}` has no worlds"
                : $"package `{root.Name}` has several worlds; choose one with --world";
            return null;
        }
        int slash = spec.IndexOf('/');
        if (slash < 0)
        {
            if (root.Worlds.TryGetValue(spec, out var id)) return id;
            problem = $"no world `{spec}` in package `{root.Name}`";
            return null;
        }
        var packageName = spec.Substring(0, slash);
        var worldName = spec.Substring(slash + 1);
        for (int p = 0; p < resolve.Packages.Count; p++)
        {
            var package = resolve.Packages[p];
            var full = package.Name.ToString();
            var bare = $"{package.Name.Namespace}:{package.Name.Name}";
            if (full != packageName && bare != packageName) continue;
            if (package.Worlds.TryGetValue(worldName, out var id)) return id;
        }
        problem = $"no world `{spec}` found";
        return null;
    }
}

using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Cli.Commands;

/// <summary>The one-line summary <c>check</c> prints per package.</summary>
internal static class PackageSummary
{
    /// <summary>
    /// One line per package of the load: the packages of the given path first (in arena order), then every
    /// dependency (from <c>deps/</c> or decoded from a component), in arena order, marked <c>(dependency)</c>.
    /// </summary>
    public static IEnumerable<string> DescribeAll(WitLoadResult load)
    {
        var resolve = load.Resolve!;
        foreach (var id in load.MainPackages)
            yield return Describe(resolve, id);
        var main = new HashSet<Id<Package>>(load.MainPackages);
        foreach (var id in resolve.Packages.Ids)
        {
            if (!main.Contains(id))
                yield return Describe(resolve, id, dependency: true);
        }
    }

    public static string Describe(Resolve resolve, Id<Package> packageId, bool dependency = false)
    {
        var package = resolve.Packages[packageId];
        var worlds = package.Worlds.Select(w =>
        {
            var world = resolve.Worlds[w.Value];
            return $"{w.Key} ({world.Imports.Count} imports, {world.Exports.Count} exports)";
        });
        var label = dependency ? $"{package.Name} (dependency)" : package.Name.ToString();
        var text = $"{label}: {Count(package.Interfaces.Count, "interface")}, {Count(package.Worlds.Count, "world")}";
        return package.Worlds.Count == 0 ? text : $"{text}: {string.Join(", ", worlds)}";
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}

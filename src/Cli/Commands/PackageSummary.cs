using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Cli.Commands;

/// <summary>The one-line summary <c>check</c> prints per package.</summary>
internal static class PackageSummary
{
    public static string Describe(Resolve resolve, int packageId)
    {
        var package = resolve.Packages[packageId];
        var worlds = package.Worlds.Select(w =>
        {
            var world = resolve.Worlds[w.Value];
            return $"{w.Key} ({world.Imports.Count} imports, {world.Exports.Count} exports)";
        });
        var text = $"{package.Name}: {Count(package.Interfaces.Count, "interface")}, {Count(package.Worlds.Count, "world")}";
        return package.Worlds.Count == 0 ? text : $"{text}: {string.Join(", ", worlds)}";
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}

using WitBindgen.WitParser;
using WitBindgen.WitParser.Model;
using Xunit;

namespace WitBindgen.Tests;

/// <summary>Test shorthands over the front end's typed ids.</summary>
internal static class WitIds
{
    /// <summary>
    /// The world <paramref name="name"/> (or the only world) of <paramref name="load"/>'s root package, by
    /// <see cref="Resolve.SelectWorld"/>'s rules; fails the test with its diagnostic when there is none.
    /// </summary>
    public static Id<World> SelectWorld(this WitLoadResult load, string? name = null)
    {
        Assert.True(load.Success, load.Diagnostics.Count > 0 ? load.Diagnostics[0].Message : "load failed");
        var world = load.Resolve!.SelectWorld(load.RootPackage, name, out var problem);
        if (world is null) Assert.Fail(problem?.Message ?? $"no world `{name}`");
        return world.Value;
    }

    /// <summary>
    /// Removes the last item of an arena, which must be <paramref name="id"/>: a package a test appended to print
    /// one world, or a root package loaded after the packages under test. Arenas only grow, so it is rebuilt.
    /// </summary>
    public static void RemoveLast<T>(this Arena<T> arena, Id<T> id) where T : class
    {
        Assert.Equal(arena.Count - 1, id.Index);
        var items = new System.Collections.Generic.List<T>(arena);
        arena.Clear();
        for (int i = 0; i < items.Count - 1; i++) arena.Add(items[i]);
    }
}

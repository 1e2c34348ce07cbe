using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.WitParser.Tests.Api;

/// <summary>
/// Typed arena ids: sequential, bounds-checked by <see cref="Arena{T}.Contains"/>, readable in diagnostics; lookups
/// that find nothing return null, never an index sentinel.
/// </summary>
public sealed class ArenaIdTests
{
    [Fact]
    public void AddReturnsSequentialIdsThatIndexTheArena()
    {
        var arena = new Arena<TypeDef>();
        var a = arena.Add(new TypeDef("a", ResourceKind.Instance, TypeOwner.None));
        var b = arena.Add(new TypeDef("b", ResourceKind.Instance, TypeOwner.None));
        Assert.Equal(new Id<TypeDef>(0), a);
        Assert.Equal(1, b.Index);
        Assert.Equal("b", arena[b].Name);
        Assert.Equal(new Id<TypeDef>(2), arena.NextId);
        Assert.True(arena.Contains(b));
        Assert.False(arena.Contains(arena.NextId));
        Assert.False(arena.Contains(new Id<TypeDef>(-1)));
        Assert.Equal(new[] { a, b }, arena.Ids.ToArray());
        Assert.Equal(new[] { (a, "a"), (b, "b") }, arena.Entries.Select(e => (e.Id, e.Item.Name!)).ToArray());
    }

    [Fact]
    public void ToStringNamesTheArena()
    {
        Assert.Equal("type#12", new Id<TypeDef>(12).ToString());
        Assert.Equal("interface#3", new Id<Interface>(3).ToString());
        Assert.Equal("#12", WitType.Id(new Id<TypeDef>(12)).ToString());
    }

    [Fact]
    public void PackagesInterfacesAndWorldsHaveTheirOwnIds()
    {
        var load = WitLoader.LoadText("ids.wit", "package a:b;\ninterface i { f: func(); }\nworld w { import i; export g: func(); }\n");
        Assert.True(load.Success);
        var resolve = load.Resolve!;
        var package = resolve.FindPackage("a", "b");
        Assert.Equal(load.RootPackage, package);
        var world = resolve.FindWorld(load.RootPackage, "w");
        Assert.Equal(world, resolve.Packages[load.RootPackage].Worlds["w"]);
        var iface = resolve.Packages[load.RootPackage].Interfaces["i"];
        Assert.Equal(load.RootPackage, resolve.Interfaces[iface].Package);
        Assert.Equal(load.RootPackage, resolve.Worlds[world!.Value].Package);
        // A world key naming an interface keeps the reference's JSON spelling (the arena index, not the id's ToString).
        var key = Assert.Single(resolve.Worlds[world.Value].Imports.Keys);
        Assert.Equal(iface, key.InterfaceId);
        Assert.Equal($"interface-{iface.Index}", key.ToString());
        Assert.Equal("package#0", load.RootPackage.ToString());
    }

    [Fact]
    public void LookupsThatFindNothingReturnNull()
    {
        var load = WitLoader.LoadText("ids.wit", "package a:b;\nworld w {}\n");
        var resolve = load.Resolve!;
        Assert.Null(resolve.FindPackage("a", "c"));
        Assert.Null(resolve.FindWorld(load.RootPackage, "v"));
        Assert.Null(resolve.SelectWorld(load.RootPackage, "v", out var problem));
        Assert.NotNull(problem);
        Assert.Equal(resolve.FindWorld(load.RootPackage, "w"), resolve.SelectWorld(load.RootPackage, null, out _));
    }

    [Fact]
    public void AFailedLoadHasNoRootPackage()
    {
        var load = WitLoader.LoadText("bad.wit", "package a:b;\ninterface i { type x = y; }\n");
        Assert.False(load.Success);
        Assert.Empty(load.MainPackages);
        Assert.Throws<System.InvalidOperationException>(() => load.RootPackage);
    }
}

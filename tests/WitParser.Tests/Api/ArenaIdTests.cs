using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.WitParser.Tests.Api;

/// <summary>Typed arena ids: sequential, bounds-checked by <see cref="Arena{T}.Contains"/>, readable in diagnostics.</summary>
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
}

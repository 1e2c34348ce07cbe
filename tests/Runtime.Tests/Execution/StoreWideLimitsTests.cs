using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Types;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// The store-wide <see cref="StoreLimits"/> (instances, memories, tables, total linear-memory bytes), through core modules
/// and through components: an instantiation that would pass one fails naming it and leaves the store's counts and
/// memories as they were, the store stays usable, and memory.grow beyond the total answers -1.
/// </summary>
public sealed class StoreWideLimitsTests
{
    private const int Page = Memory.PageSize;

    private const string OneMemory = """
        (module
          (memory 1)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "size") (result i32) (memory.size)))
        """;

    // Two core instances, each with its own memory and table; the second fails any limit the first leaves no room for.
    private const string TwoCoreInstances = """
        (component
          (core module $m
            (memory 1)
            (table 1 funcref)
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
          (core instance $a (instantiate $m))
          (core instance $b (instantiate $m))
          (func (export "grow-a") (param "pages" u32) (result s32) (canon lift (core func $a "grow")))
          (func (export "grow-b") (param "pages" u32) (result s32) (canon lift (core func $b "grow")))
        )
        """;

    private static Store StoreWith(StoreLimits limits) => new(Wat.Engine, limits);

    private static void AssertEmpty(Store store)
    {
        Assert.Equal((0, 0, 0, 0UL), store.Usage);
        Assert.Equal(0, store.LiveMemories);
    }

    private static ComponentInstance InstantiateComponent(Store store) =>
        new ComponentLinker(Wat.Engine).Instantiate(store, Component.FromText(Wat.Engine, TwoCoreInstances));

    private static long Grow(ComponentInstance instance, string function, uint pages) =>
        instance.GetFunction(function)!.Call(ComponentValue.U32(pages))!.Value.AsInt64();

    // ---- core modules ----

    [Fact]
    public void CoreInstanceCountStopsAtTheLimit()
    {
        var store = StoreWith(new StoreLimits { MaxInstances = 2 });
        var first = Wat.Instantiate(OneMemory, store);
        Wat.Instantiate("(module)", store);
        var e = Assert.Throws<LinkException>(() => Wat.Instantiate(OneMemory, store));
        Assert.Contains("instance count too high at 3 (StoreLimits.MaxInstances is 2)", e.Message);
        Assert.Equal((2, 1, 0, (ulong)Page), store.Usage);
        Assert.Equal(1, store.LiveMemories);
        Assert.Equal(1, first.I32("grow", 1)); // the store still runs what it holds
    }

    [Fact]
    public void CoreMemoryAndTableCountsStopAtTheLimits()
    {
        var memories = StoreWith(new StoreLimits { MaxMemories = 1 });
        Wat.Instantiate(OneMemory, memories);
        var e = Assert.Throws<LinkException>(() => Wat.Instantiate(OneMemory, memories));
        Assert.Contains("memory count too high at 2 (StoreLimits.MaxMemories is 1)", e.Message);
        Assert.Throws<LinkException>(() => new Memory(memories, new MemoryType(0)));
        Assert.Equal((1, 1, 0, (ulong)Page), memories.Usage);
        Assert.Equal(1, memories.LiveMemories);
        Wat.Instantiate("(module (table 1 funcref))", memories); // a module without memory still fits

        // A module with two memories over a limit of one creates neither.
        var empty = StoreWith(new StoreLimits { MaxMemories = 1 });
        Assert.Throws<LinkException>(() => Wat.Instantiate("(module (memory 1) (memory 1))", empty));
        AssertEmpty(empty);

        var tables = StoreWith(new StoreLimits { MaxTables = 1 });
        new Table(tables, new TableType(ValueKind.FuncRef, 1));
        var t = Assert.Throws<LinkException>(() => Wat.Instantiate("(module (memory 1) (table 1 funcref))", tables));
        Assert.Contains("table count too high at 2 (StoreLimits.MaxTables is 1)", t.Message);
        Assert.Equal((0, 0, 1, 0UL), tables.Usage);
        Assert.Equal(0, tables.LiveMemories);
        Wat.Instantiate(OneMemory, tables);
    }

    [Fact]
    public void TotalMemoryBytesLimitInstantiationAndGrowth()
    {
        var store = StoreWith(new StoreLimits { MaxTotalMemoryBytes = 3 * Page });
        var a = Wat.Instantiate(OneMemory, store);
        var b = Wat.Instantiate(OneMemory, store);
        Assert.Equal(1, a.I32("grow", 1)); // 3 pages in the store
        Assert.Equal(-1, b.I32("grow", 1));
        Assert.Equal(-1, a.I32("grow", 1));
        Assert.Equal(1, b.I32("size"));
        Assert.Equal(1, b.I32("grow", 0));
        var e = Assert.Throws<LinkException>(() => Wat.Instantiate(OneMemory, store));
        Assert.Contains("linear memory too large at 262144 bytes in the store (StoreLimits.MaxTotalMemoryBytes is 196608)", e.Message);
        Assert.Throws<LinkException>(() => new Memory(store, new MemoryType(1)));
        Assert.Equal((2, 2, 0, 3UL * Page), store.Usage);
        Assert.Equal(2, store.LiveMemories);
        Wat.Instantiate("(module (memory 0) (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0))))", store);
        // A limit of its own per memory still applies beneath the total.
        var perMemory = StoreWith(new StoreLimits { MaxTotalMemoryBytes = 10 * Page, MaxMemoryPages = 2 });
        var c = Wat.Instantiate(OneMemory, perMemory);
        Assert.Equal(1, c.I32("grow", 1));
        Assert.Equal(-1, c.I32("grow", 1));
    }

    // ---- components: every core instance they create counts ----

    [Fact]
    public void ComponentInstantiationPassingACountGivesEverythingBack()
    {
        var cases = new (StoreLimits Limits, string Message)[]
        {
            (new StoreLimits { MaxInstances = 1 }, "instance count too high at 2 (StoreLimits.MaxInstances is 1)"),
            (new StoreLimits { MaxMemories = 1 }, "memory count too high at 2 (StoreLimits.MaxMemories is 1)"),
            (new StoreLimits { MaxTables = 1 }, "table count too high at 2 (StoreLimits.MaxTables is 1)"),
            (new StoreLimits { MaxTotalMemoryBytes = Page + Page / 2 }, "StoreLimits.MaxTotalMemoryBytes is 98304"),
        };
        foreach (var (limits, message) in cases)
        {
            var store = StoreWith(limits);
            // The first core instance was made before the second failed: it is uncounted and its memory unmapped.
            var e = Assert.Throws<LinkException>(() => InstantiateComponent(store));
            Assert.Contains(message, e.Message);
            AssertEmpty(store);
            // The store stays usable within its limits.
            var core = Wat.Instantiate(OneMemory, store);
            Assert.Equal(1, core.I32("grow", 0));
        }
    }

    [Fact]
    public void ComponentsShareTheStoreLimits()
    {
        var store = StoreWith(new StoreLimits { MaxInstances = 3, MaxTotalMemoryBytes = 3 * Page });
        var first = InstantiateComponent(store);
        Assert.Equal((2, 2, 2, 2UL * Page), store.Usage);
        // A second component needs two more core instances: refused, and the first keeps working.
        var e = Assert.Throws<LinkException>(() => InstantiateComponent(store));
        Assert.Contains("instance count too high at 4", e.Message);
        Assert.Equal((2, 2, 2, 2UL * Page), store.Usage);
        Assert.Equal(2, store.LiveMemories);
        // Growth across both core instances' memories stops at the store's total.
        Assert.Equal(1, Grow(first, "grow-a", 1));
        Assert.Equal(-1, Grow(first, "grow-b", 1));
        Assert.Equal(-1, Grow(first, "grow-a", 1));
        Assert.Equal(1, Grow(first, "grow-b", 0));
    }

    [Fact]
    public void DefaultLimitsAreWasmtimes()
    {
        var limits = StoreLimits.Default;
        Assert.Equal(10_000, limits.MaxInstances);
        Assert.Equal(10_000, limits.MaxMemories);
        Assert.Equal(10_000, limits.MaxTables);
        Assert.Equal(ulong.MaxValue, limits.MaxTotalMemoryBytes);
    }
}

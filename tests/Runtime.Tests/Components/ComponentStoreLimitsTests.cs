using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;

namespace WitBindgen.Runtime.Tests.Components;

/// <summary>
/// <see cref="StoreLimits"/> through components: the core instances a component creates live in the component's store, so
/// their memories and tables grow only within its limits (memory.grow and table.grow answer -1 beyond them, as under
/// wasmtime's ResourceLimiter), and a minimum above the limits fails instantiation.
/// </summary>
public sealed class ComponentStoreLimitsTests
{
    private static readonly Engine Engine = new();

    // Two core instances: $a owns a memory without a maximum and a table; $b imports $a's memory and has its own memory
    // with a declared maximum of 10 pages.
    private const string Growing = """
        (component
          (core module $a
            (memory (export "memory") 1)
            (table $t 1 funcref)
            (func (export "grow-memory") (param i32) (result i32) (memory.grow (local.get 0)))
            (func (export "grow-table") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
            (func (export "table-size") (result i32) (table.size $t))
            (func (export "poke") (param i32) (result i32)
              (i32.store8 (local.get 0) (i32.const 7))
              (i32.load8_u (local.get 0))))
          (core instance $a (instantiate $a))
          (core module $b
            (import "a" "memory" (memory 1))
            (memory $own 1 10)
            (func (export "grow-shared") (param i32) (result i32) (memory.grow 0 (local.get 0)))
            (func (export "size-shared") (result i32) (memory.size 0))
            (func (export "grow-own") (param i32) (result i32) (memory.grow $own (local.get 0))))
          (core instance $b (instantiate $b (with "a" (instance $a))))
          (func (export "grow-memory") (param "pages" u32) (result s32) (canon lift (core func $a "grow-memory")))
          (func (export "grow-table") (param "elements" u32) (result s32) (canon lift (core func $a "grow-table")))
          (func (export "table-size") (result u32) (canon lift (core func $a "table-size")))
          (func (export "poke") (param "address" u32) (result u32) (canon lift (core func $a "poke")))
          (func (export "grow-shared") (param "pages" u32) (result s32) (canon lift (core func $b "grow-shared")))
          (func (export "size-shared") (result u32) (canon lift (core func $b "size-shared")))
          (func (export "grow-own") (param "pages" u32) (result s32) (canon lift (core func $b "grow-own")))
        )
        """;

    private static ComponentInstance Instantiate(StoreLimits? limits) =>
        new ComponentLinker(Engine).Instantiate(new Store(Engine, limits), Component.FromText(Engine, Growing));

    private static long Grow(ComponentInstance instance, string function, uint delta) =>
        instance.GetFunction(function)!.Call(ComponentValue.U32(delta))!.Value.AsInt64();

    [Fact]
    public void MemoryGrowthStopsAtTheStoreLimitInEveryCoreInstance()
    {
        var limited = Instantiate(new StoreLimits { MaxMemoryPages = 4 });
        Assert.Equal(1, Grow(limited, "grow-memory", 2));
        Assert.Equal(-1, Grow(limited, "grow-memory", 2)); // 5 pages > 4
        // The importing core instance sees the same memory and the same limit.
        Assert.Equal(3L, limited.GetFunction("size-shared")!.Call()!.Value.AsInt64());
        Assert.Equal(3, Grow(limited, "grow-shared", 1));
        Assert.Equal(-1, Grow(limited, "grow-shared", 1));
        // The declared maximum (10) of the other memory is capped by the limit too.
        Assert.Equal(1, Grow(limited, "grow-own", 3));
        Assert.Equal(-1, Grow(limited, "grow-own", 1));
        // A failed grow changes nothing: the last byte of the fourth page is usable, the next one traps.
        Assert.Equal(7L, limited.GetFunction("poke")!.Call(ComponentValue.U32(4 * 65536 - 1))!.Value.AsInt64());
        var trap = Assert.Throws<Trap>(() => limited.GetFunction("poke")!.Call(ComponentValue.U32(4 * 65536)));
        Assert.Equal(TrapCode.MemoryOutOfBounds, trap.Code);

        // With the default limits the same growth succeeds, up to the declared maximum.
        var free = Instantiate(null);
        Assert.Equal(1, Grow(free, "grow-memory", 2));
        Assert.Equal(3, Grow(free, "grow-memory", 2));
        Assert.Equal(1, Grow(free, "grow-own", 9));
        Assert.Equal(-1, Grow(free, "grow-own", 1));
    }

    [Fact]
    public void TableGrowthStopsAtTheStoreLimit()
    {
        var limited = Instantiate(new StoreLimits { MaxTableElements = 3 });
        Assert.Equal(1, Grow(limited, "grow-table", 2));
        Assert.Equal(-1, Grow(limited, "grow-table", 1));
        Assert.Equal(3L, limited.GetFunction("table-size")!.Call()!.Value.AsInt64());
        Assert.Equal(3, Grow(limited, "grow-table", 0));

        var free = Instantiate(null);
        Assert.Equal(1, Grow(free, "grow-table", 2));
        Assert.Equal(3, Grow(free, "grow-table", 1));
    }

    [Fact]
    public void MinimumsAboveTheLimitsFailInstantiation()
    {
        var component = Component.FromText(Engine, Growing);
        var linker = new ComponentLinker(Engine);
        var memory = Assert.ThrowsAny<Exception>(() => linker.Instantiate(new Store(Engine, new StoreLimits { MaxMemoryPages = 0 }), component));
        Assert.Contains("memory minimum size of 1 pages exceeds memory limits", memory.Message);
        var table = Assert.ThrowsAny<Exception>(() => linker.Instantiate(new Store(Engine, new StoreLimits { MaxTableElements = 0 }), component));
        Assert.Contains("table minimum size of 1 elements exceeds table limits", table.Message);
    }
}

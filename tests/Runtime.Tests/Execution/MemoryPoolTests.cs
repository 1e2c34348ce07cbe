using System;
using System.Linq;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// <see cref="EngineOptions.MemoryPoolSize"/>: a disposed store's linear memory is reused by the next memory of the same
/// engine, reading as zero everywhere (the resident first page and the decommitted rest, grown pages included), never by
/// two live memories at once, with at most the configured number kept; a handle to the disposed store's memory reads
/// as empty.
/// </summary>
public sealed class MemoryPoolTests
{
    // Up to 4 pages (a declared maximum, so every instance reserves the same range).
    private const string Module = """
        (module
          (memory (export "memory") 1 4)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "size") (result i32) (memory.size))
          (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
        """;

    private const int Page = Memory.PageSize;

    private static (Store Store, Instance Instance, Memory Memory) New(Engine engine, Module module)
    {
        var store = new Store(engine);
        var instance = new Linker(engine).Instantiate(store, module);
        return (store, instance, instance.GetMemory("memory")!);
    }

    private static Module Compile(Engine engine) => WitBindgen.Runtime.Module.FromBytes(engine, Wat.ToBinary(Module));

    [Fact]
    public void ReusedMemoryReadsAsZeroEverywhere()
    {
        if (!OperatingSystem.IsLinux()) return; // pooling is for mapped reservations (Linux); elsewhere nothing is kept
        var engine = new Engine(new EngineOptions { MemoryPoolSize = 2 });
        var module = Compile(engine);

        var (first, firstInstance, firstMemory) = New(engine, module);
        Assert.Equal(1, firstInstance.I32("grow", 3)); // 4 pages: the first stays resident in the pool, 3 are decommitted
        firstMemory.GetSpan(0, 4 * Page).Fill(0xA5);
        var address = firstMemory.BaseAddress;
        first.Dispose();
        Assert.Equal(1, engine.Memories!.Count);
        // The handle to the disposed store's memory sees nothing of the reservation's next user.
        Assert.Equal(0, firstMemory.ByteLength);
        Assert.Throws<Trap>(() => firstMemory.GetSpan(0, 1));

        var (second, secondInstance, secondMemory) = New(engine, module);
        Assert.Equal(address, secondMemory.BaseAddress); // the same reservation
        Assert.Equal(0, engine.Memories.Count);
        Assert.Equal(1, secondInstance.I32("size"));
        Assert.True(secondMemory.GetSpan(0, Page).ToArray().All(b => b == 0));
        Assert.Equal(1, secondInstance.I32("grow", 3));
        Assert.True(secondMemory.GetSpan(0, 4 * Page).ToArray().All(b => b == 0));
        Assert.Equal(0, secondInstance.I32("load", 4 * Page - 1));
        second.Dispose();
    }

    [Fact]
    public void LiveMemoriesNeverShareAndThePoolIsBounded()
    {
        if (!OperatingSystem.IsLinux()) return;
        var engine = new Engine(new EngineOptions { MemoryPoolSize = 2 });
        var module = Compile(engine);
        var live = Enumerable.Range(0, 4).Select(_ => New(engine, module)).ToArray();
        Assert.Equal(4, live.Select(l => l.Memory.BaseAddress).Distinct().Count());
        foreach (var (store, _, _) in live) store.Dispose();
        Assert.Equal(2, engine.Memories!.Count); // two kept, two unmapped

        var again = Enumerable.Range(0, 3).Select(_ => New(engine, module)).ToArray();
        Assert.Equal(3, again.Select(l => l.Memory.BaseAddress).Distinct().Count());
        Assert.Equal(0, engine.Memories.Count);
        foreach (var (store, _, _) in again) store.Dispose();
    }

    [Fact]
    public void WithoutAPoolNothingIsKept()
    {
        var engine = new Engine(new EngineOptions { MemoryPoolSize = 0 });
        Assert.Null(engine.Memories);
        var (store, _, memory) = New(engine, Compile(engine));
        store.Dispose();
        Assert.Equal(0, memory.ByteLength);
    }
}

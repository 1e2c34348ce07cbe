using System;
using System.Collections.Immutable;
using System.Threading;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Types;
using ValueType = WitBindgen.Runtime.ValueKind;

namespace WitBindgen.Runtime.Tests.Execution;

public class EmbeddingTests
{
    private static FuncType Sig(ValueKind[] parameters, ValueKind[] results) => new(parameters, results);

    [Fact]
    public void MemoryGrow_KeepsTheBaseAddress()
    {
        var instance = Wat.Instantiate(@"(module (memory (export ""mem"") 1)
          (func (export ""grow"") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export ""size"") (result i32) (memory.size))
          (func (export ""poke"") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
          (func (export ""peek"") (param i32) (result i32) (i32.load (local.get 0))))");
        var memory = instance.GetMemory("mem")!;
        var before = memory.BaseAddress;
        instance.Call("poke", WasmValue.FromI32(100), WasmValue.FromI32(42));
        Assert.Equal(1, instance.I32("grow", 3));
        Assert.Equal(4, instance.I32("size"));
        Assert.Equal(before, memory.BaseAddress);
        Assert.Equal(42, instance.I32("peek", 100));
        instance.Call("poke", WasmValue.FromI32(4 * 65536 - 4), WasmValue.FromI32(7));
        Assert.Equal(7, memory.Read<int>(4 * 65536 - 4));
        Assert.Equal(0, instance.I32("peek", 3 * 65536)); // new pages are zeroed
    }

    [Fact]
    public void MemoryGrow_RespectsDeclaredMaximumAndStoreLimits()
    {
        var instance = Wat.Instantiate(@"(module (memory 1 3) (func (export ""grow"") (param i32) (result i32) (memory.grow (local.get 0))))");
        Assert.Equal(1, instance.I32("grow", 2));
        Assert.Equal(-1, instance.I32("grow", 1));

        var limited = new Store(Wat.Engine, new StoreLimits { MaxMemoryPages = 10 });
        var unbounded = Wat.Instantiate(@"(module (memory 1) (func (export ""grow"") (param i32) (result i32) (memory.grow (local.get 0))))", limited);
        Assert.Equal(1, unbounded.I32("grow", 9));
        Assert.Equal(-1, unbounded.I32("grow", 1));
        Assert.Equal(-1, unbounded.I32("grow", 65536));
    }

    [Fact]
    public void TableGrow_RespectsStoreLimits()
    {
        var store = new Store(Wat.Engine, new StoreLimits { MaxTableElements = 5 });
        var instance = Wat.Instantiate(@"(module (table 1 funcref)
          (func (export ""grow"") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))", store);
        Assert.Equal(1, instance.I32("grow", 4));
        Assert.Equal(-1, instance.I32("grow", 1));
    }

    [Fact]
    public void MemoryMinimumAboveLimits_FailsToInstantiate()
    {
        var store = new Store(Wat.Engine, new StoreLimits { MaxMemoryPages = 2 });
        Assert.Throws<LinkException>(() => Wat.Instantiate("(module (memory 3))", store));
    }

    private static readonly Engine FuelEngine = new(new EngineOptions { ConsumeFuel = true });

    [Fact]
    public void Fuel_NeedsAnEngineThatConsumesFuel() =>
        Assert.Throws<InvalidOperationException>(() => new Store(Wat.Engine) { Fuel = 10 });

    [Fact]
    public void Deadline_InterruptsUnboundedRecursionWithoutLoops()
    {
        var store = new Store(Wat.Engine);
        var instance = Wat.Instantiate(@"(module (func $f (export ""f"") (param i32) (if (local.get 0) (then (call $f (i32.sub (local.get 0) (i32.const 1))) (call $f (i32.sub (local.get 0) (i32.const 1)))))))", store);
        store.SetDeadline(TimeSpan.FromMilliseconds(50));
        Assert.Equal(TrapCode.Interrupted, instance.Traps("f", WasmValue.FromI32(60)).Code);
        store.SetDeadline(null);
        instance.Call("f", WasmValue.FromI32(3));
    }

    private const string Spin = @"(module (func (export ""spin"") (loop $l (br $l))))";

    [Fact]
    public void Fuel_InterruptsAnInfiniteLoop()
    {
        var store = new Store(FuelEngine) { Fuel = 100_000 };
        var instance = new Linker(FuelEngine).Instantiate(store, Module.FromBytes(FuelEngine, Wat.ToBinary(Spin)));
        var trap = instance.Traps("spin");
        Assert.Equal(TrapCode.OutOfFuel, trap.Code);
        Assert.Equal(0, store.Fuel);
        store.Fuel = 10;
        Assert.Equal(TrapCode.OutOfFuel, instance.Traps("spin").Code);
    }

    [Fact]
    public void Fuel_IsConsumedByCallsAndLoops()
    {
        var store = new Store(FuelEngine) { Fuel = 1000 };
        var instance = new Linker(FuelEngine).Instantiate(store, Module.FromBytes(FuelEngine, Wat.ToBinary(@"(module (func (export ""count"") (param i32) (local i32)
          (loop $l (local.set 1 (i32.add (local.get 1) (i32.const 1))) (br_if $l (i32.lt_u (local.get 1) (local.get 0))))))")));
        instance.Call("count", WasmValue.FromI32(10));
        Assert.InRange(store.Fuel!.Value, 980, 990);
    }

    [Fact]
    public void Deadline_InterruptsAnInfiniteLoop()
    {
        var store = new Store(Wat.Engine);
        var instance = Wat.Instantiate(Spin, store);
        store.SetDeadline(TimeSpan.FromMilliseconds(50));
        Assert.Equal(TrapCode.Interrupted, instance.Traps("spin").Code);
    }

    [Fact]
    public void Interrupt_FromAnotherThread()
    {
        var store = new Store(Wat.Engine);
        var instance = Wat.Instantiate(Spin, store);
        using var timer = new Timer(_ => store.Interrupt(), null, 50, Timeout.Infinite);
        Assert.Equal(TrapCode.Interrupted, instance.Traps("spin").Code);
    }

    [Fact]
    public void DisposedStore_ReleasesMemoryAndLaterCallsTrap()
    {
        var store = new Store(Wat.Engine);
        var instance = Wat.Instantiate(@"(module (memory 1) (func (export ""load"") (result i32) (i32.load (i32.const 8))))", store);
        Assert.Equal(0, instance.I32("load"));
        store.Dispose();
        store.Dispose();
        Assert.Equal(TrapCode.Interrupted, instance.Traps("load").Code);
        Assert.Throws<ObjectDisposedException>(() => Wat.Instantiate("(module (memory 1))", store));
    }

    [Fact]
    public void DisposedStore_MemoryReadsEmpty_AndItsRangeComesBackZeroed()
    {
        // A disposed store's range is kept for the next memory of its size, possibly in another store: the old memory must
        // not reach it any more, and the new one must start zeroed.
        const string Module = @"(module (memory (export ""mem"") 1) (func (export ""load"") (result i32) (i32.load (i32.const 8))))";
        var first = new Store(Wat.Engine);
        var old = Wat.Instantiate(Module, first).GetMemory("mem")!;
        old.Write(8, 12345);
        old.Write(65000, (byte)7);
        first.Dispose();
        Assert.Equal(0, old.ByteLength);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<Trap>(() => old.GetSpan(8, 4)).Code);
        Assert.Equal(-1, old.Grow(1));
        using var second = new Store(Wat.Engine);
        var instance = Wat.Instantiate(Module, second);
        var memory = instance.GetMemory("mem")!;
        Assert.Equal(0, instance.I32("load"));
        Assert.Equal(0, memory.Read<byte>(65000));
        Assert.Equal(-1, memory.GetSpan(0, 65536).IndexOfAnyExcept((byte)0));
    }

    [Fact]
    public void HostFunctions_ViaLinker_WithMultipleResults()
    {
        var linker = new Linker(Wat.Engine);
        var calls = 0;
        linker.DefineFunction("env", "divmod", Sig(new[] { ValueType.I32, ValueType.I32 }, new[] { ValueType.I32, ValueType.I32 }),
            (_, args, results) =>
            {
                calls++;
                results[0] = WasmValue.FromI32(args[0].I32 / args[1].I32);
                results[1] = WasmValue.FromI32(args[0].I32 % args[1].I32);
            });
        linker.DefineFunction("env", "fail", Sig(Array.Empty<ValueType>(), Array.Empty<ValueType>()),
            (_, _, _) => throw new Trap(TrapCode.HostError, "host says no"));
        var instance = Wat.Instantiate(@"(module
          (import ""env"" ""divmod"" (func $divmod (param i32 i32) (result i32 i32)))
          (import ""env"" ""fail"" (func $fail))
          (func (export ""combine"") (param i32 i32) (result i32)
            (call $divmod (local.get 0) (local.get 1)) (i32.mul (i32.const 1000)) (i32.add))
          (func (export ""fail"") (call $fail)))", linker: linker);
        Assert.Equal(3 + 2 * 1000, instance.I32("combine", 17, 5));
        Assert.Equal(1, calls);
        var trap = instance.Traps("fail");
        Assert.Equal("host says no", trap.Message);
    }

    [Fact]
    public void MultiValueFunctionsAndBlocks()
    {
        var instance = Wat.Instantiate(@"(module
          (func $swap (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
          (func (export ""f"") (param i32) (result i64 i32 f64)
            (block (result i64 i32) (call $swap (local.get 0) (i64.const 7)) (br_if 0 (local.get 0)) (drop) (drop) (i64.const 1) (i32.const 2))
            (f64.const 1.5)))");
        var results = instance.Call("f", WasmValue.FromI32(5));
        Assert.Equal(7, results[0].I64);
        Assert.Equal(5, results[1].I32);
        Assert.Equal(1.5, results[2].F64);
        results = instance.Call("f", WasmValue.FromI32(0));
        Assert.Equal(1, results[0].I64);
        Assert.Equal(2, results[1].I32);
    }

    [Fact]
    public void InstantiateManyTimes_InstancesAreIndependent()
    {
        var module = Wat.Compile(@"(module (global $g (mut i32) (i32.const 0)) (memory 1)
          (func (export ""bump"") (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1))) (i32.store (i32.const 0) (global.get $g)) (global.get $g)))");
        var store = new Store(Wat.Engine);
        var linker = new Linker(Wat.Engine);
        var instances = new Instance[50];
        for (var i = 0; i < instances.Length; i++) instances[i] = linker.Instantiate(store, module);
        for (var round = 1; round <= 3; round++)
            foreach (var instance in instances) Assert.Equal(round, instance.I32("bump"));
    }

    [Fact]
    public void ImportedGlobalsAndMemoryAreShared()
    {
        var store = new Store(Wat.Engine);
        var linker = new Linker(Wat.Engine);
        var exporter = Wat.Instantiate(@"(module (global (export ""g"") (mut i32) (i32.const 1)) (memory (export ""m"") 1)
          (func (export ""get"") (result i32) (global.get 0)))", store, linker);
        linker.DefineInstance("a", exporter);
        var importer = Wat.Instantiate(@"(module (import ""a"" ""g"" (global $g (mut i32))) (import ""a"" ""m"" (memory 1))
          (func (export ""set"") (param i32) (global.set $g (local.get 0)) (i32.store8 (i32.const 3) (local.get 0))))", store, linker);
        importer.Call("set", WasmValue.FromI32(77));
        Assert.Equal(77, exporter.I32("get"));
        Assert.Equal(77, exporter.GetGlobal("g")!.Value.I32);
        Assert.Equal(77, exporter.GetMemory("m")!.Read<byte>(3));
    }

    [Fact]
    public void LinkErrors()
    {
        var error = Assert.Throws<LinkException>(() => Wat.Instantiate(@"(module (import ""env"" ""f"" (func)))"));
        Assert.StartsWith("unknown import", error.Message);
        var linker = new Linker(Wat.Engine);
        linker.DefineFunction("env", "f", Sig(new[] { ValueType.I32 }, Array.Empty<ValueType>()), (_, _, _) => { });
        error = Assert.Throws<LinkException>(() => Wat.Instantiate(@"(module (import ""env"" ""f"" (func)))", linker: linker));
        Assert.StartsWith("incompatible import type", error.Message);
    }

    [Fact]
    public void InvokeChecksArguments()
    {
        var instance = Wat.Instantiate(@"(module (func (export ""f"") (param i32)))");
        Assert.Throws<ArgumentException>(() => instance.Call("f"));
        Assert.Throws<ArgumentException>(() => instance.Call("f", WasmValue.FromI64(1)));
    }

    [Fact]
    public void StartFunctionAndSegmentsRunAtInstantiation()
    {
        var instance = Wat.Instantiate(@"(module (memory 1) (global $g (mut i32) (i32.const 0))
          (data (i32.const 8) ""\2a"")
          (func $start (global.set $g (i32.load8_u (i32.const 8))))
          (start $start)
          (func (export ""g"") (result i32) (global.get $g)))");
        Assert.Equal(42, instance.I32("g"));
        var trap = Assert.Throws<Trap>(() => Wat.Instantiate(@"(module (memory 1) (data (i32.const 65535) ""ab""))"));
        Assert.Equal(TrapCode.MemoryOutOfBounds, trap.Code);
    }
}

using System;
using System.Linq;
using WitBindgen.CoreWasm;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Types;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// memory64/table64: a program over a 64-bit memory and table (i64 addresses, offsets, sizes, bulk operations,
/// call_indirect with an i64 index) compared with Wasmtime (memory64 switched on through its Config); addresses
/// beyond 32 bits trap; the public types carry Is64 and u64 limits.
/// </summary>
public class Memory64Tests
{
    // $fill writes n i64 words derived from a seed with 64-bit addresses; $sum folds them back through
    // loads of every width and a call_indirect through a 64-bit table; $bulk copies and fills; $grow grows.
    internal const string Program = @"(module
      (type $fold (func (param i64 i64) (result i64)))
      (memory $m (export ""mem"") i64 1 4)
      (table $t i64 2 funcref)
      (elem (table $t) (i64.const 0) func $mix $xor)
      (func $mix (type $fold) (i64.add (i64.mul (local.get 0) (i64.const 31)) (local.get 1)))
      (func $xor (type $fold) (i64.xor (i64.rotl (local.get 0) (i64.const 7)) (local.get 1)))
      (func $fill (export ""fill"") (param $n i64) (param $seed i64)
        (local $i i64)
        (block $done (loop $next
          (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
          (i64.store offset=8 (i64.shl (local.get $i) (i64.const 3))
            (i64.mul (i64.add (local.get $seed) (local.get $i)) (i64.const 0x9E3779B97F4A7C15)))
          (local.set $i (i64.add (local.get $i) (i64.const 1)))
          (br $next))))
      (func $sum (export ""sum"") (param $n i64) (result i64)
        (local $i i64) (local $acc i64) (local $a i64)
        (block $done (loop $next
          (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
          (local.set $a (i64.add (i64.shl (local.get $i) (i64.const 3)) (i64.const 8)))
          (local.set $acc (call_indirect $t (type $fold) (local.get $acc)
            (i64.add (i64.load (local.get $a))
              (i64.add (i64.load8_s offset=3 (local.get $a))
                (i64.add (i64.extend_i32_u (i32.load16_u offset=2 (local.get $a)))
                  (i64.load32_s offset=4 (local.get $a)))))
            (i64.and (local.get $i) (i64.const 1))))
          (local.set $i (i64.add (local.get $i) (i64.const 1)))
          (br $next)))
        (local.get $acc))
      (func $bulk (export ""bulk"") (param $n i64) (result i64)
        (memory.copy (i64.const 40000) (i64.const 8) (i64.shl (local.get $n) (i64.const 3)))
        (memory.fill (i64.const 40004) (i32.const 0xA5) (i64.const 13))
        (i64.add (i64.load (i64.const 40000)) (i64.load offset=1 (i64.const 40003))))
      (func $grow (export ""grow"") (param $delta i64) (result i64)
        (i64.add (i64.mul (memory.grow (local.get $delta)) (i64.const 1000)) (memory.size)))
      (func $table (export ""table"") (result i64)
        (i64.add (table.size $t) (i64.mul (table.grow $t (ref.null func) (i64.const 3)) (i64.const 100))))
      (func (export ""load_at"") (param $address i64) (result i32) (i32.load8_u (local.get $address)))
      (func (export ""load_far"") (param $address i64) (result i32) (i32.load8_u offset=0x100000000 (local.get $address))))";

    private readonly ITestOutputHelper _output;

    public Memory64Tests(ITestOutputHelper output) => _output = output;

    private static long[] RunOurs()
    {
        var instance = Wat.Instantiate(Program);
        instance.Call("fill", WasmValue.FromI64(1000), WasmValue.FromI64(12345));
        return new[]
        {
            instance.Call("sum", WasmValue.FromI64(1000))[0].I64,
            instance.Call("bulk", WasmValue.FromI64(100))[0].I64,
            instance.Call("grow", WasmValue.FromI64(2))[0].I64,
            instance.Call("grow", WasmValue.FromI64(5))[0].I64,
            instance.Call("grow", WasmValue.FromI64(1L << 40))[0].I64,
            instance.Call("table")[0].I64,
        };
    }

    [Fact]
    public void MatchesWasmtime()
    {
        var ours = RunOurs();

        using var config = new Wasmtime.Config().WithMemory64(true);
        using var engine = new Wasmtime.Engine(config);
        using var module = Wasmtime.Module.FromText(engine, "memory64", Program);
        using var store = new Wasmtime.Store(engine);
        var instance = new Wasmtime.Linker(engine).Instantiate(store, module);
        instance.GetAction<long, long>("fill")!(1000, 12345);
        var theirs = new[]
        {
            instance.GetFunction<long, long>("sum")!(1000),
            instance.GetFunction<long, long>("bulk")!(100),
            instance.GetFunction<long, long>("grow")!(2),
            instance.GetFunction<long, long>("grow")!(5),
            instance.GetFunction<long, long>("grow")!(1L << 40),
            instance.GetFunction<long>("table")!(),
        };
        _output.WriteLine($"ours   {string.Join(", ", ours)}");
        _output.WriteLine($"theirs {string.Join(", ", theirs)}");
        Assert.Equal(theirs, ours);
    }

    [Theory]
    [InlineData(0x1_0000_0000L)]
    [InlineData(-1L)]
    [InlineData(0x7FFF_FFFF_FFFF_FFFFL)]
    [InlineData(65536L)]
    public void AddressesBeyondTheMemoryTrap(long address)
    {
        var instance = Wat.Instantiate(Program);
        Assert.Equal(TrapCode.MemoryOutOfBounds, instance.Traps("load_at", WasmValue.FromI64(address)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, instance.Traps("load_far", WasmValue.FromI64(0)).Code);
        Assert.Equal(0, instance.Call("load_at", WasmValue.FromI64(65535))[0].I32);
    }

    [Fact]
    public void PublicTypesCarryIs64AndWideLimits()
    {
        var module = Wat.Compile(Program);
        var memoryType = Assert.IsType<MemoryType>(module.Exports.Single(e => e.Name == "mem").Type);
        Assert.True(memoryType.Is64);
        Assert.Equal(new MemoryType(1, 4, is64: true), memoryType);
        Assert.NotEqual(new MemoryType(1, 4), memoryType);
        Assert.Equal("i64 1 4", memoryType.ToString());

        var wide = new MemoryType(0, 1UL << 40, is64: true);
        Assert.Equal(1UL << 40, wide.Maximum);
        Assert.Throws<ArgumentException>(() => new MemoryType(0, 1UL << 40));
        Assert.Throws<ArgumentException>(() => new TableType(ValueKind.FuncRef, 0, 1UL << 33));
        Assert.Equal(1UL << 33, new TableType(ValueKind.FuncRef, 0, 1UL << 33, is64: true).Maximum);

        // A 64-bit memory keeps the 32-bit backing store: it grows to Memory.MaxPages64 pages at most.
        var store = new Store(Wat.Engine);
        var memory = new Memory(store, new MemoryType(1, 1UL << 40, is64: true));
        Assert.True(memory.Is64);
        Assert.Equal(-1, memory.Grow(Memory.MaxPages64));
        Assert.Equal(1UL << 40, memory.Type.Maximum);
    }

    [Fact]
    public void ImportsMatchOnlyTheSameIndexType()
    {
        var store = new Store(Wat.Engine);
        var linker = new Linker(Wat.Engine);
        linker.Define("env", "m", new Memory(store, new MemoryType(1)));
        var error = Assert.ThrowsAny<WasmException>(() =>
            linker.Instantiate(store, Wat.Compile(@"(module (import ""env"" ""m"" (memory i64 1)))")));
        Assert.Contains("incompatible import type", error.Message, StringComparison.Ordinal);
        linker.Define("env", "m64", new Memory(store, new MemoryType(1, null, is64: true)));
        linker.Instantiate(store, Wat.Compile(@"(module (import ""env"" ""m64"" (memory i64 1)))"));
    }
}

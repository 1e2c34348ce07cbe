using System;
using System.Linq;
using WitBindgen.Runtime;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>A trap's backtrace lists every wasm frame of the real stack, innermost first, whatever the engine options.</summary>
public class BacktraceTests
{
    private const string Wasm = @"(module
      (import ""env"" ""host"" (func $host (param i32)))
      (type $t (func (param i32) (result i32)))
      (table 1 funcref)
      (elem (i32.const 0) $leaf)
      (func $down (export ""down"") (param i32) (result i32)
        local.get 0 i32.eqz
        if (result i32) unreachable else local.get 0 i32.const 1 i32.sub call $down end)
      (func $main (export ""main"") (result i32) i32.const 100 call $down)
      (func $leaf (param i32) (result i32) unreachable)
      (func $indirect (export ""indirect"") (param i32) (result i32) (call_indirect (type $t) (local.get 0) (i32.const 0)))
      (func $viaHost (export ""via-host"") (param i32) (call $host (local.get 0)))
      (func $inner (export ""inner"") (param i32) (result i32) (call $indirect (local.get 0))))";

    private static Instance Instantiate(bool tiered)
    {
        var engine = new Engine(new EngineOptions { TieredCompilation = tiered });
        var linker = new Linker(engine);
        var store = new Store(engine);
        Instance? self = null;
        // The host calls back into wasm, which traps below it.
        linker.DefineFunction("env", "host", (Action<int>)(x => self!.Call("inner", WasmValue.FromI32(x))));
        self = linker.Instantiate(store, Module.FromBytes(engine, Wat.ToBinary(Wasm)));
        return self;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RecursionShowsEveryFrame(bool tiered)
    {
        var trap = Instantiate(tiered).Traps("main");
        // down(100) .. down(0): 101 frames, then main.
        Assert.Equal(Enumerable.Repeat("down", 101).Append("main"), trap.WasmBacktrace);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RecursionFromTheHostShowsEveryFrame(bool tiered)
    {
        var trap = Instantiate(tiered).Traps("down", WasmValue.FromI32(3));
        Assert.Equal(Enumerable.Repeat("down", 4), trap.WasmBacktrace);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CallIndirectKeepsTheCaller(bool tiered)
    {
        var trap = Instantiate(tiered).Traps("indirect", WasmValue.FromI32(1));
        Assert.Equal(new[] { "leaf", "indirect" }, trap.WasmBacktrace);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AHostFunctionBetweenWasmFramesKeepsBothSides(bool tiered)
    {
        var trap = Instantiate(tiered).Traps("via-host", WasmValue.FromI32(1));
        Assert.Equal(new[] { "leaf", "indirect", "inner", "viaHost" }, trap.WasmBacktrace);
    }
}

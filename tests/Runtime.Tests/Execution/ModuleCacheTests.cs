using System;
using System.Runtime.CompilerServices;
using WitBindgen.Runtime;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// The engine's module cache: loading the same bytes again through the same engine reuses the compiled code, instances
/// of it stay independent, and the cache does not keep a dropped module's code alive.
/// </summary>
public class ModuleCacheTests
{
    private const string Counter = @"(module
      (global $n (mut i32) (i32.const 0))
      (func (export ""next"") (result i32) (global.set $n (i32.add (global.get $n) (i32.const 1))) (global.get $n)))";

    [Fact]
    public void SameBytesThroughOneEngineShareTheCompiledCodeButNotTheState()
    {
        var engine = new Engine();
        var bytes = Wat.ToBinary(Counter);
        var first = Module.FromBytes(engine, bytes);
        var second = Module.FromBytes(engine, bytes);
        Assert.Same(first.Compiled, second.Compiled);
        Assert.Equal(first.Exports, second.Exports);
        var a = new Linker(engine).Instantiate(new Store(engine), first);
        var b = new Linker(engine).Instantiate(new Store(engine), second);
        Assert.Equal(1, a.I32("next"));
        Assert.Equal(2, a.I32("next"));
        Assert.Equal(1, b.I32("next"));
    }

    [Fact]
    public void OtherEnginesAndOtherBytesCompileAgain()
    {
        var bytes = Wat.ToBinary(Counter);
        var engine = new Engine();
        var module = Module.FromBytes(engine, bytes);
        Assert.NotSame(module.Compiled, Module.FromBytes(new Engine(), bytes).Compiled);
        var other = Wat.ToBinary(Counter.Replace("i32.const 1", "i32.const 2", StringComparison.Ordinal));
        var changed = new Linker(engine).Instantiate(new Store(engine), Module.FromBytes(engine, other));
        Assert.Equal(2, changed.I32("next"));
    }

    [Fact]
    public void TheCacheDoesNotKeepADroppedModuleAlive()
    {
        var engine = new Engine();
        var bytes = Wat.ToBinary(Counter);
        var dropped = LoadAndRun(engine, bytes);
        for (var i = 0; i < 10 && dropped.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(dropped.IsAlive);
        var again = new Linker(engine).Instantiate(new Store(engine), Module.FromBytes(engine, bytes));
        Assert.Equal(1, again.I32("next"));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndRun(Engine engine, byte[] bytes)
    {
        var module = Module.FromBytes(engine, bytes);
        Assert.Equal(1, new Linker(engine).Instantiate(new Store(engine), module).I32("next"));
        return new WeakReference(module.Compiled);
    }
}

using System;
using System.Linq;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Compilation;
using static WitBindgen.Runtime.WasmValue;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// Our compile-time tier (Compilation/Tiering.cs): functions start on an unoptimized first body and switch to the full
/// one after enough calls or loop iterations; both bodies behave the same (traps, backtraces, fuel, call depth, tail
/// calls, exceptions), also when a call chain crosses from one to the other.
/// </summary>
public class TieringTests
{
    // sum(n) = n + (n - 1) + ... + 1, in a loop.
    private const string Sum = @"
      (func (export ""sum"") (param i32) (result i32) (local i32)
        (block $done (loop $l
          (br_if $done (i32.eqz (local.get 0)))
          (local.set 1 (i32.add (local.get 1) (local.get 0)))
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (br $l)))
        (local.get 1))";

    private const string Counted = @"(module
      (func (export ""inc"") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))" + Sum + ")";

    // Recursion that traps at the bottom, recursion that counts its depth, mutual tail recursion, an exception thrown
    // in a callee and caught, and a loop (fuel).
    private const string Behaviour = @"(module
      (tag $e (param i32))
      (func $down (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (unreachable)) (else (call $down (i32.sub (local.get 0) (i32.const 1))))))
      (func $trap (export ""trap"") (param i32) (result i32) (call $down (local.get 0)))
      (func $depth (export ""depth"") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
          (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get 0) (i32.const 1)))))))
      (func $even (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1)) (else (return_call $odd (i32.sub (local.get 0) (i32.const 1))))))
      (func $odd (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0)) (else (return_call $even (i32.sub (local.get 0) (i32.const 1))))))
      (func (export ""even"") (param i32) (result i32) (call $even (local.get 0)))
      (func $thrower (param i32) (throw $e (local.get 0)))
      (func $catch (export ""catch"") (param i32) (result i32)
        (block $h (result i32) (try_table (catch $e $h) (call $thrower (local.get 0))) (i32.const -1)))
      (func (export ""catch-many"") (param i32) (result i32) (local i32)
        (block $done (loop $l
          (br_if $done (i32.eqz (local.get 0)))
          (local.set 1 (i32.add (local.get 1) (call $catch (local.get 0))))
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (br $l)))
        (local.get 1))
    " + Sum + ")";

    private static readonly int CallsOnFirstBody = Tiering.Budget / Tiering.CallCost - 1;

    private static (Instance Instance, CompiledModule Compiled) Load(string wat, Engine? engine = null, Store? store = null)
    {
        engine ??= new Engine();
        var module = Module.FromBytes(engine, Wat.ToBinary(wat));
        return (new Linker(engine).Instantiate(store ?? new Store(engine), module), module.Compiled);
    }

    private static bool OnFullBody(Instance instance, CompiledModule compiled, string export)
    {
        var function = instance.GetFunction(export)!;
        return function.Code == compiled.FunctionPointers[function.DefinedIndex];
    }

    [Fact]
    public void AFunctionSwitchesToItsFullBodyAfterEnoughCalls()
    {
        var (instance, compiled) = Load(Counted);
        var index = instance.GetFunction("inc")!.DefinedIndex;
        for (var i = 0; i < CallsOnFirstBody; i++) Assert.Equal(i + 1, instance.I32("inc", i));
        Assert.NotEqual(compiled.FunctionPointers[index], compiled.Entries[index]);
        Assert.False(OnFullBody(instance, compiled, "inc"));
        Assert.Equal(8, instance.I32("inc", 7)); // this call switches and runs the full body
        Assert.True(OnFullBody(instance, compiled, "inc"));
        Assert.Equal(compiled.FunctionPointers[index], compiled.Entries[index]);
        Assert.Equal(10, instance.I32("inc", 9));
        Assert.False(OnFullBody(instance, compiled, "sum")); // counts are per function
    }

    [Fact]
    public void ALongLoopSwitchesTheFunctionForItsNextCall()
    {
        var (instance, compiled) = Load(Counted);
        Assert.Equal(15, instance.I32("sum", 5));
        Assert.False(OnFullBody(instance, compiled, "sum"));
        Assert.Equal(Tiering.Budget * (Tiering.Budget + 1) / 2, instance.I32("sum", Tiering.Budget));
        Assert.True(OnFullBody(instance, compiled, "sum"));
        Assert.Equal(55, instance.I32("sum", 10));
    }

    [Fact]
    public void ALongLoopContinuesInTheResumeBodyWithinTheSameCall()
    {
        // The host import records, at each iteration, whether a resume body (method r{index}) is on the stack.
        var frames = new System.Collections.Generic.List<bool>();
        var engine = new Engine();
        var linker = new Linker(engine);
        linker.Define("host", "probe", Function.FromDelegate((Action<int>)(iteration =>
            frames.Add(new System.Diagnostics.StackTrace().GetFrames().Any(f => f.GetMethod() is { Name: ['r', ..] } m && CompiledModule.TryFind(m.DeclaringType!, out _))))));
        var module = Module.FromBytes(engine, Wat.ToBinary(@"(module
          (import ""host"" ""probe"" (func $probe (param i32)))
          (memory 1)
          (func (export ""run"") (param $n i32) (result i32) (local $i i32) (local $acc i64)
            (i64.store (i32.const 8) (i64.const 3))
            (loop $l
              (call $probe (local.get $i))
              (local.set $acc (i64.add (local.get $acc) (i64.load (i32.const 8))))
              (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
            (i32.wrap_i64 (local.get $acc))))"));
        var instance = linker.Instantiate(new Store(engine), module);
        var iterations = 3 * Tiering.Budget;
        Assert.Equal(3 * iterations, instance.I32("run", iterations));
        Assert.Equal(iterations, frames.Count);
        Assert.False(frames[0]);
        Assert.True(frames[^1]);
        Assert.Equal(Tiering.Budget - Tiering.CallCost - 1, frames.IndexOf(true)); // and every iteration after it
        Assert.True(OnFullBody(instance, module.Compiled, "run"));
        frames.Clear();
        Assert.Equal(30, instance.I32("run", 10)); // the next call starts on the full body
        Assert.DoesNotContain(true, frames);
    }

    [Fact]
    public void ATrapInTheResumeBodyNamesTheFunctionOnce()
    {
        var (instance, _) = Load(@"(module
          (func $inner (export ""inner"") (param $n i32) (result i32) (local $i i32)
            (loop $l (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
            (i32.div_u (i32.const 1) (i32.sub (local.get $i) (local.get $n))))
          (func $outer (export ""outer"") (param i32) (result i32) (call $inner (local.get 0))))");
        var trap = instance.Traps("outer", FromI32(3 * Tiering.Budget));
        Assert.Equal(TrapCode.IntegerDivisionByZero, trap.Code);
        Assert.Equal(new[] { "inner", "outer" }, trap.WasmBacktrace);
    }

    [Fact]
    public void OtherInstancesOfTheModuleSwitchAtTheirNextCall()
    {
        var engine = new Engine();
        var (first, compiled) = Load(Counted, engine);
        var (second, sameCompiled) = Load(Counted, engine);
        Assert.Same(compiled, sameCompiled);
        for (var i = 0; i <= CallsOnFirstBody; i++) first.I32("inc", i);
        Assert.True(OnFullBody(first, compiled, "inc"));
        Assert.False(OnFullBody(second, compiled, "inc"));
        Assert.Equal(2, second.I32("inc", 1));
        Assert.True(OnFullBody(second, compiled, "inc"));
    }

    [Fact]
    public void AForwardedCallNamesTheFunctionOnceInABacktrace()
    {
        const string wat = @"(module
          (func $check (export ""check"") (param i32) (result i32) (if (local.get 0) (then (unreachable))) (i32.const 1)))";
        var engine = new Engine();
        var (first, compiled) = Load(wat, engine);
        var (second, _) = Load(wat, engine);
        for (var i = 0; i <= CallsOnFirstBody; i++) first.I32("check", 0);
        Assert.False(OnFullBody(second, compiled, "check")); // its first body forwards this call to the full body
        var trap = second.Traps("check", FromI32(1));
        Assert.Equal(TrapCode.Unreachable, trap.Code);
        Assert.Equal(new[] { "check" }, trap.WasmBacktrace);
    }

    [Fact]
    public void DelegatesFollowTheSwitch()
    {
        var (instance, compiled) = Load(Counted);
        var inc = instance.GetFunction("inc")!.CreateDelegate<Func<int, int>>();
        Assert.Same(instance.GetFunction("inc"), Assert.IsType<DelegateTarget>(inc.Target).Function);
        for (var i = 0; i < CallsOnFirstBody; i++) Assert.Equal(i + 1, inc(i));
        Assert.False(OnFullBody(instance, compiled, "inc"));
        Assert.Equal(42, inc(41)); // switches
        Assert.True(OnFullBody(instance, compiled, "inc"));
        Assert.Equal(43, inc(42));
    }

    [Fact]
    public void FullBodiesAreEmittedOnlyForFunctionsThatGetHot()
    {
        var (instance, compiled) = Load(Counted);
        Assert.All(compiled.FunctionPointers, p => Assert.Equal(IntPtr.Zero, p));
        for (var i = 0; i <= CallsOnFirstBody; i++) instance.I32("inc", i);
        var inc = instance.GetFunction("inc")!.DefinedIndex;
        Assert.NotEqual(IntPtr.Zero, compiled.FunctionPointers[inc]);
        Assert.Equal(IntPtr.Zero, compiled.FunctionPointers[instance.GetFunction("sum")!.DefinedIndex]);
        Assert.Equal(IntPtr.Zero, compiled.ResumePointers[instance.GetFunction("sum")!.DefinedIndex]);
    }

    // Two functions nobody calls (one with a loop), one reached only through call_indirect, one through an export.
    private const string Lazy = @"(module
      (type $i2i (func (param i32) (result i32)))
      (table 1 funcref)
      (elem (i32.const 0) $double)
      (func $unused (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
      (func $unusedLoop (param i32) (result i32)
        (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))) (local.get 0))
      (func $double (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
      (func (export ""indirect"") (param i32) (result i32) (call_indirect (type $i2i) (local.get 0) (i32.const 0)))
      (func (export ""inc"") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))";

    private static int Defined(Instance instance, string export) => instance.GetFunction(export)!.DefinedIndex;

    [Fact]
    public void FirstBodiesAreEmittedOnlyForFunctionsThatAreCalled()
    {
        var (instance, compiled) = Load(Lazy);
        Assert.Equal(5, compiled.Entries.Length);
        for (var i = 0; i < compiled.Entries.Length; i++) Assert.False(compiled.HasFirstBody(i));
        Assert.Equal(11, instance.I32("inc", 10));
        Assert.True(compiled.HasFirstBody(Defined(instance, "inc")));
        Assert.Equal(14, instance.I32("indirect", 7)); // $double, reached through the table only
        Assert.True(compiled.HasFirstBody(Defined(instance, "indirect")));
        Assert.True(compiled.HasFirstBody(2));
        Assert.False(compiled.HasFirstBody(0));
        Assert.False(compiled.HasFirstBody(1));
        Assert.All(compiled.FunctionPointers, p => Assert.Equal(IntPtr.Zero, p));
    }

    [Fact]
    public void ALazilyEmittedFunctionSwitchesThroughATableAndADelegate()
    {
        var (instance, compiled) = Load(Lazy);
        var inc = instance.GetFunction("inc")!.CreateDelegate<Func<int, int>>();
        Assert.False(compiled.HasFirstBody(Defined(instance, "inc")));
        for (var i = 0; i <= CallsOnFirstBody + 1; i++)
        {
            Assert.Equal(i + 1, inc(i));
            Assert.Equal(2 * i, instance.I32("indirect", i));
        }
        Assert.True(OnFullBody(instance, compiled, "inc"));
        Assert.NotEqual(IntPtr.Zero, compiled.FunctionPointers[2]);
        Assert.Equal(compiled.FunctionPointers[2], compiled.Entries[2]);
        Assert.Equal(8, instance.I32("indirect", 4));
    }

    [Fact]
    public void ConcurrentFirstCallsEmitTheFirstBodyOnce()
    {
        var engine = new Engine();
        var (first, compiled) = Load(Lazy, engine);
        var (second, _) = Load(Lazy, engine);
        var index = Defined(first, "inc");
        var entries = new System.Collections.Concurrent.ConcurrentBag<IntPtr>();
        using var go = new System.Threading.Barrier(2);
        var threads = new[] { first, second }.Select(instance => new System.Threading.Thread(() =>
        {
            go.SignalAndWait();
            Assert.Equal(6, instance.I32("inc", 5));
            entries.Add(instance.GetFunction("inc")!.Code);
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        Assert.Equal(2, entries.Count);
        Assert.Single(entries.Distinct());
        Assert.Equal(compiled.Entries[index], entries.First());
        Assert.NotEqual(compiled.Stubs[index], entries.First());
    }

    [Fact]
    public void ATrapInALazilyEmittedFunctionNamesItOnce()
    {
        var (instance, _) = Load(@"(module
          (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
          (func $outer (export ""outer"") (param i32) (result i32) (call $inner (local.get 0))))");
        Assert.Equal(new[] { "inner", "outer" }, instance.Traps("outer", FromI32(0)).WasmBacktrace);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void EagerOrRyuJitTieredModulesHaveNoFirstBodies(bool eager, bool tiered)
    {
        var (_, compiled) = Load(Counted, new Engine(new EngineOptions { EagerCompilation = eager, TieredCompilation = tiered }));
        Assert.Equal(compiled.FunctionPointers, compiled.Entries);
    }

    [Fact]
    public void BothBodiesBehaveTheSame()
    {
        // Eager compilation makes no first bodies: everything runs fully optimized from the first call.
        var tiered = Scenarios(new Engine(new EngineOptions { MaxCallDepth = 100 }), expectFirstBodies: true);
        var full = Scenarios(new Engine(new EngineOptions { MaxCallDepth = 100, EagerCompilation = true }), expectFirstBodies: false);
        Assert.Equal(full, tiered);
    }

    [Fact]
    public void FuelIsMeteredTheSameWhenALoopSwitchesToTheResumeBody()
    {
        long Used(EngineOptions options)
        {
            var engine = new Engine(options);
            var store = new Store(engine) { Fuel = 1_000_000 };
            var (instance, _) = Load(Behaviour, engine, store);
            Assert.Equal(3 * Tiering.Budget * (3 * Tiering.Budget + 1) / 2, instance.I32("sum", 3 * Tiering.Budget));
            return 1_000_000 - store.Fuel!.Value;
        }
        Assert.Equal(Used(new EngineOptions { ConsumeFuel = true, EagerCompilation = true }), Used(new EngineOptions { ConsumeFuel = true }));
    }

    [Fact]
    public void FuelIsMeteredTheSameInBothBodies()
    {
        var engine = new Engine(new EngineOptions { ConsumeFuel = true });
        var store = new Store(engine) { Fuel = 1_000_000 };
        var (instance, compiled) = Load(Behaviour, engine, store);
        long Used(Func<int> call)
        {
            var before = store.Fuel;
            call();
            return before!.Value - store.Fuel!.Value;
        }
        var onFirst = Used(() => instance.I32("sum", 100));
        var depthOnFirst = Used(() => instance.I32("depth", 10));
        for (var i = 0; i <= CallsOnFirstBody; i++) instance.I32("sum", 1);
        Assert.True(OnFullBody(instance, compiled, "sum"));
        Assert.Equal(onFirst, Used(() => instance.I32("sum", 100)));
        for (var i = 0; i < 10; i++) instance.I32("depth", 10);
        Assert.True(OnFullBody(instance, compiled, "depth"));
        Assert.Equal(depthOnFirst, Used(() => instance.I32("depth", 10)));
        store.Fuel = onFirst - 1;
        Assert.Equal(TrapCode.OutOfFuel, instance.Traps("sum", FromI32(100)).Code);
    }

    /// <summary>Runs each scenario in a fresh instance (first bodies, switching on the way for the deep ones); what it
    /// returned or how it trapped, as text.</summary>
    private static string[] Scenarios(Engine engine, bool expectFirstBodies)
    {
        string Run(Func<Instance, string> scenario)
        {
            var (instance, compiled) = Load(Behaviour, engine);
            Assert.Equal(!expectFirstBodies, OnFullBody(instance, compiled, "trap"));
            try
            {
                return scenario(instance);
            }
            catch (Trap trap)
            {
                return $"{trap.Code}: {string.Join(" ", trap.WasmBacktrace)}";
            }
        }
        return new[]
        {
            Run(i => i.I32("trap", 3).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Run(i => i.I32("trap", 50).ToString(System.Globalization.CultureInfo.InvariantCulture)), // switches mid-recursion
            Run(i => i.I32("depth", 99).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Run(i => i.I32("depth", 100).ToString(System.Globalization.CultureInfo.InvariantCulture)), // one frame too many
            Run(i => i.I32("even", 1_000_001).ToString(System.Globalization.CultureInfo.InvariantCulture)), // tail calls across the switch
            Run(i => i.I32("catch", 7).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Run(i => i.I32("catch-many", 100).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Run(i => string.Join(",", Enumerable.Range(0, 40).Select(n => i.I32("depth", n)))),
        };
    }
}

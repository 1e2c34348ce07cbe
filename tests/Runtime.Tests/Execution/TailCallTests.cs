using System;
using System.Linq;
using WitBindgen.CoreWasm;
using System.Threading;
using WitBindgen.Runtime;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// Tail calls (return_call, return_call_indirect): deep mutual recursion runs in constant stack, on a thread
/// whose stack could not hold a fraction of the frames; results compared with Wasmtime (tail calls switched on
/// through its Config).
/// </summary>
public class TailCallTests
{
    private const int SmallStack = 1024 * 1024;

    // $even/$odd count down n and fold every step into an accumulator, so the result depends on every call.
    // $wide takes nine i64 and two f64 parameters (more than the registers of the calling convention: the
    // callee needs more stack arguments than its tail caller received), $pair returns two values.
    private const string Module = @"(module
      (type $step (func (param i64 i64) (result i64)))
      (import ""host"" ""finish"" (func $finish (param i64 i64) (result i64)))
      (table $t 2 funcref)
      (elem (table $t) (i32.const 0) func $even_indirect $odd_indirect)
      (func $even (export ""even"") (param $n i64) (param $acc i64) (result i64)
        (if (result i64) (i64.eqz (local.get $n))
          (then (local.get $acc))
          (else (return_call $odd (i64.sub (local.get $n) (i64.const 1))
                  (i64.add (i64.mul (local.get $acc) (i64.const 31)) (local.get $n))))))
      (func $odd (param $n i64) (param $acc i64) (result i64)
        (if (result i64) (i64.eqz (local.get $n))
          (then (i64.xor (local.get $acc) (i64.const -1)))
          (else (return_call $even (i64.sub (local.get $n) (i64.const 1))
                  (i64.add (i64.mul (local.get $acc) (i64.const 17)) (local.get $n))))))
      (func $even_indirect (export ""even_indirect"") (type $step)
        (if (result i64) (i64.eqz (local.get 0))
          (then (return_call $finish (local.get 1) (i64.const 0)))
          (else (return_call_indirect $t (type $step) (i64.sub (local.get 0) (i64.const 1))
                  (i64.add (i64.mul (local.get 1) (i64.const 31)) (local.get 0)) (i32.const 1)))))
      (func $odd_indirect (type $step)
        (if (result i64) (i64.eqz (local.get 0))
          (then (return_call $finish (local.get 1) (i64.const 1)))
          (else (return_call_indirect $t (type $step) (i64.sub (local.get 0) (i64.const 1))
                  (i64.add (i64.mul (local.get 1) (i64.const 17)) (local.get 0)) (i32.const 0)))))
      (func $narrow (export ""narrow"") (param $n i64) (param $acc i64) (result i64)
        (if (result i64) (i64.eqz (local.get $n))
          (then (local.get $acc))
          (else (return_call $wide (i64.sub (local.get $n) (i64.const 1)) (local.get $acc)
                  (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7)
                  (f64.const 0.5) (f64.convert_i64_s (local.get $n))))))
      (func $wide (param $n i64) (param $acc i64) (param i64 i64 i64 i64 i64 i64 i64) (param f64 f64) (result i64)
        (return_call $narrow (local.get $n)
          (i64.add (i64.mul (local.get $acc) (i64.const 7))
            (i64.add (i64.add (local.get 2) (local.get 8))
              (i64.trunc_f64_s (f64.add (local.get 9) (local.get 10)))))))
      (func $pair (export ""pair"") (param $n i32) (param $a i32) (param $b i64) (result i32 i64)
        (if (result i32 i64) (i32.eqz (local.get $n))
          (then (local.get $a) (local.get $b))
          (else (return_call $pair_swap (i32.sub (local.get $n) (i32.const 1))
                  (i32.add (local.get $a) (local.get $n)) (i64.add (local.get $b) (i64.const 3))))))
      (func $pair_swap (param $n i32) (param $a i32) (param $b i64) (result i32 i64)
        (return_call $pair (local.get $n) (i32.xor (local.get $a) (i32.const 5)) (i64.mul (local.get $b) (i64.const 3))))
      (func $count (export ""count_plain"") (param $n i64) (result i64)
        (if (result i64) (i64.eqz (local.get $n))
          (then (i64.const 0))
          (else (i64.add (i64.const 1) (call $count (i64.sub (local.get $n) (i64.const 1))))))))";

    private readonly ITestOutputHelper _output;

    public TailCallTests(ITestOutputHelper output) => _output = output;

    private static Instance Instantiate()
    {
        var engine = Wat.Engine;
        var linker = new Linker(engine);
        linker.DefineFunction("host", "finish", new Types.FuncType(new[] { ValueKind.I64, ValueKind.I64 }, new[] { ValueKind.I64 }),
            static (_, args, results) => results[0] = WasmValue.FromI64(args[0].I64 * 2 + args[1].I64));
        return linker.Instantiate(new Store(engine), Wat.Compile(Module));
    }

    /// <summary>Runs <paramref name="body"/> on a thread with a 1 MiB stack and rethrows what it threw.</summary>
    private static T OnSmallStack<T>(Func<T> body)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = body(); }
            catch (Exception e) { failure = e; }
        }, SmallStack);
        thread.Start();
        thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return result;
    }

    private static long Expected(long n, long acc, bool evenFirst)
    {
        var even = evenFirst;
        while (n != 0)
        {
            acc = acc * (even ? 31 : 17) + n;
            n--;
            even = !even;
        }
        return even ? acc : ~acc;
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(7L)]
    [InlineData(10_000_000L)]
    public void MutualRecursionRunsInConstantStack(long n)
    {
        var instance = Instantiate();
        var result = OnSmallStack(() => instance.Call("even", WasmValue.FromI64(n), WasmValue.FromI64(1))[0].I64);
        Assert.Equal(Expected(n, 1, evenFirst: true), result);
    }

    [Fact]
    public void PlainRecursionOfTheSameDepthExhaustsTheStack()
    {
        // The contrast: the same depth through ordinary calls is a stack-overflow trap, not a host crash.
        var instance = Instantiate();
        var trap = OnSmallStack(() => Assert.Throws<Trap>(() => instance.Call("count_plain", WasmValue.FromI64(10_000_000))));
        Assert.Equal(TrapCode.StackOverflow, trap.Code);
        Assert.Equal(1000, OnSmallStack(() => instance.Call("count_plain", WasmValue.FromI64(1000))[0].I64));
    }

    [Fact]
    public void IndirectTailCallsEndInAHostFunction()
    {
        var instance = Instantiate();
        const long n = 3_000_001;
        var result = OnSmallStack(() => instance.Call("even_indirect", WasmValue.FromI64(n), WasmValue.FromI64(1))[0].I64);
        // The chain alternates even/odd like $even/$odd; it ends in $finish(acc, 1) after an odd number of steps.
        var acc = 1L;
        var even = true;
        for (var k = n; k != 0; k--)
        {
            acc = acc * (even ? 31 : 17) + k;
            even = !even;
        }
        Assert.Equal(acc * 2 + (even ? 0 : 1), result);
    }

    [Fact]
    public void IndirectTailCallThroughANullEntryTraps()
    {
        var instance = Wat.Instantiate(@"(module (type $v (func)) (table 1 funcref)
          (func (export ""f"") (return_call_indirect (type $v) (i32.const 0)))
          (func (export ""g"") (return_call_indirect (type $v) (i32.const 5))))");
        Assert.Equal(TrapCode.IndirectCallToNull, instance.Traps("f").Code);
        Assert.Equal(TrapCode.UndefinedElement, instance.Traps("g").Code);
    }

    [Fact]
    public void CalleesWithMoreStackArgumentsStillRunInConstantStack()
    {
        var instance = Instantiate();
        const long n = 1_000_000;
        var result = OnSmallStack(() => instance.Call("narrow", WasmValue.FromI64(n), WasmValue.FromI64(3))[0].I64);
        var acc = 3L;
        for (var k = n; k != 0; k--) acc = acc * 7 + (1 + 7) + (long)(0.5 + k); // local 2 + local 8, trunc(0.5 + f64(n))
        Assert.Equal(acc, result);
    }

    [Fact]
    public void ExtraResultsGoStraightToTheOriginalCaller()
    {
        var instance = Instantiate();
        var results = OnSmallStack(() => instance.Call("pair", WasmValue.FromI32(100_001), WasmValue.FromI32(0), WasmValue.FromI64(1)));
        int a = 0;
        long b = 1;
        var swap = false;
        for (var k = 100_001; k != 0 || swap;)
        {
            if (swap) { a ^= 5; b *= 3; swap = false; continue; }
            a += k;
            b += 3;
            k--;
            swap = true;
        }
        Assert.Equal(a, results[0].I32);
        Assert.Equal(b, results[1].I64);
    }

    [Theory]
    [InlineData("even", 1_000_000L)]
    [InlineData("even_indirect", 1_000_001L)]
    [InlineData("narrow", 200_000L)]
    public void MatchesWasmtime(string export, long n)
    {
        var instance = Instantiate();
        var ours = OnSmallStack(() => instance.Call(export, WasmValue.FromI64(n), WasmValue.FromI64(5))[0].I64);

        using var config = new Wasmtime.Config().WithTailCalls(true);
        using var wtEngine = new Wasmtime.Engine(config);
        using var wtModule = Wasmtime.Module.FromText(wtEngine, "tail", Module);
        using var wtLinker = new Wasmtime.Linker(wtEngine);
        wtLinker.DefineFunction("host", "finish", (long acc, long parity) => acc * 2 + parity);
        using var wtStore = new Wasmtime.Store(wtEngine);
        var wtInstance = wtLinker.Instantiate(wtStore, wtModule);
        var theirs = (long)wtInstance.GetFunction(export)!.Invoke(n, 5L)!;

        _output.WriteLine($"{export}({n}, 5) = {ours} (wasmtime: {theirs})");
        Assert.Equal(theirs, ours);
    }

    /// <summary>Prints the cost per call of tail calls and ordinary calls (a figure for docs/performance.md; no assertion on time).</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void MeasuresTheCostOfTailCalls()
    {
        var instance = Instantiate();
        double NanosPerCall(string export, long n, int repeats)
        {
            var args = export == "count_plain" ? new[] { WasmValue.FromI64(n) } : new[] { WasmValue.FromI64(n), WasmValue.FromI64(1) };
            instance.Call(export, args); // warm up (JIT)
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (var r = 0; r < repeats; r++) instance.Call(export, args);
            return watch.Elapsed.TotalMilliseconds * 1e6 / (n * repeats);
        }
        var fast = OnSmallStack(() => NanosPerCall("even", 1_000_000, 20));
        var wide = OnSmallStack(() => NanosPerCall("narrow", 1_000_000, 5));
        var plain = OnSmallStack(() => NanosPerCall("count_plain", 5_000, 400));
        _output.WriteLine($"return_call, register arguments: {fast:F1} ns/call");
        _output.WriteLine($"return_call to a callee with more stack arguments (runtime tail-call helper), alternating: {wide:F1} ns/call");
        _output.WriteLine($"ordinary call (recursion 5000 deep): {plain:F1} ns/call");
        Assert.True(fast > 0 && wide > 0 && plain > 0);
    }

    /// <summary>Never a host crash: mutated copies of the tail-call module fail with the documented exceptions or run with traps.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void MutatedTailCallModulesFailOnlyWithDocumentedExceptions()
    {
        // Biased towards the tail-call opcodes (return_call, return_call_indirect) and their immediates.
        var (rejected, ran, trapped) = TextMutations.Run(Module, new byte[] { 0x12, 0x13 }, 20261207, 400, OnSmallStack);
        _output.WriteLine($"rejected {rejected}, ran {ran}, trapped or failed to link {trapped}");
        Assert.Equal(400, rejected + ran + trapped);
        Assert.True(rejected > 0 && ran + trapped > 0);
    }

    [Fact]
    public void OperandsBelowTheArgumentsAreDiscarded()
    {
        // Valid wasm: a tail call (like return) drops whatever lies below its arguments, inside blocks too.
        var instance = Wat.Instantiate(@"(module
          (type $t (func (param i32 i64) (result i32)))
          (table 1 funcref) (elem (i32.const 0) $f)
          (func $f (type $t) (i32.add (local.get 0) (i32.wrap_i64 (local.get 1))))
          (func (export ""direct"") (result i32)
            (i32.const 1) (i64.const 2)
            (block (result i32) (f32.const 3) (i32.const 7) (i64.const 8) (return_call $f)) (return))
          (func (export ""indirect"") (result i32)
            (f64.const 1)
            (block (result i32) (i64.const 3) (i32.const 7) (i64.const 9) (i32.const 0) (return_call_indirect (type $t))) (return))
          (func (export ""top"") (result i32) (i64.const 5) (i32.const 1) (i64.const 2) (return_call $f)))");
        Assert.Equal(15, instance.I32("direct"));
        Assert.Equal(16, instance.I32("indirect"));
        Assert.Equal(3, instance.I32("top"));
    }
}

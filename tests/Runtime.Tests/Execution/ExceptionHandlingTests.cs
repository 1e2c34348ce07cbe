using System;
using System.Linq;
using WitBindgen.Runtime;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// Exception handling (tags, throw, throw_ref, try_table): exceptions crossing several wasm frames and the host
/// boundary both ways, traps and host failures never caught by wasm, the call depth restored after a catch, and
/// results compared with Wasmtime (exceptions switched on through its Config).
/// </summary>
public class ExceptionHandlingTests
{
    // $rec recurses n frames deep and throws $e (n, n*10) at the bottom; "deep" catches it with a value of its own
    // below the try_table and a parameter (spilled around the protected region); "early-exit" branches out of a
    // loop inside a try_table to a label outside it.
    private const string Module = @"(module
      (tag $e (export ""e"") (param i32 i64))
      (tag $other (param i32))
      (func $rec (param $n i32) (param $left i32)
        (if (i32.eqz (local.get $left))
          (then (throw $e (local.get $n) (i64.mul (i64.extend_i32_s (local.get $n)) (i64.const 10)))))
        (call $rec (local.get $n) (i32.sub (local.get $left) (i32.const 1))))
      (func (export ""deep"") (param $n i32) (result i64)
        (local $b i64)
        (i64.const 1000)
        (block $h (result i32 i64)
          (i64.const 1)
          (try_table (param i64) (result i64) (catch $e $h)
            (call $rec (local.get $n) (local.get $n))
            (i64.const -1)
            (i64.add))
          (drop)
          (i32.const 0) (i64.const 0))
        (local.set $b)
        (i64.extend_i32_s)
        (i64.add (local.get $b))
        (i64.add))
      (func (export ""uncaught"") (param $n i32)
        (block $h (result i32)
          (try_table (catch $other $h) (call $rec (local.get $n) (i32.const 3)))
          (return))
        (drop))
      (func (export ""repeat"") (param $k i32) (result i32)
        (loop $l
          (block $h (result i32 i64)
            (try_table (catch $e $h) (call $rec (i32.const 1) (i32.const 200)))
            (unreachable))
          (drop) (drop)
          (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
        (local.get $k))
      (func (export ""rethrown"") (param $n i32)
        (block $h (result exnref)
          (try_table (catch_all_ref $h) (call $rec (local.get $n) (i32.const 2)))
          (return))
        (throw_ref))
      (func (export ""early-exit"") (param $n i32) (result i32)
        (i32.const 5)
        (block $out (result i32)
          (try_table (result i32) (catch $other $out)
            (loop $l
              (br_if $out (i32.const 40) (i32.eqz (local.get $n)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $l))
            (i32.const 0)))
        (i32.add)))";

    // Host interplay: the host function throws a wasm exception of an imported (host-created) tag, or fails.
    private const string HostModule = @"(module
      (import ""host"" ""tag"" (tag $t (param i32)))
      (import ""host"" ""call"" (func $call (param i32)))
      (func (export ""catch-host"") (param i32) (result i32)
        (block $h (result i32)
          (try_table (catch $t $h) (call $call (local.get 0)))
          (i32.const -1)))
      (func (export ""catch-all-host"") (param i32) (result i32)
        (block $h
          (try_table (catch_all $h) (call $call (local.get 0)))
          (return (i32.const 0)))
        (i32.const 1))
      (func (export ""throw-imported"") (param i32) (throw $t (local.get 0)))
      (func (export ""trap-in-catch-all"") (result i32)
        (block $h
          (try_table (catch_all $h) (unreachable)))
        (i32.const 1)))";

    private readonly ITestOutputHelper _output;

    public ExceptionHandlingTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void ExceptionsCrossSeveralFramesWithValuesBelowTheTry()
    {
        var instance = Wat.Instantiate(Module);
        // 1000 (below the try) + n + n*10.
        Assert.Equal(1000 + 7 + 70, instance.Call("deep", WasmValue.FromI32(7))[0].I64);
        Assert.Equal(1000 + 0, instance.Call("deep", WasmValue.FromI32(0))[0].I64);
        Assert.Equal(45, instance.I32("early-exit", 3));
    }

    [Fact]
    public void CatchingRestoresTheCallDepth()
    {
        // One call catches 100 times an exception that unwound 201 frames; a leaked depth would exceed the limit
        // after five.
        var engine = new Engine(new EngineOptions { MaxCallDepth = 1000 });
        var instance = new Linker(engine).Instantiate(new Store(engine), WitBindgen.Runtime.Module.FromBytes(engine, Wat.ToBinary(Module)));
        Assert.Equal(0, instance.I32("repeat", 100));
    }

    [Fact]
    public void AnUncaughtExceptionReachesTheHostWithItsTagAndPayload()
    {
        var instance = Wat.Instantiate(Module);
        var tag = Assert.IsType<Tag>(instance.GetExport("e"));
        var thrown = Assert.Throws<ThrownException>(() => instance.Call("uncaught", WasmValue.FromI32(4)));
        Assert.Same(tag, thrown.Tag);
        Assert.Equal(new[] { 4L, 40L }, thrown.Payload.Select(v => v.Type == ValueKind.I32 ? v.I32 : v.I64));
        // throw_ref throws the caught exception itself.
        var rethrown = Assert.Throws<ThrownException>(() => instance.Call("rethrown", WasmValue.FromI32(9)));
        Assert.Same(tag, rethrown.Tag);
        Assert.Equal(9, rethrown.Payload[0].I32);
    }

    private static Instance HostInstance(Store store, Tag tag, Action<int> call)
    {
        var linker = new Linker(store.Engine);
        linker.Define("host", "tag", tag);
        linker.DefineFunction("host", "call", new Types.FuncType(new[] { ValueKind.I32 }, Array.Empty<ValueKind>()), (_, args, _) => call(args[0].I32));
        return linker.Instantiate(store, Wat.Compile(HostModule));
    }

    [Fact]
    public void WasmCatchesAnExceptionTheHostThrows()
    {
        var store = new Store(Wat.Engine);
        var tag = new Tag(store, new Types.FuncType(new[] { ValueKind.I32 }, Array.Empty<ValueKind>()));
        var instance = HostInstance(store, tag, n => throw new ThrownException(tag, WasmValue.FromI32(n * 3)));
        Assert.Equal(21, instance.I32("catch-host", 7));
        Assert.Equal(1, instance.I32("catch-all-host", 7));
        // Thrown by wasm with the imported tag: the host sees its own tag.
        var thrown = Assert.Throws<ThrownException>(() => instance.Call("throw-imported", WasmValue.FromI32(5)));
        Assert.Same(tag, thrown.Tag);
        Assert.Equal(5, thrown.Payload[0].I32);
    }

    [Fact]
    public void AnotherTagOfTheSameTypeIsNotCaught()
    {
        var store = new Store(Wat.Engine);
        var type = new Types.FuncType(new[] { ValueKind.I32 }, Array.Empty<ValueKind>());
        var imported = new Tag(store, type);
        var stranger = new Tag(store, type);
        var instance = HostInstance(store, imported, n => throw new ThrownException(stranger, WasmValue.FromI32(n)));
        var thrown = Assert.Throws<ThrownException>(() => instance.Call("catch-host", WasmValue.FromI32(2)));
        Assert.Same(stranger, thrown.Tag);
    }

    [Fact]
    public void TrapsAndHostFailuresAreNeverCaught()
    {
        var store = new Store(Wat.Engine);
        var tag = new Tag(store, new Types.FuncType(new[] { ValueKind.I32 }, Array.Empty<ValueKind>()));
        var instance = HostInstance(store, tag, _ => throw new InvalidOperationException("host bug"));
        Assert.Equal(TrapCode.Unreachable, instance.Traps("trap-in-catch-all").Code);
        Assert.Equal(TrapCode.HostError, instance.Traps("catch-all-host", WasmValue.FromI32(1)).Code);
    }

    [Fact]
    public void APayloadMustMatchTheTag()
    {
        var store = new Store(Wat.Engine);
        var tag = new Tag(store, new Types.FuncType(new[] { ValueKind.I32 }, Array.Empty<ValueKind>()));
        Assert.Throws<ArgumentException>(() => new ThrownException(tag, WasmValue.FromI64(1)));
        Assert.Throws<ArgumentException>(() => new ThrownException(tag));
        Assert.Throws<ArgumentException>(() => new Tag(store, new Types.FuncType(Array.Empty<ValueKind>(), new[] { ValueKind.I32 })));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(50)]
    public void MatchesWasmtime(int n)
    {
        var ours = Wat.Instantiate(Module);
        using var config = new Wasmtime.Config().WithExceptions(true);
        using var wtEngine = new Wasmtime.Engine(config);
        using var wtModule = Wasmtime.Module.FromText(wtEngine, "exceptions", Module);
        using var wtStore = new Wasmtime.Store(wtEngine);
        var theirs = new Wasmtime.Linker(wtEngine).Instantiate(wtStore, wtModule);
        var deep = (long)theirs.GetFunction("deep")!.Invoke(n)!;
        var early = (int)theirs.GetFunction("early-exit")!.Invoke(n)!;
        _output.WriteLine($"deep({n}) = {ours.Call("deep", WasmValue.FromI32(n))[0].I64} (wasmtime {deep}), early-exit({n}) = {ours.I32("early-exit", n)} (wasmtime {early})");
        Assert.Equal(deep, ours.Call("deep", WasmValue.FromI32(n))[0].I64);
        Assert.Equal(early, ours.I32("early-exit", n));
        // An exception escaping to the host: an error on both sides.
        Assert.ThrowsAny<Exception>(() => theirs.GetFunction("uncaught")!.Invoke(n));
        Assert.Throws<ThrownException>(() => ours.Call("uncaught", WasmValue.FromI32(n)));
    }

    /// <summary>Never a host crash: mutated copies of the module fail with the documented exceptions or run.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void MutatedExceptionModulesFailOnlyWithDocumentedExceptions()
    {
        // Biased towards throw, throw_ref, try_table and the exnref type code.
        var (rejected, ran, trapped) = TextMutations.Run(Module, new byte[] { 0x08, 0x0A, 0x1F, 0x69 }, 20261207, 400, run => run());
        _output.WriteLine($"rejected {rejected}, ran {ran}, trapped, threw or failed to link {trapped}");
        Assert.Equal(400, rejected + ran + trapped);
        Assert.True(rejected > 0 && ran + trapped > 0);
    }
}

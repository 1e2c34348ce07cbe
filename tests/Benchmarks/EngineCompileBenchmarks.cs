using System;
using BenchmarkDotNet.Attributes;
using WitBindgen.Runtime;

namespace WitBindgen.Benchmarks;

/// <summary>
/// Compile + instantiate a ~220 KB module (tests/fixtures/c/bench_large.c: 350 generated functions, ~200 KB
/// of code) on Wasmtime (baseline) and on our engine. Our engine emits IL eagerly but leaves machine
/// code to RyuJIT on first call, whereas Wasmtime produces machine code up front, so the second pair
/// also calls every function once (<c>call_all</c>) to compare the time to a fully compiled module, by default and
/// with each start-up option of <see cref="EngineOptions"/> (eager parallel compilation, tiered compilation). Each
/// operation of ours uses a fresh <see cref="Engine"/>, so that the engine's module cache does not turn it into a reload;
/// the reload (the same bytes again through an engine that still holds the module) is its own case.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser(displayGenColumns: false)]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EngineCompileBenchmarks : IDisposable
{
    private const string Fixture = "bench_large.wasm";
    private static readonly EngineOptions Default = new();
    private static readonly EngineOptions Eager = new() { EagerCompilation = true };
    private static readonly EngineOptions Tiered = new() { TieredCompilation = true };
    private byte[] _bytes = null!;
    private Engine _cachingEngine = null!;
    private Module _cached = null!;
    private Wasmtime.Engine? _wasmtimeEngine;

    /// <summary>Loads the module bytes and creates both engines.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _bytes = EngineFixtures.Load(Fixture);
        _cachingEngine = new Engine();
        _cached = Module.FromBytes(_cachingEngine, _bytes);
        _wasmtimeEngine = new Wasmtime.Engine();
        if (WitBindgenCallAll() != WasmtimeCallAll()) throw new InvalidOperationException("call_all differs between the engines");
    }

    /// <summary>Wasmtime: Cranelift compilation of all functions, then instantiation.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("compile+instantiate")]
    public int Wasmtime()
    {
        using var module = global::Wasmtime.Module.FromBytes(_wasmtimeEngine!, Fixture, _bytes);
        using var linker = new global::Wasmtime.Linker(_wasmtimeEngine!);
        using var store = new global::Wasmtime.Store(_wasmtimeEngine!);
        var instance = linker.Instantiate(store, module);
        return instance.GetFunction("dispatch") is null ? 0 : 1;
    }

    /// <summary>Our engine: decode, validate, IL emission of all functions, then instantiation.</summary>
    [Benchmark, BenchmarkCategory("compile+instantiate")]
    public int WitBindgen()
    {
        var engine = new Engine(Default);
        var module = Module.FromBytes(engine, _bytes);
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        return instance.GetFunction("dispatch") is null ? 0 : 1;
    }

    /// <summary>Wasmtime: compile, instantiate and call every function once.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("compile+instantiate+call all")]
    public int WasmtimeCallAll()
    {
        using var module = global::Wasmtime.Module.FromBytes(_wasmtimeEngine!, Fixture, _bytes);
        using var linker = new global::Wasmtime.Linker(_wasmtimeEngine!);
        using var store = new global::Wasmtime.Store(_wasmtimeEngine!);
        var instance = linker.Instantiate(store, module);
        var callAll = instance.GetFunction<int, int>("call_all") ?? throw new InvalidOperationException("call_all missing");
        return callAll(7);
    }

    /// <summary>Our engine: compile, instantiate and call every function once (RyuJIT compiles each on first call).</summary>
    [Benchmark, BenchmarkCategory("compile+instantiate+call all")]
    public int WitBindgenCallAll() => CallAll(new Engine(Default));

    /// <summary>Our engine with <see cref="EngineOptions.EagerCompilation"/>: every function JIT-compiled in parallel
    /// by <c>Module.FromBytes</c>.</summary>
    [Benchmark, BenchmarkCategory("compile+instantiate+call all")]
    public int WitBindgenCallAllEager() => CallAll(new Engine(Eager));

    /// <summary>Our engine with <see cref="EngineOptions.TieredCompilation"/>: quick tier-0 code on first call.</summary>
    [Benchmark, BenchmarkCategory("compile+instantiate+call all")]
    public int WitBindgenCallAllTiered() => CallAll(new Engine(Tiered));

    /// <summary>Our engine loading the same bytes again while it holds the module: the compiled code is reused from the
    /// engine's cache, functions already called keep their machine code. (Wasmtime's own cache is on disk and off by
    /// default, so the baseline compiles again.)</summary>
    [Benchmark, BenchmarkCategory("compile+instantiate+call all")]
    public int WitBindgenCallAllReload()
    {
        GC.KeepAlive(_cached);
        return CallAll(_cachingEngine);
    }

    private int CallAll(Engine engine)
    {
        var module = Module.FromBytes(engine, _bytes);
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        return instance.GetFunction("call_all")!.Invoke(WasmValue.FromI32(7))[0].I32;
    }

    /// <summary>Releases the Wasmtime engine.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _wasmtimeEngine?.Dispose();
        _wasmtimeEngine = null;
        GC.SuppressFinalize(this);
    }
}

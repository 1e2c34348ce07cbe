using System;
using BenchmarkDotNet.Attributes;
using WitBindgen.Runtime;

namespace WitBindgen.Benchmarks;

/// <summary>
/// One C kernel (a fixture from tests/fixtures/c) on Wasmtime (the baseline) and on our engine in the
/// same run, so the summary shows our time as a ratio of Wasmtime's. Both instances are created in
/// <see cref="Setup"/>; a benchmark is one call of the exported kernel with a fixed input. Our engine runs twice: by
/// default (every function fully optimized on first call) and with <see cref="EngineOptions.TieredCompilation"/>.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser(displayGenColumns: false)]
public abstract class EngineKernelBenchmark : IDisposable
{
    private global::Wasmtime.Engine? _wasmtimeEngine;
    private global::Wasmtime.Module? _wasmtimeModule;
    private global::Wasmtime.Linker? _wasmtimeLinker;
    private global::Wasmtime.Store? _wasmtimeStore;

    /// <summary>The fixture file, e.g. <c>sieve.wasm</c>.</summary>
    protected abstract string Fixture { get; }

    /// <summary>The exported kernel.</summary>
    protected abstract string Export { get; }

    /// <summary>Our engine's export.</summary>
    protected Function Ours { get; private set; } = null!;

    /// <summary>Our engine's export, from an engine with <see cref="EngineOptions.TieredCompilation"/>.</summary>
    protected Function OursTiered { get; private set; } = null!;

    /// <summary>The Wasmtime instance the typed baseline function is taken from.</summary>
    protected global::Wasmtime.Instance Theirs { get; private set; } = null!;

    /// <summary>Instantiates the fixture on both engines, then lets the kernel bind its typed functions.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var bytes = EngineFixtures.Load(Fixture);

        Ours = Instantiate(new Engine(), bytes);
        OursTiered = Instantiate(new Engine(new EngineOptions { TieredCompilation = true }), bytes);

        _wasmtimeEngine = new global::Wasmtime.Engine();
        _wasmtimeModule = global::Wasmtime.Module.FromBytes(_wasmtimeEngine, Fixture, bytes);
        _wasmtimeLinker = new global::Wasmtime.Linker(_wasmtimeEngine);
        _wasmtimeStore = new global::Wasmtime.Store(_wasmtimeEngine);
        Theirs = _wasmtimeLinker.Instantiate(_wasmtimeStore, _wasmtimeModule);

        Bind();
        // Both engines must compute the same thing, or the ratio means nothing.
        var (ours, tiered, theirs) = (RunOurs(Ours), RunOurs(OursTiered), RunTheirs());
        if (ours != theirs || tiered != theirs)
            throw new InvalidOperationException($"{Export}: our engine returned {ours} ({tiered} tiered), Wasmtime {theirs}");
    }

    /// <summary>The first <paramref name="calls"/> calls of the kernel in a fresh engine with default options (the
    /// first includes compiling what it runs): process CPU time of each, in ms.</summary>
    internal double[] TimeFreshCalls(int calls)
    {
        var fresh = Instantiate(new Engine(), EngineFixtures.Load(Fixture));
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var times = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            RunOurs(fresh);
            process.Refresh();
            times[i] = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        }
        return times;
    }

    private Function Instantiate(Engine engine, byte[] bytes)
    {
        var instance = new Linker(engine).Instantiate(new Store(engine), Module.FromBytes(engine, bytes));
        return instance.GetFunction(Export) ?? throw new InvalidOperationException($"{Fixture} does not export {Export}");
    }

    /// <summary>Takes the typed functions out of the instances.</summary>
    protected abstract void Bind();

    /// <summary>One kernel call of <paramref name="ours"/> (<see cref="Ours"/> or <see cref="OursTiered"/>); the result
    /// as raw bits.</summary>
    protected abstract long RunOurs(Function ours);

    /// <summary>One kernel call on Wasmtime; the result as raw bits.</summary>
    protected abstract long RunTheirs();

    /// <summary>Wasmtime (Cranelift) baseline.</summary>
    [Benchmark(Baseline = true)]
    public long Wasmtime() => RunTheirs();

    /// <summary>Our engine (wasm compiled to IL, JIT-compiled by RyuJIT).</summary>
    [Benchmark]
    public long WitBindgen() => RunOurs(Ours);

    /// <summary>Our engine with <see cref="EngineOptions.TieredCompilation"/> (RyuJIT tiers the generated code).</summary>
    [Benchmark]
    public long WitBindgenTiered() => RunOurs(OursTiered);

    /// <summary>Releases the Wasmtime objects.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _wasmtimeStore?.Dispose();
        _wasmtimeLinker?.Dispose();
        _wasmtimeModule?.Dispose();
        _wasmtimeEngine?.Dispose();
        _wasmtimeStore = null;
        _wasmtimeLinker = null;
        _wasmtimeModule = null;
        _wasmtimeEngine = null;
        GC.SuppressFinalize(this);
    }
}

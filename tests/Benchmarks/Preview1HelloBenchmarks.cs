using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Wasi;
using W = Wasmtime;

namespace WitBindgen.Benchmarks;

/// <summary>
/// Start to exit of the hello preview1 command (tests/fixtures/components/hello.c, built by
/// scripts/build-fixtures.sh as .fixtures/components/hello.core.wasm) on our preview1 host and on
/// Wasmtime.Dotnet's preview1 WASI (the baseline of each category). Cold: a new engine compiles the module, then
/// link WASI, instantiate, run <c>_start</c>. Warm: the compiled module is reused; a new linker, context, store and
/// instance per run. Stdout is discarded by both. A short job: the machine is shared.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser(displayGenColumns: false)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class Preview1HelloBenchmarks : IDisposable
{
    private byte[] _bytes = null!;
    private Engine _engine = null!;
    private Module _module = null!;
    private W.Engine _wEngine = null!;
    private W.Module _wModule = null!;

    /// <summary>Loads the fixture and compiles it once on each engine for the warm cases.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _bytes = EngineFixtures.Load(Path.Combine("components", "hello.core.wasm"));
        _engine = new Engine();
        _module = Module.FromBytes(_engine, _bytes);
        _wEngine = new W.Engine();
        _wModule = W.Module.FromBytes(_wEngine, "hello", _bytes);
        if (RunOurs(_engine, _module) != 0 || RunWasmtime(_wEngine, _wModule) != 0)
            throw new InvalidOperationException("hello did not exit with 0");
    }

    internal static int RunOurs(Engine engine, Module module)
    {
        var ctx = new WasiContextBuilder().Args("hello").Stdout(Stream.Null).Stderr(Stream.Null).Build();
        var linker = new Linker(engine);
        Preview1.AddToLinker(linker, ctx);
        return Preview1.RunCommand(new Store(engine), linker, module, ctx);
    }

    internal static int RunWasmtime(W.Engine engine, W.Module module)
    {
        using var linker = new W.Linker(engine);
        linker.DefineWasi();
        using var store = new W.Store(engine);
        store.SetWasiConfiguration(new W.WasiConfiguration().WithArgs("hello"));
        var instance = linker.Instantiate(store, module);
        try { instance.GetAction("_start")!(); return 0; }
        catch (W.WasmtimeException e) when (e.ExitCode is { } code) { return code; }
    }

    /// <summary>Our host, module compiled each time.</summary>
    [Benchmark, BenchmarkCategory("cold")]
    public int ColdOurs()
    {
        var engine = new Engine();
        return RunOurs(engine, Module.FromBytes(engine, _bytes));
    }

    /// <summary>Wasmtime.Dotnet, module compiled each time.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("cold")]
    public int ColdWasmtime()
    {
        using var engine = new W.Engine();
        using var module = W.Module.FromBytes(engine, "hello", _bytes);
        return RunWasmtime(engine, module);
    }

    /// <summary>Our host, compiled module reused.</summary>
    [Benchmark, BenchmarkCategory("warm")]
    public int WarmOurs() => RunOurs(_engine, _module);

    /// <summary>Wasmtime.Dotnet, compiled module reused.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("warm")]
    public int WarmWasmtime() => RunWasmtime(_wEngine, _wModule);

    /// <summary>Releases Wasmtime's engine and module.</summary>
    public void Dispose()
    {
        _wModule?.Dispose();
        _wEngine?.Dispose();
        GC.SuppressFinalize(this);
    }
}

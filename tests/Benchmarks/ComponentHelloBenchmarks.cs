using System;
using System.Collections.Generic;
using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using W = Wasmtime;
using WC = Wasmtime.Components;

namespace WitBindgen.Benchmarks;

/// <summary>
/// Cold start to exit of the hello command component (tests/fixtures/components/hello.c componentized by our
/// <c>component new</c> with jco's preview1 command adapter, as the WASI command tests do) on our WASI host and on
/// Wasmtime.Dotnet's <c>AddWasiPreview2</c> (the baseline): a new engine compiles the component, then link WASI,
/// instantiate, run <c>wasi:cli/run#run</c>. Stdout is discarded by both. A short job: the machine is shared.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser(displayGenColumns: false)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ComponentHelloBenchmarks
{
    private string _runName = null!;

    /// <summary>The component (made by <see cref="Setup"/>).</summary>
    internal byte[] Bytes { get; private set; } = null!;

    /// <summary>Componentizes the fixture and checks that both runtimes exit with 0.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var adapter = Path.Combine(EngineFixtures.RepositoryRoot(), "tests", "fixtures", "npm", "node_modules",
            "@bytecodealliance", "jco", "lib", "wasi_snapshot_preview1.command.wasm");
        Bytes = Componentizer.Create(EngineFixtures.Load(Path.Combine("components", "hello.core.wasm")),
            new[] { new KeyValuePair<string, byte[]>("wasi_snapshot_preview1", File.ReadAllBytes(adapter)) });
        foreach (var export in Component.FromBytes(new Engine(), Bytes).Exports)
            if (export.Name.StartsWith("wasi:cli/run@", StringComparison.Ordinal)) _runName = export.Name;
        if (ColdOurs() != 0 || ColdWasmtime() != 0) throw new InvalidOperationException("hello did not exit with 0");
    }

    /// <summary>Our WASI host, component compiled each time.</summary>
    [Benchmark, BenchmarkCategory("cold")]
    public int ColdOurs()
    {
        var engine = new Engine();
        var component = Component.FromBytes(engine, Bytes);
        var ctx = new WasiContextBuilder().Args("hello").Stdout(Stream.Null).Stderr(Stream.Null).Build();
        var linker = new ComponentLinker(engine);
        Wasi.AddToLinker(linker, ctx);
        return Wasi.RunCommand(new Store(engine), linker, component, ctx);
    }

    /// <summary>Wasmtime.Dotnet, component compiled each time.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("cold")]
    public int ColdWasmtime()
    {
        using var engine = new W.Engine();
        using var component = WC.Component.FromBytes(engine, Bytes);
        using var linker = new WC.ComponentLinker(engine);
        linker.AddWasiPreview2();
        using var store = new W.Store(engine);
        store.SetWasiConfiguration(new W.WasiConfiguration().WithArgs("hello"));
        try
        {
            var result = linker.Instantiate(store, component).GetFunction(_runName, "run")!.Call();
            return result is { } r && r.IsOk ? 0 : 1;
        }
        catch (W.WasmtimeException e) when (e.ExitCode is { } code) { return code; }
    }
}

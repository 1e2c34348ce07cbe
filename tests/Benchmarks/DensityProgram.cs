using System;
using System.Collections.Generic;
using System.Diagnostics;
using WitBindgen.ComponentModel.Text;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using W = Wasmtime;
using WC = Wasmtime.Components;

namespace WitBindgen.Benchmarks;

/// <summary>
/// Density: how many live instances of the small WASI-style component (<see cref="ComponentWat.WasiStyle"/>: one
/// 64 KiB memory, three imports, a main module) one process holds, the memory per instance and the time to
/// create them. Each instance gets its own store (as one sandboxed program would) and is called once after
/// creation, and again when all are alive, so none is optimised away. Not a timed unit test: a program run by
/// hand (<c>dotnet run -c Release --project tests/Benchmarks -- density 10000</c>).
/// </summary>
public static class DensityProgram
{
    /// <summary>Runs the measurement for <paramref name="which"/> (ours, wasmtime or both); returns the exit code.</summary>
    public static int Run(int count, string which)
    {
        Console.WriteLine($"density: {count} instances of the WASI-style component, one store each; {Environment.ProcessorCount} cores");
        int rc = 0;
        if (which is "ours" or "both") rc |= Ours(count);
        if (which is "wasmtime" or "both") rc |= Wasmtime(count);
        return rc;
    }

    private static (long Managed, long Committed) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return (GC.GetTotalMemory(true), p.PrivateMemorySize64);
    }

    private static int Ours(int count)
    {
        var engine = new Engine();
        var component = Component.FromText(engine, ComponentWat.WasiStyle);
        var linker = ComponentBenchmarks.DefineWasiStyle(new ComponentLinker(engine));
        // One instance first so that compilation and JIT are not counted per instance.
        long expected = linker.Instantiate(new Store(engine), component).GetFunction("run")!.Call()!.Value.AsInt64();
        var before = Memory();
        var live = new List<ComponentFunction>(count);
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            var run = linker.Instantiate(new Store(engine), component).GetFunction("run")!;
            if (run.Call()!.Value.AsInt64() != expected) throw new InvalidOperationException("wrong result");
            live.Add(run);
        }
        sw.Stop();
        var after = Memory();
        long sum = 0;
        foreach (var run in live) sum += run.Call()!.Value.AsInt64();
        Report("ours", count, sw.Elapsed, before, after, sum == expected * count);
        GC.KeepAlive(live);
        return sum == expected * count ? 0 : 1;
    }

    private static int Wasmtime(int count)
    {
        using var engine = new W.Engine(new W.Config().WithComponentModel(true));
        using var component = WC.Component.FromBytes(engine, WatAssembler.Assemble(ComponentWat.WasiStyle));
        using var linker = new WC.ComponentLinker(engine);
        ComponentBenchmarks.DefineWasiStyle(linker);
        long expected;
        using (var first = new W.Store(engine)) expected = linker.Instantiate(first, component).GetFunction("run")!.Call(Array.Empty<WC.ComponentValue>())!.AsU32();
        var before = Memory();
        var stores = new List<W.Store>(count);
        var live = new List<WC.ComponentFunction>(count);
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            var store = new W.Store(engine);
            stores.Add(store);
            var run = linker.Instantiate(store, component).GetFunction("run")!;
            if (run.Call(Array.Empty<WC.ComponentValue>())!.AsU32() != expected) throw new InvalidOperationException("wrong result");
            live.Add(run);
        }
        sw.Stop();
        var after = Memory();
        long sum = 0;
        foreach (var run in live) sum += run.Call(Array.Empty<WC.ComponentValue>())!.AsU32();
        Report("wasmtime", count, sw.Elapsed, before, after, sum == expected * count);
        foreach (var s in stores) s.Dispose();
        return sum == expected * count ? 0 : 1;
    }

    private static void Report(string who, int count, TimeSpan elapsed, (long Managed, long Committed) before, (long Managed, long Committed) after, bool ok)
    {
        const double MiB = 1024 * 1024;
        Console.WriteLine($"{who}: {count} live instances in {elapsed.TotalMilliseconds:F0} ms ({elapsed.TotalMilliseconds * 1000 / count:F1} us each); " +
            $"committed (private) {before.Committed / MiB:F0} -> {after.Committed / MiB:F0} MiB = {(after.Committed - before.Committed) / (double)count / 1024:F1} KiB/instance; " +
            $"managed heap {before.Managed / MiB:F0} -> {after.Managed / MiB:F0} MiB = {(after.Managed - before.Managed) / (double)count / 1024:F1} KiB/instance; all called again: {(ok ? "ok" : "WRONG")}");
    }
}

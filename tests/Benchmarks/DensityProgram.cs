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
/// hand (<c>dotnet run -c Release --project tests/Benchmarks -- density 10000</c>; <c>ours-pre</c> instantiates through a
/// <see cref="ComponentInstancePre"/>, <c>--types</c> adds the managed heap by type).
/// </summary>
public static class DensityProgram
{
    /// <summary>Runs the measurement for <paramref name="which"/> (ours, ours-pre, wasmtime or both); returns the exit code.</summary>
    public static int Run(int count, string which, bool types)
    {
        Console.WriteLine($"density: {count} instances of the WASI-style component, one store each; {Environment.ProcessorCount} cores");
        int rc = 0;
        if (which is "ours" or "both") rc |= Ours(count, pre: false, types);
        if (which is "ours-pre" or "both") rc |= Ours(count, pre: true, types);
        if (which is "wasmtime" or "both") rc |= Wasmtime(count);
        return rc;
    }

    // Committed memory is the process's private bytes (on Linux VmData: private writable mappings, so a linear memory
    // counts from the moment it is made accessible, touched or not; reserved PROT_NONE address space does not count).
    // That is the figure a commit limit or a container's overcommit accounting sees, and the 4 GiB goal is about it.
    // The working set (VmRSS: pages actually touched) is printed beside it, and the managed heap after a full GC.
    private static Sample Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        int mappings = OperatingSystem.IsLinux() ? System.IO.File.ReadAllLines("/proc/self/maps").Length : 0;
        return new Sample(GC.GetTotalMemory(true), p.PrivateMemorySize64, p.WorkingSet64, mappings);
    }

    private readonly record struct Sample(long Managed, long Committed, long WorkingSet, int Mappings);

    /// <summary>Collections by generation (0, 1, 2) and the GC's pause time so far, to count what the creation loop caused.</summary>
    private static (int, int, int, TimeSpan) Collections() => (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    private static int Ours(int count, bool pre, bool types)
    {
        var engine = new Engine();
        var component = Component.FromText(engine, ComponentWat.WasiStyle);
        var linker = ComponentBenchmarks.DefineWasiStyle(new ComponentLinker(engine));
        // One instance first so that compilation and JIT are not counted per instance.
        var instancePre = linker.InstantiatePre(component);
        Func<Store, ComponentInstance> instantiate = pre ? instancePre.Instantiate : store => linker.Instantiate(store, component);
        long expected = instantiate(new Store(engine)).GetFunction("run")!.Call()!.Value.AsInt64();
        var before = Memory();
        var live = new List<ComponentFunction>(count);
        var gcBefore = Collections();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            ComponentFunction run;
            try
            {
                run = instantiate(new Store(engine)).GetFunction("run")!;
            }
            catch (OutOfMemoryException e)
            {
                // The process's limit of live linear memories (see docs/components.md): report and go on with the rest.
                Console.WriteLine($"stopped at {i} live instances: {e.Message}");
                count = i;
                break;
            }
            if (run.Call()!.Value.AsInt64() != expected) throw new InvalidOperationException("wrong result");
            live.Add(run);
        }
        sw.Stop();
        var gcAfter = Collections();
        var after = Memory();
        if (types) HeapByType(count);
        long sum = 0;
        foreach (var run in live) sum += run.Call()!.Value.AsInt64();
        Report(pre ? "ours (InstancePre)" : "ours", count, sw.Elapsed, before, after, (gcAfter.Item1 - gcBefore.Item1, gcAfter.Item2 - gcBefore.Item2, gcAfter.Item3 - gcBefore.Item3, gcAfter.Item4 - gcBefore.Item4), sum == expected * count);
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
        var gcBefore = Collections();
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
        var gcAfter = Collections();
        var after = Memory();
        long sum = 0;
        foreach (var run in live) sum += run.Call(Array.Empty<WC.ComponentValue>())!.AsU32();
        Report("wasmtime", count, sw.Elapsed, before, after, (gcAfter.Item1 - gcBefore.Item1, gcAfter.Item2 - gcBefore.Item2, gcAfter.Item3 - gcBefore.Item3, gcAfter.Item4 - gcBefore.Item4), sum == expected * count);
        foreach (var s in stores) s.Dispose();
        return sum == expected * count ? 0 : 1;
    }

    /// <summary>
    /// Where the managed heap goes: a snapshot of this process (ClrMD, which BenchmarkDotNet brings) summed by type, per
    /// live instance. Objects made once per process (compiled code, type tables) show as fractions below one.
    /// </summary>
    private static void HeapByType(int count)
    {
        using var dt = Microsoft.Diagnostics.Runtime.DataTarget.CreateSnapshotAndAttach(Environment.ProcessId);
        var rt = dt.ClrVersions[0].CreateRuntime();
        var byType = new Dictionary<string, (long Count, long Bytes)>();
        foreach (var o in rt.Heap.EnumerateObjects())
        {
            if (!o.IsValid) continue;
            string name = o.Type?.Name ?? "?";
            byType.TryGetValue(name, out var t);
            byType[name] = (t.Count + 1, t.Bytes + (long)o.Size);
        }
        var rows = new List<KeyValuePair<string, (long Count, long Bytes)>>(byType);
        rows.Sort((a, b) => b.Value.Bytes.CompareTo(a.Value.Bytes));
        for (int i = 0; i < Math.Min(30, rows.Count); i++)
            Console.WriteLine($"  {rows[i].Value.Bytes / (double)count,8:F1} B/inst {rows[i].Value.Count / (double)count,6:F2} obj/inst  {rows[i].Key}");
    }

    private static void Report(string who, int count, TimeSpan elapsed, Sample before, Sample after, (int Gen0, int Gen1, int Gen2, TimeSpan Pause) gcs, bool ok)
    {
        const double MiB = 1024 * 1024;
        string Per(long b, long a) => $"{b / MiB:F0} -> {a / MiB:F0} MiB = {(a - b) / (double)count / 1024:F1} KiB/instance";
        Console.WriteLine($"{who}: {count} live instances in {elapsed.TotalMilliseconds:F0} ms ({elapsed.TotalMilliseconds * 1000 / count:F1} us each, " +
            $"collections during it: {gcs.Gen0} gen0, {gcs.Gen1} gen1, {gcs.Gen2} gen2, {gcs.Pause.TotalMilliseconds:F0} ms paused)\n" +
            $"  committed (private bytes) {Per(before.Committed, after.Committed)}\n" +
            $"  working set               {Per(before.WorkingSet, after.WorkingSet)}\n" +
            $"  managed heap              {Per(before.Managed, after.Managed)}\n" +
            $"  kernel memory mappings    {before.Mappings} -> {after.Mappings} = {(after.Mappings - before.Mappings) / (double)count:F2}/instance (Linux allows vm.max_map_count)\n" +
            $"  all called again: {(ok ? "ok" : "WRONG")}");
    }
}

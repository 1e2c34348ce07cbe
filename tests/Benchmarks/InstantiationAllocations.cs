using System;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;

namespace WitBindgen.Benchmarks;

/// <summary>
/// <c>instantiate-alloc [COUNT] [--types]</c>: the managed bytes one instantiation of the WASI-style component allocates
/// (fresh store, instantiation, one <c>run()</c>: ComponentBenchmarks' "instantiate" category), on our runtime through a
/// <c>ComponentInstancePre</c> and through the linker, and on Wasmtime.Dotnet (its managed side only). With
/// <c>--types</c>, the runtime's allocation samples (one per ~100 KB) by type for the pre-linked path: where the bytes go.
/// </summary>
internal static class InstantiationAllocations
{
    public static int Run(int count, bool types)
    {
        using var b = new ComponentBenchmarks();
        b.Setup();
        Console.WriteLine($"bytes per instantiation over {count}:");
        Console.WriteLine($"  ours (InstancePre) {Measure(count, () => b.InstantiatePreOurs()),8:F0}");
        Console.WriteLine($"  ours (linker)      {Measure(count, () => b.InstantiateOurs()),8:F0}");
        Console.WriteLine($"  wasmtime (managed) {Measure(count, () => b.InstantiateWasmtime()),8:F0}");
        if (!types) return 0;
        using var listener = new AllocationSampler();
        for (int i = 0; i < count; i++) b.InstantiatePreOurs();
        foreach (var (type, bytes) in listener.Totals().Take(30))
            Console.WriteLine($"  {bytes / count,8:F0}  {type}");
        return 0;
    }

    private static double Measure(int count, Func<long> instantiate)
    {
        for (int i = 0; i < 200; i++) instantiate();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < count; i++) instantiate();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)count;
    }

    /// <summary>The runtime's GCAllocationTick events (verbose GC keyword): a sampled type and the bytes since the last sample.</summary>
    internal sealed class AllocationSampler : EventListener
    {
        private readonly Dictionary<string, double> _bytes = new();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null) return;
            var type = e.Payload![e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
            var amount = Convert.ToDouble(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
            lock (_bytes) _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
        }

        public List<(string Type, double Bytes)> Totals()
        {
            lock (_bytes) return _bytes.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value)).ToList();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;

namespace WitBindgen.Benchmarks;

/// <summary>
/// <c>hello-phases [ROUNDS]</c>: where a cold in-process run of the hello command spends its time, phase by phase, for the
/// preview1 module (Preview1HelloBenchmarks) and the component (ComponentHelloBenchmarks): wall time, the JIT time and
/// method count RyuJIT reports for this thread (<see cref="JitInfo"/>; the background tier-up of our own assemblies is
/// left out) and bytes allocated by the thread, as the median of ROUNDS rounds
/// after two warm-ups (so our own assemblies are already JIT-compiled, as in the benchmarks).
/// </summary>
internal static class HelloPhases
{
    private readonly record struct Sample(double Ms, double JitMs, long JitMethods, long Bytes);

    public static int Run(int rounds)
    {
        var core = EngineFixtures.Load(Path.Combine("components", "hello.core.wasm"));
        var component = new ComponentHelloBenchmarks();
        component.Setup();
        Report("preview1", rounds, phases =>
        {
            var engine = new Engine();
            var module = phases.Run("compile", () => Module.FromBytes(engine, core));
            var ctx = new WasiContextBuilder().Args("hello").Stdout(Stream.Null).Stderr(Stream.Null).Build();
            var linker = phases.Run("link", () =>
            {
                var l = new Linker(engine);
                Preview1.AddToLinker(l, ctx);
                return l;
            });
            phases.Run("instantiate+run", () => Preview1.RunCommand(new Store(engine), linker, module, ctx));
        });
        Report("component", rounds, phases =>
        {
            var engine = new Engine();
            var loaded = phases.Run("compile", () => Component.FromBytes(engine, component.Bytes));
            var ctx = new WasiContextBuilder().Args("hello").Stdout(Stream.Null).Stderr(Stream.Null).Build();
            var linker = phases.Run("link", () =>
            {
                var l = new ComponentLinker(engine);
                Wasi.AddToLinker(l, ctx);
                return l;
            });
            phases.Run("instantiate+run", () => Wasi.RunCommand(new Store(engine), linker, loaded, ctx));
        });
        return 0;
    }

    /// <summary>The samples of each phase, in the order the phases ran.</summary>
    private sealed class Phases
    {
        public readonly Dictionary<string, List<Sample>> Samples = new();
        public readonly List<string> Order = new();
        public bool Recording;

        public T Run<T>(string name, Func<T> body)
        {
            T result = default!;
            var sample = Measure(() => result = body());
            if (!Recording) return result;
            if (!Samples.TryGetValue(name, out var list))
            {
                Samples[name] = list = new();
                Order.Add(name);
            }
            list.Add(sample);
            return result;
        }
    }

    private static void Report(string title, int rounds, Action<Phases> scenario)
    {
        var phases = new Phases();
        for (var round = -2; round < rounds; round++)
        {
            phases.Recording = round >= 0;
            phases.Run("total", () =>
            {
                scenario(phases);
                return 0;
            });
        }
        phases.Order.Remove("total");
        phases.Order.Add("total");
        Console.WriteLine($"{title} (median of {rounds})");
        foreach (var name in phases.Order)
        {
            var list = phases.Samples[name];
            double Median(Func<Sample, double> f)
            {
                var values = list.ConvertAll(s => f(s));
                values.Sort();
                return values[values.Count / 2];
            }
            Console.WriteLine(FormattableString.Invariant(
                $"  {name,-16} {Median(s => s.Ms),8:F1} ms   JIT {Median(s => s.JitMs),7:F1} ms {Median(s => s.JitMethods),6:F0} methods   {Median(s => s.Bytes) / 1e6,7:F2} MB"));
        }
    }

    private static Sample Measure(Action body)
    {
        var jitTime = JitInfo.GetCompilationTime(currentThread: true);
        var jitCount = JitInfo.GetCompiledMethodCount(currentThread: true);
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        body();
        watch.Stop();
        return new Sample(watch.Elapsed.TotalMilliseconds, (JitInfo.GetCompilationTime(currentThread: true) - jitTime).TotalMilliseconds,
            JitInfo.GetCompiledMethodCount(currentThread: true) - jitCount, GC.GetAllocatedBytesForCurrentThread() - bytes);
    }
}

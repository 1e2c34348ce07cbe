using System;
using System.Linq;
using BenchmarkDotNet.Running;

namespace WitBindgen.Benchmarks;

internal static class Program
{
    // dotnet run -c Release --project tests/Benchmarks -- --filter '*'
    // dotnet run -c Release --project tests/Benchmarks -- component-check     (one call of each component case, both runtimes)
    // dotnet run -c Release --project tests/Benchmarks -- density [COUNT] [ours|ours-pre|wasmtime|both] [--types]
    // dotnet run -c Release --project tests/Benchmarks -- instantiate-alloc [COUNT] [--types]   (bytes per instantiation)
    // dotnet run -c Release --project tests/Benchmarks -- echo-profile [CALLS]   (where a generated echo(1 KB) spends its
    //   time: the call on both runtimes and its parts, thread CPU time per call)
    // dotnet run -c Release --project tests/Benchmarks -- instantiate-profile [COUNT] [--pre-loop]   (where an instantiation of the
    //   WASI-style component spends its time: both runtimes and our steps, thread CPU time per instantiation)
    // dotnet run -c Release --project tests/Benchmarks -- wasi-alloc [COUNT] [--types]   (bytes per call of the WASI imports on typed bindings)
    // dotnet run -c Release --project tests/Benchmarks -- serve-alloc [COUNT] [--types] [--pool N]   (bytes per request of
    //   the in-process part of wit-bindgen serve, phase by phase)
    // dotnet run -c Release --project tests/Benchmarks -- first-calls [CALLS]   (CPU time of the first calls of each kernel)
    // dotnet run -c Release --project tests/Benchmarks -- hello ours|ours-tiered|wasmtime   (one cold run of the preview1
    //   hello, for process start-to-exit timing with farm-bench)
    // dotnet run -c Release --project tests/Benchmarks -- hello-phases [ROUNDS]   (cold in-process hello, preview1 and
    //   component: time, JIT time and methods, allocation per phase)
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "component-check")
        {
            foreach (var (name, wat) in new[] { ("add", ComponentWat.Add), ("echo", ComponentWat.Echo), ("resource", ComponentWat.Resource), ("wasi-style", ComponentWat.WasiStyle) })
            {
                try { WitBindgen.ComponentModel.Text.WatAssembler.Assemble(wat); }
                catch (Exception e) { Console.WriteLine($"{name}: {e.Message}"); return 1; }
            }
            using var b = new ComponentBenchmarks();
            b.Setup();
            Console.WriteLine($"add {b.AddOurs()} / {b.AddWasmtime()}; echo {b.EchoOurs()} / {b.EchoWasmtime()}; " +
                $"resource {b.ResourceOurs()} / {b.ResourceWasmtime()}; instantiate {b.InstantiateOurs()} / {b.InstantiateWasmtime()}");
            return 0;
        }
        if (args.Length > 0 && args[0] == "density")
        {
            int count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
            string which = args.Length > 2 ? args[2] : "both";
            return DensityProgram.Run(count, which, args.Contains("--types"));
        }
        if (args.Length > 0 && args[0] == "instantiate-alloc")
        {
            int count = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 20_000;
            return InstantiationAllocations.Run(count, args.Contains("--types"));
        }
        if (args.Length > 0 && args[0] == "wasi-alloc")
            return WasiCallAllocations.Run(args.Length > 1 && int.TryParse(args[1], out var calls) ? calls : 100_000, args.Contains("--types"));
        if (args.Length > 0 && args[0] == "serve-alloc")
        {
            int pool = Array.IndexOf(args, "--pool") is var at and > 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 0;
            return ServeAllocations.Run(args.Length > 1 && int.TryParse(args[1], out var requests) ? requests : 2_000, args.Contains("--types"), pool);
        }
        if (args.Length > 1 && args[0] == "hello") return ColdHello(args[1]);
        if (args.Length > 0 && args[0] == "hello-phases")
            return HelloPhases.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 11);
        if (args.Length > 1 && args[0] == "interleave")
            return Interleave(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30, args.Contains("cpu"));
        if (args.Length > 0 && args[0] == "instantiate-profile")
            return InstantiationProfile.Run(args.Length > 1 && int.TryParse(args[1], out var rounds) ? rounds : 5_000, args.Contains("--pre-loop"));
        if (args.Length > 0 && args[0] == "first-calls") return FirstCalls(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 4);
        if (args.Length > 0 && args[0] == "echo-profile") return EchoProfile.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000);
        if (args.Length > 0 && args[0] == "startup")
            return StartupProbe(args.Length > 1 ? args[1] : "default", args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    // compile + instantiate + call_all of bench_large.wasm, ROUNDS times in fresh engines: wall and process CPU time per
    // round (CPU time is less sensitive to other processes on a loaded machine; with DOTNET_JitStdOutFile and
    // DOTNET_JitDisasmSummary=1 it lists what RyuJIT compiled).
    private static int StartupProbe(string which, int rounds)
    {
        var bytes = EngineFixtures.Load("bench_large.wasm");
        var options = new WitBindgen.Runtime.EngineOptions { EagerCompilation = which == "eager", TieredCompilation = which == "tiered" };
        var process = System.Diagnostics.Process.GetCurrentProcess();
        for (var round = 0; round < rounds; round++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var wall = System.Diagnostics.Stopwatch.StartNew();
            var engine = new WitBindgen.Runtime.Engine(options);
            var instance = new WitBindgen.Runtime.Linker(engine).Instantiate(new WitBindgen.Runtime.Store(engine), WitBindgen.Runtime.Module.FromBytes(engine, bytes));
            var result = instance.GetFunction("call_all")!.Invoke(WitBindgen.Runtime.WasmValue.FromI32(7))[0].I32;
            wall.Stop();
            process.Refresh();
            Console.WriteLine(System.FormattableString.Invariant($"{which} round {round}: wall {wall.Elapsed.TotalMilliseconds:F1} ms, cpu {(process.TotalProcessorTime - cpu).TotalMilliseconds:F1} ms ({result})"));
        }
        return 0;
    }

    // One kernel on both engines, alternating one call each for ROUNDS rounds: the median of the per-pair ratios (ours /
    // Wasmtime) is much less sensitive to load bursts on a shared machine than BenchmarkDotNet's sequential runs. With
    // "cpu" it times the process's CPU time (getrusage, microseconds) instead of the wall clock: on a machine loaded far
    // beyond its cores the wall clock mostly measures the other processes.
    private static int Interleave(string kernel, int rounds, bool cpu)
    {
        using var benchmark = Kernel(kernel);
        benchmark.Setup();
        benchmark.Wasmtime();
        benchmark.WitBindgen();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        double Now() => cpu ? Environment.CpuUsage.TotalTime.TotalMilliseconds : watch.Elapsed.TotalMilliseconds;
        var ratios = new double[rounds];
        for (var round = 0; round < rounds; round++)
        {
            var start = Now();
            benchmark.Wasmtime();
            var middle = Now();
            benchmark.WitBindgen();
            ratios[round] = (Now() - middle) / (middle - start);
        }
        Array.Sort(ratios);
        Console.WriteLine(System.FormattableString.Invariant($"{kernel}: median ratio {ratios[rounds / 2]:F2} over {rounds} rounds (quartiles {ratios[rounds / 4]:F2}-{ratios[3 * rounds / 4]:F2}){(cpu ? ", CPU time" : "")}"));
        return 0;
    }

    // The first CALLS calls of each kernel in a fresh engine (default options): process CPU time per call, which shows
    // what a call costs before its code is optimized (the first includes RyuJIT's compiles).
    private static int FirstCalls(int calls)
    {
        foreach (var kernel in new[] { "hash", "nbody", "matmul", "sieve", "sort" })
        {
            using var benchmark = Kernel(kernel);
            benchmark.Setup();
            var times = benchmark.TimeFreshCalls(calls);
            Console.WriteLine($"{kernel}: " + string.Join(", ", Array.ConvertAll(times, t => t.ToString("F0", System.Globalization.CultureInfo.InvariantCulture))) + " ms cpu");
        }
        return 0;
    }

    private static EngineKernelBenchmark Kernel(string kernel) => kernel switch
    {
        "sort" => new EngineSortBenchmarks(),
        "hash" => new EngineHashBenchmarks(),
        "nbody" => new EngineNBodyBenchmarks(),
        "matmul" => new EngineMatmulBenchmarks(),
        _ => new EngineSieveBenchmarks(),
    };

    // One run of .fixtures/components/hello.core.wasm in a fresh engine: compile, link preview1 WASI, run _start.
    private static int ColdHello(string which)
    {
        var bytes = EngineFixtures.Load(System.IO.Path.Combine("components", "hello.core.wasm"));
        if (which == "wasmtime")
        {
            using var engine = new Wasmtime.Engine();
            using var module = Wasmtime.Module.FromBytes(engine, "hello", bytes);
            return Preview1HelloBenchmarks.RunWasmtime(engine, module);
        }
        var ours = new WitBindgen.Runtime.Engine(new WitBindgen.Runtime.EngineOptions { TieredCompilation = which == "ours-tiered" });
        return Preview1HelloBenchmarks.RunOurs(ours, WitBindgen.Runtime.Module.FromBytes(ours, bytes));
    }
}

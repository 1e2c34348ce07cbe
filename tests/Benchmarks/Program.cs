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
    // dotnet run -c Release --project tests/Benchmarks -- hello ours|ours-tiered|wasmtime   (one cold run of the preview1
    //   hello, for process start-to-exit timing with farm-bench)
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
        if (args.Length > 1 && args[0] == "hello") return ColdHello(args[1]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

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

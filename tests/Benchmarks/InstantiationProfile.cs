using System;
using WitBindgen.Runtime;

namespace WitBindgen.Benchmarks;

/// <summary>
/// <c>instantiate-profile [COUNT]</c>: where an instantiation of the WASI-style component (ComponentBenchmarks' "instantiate"
/// category) spends its time, as thread CPU time per instantiation (less disturbed than wall time on a loaded machine):
/// the whole case on both runtimes, ours also with the store left to the finalizer instead of disposed, then ours step by
/// step without disposing (a fresh store; + instantiation; + the export looked up). Each figure is the best of 15 rounds of COUNT. Process CPU time is shown beside it:
/// it also counts the runtime's own threads, where our stores' memories are unmapped (finalizers) and garbage is
/// collected, while Wasmtime unmaps on the calling thread when its store is disposed. With <c>--pre-loop</c> it only
/// instantiates through the InstancePre, COUNT times (for <c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c>).
/// </summary>
internal static class InstantiationProfile
{
    public static int Run(int count, bool preLoop)
    {
        using var b = new ComponentBenchmarks();
        b.Setup();
        var engine = b.OurEngine;
        var pre = b.OurWasiPre;
        if (preLoop)
        {
            for (int i = 0; i < count; i++) b.InstantiatePreOurs();
            return 0;
        }

        void Time(string name, Func<long> f)
        {
            for (int i = 0; i < Math.Max(200, count / 10); i++) f();
            double thread = double.MaxValue, process = double.MaxValue;
            for (int round = 0; round < 15; round++)
            {
                long startThread = EchoProfile.ThreadCpuNanoseconds(), startProcess = EchoProfile.ProcessCpuNanoseconds();
                for (int i = 0; i < count; i++) f();
                thread = Math.Min(thread, (double)(EchoProfile.ThreadCpuNanoseconds() - startThread) / count);
                process = Math.Min(process, (double)(EchoProfile.ProcessCpuNanoseconds() - startProcess) / count);
            }
            Console.WriteLine(FormattableString.Invariant($"{name,-34} thread {thread / 1000,8:F2} us   process {process / 1000,8:F2} us"));
        }

        Time("wasmtime instantiate+run", b.InstantiateWasmtime);
        Time("ours linker instantiate+run", b.InstantiateOurs);
        Time("ours pre instantiate+run", b.InstantiatePreOurs);
        Time("ours pre, store not disposed", () => pre.Instantiate(new Store(engine)).GetFunction("run")!.Call()!.Value.AsInt64());
        Time("  store", () => new Store(engine).Depth);
        Time("  store+instantiate", () => pre.Instantiate(new Store(engine)).ExportNames is null ? 0 : 1);
        Time("  store+instantiate+export", () => pre.Instantiate(new Store(engine)).GetFunction("run") is null ? 0 : 1);
        Time("wasmtime instantiate+run", b.InstantiateWasmtime);
        Time("ours pre instantiate+run", b.InstantiatePreOurs);
        return 0;
    }
}

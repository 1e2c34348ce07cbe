using System;
using System.Diagnostics;
using System.Text;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;

namespace WitBindgen.Benchmarks;

// Where the time of a generated echo(1 KB) goes: the whole call on both runtimes, then its parts one by one (the calls
// into wasm, transcoding each way, allocating the result), each the best of 15 rounds of thread CPU time per call.
internal static class EchoProfile
{
    public static int Run(int n)
    {
        var s = new string('a', 1024);
        var engine = new Engine();
        var store = new Store(engine);
        var linker = new ComponentLinker(engine);
        var typed = Typed.Bench.Typed.Bench.BenchWorld.Instantiate(store, Component.FromBytes(engine, ComponentWat.Bench()), linker);
        var fn = typed.Instance.GetFunction("bench:typed/api@0.1.0", "echo")!;
        var lifted = (LiftedFunction)typeof(ComponentFunction).GetField("_func", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(fn)!;
        var cx = lifted.Options.ForCall();
        var thunk = lifted.Thunk;
        var post = lifted.Options.PostReturnThunk!;
        var bytes = new byte[2048];

        void Time(string name, Func<long> f)
        {
            for (int i = 0; i < n / 10; i++) f();
            var best = double.MaxValue;
            for (int round = 0; round < 15; round++)
            {
                long start = ThreadCpuNanoseconds();
                for (int i = 0; i < n; i++) f();
                best = Math.Min(best, (double)(ThreadCpuNanoseconds() - start) / n);
            }
            Console.WriteLine(FormattableString.Invariant($"{name,-28} {best,8:F1} ns"));
        }

        using var b = new ComponentBenchmarks();
        b.Setup();
        Time("wasmtime echo", b.EchoWasmtime);
        Time("ours generated echo", b.EchoOursGenerated);
        Time("begin+end", () =>
        {
            Span<ulong> flat = stackalloc ulong[2];
            var call = fn.BeginCall(flat);
            call.End();
            return 0;
        });
        Time("realloc+post", () => (long)(cx.Realloc!(0, 0, 1, 1024) + post.Call(stackalloc ulong[] { 16 })));
        Time("post-return thunk", () => (long)post.Call(stackalloc ulong[] { 16 }));
        Time("echo core thunk", () => (long)thunk.Call(stackalloc ulong[] { 1024, 1024 }));
        Time("lower: FromUtf16 1 KB", () => { Ascii.FromUtf16(s, bytes, out int w); return w; });
        Time("lift: IsValid+ToUtf16 1 KB", () =>
        {
            var src = bytes.AsSpan(0, 1024);
            if (!Ascii.IsValid(src)) return 0;
            return string.Create(1024, bytes, static (chars, b) => Ascii.ToUtf16(b.AsSpan(0, chars.Length), chars, out _)).Length;
        });
        Ascii.FromUtf16(s, bytes, out _);
        Time("Ascii.IsValid bytes 1 KB", () => Ascii.IsValid(bytes.AsSpan(0, 1024)) ? 1 : 0);
        Time("surrogate check (ASCII) 1 KB", () => Ascii.IsValid(s) ? 1 : 0);
        Time("allocate result string", () => string.Create(1024, 0, static (c, _) => { }).Length);
        Time("IndexOfAnyInRange surrogate", () => s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF'));
        Time("wasmtime echo", b.EchoWasmtime);
        Time("ours generated echo", b.EchoOursGenerated);
        return 0;
    }

    // CPU time of this thread (CLOCK_THREAD_CPUTIME_ID): less disturbed than wall time by other processes on a loaded machine.
    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int clock_gettime(int clock, out Timespec ts);

    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    internal static long ThreadCpuNanoseconds() => CpuNanoseconds(3);

    /// <summary>CPU time of the whole process (CLOCK_PROCESS_CPUTIME_ID): the runtime's GC and finalizer threads included.</summary>
    internal static long ProcessCpuNanoseconds() => CpuNanoseconds(2);

    private static long CpuNanoseconds(int clock)
    {
        clock_gettime(clock, out var ts);
        return ts.Seconds * 1_000_000_000 + ts.Nanoseconds;
    }
}

using System;
using System.Linq;
using System.Threading;
using static WitBindgen.Runtime.Wasi.P1Memory;

namespace WitBindgen.Runtime.Wasi;

/// <summary>Preview1 args_*, environ_*, clock_*, random_get, proc_exit, proc_raise and sched_yield.</summary>
internal static class P1Environment
{
    public const int ClockRealtime = 0, ClockMonotonic = 1, ClockProcessCputime = 2, ClockThreadCputime = 3;

    public static void Define(P1Definer d, WasiContext ctx)
    {
        var env = ctx.Environment.Select(kv => kv.Key + "=" + kv.Value).ToArray();
        d.Define("args_sizes_get", "ii", (m, a) =>
        {
            var (count, bytes) = Sizes(ctx.Arguments);
            PutU32(m, a[0].I32, count);
            PutU32(m, a[1].I32, bytes);
            return P1Errno.Success;
        });
        d.Define("args_get", "ii", (m, a) => { PutStrings(m, ctx.Arguments, a[0].I32, a[1].I32); return P1Errno.Success; });
        d.Define("environ_sizes_get", "ii", (m, a) =>
        {
            var (count, bytes) = Sizes(env);
            PutU32(m, a[0].I32, count);
            PutU32(m, a[1].I32, bytes);
            return P1Errno.Success;
        });
        d.Define("environ_get", "ii", (m, a) => { PutStrings(m, env, a[0].I32, a[1].I32); return P1Errno.Success; });

        d.Define("clock_res_get", "ii", (m, a) =>
        {
            ulong res = a[0].I32 switch
            {
                ClockRealtime => ctx.WallClock.Resolution,
                ClockMonotonic => ctx.MonotonicClock.Resolution,
                ClockProcessCputime or ClockThreadCputime => throw new P1Exception(P1Errno.Badf),
                _ => throw InvalidEnum("clockid", a[0].I32),
            };
            PutU64(m, a[1].I32, (long)res);
            return P1Errno.Success;
        });
        d.Define("clock_time_get", "iIi", (m, a) =>
        {
            PutU64(m, a[2].I32, (long)Now(ctx, a[0].I32));
            return P1Errno.Success;
        });

        d.Define("random_get", "ii", (m, a) =>
        {
            var span = Bytes(m, a[0].I32, a[1].I32);
            // The context's per-call limit applies to each fill; a large buffer is filled in pieces.
            int step = Math.Max(1, ctx.MaxRandomBytes);
            for (int at = 0; at < span.Length; at += step) ctx.SecureRandom(span.Slice(at, Math.Min(step, span.Length - at)));
            return P1Errno.Success;
        });

        d.DefineVoid("proc_exit", "i", a =>
        {
            // As wasmtime: statuses outside [0, 126) are not portable exit codes and trap instead.
            if (a[0].I32 is < 0 or >= 126) throw new WasiTrapException("exit with invalid exit status outside of [0..126)");
            ctx.ExitCode = a[0].I32;
            throw new WasiExitException(a[0].I32);
        });
        // Signals are not supported (as in wasmtime).
        d.Define("proc_raise", "i", (m, a) => P1Errno.NotSup);
        d.Define("sched_yield", "", (m, a) => { Thread.Yield(); return P1Errno.Success; });
    }

    /// <summary>The time of clock <paramref name="id"/> in nanoseconds (badf for the CPU-time clocks, which the host lacks,
    /// as wasmtime; a trap for an id outside the enum).</summary>
    public static ulong Now(WasiContext ctx, int id)
    {
        switch (id)
        {
            case ClockRealtime:
                var (s, ns) = ctx.WallClock.Now();
                return s * 1_000_000_000UL + ns;
            case ClockMonotonic:
                return ctx.MonotonicClock.Now();
            case ClockProcessCputime or ClockThreadCputime:
                throw new P1Exception(P1Errno.Badf);
            default:
                throw InvalidEnum("clockid", id);
        }
    }
}

using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi.Io;
using static WitBindgen.Runtime.Wasi.Wasi;

namespace WitBindgen.Runtime.Wasi.Clocks;

/// <summary><c>wasi:clocks</c>: monotonic-clock (with pollables) and wall-clock.</summary>
public static class ClocksHost
{
    /// <summary>Defines the <c>wasi:clocks</c> imports.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx)
    {
        var mono = linker.Instance(Name("wasi:clocks/monotonic-clock"));
        var clock = ctx.MonotonicClock;
        Fn(mono, "now", _ => ComponentValue.U64(clock.Now()));
        Fn(mono, "resolution", _ => ComponentValue.U64(clock.Resolution));
        Fn(mono, "subscribe-instant", a => ComponentValue.Own(ctx.Table.Push(new ClockPollable(clock, a[0].AsUInt64()))));
        Fn(mono, "subscribe-duration", a =>
        {
            var now = clock.Now();
            var d = a[0].AsUInt64();
            return ComponentValue.Own(ctx.Table.Push(new ClockPollable(clock, ulong.MaxValue - now < d ? ulong.MaxValue : now + d)));
        });

        var wall = linker.Instance(Name("wasi:clocks/wall-clock"));
        Fn(wall, "now", _ =>
        {
            var (s, ns) = ctx.WallClock.Now();
            return ComponentValue.Record(ComponentValue.U64(s), ComponentValue.U32(ns));
        });
        Fn(wall, "resolution", _ =>
        {
            var r = ctx.WallClock.Resolution;
            return ComponentValue.Record(ComponentValue.U64(r / 1_000_000_000), ComponentValue.U32((uint)(r % 1_000_000_000)));
        });
    }
}

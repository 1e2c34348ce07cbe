using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using static WitBindgen.Runtime.Wasi.Wasi;
using WitBindgen.Runtime.Wasi.Io;

namespace WitBindgen.Runtime.Wasi.Clocks;

/// <summary><c>wasi:clocks</c>: monotonic-clock (with pollables) and wall-clock.</summary>
public static class ClocksHost
{
    /// <summary>Defines the <c>wasi:clocks</c> imports over <paramref name="ctx"/>.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx) => AddToLinker(linker, Fixed(ctx));

    /// <summary>Defines the <c>wasi:clocks</c> imports, each over the context <paramref name="context"/> returns for the calling instance's store.</summary>
    public static void AddToLinker(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        var mono = new HostInstance(linker, "wasi:clocks/monotonic-clock", context);
        mono.Fn("now", static (c, _) => ComponentValue.U64(c.MonotonicClock.Now()));
        mono.Fn("resolution", static (c, _) => ComponentValue.U64(c.MonotonicClock.Resolution));
        mono.Fn("subscribe-instant", static (c, a) => ComponentValue.Own(c.Table.Push(new ClockPollable(c.MonotonicClock, a[0].AsUInt64()))));
        mono.Fn("subscribe-duration", static (c, a) =>
        {
            var clock = c.MonotonicClock;
            var now = clock.Now();
            var d = a[0].AsUInt64();
            return ComponentValue.Own(c.Table.Push(new ClockPollable(clock, ulong.MaxValue - now < d ? ulong.MaxValue : now + d)));
        });

        var wall = new HostInstance(linker, "wasi:clocks/wall-clock", context);
        wall.Fn("now", static (c, _) =>
        {
            var (s, ns) = c.WallClock.Now();
            return ComponentValue.Record(ComponentValue.U64(s), ComponentValue.U32(ns));
        });
        wall.Fn("resolution", static (c, _) =>
        {
            var r = c.WallClock.Resolution;
            return ComponentValue.Record(ComponentValue.U64(r / 1_000_000_000), ComponentValue.U32((uint)(r % 1_000_000_000)));
        });
    }
}

using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using static WitBindgen.Runtime.Wasi.Wasi;
using WitBindgen.Runtime.Wasi.Io;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Clocks.WallClock;

namespace WitBindgen.Runtime.Wasi.Clocks;

/// <summary><c>wasi:clocks</c>: monotonic-clock (with pollables; dynamic values) and wall-clock (typed bindings).</summary>
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
        mono.Fn("subscribe-instant", static (c, a) => ComponentValue.Own(c.Table.Push(new ClockPollable(c.MonotonicClock, a[0].AsUInt64(), c.Cancellation))));
        mono.Fn("subscribe-duration", static (c, a) =>
        {
            var clock = c.MonotonicClock;
            var now = clock.Now();
            var d = a[0].AsUInt64();
            return ComponentValue.Own(c.Table.Push(new ClockPollable(clock, ulong.MaxValue - now < d ? ulong.MaxValue : now + d, c.Cancellation)));
        });

        // wall-clock: the generated typed bindings, implemented by the caller's context (WasiContext.Clocks.cs).
        WallClockImports.AddToLinker(linker, PerStore(context));
    }
}

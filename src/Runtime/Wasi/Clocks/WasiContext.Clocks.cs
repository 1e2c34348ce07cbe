using WitBindgen.Runtime.Wasi.Bindings.Wasi.Clocks.WallClock;
using WitBindgen.Runtime.Wasi.Io;
using IMonotonicClockHost = WitBindgen.Runtime.Wasi.Bindings.Wasi.Clocks.MonotonicClock.IMonotonicClock;
using IWallClockHost = WitBindgen.Runtime.Wasi.Bindings.Wasi.Clocks.WallClock.IWallClock;
using PollableResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Poll.Pollable;

namespace WitBindgen.Runtime.Wasi;

// wasi:clocks over the context's clocks, as the typed bindings registered by Clocks.ClocksHost call them.
public sealed partial class WasiContext : IMonotonicClockHost, IWallClockHost
{
    ulong IMonotonicClockHost.Now() => MonotonicClock.Now();

    ulong IMonotonicClockHost.Resolution() => MonotonicClock.Resolution;

    PollableResource IMonotonicClockHost.SubscribeInstant(ulong when) => new ClockPollable(MonotonicClock, when, Cancellation);

    PollableResource IMonotonicClockHost.SubscribeDuration(ulong when)
    {
        var now = MonotonicClock.Now();
        return new ClockPollable(MonotonicClock, ulong.MaxValue - now < when ? ulong.MaxValue : now + when, Cancellation);
    }

    Datetime IWallClockHost.Now()
    {
        var (seconds, nanoseconds) = WallClock.Now();
        return new Datetime(seconds, nanoseconds);
    }

    Datetime IWallClockHost.Resolution()
    {
        var r = WallClock.Resolution;
        return new Datetime(r / 1_000_000_000, (uint)(r % 1_000_000_000));
    }
}

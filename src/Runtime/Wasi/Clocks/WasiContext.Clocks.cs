using WitBindgen.Runtime.Wasi.Bindings.Wasi.Clocks.WallClock;

namespace WitBindgen.Runtime.Wasi;

// wasi:clocks/wall-clock over the context's clock, as the typed bindings registered by Clocks.ClocksHost call it.
public sealed partial class WasiContext : Bindings.Wasi.Clocks.WallClock.IWallClock
{
    Datetime Bindings.Wasi.Clocks.WallClock.IWallClock.Now()
    {
        var (seconds, nanoseconds) = WallClock.Now();
        return new Datetime(seconds, nanoseconds);
    }

    Datetime Bindings.Wasi.Clocks.WallClock.IWallClock.Resolution()
    {
        var r = WallClock.Resolution;
        return new Datetime(r / 1_000_000_000, (uint)(r % 1_000_000_000));
    }
}

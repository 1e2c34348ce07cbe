using System;
using WitBindgen.Runtime.Components;
using static WitBindgen.Runtime.Wasi.Wasi;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Clocks.MonotonicClock;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Clocks.WallClock;

namespace WitBindgen.Runtime.Wasi.Clocks;

/// <summary><c>wasi:clocks</c>: monotonic-clock (with pollables) and wall-clock.</summary>
public static class ClocksHost
{
    /// <summary>Defines the <c>wasi:clocks</c> imports over <paramref name="ctx"/>.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx) => AddToLinker(linker, Fixed(ctx));

    /// <summary>Defines the <c>wasi:clocks</c> imports, each over the context <paramref name="context"/> returns for the calling instance's store.</summary>
    public static void AddToLinker(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        // The generated typed bindings, implemented by the caller's context (WasiContext.Clocks.cs).
        var host = PerStore(context);
        MonotonicClockImports.AddToLinker(linker, host);
        WallClockImports.AddToLinker(linker, host);
    }
}

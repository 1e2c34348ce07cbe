using System;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Random.Insecure;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Random.InsecureSeed;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Random.Random;
using static WitBindgen.Runtime.Wasi.Wasi;

namespace WitBindgen.Runtime.Wasi.Random;

/// <summary><c>wasi:random</c>: random, insecure and insecure-seed, with a per-call byte limit.</summary>
public static class RandomHost
{
    /// <summary>Defines the <c>wasi:random</c> imports over <paramref name="ctx"/>.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx) => AddToLinker(linker, Fixed(ctx));

    /// <summary>Defines the <c>wasi:random</c> imports, each over the context <paramref name="context"/> returns for the calling instance's store.</summary>
    public static void AddToLinker(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        // The generated typed bindings; the caller's context implements them (WasiContext.Random.cs).
        var host = PerStore(context);
        RandomImports.AddToLinker(linker, host);
        InsecureImports.AddToLinker(linker, host);
        InsecureSeedImports.AddToLinker(linker, host);
    }
}

using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
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
        var secure = new HostInstance(linker, "wasi:random/random", context);
        secure.Fn("get-random-bytes", static (c, a) => Bytes(c, c.SecureRandom, a[0]));
        secure.Fn("get-random-u64", static (c, _) => U64(c.SecureRandom));
        var insecure = new HostInstance(linker, "wasi:random/insecure", context);
        insecure.Fn("get-insecure-random-bytes", static (c, a) => Bytes(c, c.InsecureRandom, a[0]));
        insecure.Fn("get-insecure-random-u64", static (c, _) => U64(c.InsecureRandom));
        new HostInstance(linker, "wasi:random/insecure-seed", context).Fn("insecure-seed", static (c, _) =>
            ComponentValue.Tuple(ComponentValue.U64(c.InsecureSeed.Item1), ComponentValue.U64(c.InsecureSeed.Item2)));
    }

    private static ComponentValue Bytes(WasiContext ctx, Action<Span<byte>> fill, ComponentValue len)
    {
        var n = len.AsUInt64();
        if (n > (ulong)ctx.MaxRandomBytes) throw new WasiTrapException($"asked for {n} random bytes, more than the limit of {ctx.MaxRandomBytes} per call");
        var bytes = new byte[(int)n];
        fill(bytes);
        return ByteList(bytes);
    }

    private static ComponentValue U64(Action<Span<byte>> fill)
    {
        Span<byte> b = stackalloc byte[8];
        fill(b);
        return ComponentValue.U64(BitConverter.ToUInt64(b));
    }
}

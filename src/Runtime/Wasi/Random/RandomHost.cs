using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using static WitBindgen.Runtime.Wasi.Wasi;

namespace WitBindgen.Runtime.Wasi.Random;

/// <summary><c>wasi:random</c>: random, insecure and insecure-seed, with a per-call byte limit.</summary>
public static class RandomHost
{
    /// <summary>Defines the <c>wasi:random</c> imports.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx)
    {
        ComponentValue Bytes(Action<Span<byte>> fill, ComponentValue len)
        {
            var n = len.AsUInt64();
            if (n > (ulong)ctx.MaxRandomBytes) throw new WasiTrapException($"asked for {n} random bytes, more than the limit of {ctx.MaxRandomBytes} per call");
            var bytes = new byte[(int)n];
            fill(bytes);
            return ByteList(bytes);
        }
        ComponentValue U64(Action<Span<byte>> fill)
        {
            Span<byte> b = stackalloc byte[8];
            fill(b);
            return ComponentValue.U64(BitConverter.ToUInt64(b));
        }
        var secure = linker.Instance(Name("wasi:random/random"));
        Fn(secure, "get-random-bytes", a => Bytes(ctx.SecureRandom, a[0]));
        Fn(secure, "get-random-u64", _ => U64(ctx.SecureRandom));
        var insecure = linker.Instance(Name("wasi:random/insecure"));
        Fn(insecure, "get-insecure-random-bytes", a => Bytes(ctx.InsecureRandom, a[0]));
        Fn(insecure, "get-insecure-random-u64", _ => U64(ctx.InsecureRandom));
        Fn(linker.Instance(Name("wasi:random/insecure-seed")), "insecure-seed", _ =>
            ComponentValue.Tuple(ComponentValue.U64(ctx.InsecureSeed.Item1), ComponentValue.U64(ctx.InsecureSeed.Item2)));
    }
}

using System;
using System.Buffers.Binary;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Random.Insecure;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Random.InsecureSeed;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Random.Random;

namespace WitBindgen.Runtime.Wasi;

// wasi:random over the context's sources, as the typed bindings registered by Random.RandomHost call it.
public sealed partial class WasiContext : IRandom, IInsecure, IInsecureSeed
{
    /// <summary>Requests up to this size are filled into a per-thread buffer (the bindings copy it into the guest before returning).</summary>
    private const int ScratchBytes = 4096;

    [ThreadStatic] private static byte[]? t_randomScratch;

    ReadOnlyMemory<byte> IRandom.GetRandomBytes(ulong len) => RandomBytes(SecureRandom, len);
    ulong IRandom.GetRandomU64() => RandomU64(SecureRandom);
    ReadOnlyMemory<byte> IInsecure.GetInsecureRandomBytes(ulong len) => RandomBytes(InsecureRandom, len);
    ulong IInsecure.GetInsecureRandomU64() => RandomU64(InsecureRandom);
    (ulong, ulong) IInsecureSeed.InsecureSeed() => InsecureSeed;

    private ReadOnlyMemory<byte> RandomBytes(Action<Span<byte>> fill, ulong n)
    {
        if (n > (ulong)MaxRandomBytes) throw new WasiTrapException($"asked for {n} random bytes, more than the limit of {MaxRandomBytes} per call");
        var bytes = n <= ScratchBytes ? (t_randomScratch ??= new byte[ScratchBytes]).AsMemory(0, (int)n) : new byte[(int)n];
        fill(bytes.Span);
        return bytes;
    }

    private static ulong RandomU64(Action<Span<byte>> fill)
    {
        Span<byte> b = stackalloc byte[8];
        fill(b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }
}

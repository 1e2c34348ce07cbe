using System;
using System.Collections.Generic;
using System.Text;

namespace WitBindgen.Runtime.Wasi;

/// <summary>
/// Guest memory access for preview1 calls. Every access is bounds-checked by <see cref="Memory"/>: an out-of-range
/// pointer or length traps the guest (<see cref="TrapCode.MemoryOutOfBounds"/>), and so does a pointer to a struct or
/// integer that is not aligned to it, as in wasmtime's preview1.
/// </summary>
internal static class P1Memory
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static int U32(Memory m, int ptr) { Aligned(ptr, 4); return m.Read<int>((uint)ptr); }
    public static void PutU32(Memory m, int ptr, int value) { Aligned(ptr, 4); m.Write((uint)ptr, value); }
    public static void PutU64(Memory m, int ptr, long value) { Aligned(ptr, 8); m.Write((uint)ptr, value); }

    /// <summary>A pointer to a value of alignment <paramref name="alignment"/> must be aligned (else a trap, as wasmtime).</summary>
    public static void Aligned(int ptr, int alignment)
    {
        if (((uint)ptr & (uint)(alignment - 1)) != 0) throw new Trap(TrapCode.HostError, $"pointer {(uint)ptr} is not aligned to {alignment}");
    }
    /// <summary><paramref name="len"/> (unsigned) bytes at <paramref name="ptr"/> (unsigned).</summary>
    public static Span<byte> Bytes(Memory m, int ptr, int len) => (uint)len > int.MaxValue ? throw new Trap(TrapCode.MemoryOutOfBounds) : m.GetSpan((uint)ptr, len);

    /// <summary>A trap for a value outside its preview1 enum (as wasmtime's bindings trap).</summary>
    public static Trap InvalidEnum(string type, int value) => new(TrapCode.HostError, $"invalid enum value {value} for {type}");

    /// <summary>A UTF-8 string (ilseq when it is not valid UTF-8).</summary>
    public static string String(Memory m, int ptr, int len)
    {
        var bytes = Bytes(m, ptr, len);
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { throw new P1Exception(P1Errno.Ilseq); }
    }

    /// <summary>The buffers of an iovec/ciovec array; with <paramref name="checkBuffers"/> each buffer is checked before any is used
    /// (writes), else only when data reaches it (reads, as wasmtime: a read of nothing touches no buffer).</summary>
    public static List<(int Ptr, int Len)> Iovecs(Memory m, int iovs, int count, bool checkBuffers)
    {
        Aligned(iovs, 4);
        Bytes(m, iovs, (int)Math.Min((uint)count * 8L, uint.MaxValue));
        var list = new List<(int, int)>((int)Math.Min((uint)count, 1024));
        for (uint i = 0; i < (uint)count; i++)
        {
            uint at = (uint)iovs + i * 8;
            int ptr = U32(m, (int)at), len = U32(m, (int)at + 4);
            if (checkBuffers) Bytes(m, ptr, len);
            list.Add((ptr, len));
        }
        return list;
    }

    public static Span<byte> Span(Memory m, (int Ptr, int Len) iov) => Bytes(m, iov.Ptr, iov.Len);

    /// <summary>Writes a list of strings as <c>args_get</c>/<c>environ_get</c> do: pointers, then NUL-terminated bytes.</summary>
    public static void PutStrings(Memory m, IEnumerable<string> items, int pointers, int buffer)
    {
        foreach (var s in items)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            var dest = Bytes(m, buffer, bytes.Length + 1);
            bytes.CopyTo(dest);
            dest[bytes.Length] = 0;
            PutU32(m, pointers, buffer);
            pointers += 4;
            buffer += bytes.Length + 1;
        }
    }

    /// <summary>(count, total bytes with NUL terminators) for <c>*_sizes_get</c>.</summary>
    public static (int Count, int Bytes) Sizes(IEnumerable<string> items)
    {
        int count = 0, bytes = 0;
        foreach (var s in items) { count++; bytes += Encoding.UTF8.GetByteCount(s) + 1; }
        return (count, bytes);
    }
}

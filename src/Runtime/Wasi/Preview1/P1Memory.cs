using System;
using System.Collections.Generic;
using System.Text;

namespace WitBindgen.Runtime.Wasi;

/// <summary>
/// Guest memory access for preview1 calls. Every access is bounds-checked by <see cref="Memory"/> (an out-of-range
/// pointer throws a memory trap that the call wrapper turns into errno <c>fault</c>).
/// </summary>
internal static class P1Memory
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static int U32(Memory m, int ptr) => m.Read<int>((uint)ptr);
    public static void PutU32(Memory m, int ptr, int value) => m.Write((uint)ptr, value);
    public static void PutU64(Memory m, int ptr, long value) => m.Write((uint)ptr, value);
    public static Span<byte> Bytes(Memory m, int ptr, int len) => m.GetSpan((uint)ptr, len < 0 ? throw new P1Exception(P1Errno.Fault) : len);
    private static Span<byte> Bytes(Memory m, int ptr, uint len) => len > int.MaxValue ? throw new P1Exception(P1Errno.Fault) : m.GetSpan((uint)ptr, (int)len);

    /// <summary>A UTF-8 string (ilseq when it is not valid UTF-8).</summary>
    public static string String(Memory m, int ptr, int len)
    {
        var bytes = Bytes(m, ptr, (uint)len);
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { throw new P1Exception(P1Errno.Ilseq); }
    }

    /// <summary>The buffers of an iovec/ciovec array, all checked before any is used.</summary>
    public static List<(int Ptr, int Len)> Iovecs(Memory m, int iovs, int count)
    {
        if (count < 0) throw new P1Exception(P1Errno.Inval);
        var list = new List<(int, int)>(Math.Min(count, 1024));
        for (int i = 0; i < count; i++)
        {
            int at = checked(iovs + i * 8);
            int ptr = U32(m, at), len = U32(m, at + 4);
            Bytes(m, ptr, (uint)len);
            list.Add((ptr, len));
        }
        return list;
    }

    public static Span<byte> Span(Memory m, (int Ptr, int Len) iov) => Bytes(m, iov.Ptr, (uint)iov.Len);

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

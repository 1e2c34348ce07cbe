using System;
using System.Text;

namespace WitBindgen.CoreWasm.Binary;

/// <summary>The few conversions whose fast form exists only on .NET (Core); netstandard2.0 gets an equivalent.</summary>
internal static class Bits
{
    public static float Int32BitsToSingle(int bits)
    {
#if NET
        return BitConverter.Int32BitsToSingle(bits);
#else
        return BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);
#endif
    }

    public static unsafe string GetString(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
#if NET
        return encoding.GetString(bytes);
#else
        if (bytes.IsEmpty) return string.Empty;
        fixed (byte* p = bytes) return encoding.GetString(p, bytes.Length);
#endif
    }
}

using System;

namespace WitBindgen.Runtime.Tests.Components;

/// <summary>Seeded random inputs shared by the value tests.</summary>
internal static class RandomValues
{
    /// <summary>A Unicode scalar value, mostly small (ASCII, latin1, BMP) so every string encoding path is taken.</summary>
    public static int Scalar(Random r)
    {
        while (true)
        {
            int cp = r.Next(4) switch { 0 => r.Next(0x80), 1 => r.Next(0x100), 2 => r.Next(0x10000), _ => r.Next(0x110000) };
            if (cp < 0xD800 || cp > 0xDFFF) return cp;
        }
    }
}

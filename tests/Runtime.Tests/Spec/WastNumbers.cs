using System;
using System.Globalization;
using System.Numerics;

namespace WitBindgen.Runtime.Tests.Spec;

/// <summary>Parses the text format's integer and float literals into exact bits.</summary>
internal static class WastNumbers
{
    public static int ParseI32(string text) => unchecked((int)(uint)(ParseInteger(text) & uint.MaxValue));

    public static long ParseI64(string text) => unchecked((long)(ulong)(ParseInteger(text) & ulong.MaxValue));

    public static BigInteger ParseInteger(string text)
    {
        var s = text.Replace("_", "");
        var negative = false;
        if (s.StartsWith('+')) s = s[1..];
        else if (s.StartsWith('-')) { negative = true; s = s[1..]; }
        BigInteger value;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            value = BigInteger.Parse("0" + s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        else
            value = BigInteger.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative) value = -value;
        // Two's complement view for negative numbers: callers mask to the width.
        if (value.Sign < 0) value += BigInteger.One << 64;
        return value;
    }

    public static uint ParseF32Bits(string text) => (uint)ParseFloatBits(text, 23, 8);

    public static ulong ParseF64Bits(string text) => ParseFloatBits(text, 52, 11);

    private static ulong ParseFloatBits(string text, int mantissaBits, int exponentBits)
    {
        var s = text.Replace("_", "");
        ulong sign = 0;
        if (s.StartsWith('+')) s = s[1..];
        else if (s.StartsWith('-')) { sign = 1; s = s[1..]; }
        var signBit = sign << (mantissaBits + exponentBits);
        var expMask = ((1UL << exponentBits) - 1) << mantissaBits;
        if (s == "inf") return signBit | expMask;
        if (s == "nan") return signBit | expMask | (1UL << (mantissaBits - 1));
        if (s.StartsWith("nan:0x", StringComparison.Ordinal))
            return signBit | expMask | ulong.Parse(s[6..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return signBit | HexFloatBits(s[2..], mantissaBits, exponentBits);
        if (mantissaBits == 23)
        {
            var f = float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
            return signBit | (uint)BitConverter.SingleToInt32Bits(f);
        }
        var d = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        return signBit | (ulong)BitConverter.DoubleToInt64Bits(d);
    }

    /// <summary>Exact round-to-nearest-even conversion of a hexadecimal float (without sign and 0x).</summary>
    private static ulong HexFloatBits(string s, int mantissaBits, int exponentBits)
    {
        var pIndex = s.IndexOfAny(['p', 'P']);
        var mantissaText = pIndex < 0 ? s : s[..pIndex];
        var exponent = pIndex < 0 ? 0 : int.Parse(s[(pIndex + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissaText.IndexOf('.');
        var digits = dot < 0 ? mantissaText : mantissaText.Remove(dot, 1);
        var fractionDigits = dot < 0 ? 0 : mantissaText.Length - dot - 1;
        if (digits.Length == 0) digits = "0";
        var m = BigInteger.Parse("0" + digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var e = exponent - 4 * fractionDigits;
        return ToBits(m, e, mantissaBits, exponentBits);
    }

    /// <summary>The bits of the float nearest to m * 2^e (ties to even).</summary>
    public static ulong ToBits(BigInteger m, long e, int mantissaBits, int exponentBits)
    {
        if (m.IsZero) return 0;
        var bias = (1 << (exponentBits - 1)) - 1;
        var minLsb = 1 - bias - mantissaBits; // exponent of the smallest subnormal
        var bitLength = (long)m.GetBitLength();
        var leading = bitLength - 1 + e;
        var lsb = Math.Max(leading - mantissaBits, minLsb);
        var drop = lsb - e;
        BigInteger q;
        if (drop > 0)
        {
            var d = (int)Math.Min(drop, int.MaxValue);
            q = m >> d;
            var remainder = m - (q << d);
            var half = BigInteger.One << (d - 1);
            if (remainder > half || (remainder == half && !q.IsEven)) q += 1;
        }
        else
        {
            q = m << (int)(-drop);
        }
        if (q.GetBitLength() > mantissaBits + 1)
        {
            q >>= 1;
            lsb++;
        }
        ulong biased;
        ulong fraction;
        if (q >= BigInteger.One << mantissaBits)
        {
            biased = (ulong)(lsb + mantissaBits + bias);
            fraction = (ulong)(q - (BigInteger.One << mantissaBits));
        }
        else
        {
            biased = 0;
            fraction = (ulong)q;
        }
        if (biased >= (1UL << exponentBits) - 1) return ((1UL << exponentBits) - 1) << mantissaBits; // overflow: infinity
        return (biased << mantissaBits) | fraction;
    }
}

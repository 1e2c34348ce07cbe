using System;
using System.Globalization;

namespace WitBindgen.ComponentModel.Text.Printing;

/// <summary>
/// Float immediates as WAT text that reads back to the same bits: <c>inf</c>, <c>nan</c>, <c>nan:0x...</c> payloads,
/// the shortest round-tripping decimal when it reads back exactly, else an exact hexadecimal float.
/// </summary>
internal static class FloatText
{
    public static string F32(uint bits)
    {
        string sign = (bits >> 31) != 0 ? "-" : "";
        uint exponent = (bits >> 23) & 0xFF;
        uint mantissa = bits & 0x7FFFFF;
        if (exponent == 0xFF)
        {
            if (mantissa == 0) return sign + "inf";
            return mantissa == 0x400000 ? sign + "nan" : sign + "nan:0x" + mantissa.ToString("x", CultureInfo.InvariantCulture);
        }
        float value = BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var back)
            && BitConverter.ToUInt32(BitConverter.GetBytes(back), 0) == bits)
            return text;
        // 23 mantissa bits as 6 hex digits (shifted left by one).
        return sign + Hex(exponent == 0 ? "0" : "1", ((ulong)mantissa << 1).ToString("x6", CultureInfo.InvariantCulture), exponent == 0 ? -126 : (int)exponent - 127);
    }

    public static string F64(ulong bits)
    {
        string sign = (bits >> 63) != 0 ? "-" : "";
        uint exponent = (uint)((bits >> 52) & 0x7FF);
        ulong mantissa = bits & 0xF_FFFF_FFFF_FFFFUL;
        if (exponent == 0x7FF)
        {
            if (mantissa == 0) return sign + "inf";
            return mantissa == 0x8_0000_0000_0000UL ? sign + "nan" : sign + "nan:0x" + mantissa.ToString("x", CultureInfo.InvariantCulture);
        }
        double value = BitConverter.Int64BitsToDouble((long)bits);
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var back)
            && (ulong)BitConverter.DoubleToInt64Bits(back) == bits)
            return text;
        return sign + Hex(exponent == 0 ? "0" : "1", mantissa.ToString("x13", CultureInfo.InvariantCulture), exponent == 0 ? -1022 : (int)exponent - 1023);
    }

    private static string Hex(string lead, string fraction, int exponent)
    {
        fraction = fraction.TrimEnd('0');
        return "0x" + lead + (fraction.Length > 0 ? "." + fraction : "") + "p" + (exponent >= 0 ? "+" : "") + exponent.ToString(CultureInfo.InvariantCulture);
    }
}

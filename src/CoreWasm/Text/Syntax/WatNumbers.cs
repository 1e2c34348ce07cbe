using System;
using System.Globalization;

namespace WitBindgen.CoreWasm.Text.Syntax;

/// <summary>
/// Number literals of the text format: classification and parsing of integers (with the spec's wrap rules)
/// and floats (decimal, hex, <c>inf</c>, <c>nan</c>, <c>nan:0x..</c>) bit-exactly.
/// </summary>
internal static class WatNumbers
{
    /// <summary><see cref="WatAtomKind.Integer"/> or <see cref="WatAtomKind.Float"/> when <paramref name="raw"/> is a number literal, else null.</summary>
    public static WatAtomKind? ClassifyLiteral(string raw)
    {
        if (TryParseInteger(raw, out _, out _)) return WatAtomKind.Integer;
        if (IsFloatSyntax(raw)) return WatAtomKind.Float;
        return null;
    }

    // ---- integers ----------------------------------------------------------------------------------------

    /// <summary>
    /// Parses an integer literal: optional sign, decimal or 0x-hex digits with single '_' between digits.
    /// Gives the magnitude, whether it overflowed 64 bits and whether a sign was written.
    /// </summary>
    private static bool TryParseInteger(string raw, out bool negative, out (ulong Magnitude, bool Overflow, bool Signed) value)
    {
        value = default;
        negative = false;
        int i = 0;
        bool signed = false;
        if (raw.Length > 0 && (raw[0] == '+' || raw[0] == '-'))
        {
            negative = raw[0] == '-';
            signed = true;
            i = 1;
        }
        bool hex = raw.Length >= i + 2 && raw[i] == '0' && raw[i + 1] == 'x';
        if (hex) i += 2;
        int radix = hex ? 16 : 10;
        if (!ScanDigits(raw, ref i, hex)) return false;
        if (i != raw.Length) return false;
        ulong magnitude = 0;
        bool overflow = false;
        for (int j = (signed ? 1 : 0) + (hex ? 2 : 0); j < raw.Length; j++)
        {
            if (raw[j] == '_') continue;
            ulong d = (ulong)WatReader.HexValue(raw[j]);
            if (magnitude > (ulong.MaxValue - d) / (ulong)radix) overflow = true;
            else magnitude = magnitude * (ulong)radix + d;
        }
        value = (magnitude, overflow, signed);
        return true;
    }

    /// <summary>Scans digit ('_'? digit)*; false when there is no digit or a misplaced '_'.</summary>
    private static bool ScanDigits(string raw, ref int i, bool hex)
    {
        int start = i;
        while (i < raw.Length)
        {
            char c = raw[i];
            bool isDigit = hex ? WatReader.HexValue(c) >= 0 : c >= '0' && c <= '9';
            if (isDigit)
            {
                i++;
                continue;
            }
            if (c == '_' && i > start && i + 1 < raw.Length)
            {
                char n = raw[i + 1];
                bool nextDigit = hex ? WatReader.HexValue(n) >= 0 : n >= '0' && n <= '9';
                if (!nextDigit) return false;
                i++;
                continue;
            }
            break;
        }
        return i > start;
    }

    /// <summary>An unsigned literal (no sign) that fits in <paramref name="bits"/> bits.</summary>
    public static bool TryParseUnsigned(string raw, int bits, out ulong result)
    {
        result = 0;
        if (!TryParseInteger(raw, out _, out var v) || v.Signed || v.Overflow) return false;
        if (bits < 64 && v.Magnitude >> bits != 0) return false;
        result = v.Magnitude;
        return true;
    }

    /// <summary>
    /// An integer for an iN operand: an unsigned literal below 2^N or a signed one in [-2^(N-1), 2^(N-1)),
    /// returned as its N-bit two's complement pattern (zero-extended into the ulong).
    /// </summary>
    public static bool TryParseInt(string raw, int bits, out ulong result)
    {
        result = 0;
        if (!TryParseInteger(raw, out bool negative, out var v) || v.Overflow) return false;
        ulong mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        if (!v.Signed)
        {
            if (v.Magnitude > mask) return false;
            result = v.Magnitude;
            return true;
        }
        ulong limit = 1UL << (bits - 1); // magnitude bound: -2^(N-1) .. 2^(N-1)-1
        if (negative)
        {
            if (v.Magnitude > limit) return false;
            result = (0UL - v.Magnitude) & mask;
        }
        else
        {
            if (v.Magnitude >= limit) return false;
            result = v.Magnitude;
        }
        return true;
    }

    /// <summary>A u32 (no sign). Throws at the atom when it is not one.</summary>
    public static uint ParseU32(WatAtom atom)
    {
        if (atom.Kind != WatAtomKind.Integer) throw atom.Error("expected a u32");
        if (!TryParseUnsigned(atom.Text, 32, out var v)) throw atom.Error("u32 constant out of range");
        return (uint)v;
    }

    /// <summary>A u64 (no sign). Throws at the atom when it is not one.</summary>
    public static ulong ParseU64(WatAtom atom)
    {
        if (atom.Kind != WatAtomKind.Integer) throw atom.Error("expected a u64");
        if (!TryParseUnsigned(atom.Text, 64, out var v)) throw atom.Error("u64 constant out of range");
        return v;
    }

    /// <summary>An i32 operand (u32 or s32 literal) as its bit pattern.</summary>
    public static int ParseI32(WatAtom atom)
    {
        if (atom.Kind != WatAtomKind.Integer) throw atom.Error("expected an i32");
        if (!TryParseInt(atom.Text, 32, out var v)) throw atom.Error("i32 constant out of range");
        return unchecked((int)(uint)v);
    }

    /// <summary>An i64 operand (u64 or s64 literal) as its bit pattern.</summary>
    public static long ParseI64(WatAtom atom)
    {
        if (atom.Kind != WatAtomKind.Integer) throw atom.Error("expected an i64");
        if (!TryParseInt(atom.Text, 64, out var v)) throw atom.Error("i64 constant out of range");
        return unchecked((long)v);
    }

    // ---- floats ------------------------------------------------------------------------------------------

    private static bool IsFloatSyntax(string raw) => TryParseFloatBits(raw, 23, 8, out _) != FloatResult.Malformed;

    private enum FloatResult { Ok, Malformed, OutOfRange }

    /// <summary>Bits of an f32 literal (integers are accepted too, as the spec allows).</summary>
    public static bool TryParseF32Bits(string raw, out uint bits)
    {
        var r = TryParseFloatBits(raw, 23, 8, out ulong b);
        bits = (uint)b;
        return r == FloatResult.Ok;
    }

    /// <summary>Bits of an f64 literal (integers are accepted too).</summary>
    public static bool TryParseF64Bits(string raw, out ulong bits) => TryParseFloatBits(raw, 52, 11, out bits) == FloatResult.Ok;

    /// <summary>An f32 operand as its bit pattern. Throws at the atom when it is not one.</summary>
    public static uint ParseF32Bits(WatAtom atom)
    {
        if (atom.Kind != WatAtomKind.Integer && atom.Kind != WatAtomKind.Float) throw atom.Error("expected an f32");
        var r = TryParseFloatBits(atom.Text, 23, 8, out ulong bits);
        if (r != FloatResult.Ok) throw atom.Error("constant out of range");
        return (uint)bits;
    }

    /// <summary>An f64 operand as its bit pattern. Throws at the atom when it is not one.</summary>
    public static ulong ParseF64Bits(WatAtom atom)
    {
        if (atom.Kind != WatAtomKind.Integer && atom.Kind != WatAtomKind.Float) throw atom.Error("expected an f64");
        var r = TryParseFloatBits(atom.Text, 52, 11, out ulong bits);
        if (r != FloatResult.Ok) throw atom.Error("constant out of range");
        return bits;
    }

    private static FloatResult TryParseFloatBits(string raw, int mantBits, int expBits, out ulong bits)
    {
        bits = 0;
        int i = 0;
        bool negative = false;
        if (raw.Length > 0 && (raw[0] == '+' || raw[0] == '-'))
        {
            negative = raw[0] == '-';
            i = 1;
        }
        ulong sign = negative ? 1UL << (mantBits + expBits) : 0;
        ulong expAllOnes = ((1UL << expBits) - 1) << mantBits;
        string body = raw.Substring(i);
        if (body == "inf")
        {
            bits = sign | expAllOnes;
            return FloatResult.Ok;
        }
        if (body == "nan")
        {
            bits = sign | expAllOnes | (1UL << (mantBits - 1));
            return FloatResult.Ok;
        }
        if (body.StartsWith("nan:0x", StringComparison.Ordinal))
        {
            int j = 6;
            if (!ScanDigits(body, ref j, hex: true) || j != body.Length) return FloatResult.Malformed;
            if (!TryParseUnsigned(body.Substring(4), 64, out ulong payload)) return FloatResult.OutOfRange;
            if (payload == 0 || payload >> mantBits != 0) return FloatResult.OutOfRange;
            bits = sign | expAllOnes | payload;
            return FloatResult.Ok;
        }
        bool hex = body.StartsWith("0x", StringComparison.Ordinal);
        int k = hex ? 2 : 0;
        if (!ScanDigits(body, ref k, hex)) return FloatResult.Malformed;
        int intEnd = k;
        int fracStart = -1, fracEnd = -1;
        if (k < body.Length && body[k] == '.')
        {
            k++;
            fracStart = k;
            if (k < body.Length && (hex ? WatReader.HexValue(body[k]) >= 0 : char.IsDigit(body[k])))
            {
                if (!ScanDigits(body, ref k, hex)) return FloatResult.Malformed;
            }
            fracEnd = k;
        }
        int expStart = -1;
        if (k < body.Length && (hex ? (body[k] == 'p' || body[k] == 'P') : (body[k] == 'e' || body[k] == 'E')))
        {
            k++;
            if (k < body.Length && (body[k] == '+' || body[k] == '-')) k++;
            expStart = k;
            if (!ScanDigits(body, ref k, hex: false)) return FloatResult.Malformed;
        }
        if (k != body.Length) return FloatResult.Malformed;
        if (hex)
            return HexFloatBits(body, intEnd, fracStart, fracEnd, expStart, mantBits, expBits, sign, out bits);

        string clean = body.Replace("_", "");
        if (mantBits == 23)
        {
            float f = float.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (float.IsInfinity(f)) return FloatResult.OutOfRange;
            bits = (uint)BitConverter.ToInt32(BitConverter.GetBytes(f), 0) | sign;
        }
        else
        {
            double d = double.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(d)) return FloatResult.OutOfRange;
            bits = (ulong)BitConverter.DoubleToInt64Bits(d) | sign;
        }
        return FloatResult.Ok;
    }

    private static FloatResult HexFloatBits(string body, int intEnd, int fracStart, int fracEnd, int expStart,
        int mantBits, int expBits, ulong sign, out ulong bits)
    {
        bits = 0;
        ulong mant = 0;
        bool sticky = false;
        long exp2 = 0;
        void Digit(int d, bool fraction)
        {
            if (mant >> 60 == 0)
            {
                mant = mant * 16 + (ulong)d;
                if (fraction) exp2 -= 4;
            }
            else
            {
                // No room: the digit only matters as a sticky bit (or as scale for integer digits).
                if (d != 0) sticky = true;
                if (!fraction) exp2 += 4;
            }
        }
        for (int j = 2; j < intEnd; j++)
            if (body[j] != '_') Digit(WatReader.HexValue(body[j]), false);
        if (fracStart >= 0)
            for (int j = fracStart; j < fracEnd; j++)
                if (body[j] != '_') Digit(WatReader.HexValue(body[j]), true);
        if (expStart >= 0)
        {
            bool expNegative = body[expStart - 1] == '-';
            long e = 0;
            for (int j = expStart; j < body.Length; j++)
            {
                if (body[j] == '_') continue;
                e = Math.Min(e * 10 + (body[j] - '0'), 1_000_000);
            }
            exp2 += expNegative ? -e : e;
        }
        if (mant == 0)
        {
            bits = sign;
            return FloatResult.Ok;
        }
        int bias = (1 << (expBits - 1)) - 1;
        int msb = 63;
        while ((mant >> msb) == 0) msb--;
        long e0 = msb + exp2; // exponent of the leading bit
        long minNormal = 1 - bias;
        long q = Math.Max(e0, minNormal) - mantBits; // exponent of the last kept bit
        long shift = q - exp2;
        ulong r;
        if (shift <= 0)
        {
            r = mant << (int)(-shift);
        }
        else
        {
            bool roundUp;
            if (shift > 64)
            {
                r = 0;
                roundUp = false;
            }
            else
            {
                r = shift == 64 ? 0 : mant >> (int)shift;
                ulong rem = shift == 64 ? mant : mant & ((1UL << (int)shift) - 1);
                ulong half = 1UL << (int)(shift - 1);
                roundUp = rem > half || (rem == half && (sticky || (r & 1) == 1));
            }
            if (roundUp) r++;
            if (r >> (mantBits + 1) != 0)
            {
                r >>= 1;
                q++;
            }
        }
        if (r >> mantBits != 0)
        {
            long biased = q + mantBits + bias;
            if (biased >= (1L << expBits) - 1) return FloatResult.OutOfRange;
            bits = sign | ((ulong)biased << mantBits) | (r & ((1UL << mantBits) - 1));
        }
        else
        {
            bits = sign | r;
        }
        return FloatResult.Ok;
    }
}

using System;
using System.Runtime.CompilerServices;

namespace WitBindgen.Runtime.Execution;

/// <summary>Conversions with wasm semantics: trapping and saturating truncation, correctly rounded int-to-float.</summary>
internal static class ConversionHelpers
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    // Trapping truncations: NaN -> "invalid conversion to integer"; out of range -> "integer overflow".
    [MethodImpl(Inline)] public static int I32TruncF32S(float x)
    {
        if (!(x >= -2147483648f && x < 2147483648f)) Fail(float.IsNaN(x));
        return (int)x;
    }

    [MethodImpl(Inline)] public static int I32TruncF32U(float x)
    {
        if (!(x > -1f && x < 4294967296f)) Fail(float.IsNaN(x));
        return (int)(uint)x;
    }

    [MethodImpl(Inline)] public static int I32TruncF64S(double x)
    {
        if (!(x > -2147483649.0 && x < 2147483648.0)) Fail(double.IsNaN(x));
        return (int)x;
    }

    [MethodImpl(Inline)] public static int I32TruncF64U(double x)
    {
        if (!(x > -1.0 && x < 4294967296.0)) Fail(double.IsNaN(x));
        return (int)(uint)x;
    }

    [MethodImpl(Inline)] public static long I64TruncF32S(float x)
    {
        if (!(x >= -9223372036854775808f && x < 9223372036854775808f)) Fail(float.IsNaN(x));
        return (long)x;
    }

    [MethodImpl(Inline)] public static long I64TruncF32U(float x)
    {
        if (!(x > -1f && x < 18446744073709551616f)) Fail(float.IsNaN(x));
        return (long)(ulong)x;
    }

    [MethodImpl(Inline)] public static long I64TruncF64S(double x)
    {
        if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) Fail(double.IsNaN(x));
        return (long)x;
    }

    [MethodImpl(Inline)] public static long I64TruncF64U(double x)
    {
        if (!(x > -1.0 && x < 18446744073709551616.0)) Fail(double.IsNaN(x));
        return (long)(ulong)x;
    }

    // Saturating truncations: NaN -> 0, clamp to the range.
    [MethodImpl(Inline)] public static int I32TruncSatF32S(float x) =>
        float.IsNaN(x) ? 0 : x < -2147483648f ? int.MinValue : x >= 2147483648f ? int.MaxValue : (int)x;
    [MethodImpl(Inline)] public static int I32TruncSatF32U(float x) =>
        float.IsNaN(x) || x <= -1f ? 0 : x >= 4294967296f ? -1 : (int)(uint)x;
    [MethodImpl(Inline)] public static int I32TruncSatF64S(double x) =>
        double.IsNaN(x) ? 0 : x <= -2147483649.0 ? int.MinValue : x >= 2147483648.0 ? int.MaxValue : (int)x;
    [MethodImpl(Inline)] public static int I32TruncSatF64U(double x) =>
        double.IsNaN(x) || x <= -1.0 ? 0 : x >= 4294967296.0 ? -1 : (int)(uint)x;
    [MethodImpl(Inline)] public static long I64TruncSatF32S(float x) =>
        float.IsNaN(x) ? 0 : x < -9223372036854775808f ? long.MinValue : x >= 9223372036854775808f ? long.MaxValue : (long)x;
    [MethodImpl(Inline)] public static long I64TruncSatF32U(float x) =>
        float.IsNaN(x) || x <= -1f ? 0 : x >= 18446744073709551616f ? -1L : (long)(ulong)x;
    [MethodImpl(Inline)] public static long I64TruncSatF64S(double x) =>
        double.IsNaN(x) ? 0 : x < -9223372036854775808.0 ? long.MinValue : x >= 9223372036854775808.0 ? long.MaxValue : (long)x;
    [MethodImpl(Inline)] public static long I64TruncSatF64U(double x) =>
        double.IsNaN(x) || x <= -1.0 ? 0 : x >= 18446744073709551616.0 ? -1L : (long)(ulong)x;

    // Int to float, rounded once (to nearest even).
    [MethodImpl(Inline)] public static float F32ConvertI32U(int x) => (float)(long)(uint)x;
    [MethodImpl(Inline)] public static float F32ConvertI64S(long x) => (float)x;

    [MethodImpl(Inline)] public static float F32ConvertI64U(long x)
    {
        if (x >= 0) return (float)x;
        // Halve keeping a sticky bit so the single rounding of the halved value equals the exact rounding.
        var half = (long)(((ulong)x >> 1) | ((ulong)x & 1));
        return (float)half * 2f;
    }

    [MethodImpl(Inline)] public static double F64ConvertI32U(int x) => (double)(uint)x;
    [MethodImpl(Inline)] public static double F64ConvertI64S(long x) => (double)x;

    [MethodImpl(Inline)] public static double F64ConvertI64U(long x)
    {
        if (x >= 0) return (double)x;
        var half = (long)(((ulong)x >> 1) | ((ulong)x & 1));
        return (double)half * 2.0;
    }

    // NaNs get their quiet bit set with explicit bit operations: the JIT folds demote(promote(x)) to x,
    // which would let a signalling NaN through unchanged (wasm requires an arithmetic NaN).
    [MethodImpl(Inline)] public static float F32DemoteF64(double x) =>
        double.IsNaN(x) ? BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits((float)x) | 0x00400000) : (float)x;

    [MethodImpl(Inline)] public static double F64PromoteF32(float x) =>
        float.IsNaN(x) ? BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) | 0x0008000000000000) : x;

    [MethodImpl(Inline)] public static int I32ReinterpretF32(float x) => BitConverter.SingleToInt32Bits(x);
    [MethodImpl(Inline)] public static long I64ReinterpretF64(double x) => BitConverter.DoubleToInt64Bits(x);
    [MethodImpl(Inline)] public static float F32ReinterpretI32(int x) => BitConverter.Int32BitsToSingle(x);
    [MethodImpl(Inline)] public static double F64ReinterpretI64(long x) => BitConverter.Int64BitsToDouble(x);

    private static void Fail(bool nan) => throw new Trap(nan ? TrapCode.BadConversionToInteger : TrapCode.IntegerOverflow);
}

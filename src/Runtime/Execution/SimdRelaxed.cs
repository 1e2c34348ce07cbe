using System;
using System.Runtime.Intrinsics;

namespace WitBindgen.Runtime.Execution;

/// <summary>
/// Relaxed SIMD (WebAssembly 3.0), one fixed choice per instruction so that results do not depend on the
/// machine: swizzle, truncation, lane select, min/max and q15mulr behave as their strict SIMD counterparts
/// (out-of-range swizzle lanes are 0, truncation saturates and maps NaN to 0, lane select is bitselect, min/max
/// propagate NaN and order -0 below +0, q15mulr saturates); madd/nmadd are fused (one rounding); the dot
/// products read both operands as signed bytes and wrap. Helpers are named after their opcodes.
/// </summary>
internal static class SimdRelaxed
{
    public static Vector128<byte> I8x16RelaxedSwizzle(Vector128<byte> a, Vector128<byte> s) => SimdLanes.I8x16Swizzle(a, s);

    public static Vector128<byte> I32x4RelaxedTruncF32x4S(Vector128<byte> a) => SimdArithmetic.I32x4TruncSatF32x4S(a);

    public static Vector128<byte> I32x4RelaxedTruncF32x4U(Vector128<byte> a) => SimdArithmetic.I32x4TruncSatF32x4U(a);

    public static Vector128<byte> I32x4RelaxedTruncF64x2SZero(Vector128<byte> a) => SimdArithmetic.I32x4TruncSatF64x2SZero(a);

    public static Vector128<byte> I32x4RelaxedTruncF64x2UZero(Vector128<byte> a) => SimdArithmetic.I32x4TruncSatF64x2UZero(a);

    public static Vector128<byte> F32x4RelaxedMadd(Vector128<byte> a, Vector128<byte> b, Vector128<byte> c)
    {
        var x = a.AsSingle();
        var y = b.AsSingle();
        var z = c.AsSingle();
        return Vector128.Create(MathF.FusedMultiplyAdd(x[0], y[0], z[0]), MathF.FusedMultiplyAdd(x[1], y[1], z[1]),
            MathF.FusedMultiplyAdd(x[2], y[2], z[2]), MathF.FusedMultiplyAdd(x[3], y[3], z[3])).AsByte();
    }

    public static Vector128<byte> F32x4RelaxedNmadd(Vector128<byte> a, Vector128<byte> b, Vector128<byte> c) =>
        F32x4RelaxedMadd((-a.AsSingle()).AsByte(), b, c);

    public static Vector128<byte> F64x2RelaxedMadd(Vector128<byte> a, Vector128<byte> b, Vector128<byte> c)
    {
        var x = a.AsDouble();
        var y = b.AsDouble();
        var z = c.AsDouble();
        return Vector128.Create(Math.FusedMultiplyAdd(x[0], y[0], z[0]), Math.FusedMultiplyAdd(x[1], y[1], z[1])).AsByte();
    }

    public static Vector128<byte> F64x2RelaxedNmadd(Vector128<byte> a, Vector128<byte> b, Vector128<byte> c) =>
        F64x2RelaxedMadd((-a.AsDouble()).AsByte(), b, c);

    public static Vector128<byte> I8x16RelaxedLaneselect(Vector128<byte> a, Vector128<byte> b, Vector128<byte> m) => SimdArithmetic.V128Bitselect(a, b, m);

    public static Vector128<byte> I16x8RelaxedLaneselect(Vector128<byte> a, Vector128<byte> b, Vector128<byte> m) => SimdArithmetic.V128Bitselect(a, b, m);

    public static Vector128<byte> I32x4RelaxedLaneselect(Vector128<byte> a, Vector128<byte> b, Vector128<byte> m) => SimdArithmetic.V128Bitselect(a, b, m);

    public static Vector128<byte> I64x2RelaxedLaneselect(Vector128<byte> a, Vector128<byte> b, Vector128<byte> m) => SimdArithmetic.V128Bitselect(a, b, m);

    public static Vector128<byte> F32x4RelaxedMin(Vector128<byte> a, Vector128<byte> b) => SimdArithmetic.F32x4Min(a, b);

    public static Vector128<byte> F32x4RelaxedMax(Vector128<byte> a, Vector128<byte> b) => SimdArithmetic.F32x4Max(a, b);

    public static Vector128<byte> F64x2RelaxedMin(Vector128<byte> a, Vector128<byte> b) => SimdArithmetic.F64x2Min(a, b);

    public static Vector128<byte> F64x2RelaxedMax(Vector128<byte> a, Vector128<byte> b) => SimdArithmetic.F64x2Max(a, b);

    public static Vector128<byte> I16x8RelaxedQ15mulrS(Vector128<byte> a, Vector128<byte> b) => SimdArithmetic.I16x8Q15mulrSatS(a, b);

    public static Vector128<byte> I16x8RelaxedDotI8x16I7x16S(Vector128<byte> a, Vector128<byte> b)
    {
        var x = a.AsSByte();
        var y = b.AsSByte();
        Span<short> r = stackalloc short[8];
        for (var i = 0; i < 8; i++) r[i] = unchecked((short)(x[2 * i] * y[2 * i] + x[2 * i + 1] * y[2 * i + 1]));
        return Vector128.Create<short>(r).AsByte();
    }

    public static Vector128<byte> I32x4RelaxedDotI8x16I7x16AddS(Vector128<byte> a, Vector128<byte> b, Vector128<byte> c)
    {
        var x = a.AsSByte();
        var y = b.AsSByte();
        var z = c.AsInt32();
        Span<int> r = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            var sum = 0;
            for (var k = 4 * i; k < 4 * i + 4; k++) sum += x[k] * y[k];
            r[i] = unchecked(sum + z[i]);
        }
        return Vector128.Create<int>(r).AsByte();
    }
}

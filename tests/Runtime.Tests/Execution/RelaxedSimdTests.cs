using System;
using WitBindgen.Runtime;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>Relaxed SIMD: the one choice per instruction documented on SimdRelaxed, at the inputs where the
/// permitted choices differ (out-of-range lanes, NaN, overflow, fused versus separate rounding).</summary>
public class RelaxedSimdTests
{
    private static readonly Instance Instance = Wat.Instantiate(Source);

    internal const string Source = @"(module
      (func (export ""swizzle"") (param i32) (result i32)
        (i8x16.extract_lane_u 0 (i8x16.relaxed_swizzle (v128.const i8x16 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20)
          (i8x16.splat (local.get 0)))))
      (func (export ""trunc_s"") (param f32) (result i32)
        (i32x4.extract_lane 0 (i32x4.relaxed_trunc_f32x4_s (f32x4.splat (local.get 0)))))
      (func (export ""trunc_u"") (param f32) (result i32)
        (i32x4.extract_lane 0 (i32x4.relaxed_trunc_f32x4_u (f32x4.splat (local.get 0)))))
      (func (export ""trunc_f64_s_zero"") (param f64) (result i64)
        (i64x2.extract_lane 1 (i32x4.relaxed_trunc_f64x2_s_zero (f64x2.splat (local.get 0)))))
      (func (export ""trunc_f64_u"") (param f64) (result i32)
        (i32x4.extract_lane 1 (i32x4.relaxed_trunc_f64x2_u_zero (f64x2.splat (local.get 0)))))
      (func (export ""madd32"") (param f32 f32 f32) (result f32)
        (f32x4.extract_lane 2 (f32x4.relaxed_madd (f32x4.splat (local.get 0)) (f32x4.splat (local.get 1)) (f32x4.splat (local.get 2)))))
      (func (export ""nmadd32"") (param f32 f32 f32) (result f32)
        (f32x4.extract_lane 3 (f32x4.relaxed_nmadd (f32x4.splat (local.get 0)) (f32x4.splat (local.get 1)) (f32x4.splat (local.get 2)))))
      (func (export ""madd64"") (param f64 f64 f64) (result f64)
        (f64x2.extract_lane 1 (f64x2.relaxed_madd (f64x2.splat (local.get 0)) (f64x2.splat (local.get 1)) (f64x2.splat (local.get 2)))))
      (func (export ""nmadd64"") (param f64 f64 f64) (result f64)
        (f64x2.extract_lane 0 (f64x2.relaxed_nmadd (f64x2.splat (local.get 0)) (f64x2.splat (local.get 1)) (f64x2.splat (local.get 2)))))
      (func (export ""laneselect"") (param i64 i64 i64) (result i64)
        (i64x2.extract_lane 0 (i32x4.relaxed_laneselect (i64x2.splat (local.get 0)) (i64x2.splat (local.get 1)) (i64x2.splat (local.get 2)))))
      (func (export ""laneselect8"") (param i64 i64 i64) (result i64)
        (i64x2.extract_lane 1 (i8x16.relaxed_laneselect (i64x2.splat (local.get 0)) (i64x2.splat (local.get 1)) (i64x2.splat (local.get 2)))))
      (func (export ""min32"") (param f32 f32) (result f32)
        (f32x4.extract_lane 1 (f32x4.relaxed_min (f32x4.splat (local.get 0)) (f32x4.splat (local.get 1)))))
      (func (export ""max32"") (param f32 f32) (result f32)
        (f32x4.extract_lane 1 (f32x4.relaxed_max (f32x4.splat (local.get 0)) (f32x4.splat (local.get 1)))))
      (func (export ""min64"") (param f64 f64) (result f64)
        (f64x2.extract_lane 1 (f64x2.relaxed_min (f64x2.splat (local.get 0)) (f64x2.splat (local.get 1)))))
      (func (export ""max64"") (param f64 f64) (result f64)
        (f64x2.extract_lane 1 (f64x2.relaxed_max (f64x2.splat (local.get 0)) (f64x2.splat (local.get 1)))))
      (func (export ""q15mulr"") (param i32 i32) (result i32)
        (i16x8.extract_lane_s 4 (i16x8.relaxed_q15mulr_s (i16x8.splat (local.get 0)) (i16x8.splat (local.get 1)))))
      (func (export ""dot"") (param i32 i32) (result i32)
        (i16x8.extract_lane_s 2 (i16x8.relaxed_dot_i8x16_i7x16_s (i8x16.splat (local.get 0)) (i8x16.splat (local.get 1)))))
      (func (export ""dot_add"") (result i32)
        (i32x4.extract_lane 1 (i32x4.relaxed_dot_i8x16_i7x16_add_s
          (v128.const i8x16 0 0 0 0 1 2 3 4 0 0 0 0 0 0 0 0) (v128.const i8x16 0 0 0 0 -1 -1 -1 -128 0 0 0 0 0 0 0 0)
          (v128.const i32x4 0 100 0 0)))))";

    private static float F32(string name, params float[] args) =>
        Instance.Call(name, Array.ConvertAll(args, WasmValue.FromF32))[0].F32;

    private static double F64(string name, params double[] args) =>
        Instance.Call(name, Array.ConvertAll(args, WasmValue.FromF64))[0].F64;

    [Fact]
    public void SwizzleAndTruncationBehaveAsTheirStrictForms()
    {
        Assert.Equal(8, Instance.I32("swizzle", 3));
        Assert.Equal(0, Instance.I32("swizzle", 16));
        Assert.Equal(0, Instance.I32("swizzle", 200));
        Assert.Equal(0, Instance.Call("trunc_s", WasmValue.FromF32(float.NaN))[0].I32);
        Assert.Equal(int.MaxValue, Instance.Call("trunc_s", WasmValue.FromF32(1e10f))[0].I32);
        Assert.Equal(int.MinValue, Instance.Call("trunc_s", WasmValue.FromF32(-1e10f))[0].I32);
        Assert.Equal(-2, Instance.Call("trunc_s", WasmValue.FromF32(-2.7f))[0].I32);
        Assert.Equal(0, Instance.Call("trunc_u", WasmValue.FromF32(-1f))[0].I32);
        Assert.Equal(-1, Instance.Call("trunc_u", WasmValue.FromF32(5e9f))[0].I32);
        Assert.Equal(0L, Instance.Call("trunc_f64_s_zero", WasmValue.FromF64(123.9))[0].I64); // lanes 2 and 3 are zero
        Assert.Equal(-1, Instance.Call("trunc_f64_u", WasmValue.FromF64(1e300))[0].I32);
    }

    [Fact]
    public void MaddIsFused()
    {
        // x*x = 1 + 2^-11 + 2^-24: rounded separately the 2^-24 is lost, fused it survives.
        var x = 1f + MathF.ScaleB(1f, -12);
        var c = 1f + MathF.ScaleB(1f, -11);
        Assert.Equal(MathF.ScaleB(1f, -24), F32("madd32", x, x, -c));
        Assert.Equal(-MathF.ScaleB(1f, -24), F32("nmadd32", x, x, c));
        var y = 1d + Math.ScaleB(1d, -27);
        var d = 1d + Math.ScaleB(1d, -26);
        Assert.Equal(Math.ScaleB(1d, -54), F64("madd64", y, y, -d));
        Assert.Equal(-Math.ScaleB(1d, -54), F64("nmadd64", y, y, d));
        Assert.Equal(7d, F64("madd64", 2, 3, 1));
    }

    [Fact]
    public void LaneselectIsBitselect()
    {
        const long a = 0x1111111111111111, b = 0x2222222222222222, mask = 0x0F0F00FF00000000;
        var expected = (a & mask) | (b & ~mask);
        Assert.Equal(expected, Instance.Call("laneselect", WasmValue.FromI64(a), WasmValue.FromI64(b), WasmValue.FromI64(mask))[0].I64);
        Assert.Equal(expected, Instance.Call("laneselect8", WasmValue.FromI64(a), WasmValue.FromI64(b), WasmValue.FromI64(mask))[0].I64);
    }

    [Fact]
    public void MinAndMaxPropagateNaNAndOrderSignedZeros()
    {
        Assert.True(float.IsNaN(F32("min32", float.NaN, 1f)));
        Assert.True(float.IsNaN(F32("max32", 1f, float.NaN)));
        Assert.True(float.IsNegative(F32("min32", 0f, -0f)));
        Assert.False(float.IsNegative(F32("max32", -0f, 0f)));
        Assert.True(double.IsNaN(F64("min64", 2d, double.NaN)));
        Assert.True(double.IsNegative(F64("min64", -0d, 0d)));
        Assert.False(double.IsNegative(F64("max64", 0d, -0d)));
        Assert.Equal(3d, F64("max64", 3d, -5d));
    }

    [Fact]
    public void Q15MulrSaturatesAndDotProductsReadSignedBytes()
    {
        Assert.Equal(32767, Instance.I32("q15mulr", -32768, -32768));
        Assert.Equal(16384, Instance.I32("q15mulr", 16384, 32767)); // (16384 * 32767 + 0x4000) >> 15, rounded
        Assert.Equal(-2 * 3 * 2, Instance.I32("dot", -2, 3));
        // -128 is outside the i7 range: read as signed, (-128 * -128) * 2 = 32768 wraps to -32768.
        Assert.Equal(-32768, Instance.I32("dot", -128, -128));
        // 1*-1 + 2*-1 + 3*-1 + 4*-128 + 100
        Assert.Equal(100 - 1 - 2 - 3 - 512, Instance.I32("dot_add"));
    }
}

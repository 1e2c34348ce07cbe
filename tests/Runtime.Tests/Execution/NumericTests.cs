using System;
using WitBindgen.Runtime;

namespace WitBindgen.Runtime.Tests.Execution;

public class NumericTests
{
    private static readonly Instance Ops = Wat.Instantiate(@"(module
      (func (export ""f32.min"") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
      (func (export ""f32.max"") (param f32 f32) (result f32) (f32.max (local.get 0) (local.get 1)))
      (func (export ""f64.min"") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
      (func (export ""f64.nearest"") (param f64) (result f64) (f64.nearest (local.get 0)))
      (func (export ""f32.copysign"") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
      (func (export ""f32.neg"") (param f32) (result f32) (f32.neg (local.get 0)))
      (func (export ""f32.mul1"") (param f32) (result f32) (f32.mul (local.get 0) (f32.const 1)))
      (func (export ""f32.nan"") (result f32) (f32.const nan:0x200000))
      (func (export ""f32.convert_i64_u"") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
      (func (export ""f64.convert_i64_u"") (param i64) (result f64) (f64.convert_i64_u (local.get 0)))
      (func (export ""i32.trunc_sat_f32_s"") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
      (func (export ""i64.trunc_sat_f64_u"") (param f64) (result i64) (i64.trunc_sat_f64_u (local.get 0)))
      (func (export ""i32.shl"") (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
      (func (export ""i64.shr_s"") (param i64 i64) (result i64) (i64.shr_s (local.get 0) (local.get 1)))
      (func (export ""i32.rotr"") (param i32 i32) (result i32) (i32.rotr (local.get 0) (local.get 1)))
      (func (export ""i64.clz"") (param i64) (result i64) (i64.clz (local.get 0)))
      (func (export ""i32.ctz"") (param i32) (result i32) (i32.ctz (local.get 0)))
      (func (export ""i32.popcnt"") (param i32) (result i32) (i32.popcnt (local.get 0)))
      (func (export ""i32.extend8_s"") (param i32) (result i32) (i32.extend8_s (local.get 0)))
      (func (export ""i64.extend32_s"") (param i64) (result i64) (i64.extend32_s (local.get 0)))
      (func (export ""f32.le"") (param f32 f32) (result i32) (f32.le (local.get 0) (local.get 1)))
      (func (export ""f64.ne"") (param f64 f64) (result i32) (f64.ne (local.get 0) (local.get 1)))
      (func (export ""i32.lt_u"") (param i32 i32) (result i32) (i32.lt_u (local.get 0) (local.get 1))))");

    private static WasmValue F32(float v) => WasmValue.FromF32(v);
    private static WasmValue F64(double v) => WasmValue.FromF64(v);
    private static int Bits(float v) => BitConverter.SingleToInt32Bits(v);

    [Fact]
    public void MinMax_SignedZerosAndNaN()
    {
        Assert.Equal(Bits(-0f), (int)Ops.Call("f32.min", F32(0f), F32(-0f))[0].Bits);
        Assert.Equal(Bits(0f), (int)Ops.Call("f32.max", F32(-0f), F32(0f))[0].Bits);
        Assert.True(float.IsNaN(Ops.Call("f32.min", F32(float.NaN), F32(1f))[0].F32));
        Assert.True(double.IsNaN(Ops.Call("f64.min", F64(1), F64(double.NaN))[0].F64));
        // A signalling NaN operand comes out quieted.
        var quiet = (int)Ops.Call("f32.max", WasmValue.FromF32Bits(0x7fa00000), F32(1f))[0].Bits;
        Assert.Equal(0x7fe00000, quiet);
    }

    [Fact]
    public void NearestRoundsHalfToEven()
    {
        Assert.Equal(2.0, Ops.Call("f64.nearest", F64(2.5))[0].F64);
        Assert.Equal(-4.0, Ops.Call("f64.nearest", F64(-3.5))[0].F64);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), Ops.Call("f64.nearest", F64(-0.4))[0].Bits);
    }

    [Fact]
    public void SignOperationsPreserveNaNPayloads()
    {
        Assert.Equal(unchecked((int)0xffa00000), (int)Ops.Call("f32.neg", WasmValue.FromF32Bits(0x7fa00000))[0].Bits);
        Assert.Equal(unchecked((int)0xffa00000), (int)Ops.Call("f32.copysign", WasmValue.FromF32Bits(0x7fa00000), F32(-1))[0].Bits);
        Assert.Equal(0x7fa00000, (int)Ops.Call("f32.nan")[0].Bits);
        Assert.Equal(0x7fe00000, (int)Ops.Call("f32.mul1", WasmValue.FromF32Bits(0x7fa00000))[0].Bits);
    }

    [Fact]
    public void UnsignedInt64ToFloat_RoundsOnce()
    {
        // 2^64 - 1 rounds to 2^64; 0x8000_0080_0000_0001 must round up (a double-rounding path would round to even down).
        Assert.Equal(18446744073709551616f, Ops.Call("f32.convert_i64_u", WasmValue.FromI64(-1))[0].F32);
        Assert.Equal(9223373136366403584f, Ops.Call("f32.convert_i64_u", WasmValue.FromI64(unchecked((long)0x8000008000000001UL)))[0].F32);
        Assert.Equal(9223372036854777856.0, Ops.Call("f64.convert_i64_u", WasmValue.FromI64(unchecked((long)0x8000000000000401UL)))[0].F64);
    }

    [Fact]
    public void SaturatingTruncation()
    {
        Assert.Equal(int.MaxValue, Ops.Call("i32.trunc_sat_f32_s", F32(3e9f))[0].I32);
        Assert.Equal(int.MinValue, Ops.Call("i32.trunc_sat_f32_s", F32(float.NegativeInfinity))[0].I32);
        Assert.Equal(0, Ops.Call("i32.trunc_sat_f32_s", F32(float.NaN))[0].I32);
        Assert.Equal(-1L, Ops.Call("i64.trunc_sat_f64_u", F64(1e30))[0].I64);
        Assert.Equal(0L, Ops.Call("i64.trunc_sat_f64_u", F64(-5))[0].I64);
    }

    [Fact]
    public void ShiftsAndBitCounts()
    {
        Assert.Equal(2, Ops.I32("i32.shl", 1, 33));
        Assert.Equal(-1L, Ops.Call("i64.shr_s", WasmValue.FromI64(long.MinValue), WasmValue.FromI64(127))[0].I64);
        Assert.Equal(unchecked((int)0x80000000), Ops.I32("i32.rotr", 1, 1));
        Assert.Equal(64L, Ops.Call("i64.clz", WasmValue.FromI64(0))[0].I64);
        Assert.Equal(32, Ops.I32("i32.ctz", 0));
        Assert.Equal(32, Ops.I32("i32.popcnt", -1));
        Assert.Equal(-128, Ops.I32("i32.extend8_s", 0x180));
        Assert.Equal(-1L, Ops.Call("i64.extend32_s", WasmValue.FromI64(0xffffffffL))[0].I64);
    }

    [Fact]
    public void Comparisons()
    {
        Assert.Equal(0, Ops.Call("f32.le", F32(float.NaN), F32(1))[0].I32);
        Assert.Equal(1, Ops.Call("f32.le", F32(1), F32(1))[0].I32);
        Assert.Equal(1, Ops.Call("f64.ne", F64(double.NaN), F64(double.NaN))[0].I32);
        Assert.Equal(1, Ops.I32("i32.lt_u", 1, -1));
    }
}

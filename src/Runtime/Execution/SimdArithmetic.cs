using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WitBindgen.Runtime.Execution;

/// <summary>
/// Fixed-width SIMD arithmetic on <see cref="Vector128{T}"/> (v128 is carried as Vector128&lt;byte&gt;).
/// Lane-wise operations whose hardware form is exactly the wasm semantics use Vector128 operators;
/// the rest (saturation, NaN-sensitive min/max, rounding, conversions) go lane by lane through the scalar helpers.
/// Method names equal the opcode names.
/// </summary>
internal static class SimdArithmetic
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    [MethodImpl(Inline)] public static Vector128<byte> I8x16Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsSByte(), b.AsSByte())).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16LtS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16LtU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsByte(), b.AsByte()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16GtS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16GtU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsByte(), b.AsByte()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16LeS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16LeU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsByte(), b.AsByte()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16GeS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16GeU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsByte(), b.AsByte()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsInt16(), b.AsInt16())).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8LtS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8LtU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8GtS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8GtU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8LeS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8LeU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8GeS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8GeU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsInt32(), b.AsInt32())).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4LtS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4LtU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4GtS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4GtU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4LeS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4LeU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4GeS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4GeU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I64x2Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsInt64(), b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I64x2Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsInt64(), b.AsInt64())).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I64x2LtS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsInt64(), b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I64x2GtS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsInt64(), b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I64x2LeS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I64x2GeS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F32x4Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F32x4Lt(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F32x4Gt(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F32x4Le(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F32x4Ge(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F32x4Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsSingle(), b.AsSingle())).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F64x2Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsDouble(), b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F64x2Lt(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsDouble(), b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F64x2Gt(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsDouble(), b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F64x2Le(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F64x2Ge(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F64x2Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsDouble(), b.AsDouble())).AsByte();

    [MethodImpl(Inline)] public static Vector128<byte> V128Not(Vector128<byte> a) => ~a;
    [MethodImpl(Inline)] public static Vector128<byte> V128And(Vector128<byte> a, Vector128<byte> b) => a & b;
    [MethodImpl(Inline)] public static Vector128<byte> V128Andnot(Vector128<byte> a, Vector128<byte> b) => a & ~b;
    [MethodImpl(Inline)] public static Vector128<byte> V128Or(Vector128<byte> a, Vector128<byte> b) => a | b;
    [MethodImpl(Inline)] public static Vector128<byte> V128Xor(Vector128<byte> a, Vector128<byte> b) => a ^ b;
    [MethodImpl(Inline)] public static Vector128<byte> V128Bitselect(Vector128<byte> a, Vector128<byte> b, Vector128<byte> c) => (a & c) | (b & ~c);
    [MethodImpl(Inline)] public static int V128AnyTrue(Vector128<byte> a) => a == Vector128<byte>.Zero ? 0 : 1;

    [MethodImpl(Inline)] public static Vector128<byte> I8x16Add(Vector128<byte> a, Vector128<byte> b) => (a.AsSByte() + b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsSByte() - b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16Neg(Vector128<byte> a) => (Vector128<sbyte>.Zero - a.AsSByte()).AsByte();
    public static Vector128<byte> I8x16Abs(Vector128<byte> a) { var v = a.AsSByte(); Span<sbyte> r = stackalloc sbyte[16]; for (var i = 0; i < 16; i++) r[i] = unchecked((sbyte)(v[i] < 0 ? -v[i] : v[i])); return Vector128.Create<sbyte>(r).AsByte(); }
    [MethodImpl(Inline)] public static Vector128<byte> I8x16Shl(Vector128<byte> a, int c) => Vector128.ShiftLeft(a.AsSByte(), c & 7).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16ShrS(Vector128<byte> a, int c) => Vector128.ShiftRightArithmetic(a.AsSByte(), c & 7).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16ShrU(Vector128<byte> a, int c) => Vector128.ShiftRightLogical(a.AsByte(), c & 7).AsByte();
    public static int I8x16AllTrue(Vector128<byte> a) { var v = a.AsSByte(); for (var i = 0; i < 16; i++) if (v[i] == 0) return 0; return 1; }
    public static int I8x16Bitmask(Vector128<byte> a) { var v = a.AsSByte(); var m = 0; for (var i = 0; i < 16; i++) if (v[i] < 0) m |= 1 << i; return m; }
    [MethodImpl(Inline)] public static Vector128<byte> I8x16MinS(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16MinU(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsByte(), b.AsByte()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16MaxS(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I8x16MaxU(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsByte(), b.AsByte()).AsByte();
    public static Vector128<byte> I8x16AddSatS(Vector128<byte> a, Vector128<byte> b) { var x = a.AsSByte(); var y = b.AsSByte(); Span<sbyte> r = stackalloc sbyte[16]; for (var i = 0; i < 16; i++) r[i] = (sbyte)(Math.Clamp(x[i] + y[i], -128, 127)); return Vector128.Create<sbyte>(r).AsByte(); }
    public static Vector128<byte> I8x16SubSatS(Vector128<byte> a, Vector128<byte> b) { var x = a.AsSByte(); var y = b.AsSByte(); Span<sbyte> r = stackalloc sbyte[16]; for (var i = 0; i < 16; i++) r[i] = (sbyte)(Math.Clamp(x[i] - y[i], -128, 127)); return Vector128.Create<sbyte>(r).AsByte(); }
    public static Vector128<byte> I8x16AddSatU(Vector128<byte> a, Vector128<byte> b) { var x = a.AsByte(); var y = b.AsByte(); Span<byte> r = stackalloc byte[16]; for (var i = 0; i < 16; i++) r[i] = (byte)(Math.Min(x[i] + y[i], 255)); return Vector128.Create<byte>(r).AsByte(); }
    public static Vector128<byte> I8x16SubSatU(Vector128<byte> a, Vector128<byte> b) { var x = a.AsByte(); var y = b.AsByte(); Span<byte> r = stackalloc byte[16]; for (var i = 0; i < 16; i++) r[i] = (byte)(Math.Max(x[i] - y[i], 0)); return Vector128.Create<byte>(r).AsByte(); }
    public static Vector128<byte> I8x16AvgrU(Vector128<byte> a, Vector128<byte> b) { var x = a.AsByte(); var y = b.AsByte(); Span<byte> r = stackalloc byte[16]; for (var i = 0; i < 16; i++) r[i] = (byte)((x[i] + y[i] + 1) >> 1); return Vector128.Create<byte>(r).AsByte(); }
    [MethodImpl(Inline)] public static Vector128<byte> I16x8Add(Vector128<byte> a, Vector128<byte> b) => (a.AsInt16() + b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsInt16() - b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8Neg(Vector128<byte> a) => (Vector128<short>.Zero - a.AsInt16()).AsByte();
    public static Vector128<byte> I16x8Abs(Vector128<byte> a) { var v = a.AsInt16(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 8; i++) r[i] = unchecked((short)(v[i] < 0 ? -v[i] : v[i])); return Vector128.Create<short>(r).AsByte(); }
    [MethodImpl(Inline)] public static Vector128<byte> I16x8Shl(Vector128<byte> a, int c) => Vector128.ShiftLeft(a.AsInt16(), c & 15).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8ShrS(Vector128<byte> a, int c) => Vector128.ShiftRightArithmetic(a.AsInt16(), c & 15).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8ShrU(Vector128<byte> a, int c) => Vector128.ShiftRightLogical(a.AsUInt16(), c & 15).AsByte();
    public static int I16x8AllTrue(Vector128<byte> a) { var v = a.AsInt16(); for (var i = 0; i < 8; i++) if (v[i] == 0) return 0; return 1; }
    public static int I16x8Bitmask(Vector128<byte> a) { var v = a.AsInt16(); var m = 0; for (var i = 0; i < 8; i++) if (v[i] < 0) m |= 1 << i; return m; }
    [MethodImpl(Inline)] public static Vector128<byte> I16x8MinS(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8MinU(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8MaxS(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8MaxU(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsInt16() * b.AsInt16()).AsByte();
    public static Vector128<byte> I16x8AddSatS(Vector128<byte> a, Vector128<byte> b) { var x = a.AsInt16(); var y = b.AsInt16(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 8; i++) r[i] = (short)(Math.Clamp(x[i] + y[i], -32768, 32767)); return Vector128.Create<short>(r).AsByte(); }
    public static Vector128<byte> I16x8SubSatS(Vector128<byte> a, Vector128<byte> b) { var x = a.AsInt16(); var y = b.AsInt16(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 8; i++) r[i] = (short)(Math.Clamp(x[i] - y[i], -32768, 32767)); return Vector128.Create<short>(r).AsByte(); }
    public static Vector128<byte> I16x8AddSatU(Vector128<byte> a, Vector128<byte> b) { var x = a.AsUInt16(); var y = b.AsUInt16(); Span<ushort> r = stackalloc ushort[8]; for (var i = 0; i < 8; i++) r[i] = (ushort)(Math.Min(x[i] + y[i], 65535)); return Vector128.Create<ushort>(r).AsByte(); }
    public static Vector128<byte> I16x8SubSatU(Vector128<byte> a, Vector128<byte> b) { var x = a.AsUInt16(); var y = b.AsUInt16(); Span<ushort> r = stackalloc ushort[8]; for (var i = 0; i < 8; i++) r[i] = (ushort)(Math.Max(x[i] - y[i], 0)); return Vector128.Create<ushort>(r).AsByte(); }
    public static Vector128<byte> I16x8AvgrU(Vector128<byte> a, Vector128<byte> b) { var x = a.AsUInt16(); var y = b.AsUInt16(); Span<ushort> r = stackalloc ushort[8]; for (var i = 0; i < 8; i++) r[i] = (ushort)((x[i] + y[i] + 1) >> 1); return Vector128.Create<ushort>(r).AsByte(); }
    [MethodImpl(Inline)] public static Vector128<byte> I32x4Add(Vector128<byte> a, Vector128<byte> b) => (a.AsInt32() + b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsInt32() - b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4Neg(Vector128<byte> a) => (Vector128<int>.Zero - a.AsInt32()).AsByte();
    public static Vector128<byte> I32x4Abs(Vector128<byte> a) { var v = a.AsInt32(); Span<int> r = stackalloc int[4]; for (var i = 0; i < 4; i++) r[i] = unchecked((int)(v[i] < 0 ? -v[i] : v[i])); return Vector128.Create<int>(r).AsByte(); }
    [MethodImpl(Inline)] public static Vector128<byte> I32x4Shl(Vector128<byte> a, int c) => Vector128.ShiftLeft(a.AsInt32(), c & 31).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4ShrS(Vector128<byte> a, int c) => Vector128.ShiftRightArithmetic(a.AsInt32(), c & 31).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4ShrU(Vector128<byte> a, int c) => Vector128.ShiftRightLogical(a.AsUInt32(), c & 31).AsByte();
    public static int I32x4AllTrue(Vector128<byte> a) { var v = a.AsInt32(); for (var i = 0; i < 4; i++) if (v[i] == 0) return 0; return 1; }
    public static int I32x4Bitmask(Vector128<byte> a) { var v = a.AsInt32(); var m = 0; for (var i = 0; i < 4; i++) if (v[i] < 0) m |= 1 << i; return m; }
    [MethodImpl(Inline)] public static Vector128<byte> I32x4MinS(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4MinU(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4MaxS(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4MaxU(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsInt32() * b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I64x2Add(Vector128<byte> a, Vector128<byte> b) => (a.AsInt64() + b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I64x2Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsInt64() - b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I64x2Neg(Vector128<byte> a) => (Vector128<long>.Zero - a.AsInt64()).AsByte();
    public static Vector128<byte> I64x2Abs(Vector128<byte> a) { var v = a.AsInt64(); Span<long> r = stackalloc long[2]; for (var i = 0; i < 2; i++) r[i] = unchecked((long)(v[i] < 0 ? -v[i] : v[i])); return Vector128.Create<long>(r).AsByte(); }
    [MethodImpl(Inline)] public static Vector128<byte> I64x2Shl(Vector128<byte> a, int c) => Vector128.ShiftLeft(a.AsInt64(), c & 63).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I64x2ShrS(Vector128<byte> a, int c) => Vector128.ShiftRightArithmetic(a.AsInt64(), c & 63).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I64x2ShrU(Vector128<byte> a, int c) => Vector128.ShiftRightLogical(a.AsUInt64(), c & 63).AsByte();
    public static int I64x2AllTrue(Vector128<byte> a) { var v = a.AsInt64(); for (var i = 0; i < 2; i++) if (v[i] == 0) return 0; return 1; }
    public static int I64x2Bitmask(Vector128<byte> a) { var v = a.AsInt64(); var m = 0; for (var i = 0; i < 2; i++) if (v[i] < 0) m |= 1 << i; return m; }
    [MethodImpl(Inline)] public static Vector128<byte> I64x2Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsInt64() * b.AsInt64()).AsByte();
    public static Vector128<byte> I8x16Popcnt(Vector128<byte> a) { Span<byte> r = stackalloc byte[16]; for (var i = 0; i < 16; i++) r[i] = (byte)BitOperations.PopCount(a[i]); return Vector128.Create<byte>(r); }
    public static Vector128<byte> I16x8Q15mulrSatS(Vector128<byte> a, Vector128<byte> b) { var x = a.AsInt16(); var y = b.AsInt16(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 8; i++) r[i] = (short)Math.Clamp((x[i] * y[i] + 0x4000) >> 15, -32768, 32767); return Vector128.Create<short>(r).AsByte(); }
    public static Vector128<byte> I32x4DotI16x8S(Vector128<byte> a, Vector128<byte> b) { var x = a.AsInt16(); var y = b.AsInt16(); Span<int> r = stackalloc int[4]; for (var i = 0; i < 4; i++) r[i] = unchecked(x[2 * i] * y[2 * i] + x[2 * i + 1] * y[2 * i + 1]); return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> I8x16NarrowI16x8S(Vector128<byte> a, Vector128<byte> b) { var x = a.AsInt16(); var y = b.AsInt16(); Span<sbyte> r = stackalloc sbyte[16]; for (var i = 0; i < 8; i++) { r[i] = (sbyte)Math.Clamp((int)x[i], -128, 127); r[i + 8] = (sbyte)Math.Clamp((int)y[i], -128, 127); } return Vector128.Create<sbyte>(r).AsByte(); }
    public static Vector128<byte> I8x16NarrowI16x8U(Vector128<byte> a, Vector128<byte> b) { var x = a.AsInt16(); var y = b.AsInt16(); Span<byte> r = stackalloc byte[16]; for (var i = 0; i < 8; i++) { r[i] = (byte)Math.Clamp((int)x[i], 0, 255); r[i + 8] = (byte)Math.Clamp((int)y[i], 0, 255); } return Vector128.Create<byte>(r).AsByte(); }
    public static Vector128<byte> I16x8NarrowI32x4S(Vector128<byte> a, Vector128<byte> b) { var x = a.AsInt32(); var y = b.AsInt32(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 4; i++) { r[i] = (short)Math.Clamp((int)x[i], -32768, 32767); r[i + 4] = (short)Math.Clamp((int)y[i], -32768, 32767); } return Vector128.Create<short>(r).AsByte(); }
    public static Vector128<byte> I16x8NarrowI32x4U(Vector128<byte> a, Vector128<byte> b) { var x = a.AsInt32(); var y = b.AsInt32(); Span<ushort> r = stackalloc ushort[8]; for (var i = 0; i < 4; i++) { r[i] = (ushort)Math.Clamp((int)x[i], 0, 65535); r[i + 4] = (ushort)Math.Clamp((int)y[i], 0, 65535); } return Vector128.Create<ushort>(r).AsByte(); }
    public static Vector128<byte> I16x8ExtendLowI8x16S(Vector128<byte> a) { var x = a.AsSByte(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 8; i++) r[i] = (short)x[i + 0]; return Vector128.Create<short>(r).AsByte(); }
    public static Vector128<byte> I16x8ExtmulLowI8x16S(Vector128<byte> a, Vector128<byte> b) { var x = a.AsSByte(); var y = b.AsSByte(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 8; i++) r[i] = unchecked((short)((short)x[i + 0] * (short)y[i + 0])); return Vector128.Create<short>(r).AsByte(); }
    public static Vector128<byte> I16x8ExtendLowI8x16U(Vector128<byte> a) { var x = a.AsByte(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 8; i++) r[i] = (short)x[i + 0]; return Vector128.Create<short>(r).AsByte(); }
    public static Vector128<byte> I16x8ExtmulLowI8x16U(Vector128<byte> a, Vector128<byte> b) { var x = a.AsByte(); var y = b.AsByte(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 8; i++) r[i] = unchecked((short)((short)x[i + 0] * (short)y[i + 0])); return Vector128.Create<short>(r).AsByte(); }
    public static Vector128<byte> I16x8ExtendHighI8x16S(Vector128<byte> a) { var x = a.AsSByte(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 8; i++) r[i] = (short)x[i + 8]; return Vector128.Create<short>(r).AsByte(); }
    public static Vector128<byte> I16x8ExtmulHighI8x16S(Vector128<byte> a, Vector128<byte> b) { var x = a.AsSByte(); var y = b.AsSByte(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 8; i++) r[i] = unchecked((short)((short)x[i + 8] * (short)y[i + 8])); return Vector128.Create<short>(r).AsByte(); }
    public static Vector128<byte> I16x8ExtendHighI8x16U(Vector128<byte> a) { var x = a.AsByte(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 8; i++) r[i] = (short)x[i + 8]; return Vector128.Create<short>(r).AsByte(); }
    public static Vector128<byte> I16x8ExtmulHighI8x16U(Vector128<byte> a, Vector128<byte> b) { var x = a.AsByte(); var y = b.AsByte(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 8; i++) r[i] = unchecked((short)((short)x[i + 8] * (short)y[i + 8])); return Vector128.Create<short>(r).AsByte(); }
    public static Vector128<byte> I16x8ExtaddPairwiseI8x16S(Vector128<byte> a) { var x = a.AsSByte(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 8; i++) r[i] = (short)(x[2 * i] + x[2 * i + 1]); return Vector128.Create<short>(r).AsByte(); }
    public static Vector128<byte> I16x8ExtaddPairwiseI8x16U(Vector128<byte> a) { var x = a.AsByte(); Span<short> r = stackalloc short[8]; for (var i = 0; i < 8; i++) r[i] = (short)(x[2 * i] + x[2 * i + 1]); return Vector128.Create<short>(r).AsByte(); }
    public static Vector128<byte> I32x4ExtendLowI16x8S(Vector128<byte> a) { var x = a.AsInt16(); Span<int> r = stackalloc int[4]; for (var i = 0; i < 4; i++) r[i] = (int)x[i + 0]; return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> I32x4ExtmulLowI16x8S(Vector128<byte> a, Vector128<byte> b) { var x = a.AsInt16(); var y = b.AsInt16(); Span<int> r = stackalloc int[4]; for (var i = 0; i < 4; i++) r[i] = unchecked((int)((int)x[i + 0] * (int)y[i + 0])); return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> I32x4ExtendLowI16x8U(Vector128<byte> a) { var x = a.AsUInt16(); Span<int> r = stackalloc int[4]; for (var i = 0; i < 4; i++) r[i] = (int)x[i + 0]; return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> I32x4ExtmulLowI16x8U(Vector128<byte> a, Vector128<byte> b) { var x = a.AsUInt16(); var y = b.AsUInt16(); Span<int> r = stackalloc int[4]; for (var i = 0; i < 4; i++) r[i] = unchecked((int)((int)x[i + 0] * (int)y[i + 0])); return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> I32x4ExtendHighI16x8S(Vector128<byte> a) { var x = a.AsInt16(); Span<int> r = stackalloc int[4]; for (var i = 0; i < 4; i++) r[i] = (int)x[i + 4]; return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> I32x4ExtmulHighI16x8S(Vector128<byte> a, Vector128<byte> b) { var x = a.AsInt16(); var y = b.AsInt16(); Span<int> r = stackalloc int[4]; for (var i = 0; i < 4; i++) r[i] = unchecked((int)((int)x[i + 4] * (int)y[i + 4])); return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> I32x4ExtendHighI16x8U(Vector128<byte> a) { var x = a.AsUInt16(); Span<int> r = stackalloc int[4]; for (var i = 0; i < 4; i++) r[i] = (int)x[i + 4]; return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> I32x4ExtmulHighI16x8U(Vector128<byte> a, Vector128<byte> b) { var x = a.AsUInt16(); var y = b.AsUInt16(); Span<int> r = stackalloc int[4]; for (var i = 0; i < 4; i++) r[i] = unchecked((int)((int)x[i + 4] * (int)y[i + 4])); return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> I32x4ExtaddPairwiseI16x8S(Vector128<byte> a) { var x = a.AsInt16(); Span<int> r = stackalloc int[4]; for (var i = 0; i < 4; i++) r[i] = (int)(x[2 * i] + x[2 * i + 1]); return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> I32x4ExtaddPairwiseI16x8U(Vector128<byte> a) { var x = a.AsUInt16(); Span<int> r = stackalloc int[4]; for (var i = 0; i < 4; i++) r[i] = (int)(x[2 * i] + x[2 * i + 1]); return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> I64x2ExtendLowI32x4S(Vector128<byte> a) { var x = a.AsInt32(); Span<long> r = stackalloc long[2]; for (var i = 0; i < 2; i++) r[i] = (long)x[i + 0]; return Vector128.Create<long>(r).AsByte(); }
    public static Vector128<byte> I64x2ExtmulLowI32x4S(Vector128<byte> a, Vector128<byte> b) { var x = a.AsInt32(); var y = b.AsInt32(); Span<long> r = stackalloc long[2]; for (var i = 0; i < 2; i++) r[i] = unchecked((long)((long)x[i + 0] * (long)y[i + 0])); return Vector128.Create<long>(r).AsByte(); }
    public static Vector128<byte> I64x2ExtendLowI32x4U(Vector128<byte> a) { var x = a.AsUInt32(); Span<long> r = stackalloc long[2]; for (var i = 0; i < 2; i++) r[i] = (long)x[i + 0]; return Vector128.Create<long>(r).AsByte(); }
    public static Vector128<byte> I64x2ExtmulLowI32x4U(Vector128<byte> a, Vector128<byte> b) { var x = a.AsUInt32(); var y = b.AsUInt32(); Span<long> r = stackalloc long[2]; for (var i = 0; i < 2; i++) r[i] = unchecked((long)((long)x[i + 0] * (long)y[i + 0])); return Vector128.Create<long>(r).AsByte(); }
    public static Vector128<byte> I64x2ExtendHighI32x4S(Vector128<byte> a) { var x = a.AsInt32(); Span<long> r = stackalloc long[2]; for (var i = 0; i < 2; i++) r[i] = (long)x[i + 2]; return Vector128.Create<long>(r).AsByte(); }
    public static Vector128<byte> I64x2ExtmulHighI32x4S(Vector128<byte> a, Vector128<byte> b) { var x = a.AsInt32(); var y = b.AsInt32(); Span<long> r = stackalloc long[2]; for (var i = 0; i < 2; i++) r[i] = unchecked((long)((long)x[i + 2] * (long)y[i + 2])); return Vector128.Create<long>(r).AsByte(); }
    public static Vector128<byte> I64x2ExtendHighI32x4U(Vector128<byte> a) { var x = a.AsUInt32(); Span<long> r = stackalloc long[2]; for (var i = 0; i < 2; i++) r[i] = (long)x[i + 2]; return Vector128.Create<long>(r).AsByte(); }
    public static Vector128<byte> I64x2ExtmulHighI32x4U(Vector128<byte> a, Vector128<byte> b) { var x = a.AsUInt32(); var y = b.AsUInt32(); Span<long> r = stackalloc long[2]; for (var i = 0; i < 2; i++) r[i] = unchecked((long)((long)x[i + 2] * (long)y[i + 2])); return Vector128.Create<long>(r).AsByte(); }

    [MethodImpl(Inline)] public static Vector128<byte> F32x4Abs(Vector128<byte> a) => (a.AsInt32() & Vector128.Create((int)0x7FFFFFFF)).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F32x4Neg(Vector128<byte> a) => (a.AsInt32() ^ Vector128.Create(int.MinValue)).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F32x4Sqrt(Vector128<byte> a) => Vector128.Sqrt(a.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F32x4Add(Vector128<byte> a, Vector128<byte> b) => (a.AsSingle() + b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F32x4Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsSingle() - b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F32x4Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsSingle() * b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F32x4Div(Vector128<byte> a, Vector128<byte> b) => (a.AsSingle() / b.AsSingle()).AsByte();
    public static Vector128<byte> F32x4Min(Vector128<byte> a, Vector128<byte> b) { var x = a.AsSingle(); var y = b.AsSingle(); Span<float> r = stackalloc float[4]; for (var i = 0; i < 4; i++) r[i] = NumericHelpers.F32Min(x[i], y[i]); return Vector128.Create<float>(r).AsByte(); }
    public static Vector128<byte> F32x4Max(Vector128<byte> a, Vector128<byte> b) { var x = a.AsSingle(); var y = b.AsSingle(); Span<float> r = stackalloc float[4]; for (var i = 0; i < 4; i++) r[i] = NumericHelpers.F32Max(x[i], y[i]); return Vector128.Create<float>(r).AsByte(); }
    public static Vector128<byte> F32x4Pmin(Vector128<byte> a, Vector128<byte> b) { var x = a.AsSingle(); var y = b.AsSingle(); Span<int> r = stackalloc int[4]; var xi = a.AsInt32(); var yi = b.AsInt32(); for (var i = 0; i < 4; i++) r[i] = y[i] < x[i] ? yi[i] : xi[i]; return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> F32x4Pmax(Vector128<byte> a, Vector128<byte> b) { var x = a.AsSingle(); var y = b.AsSingle(); Span<int> r = stackalloc int[4]; var xi = a.AsInt32(); var yi = b.AsInt32(); for (var i = 0; i < 4; i++) r[i] = x[i] < y[i] ? yi[i] : xi[i]; return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> F32x4Ceil(Vector128<byte> a) { var x = a.AsSingle(); Span<float> r = stackalloc float[4]; for (var i = 0; i < 4; i++) r[i] = NumericHelpers.F32Ceil(x[i]); return Vector128.Create<float>(r).AsByte(); }
    public static Vector128<byte> F32x4Floor(Vector128<byte> a) { var x = a.AsSingle(); Span<float> r = stackalloc float[4]; for (var i = 0; i < 4; i++) r[i] = NumericHelpers.F32Floor(x[i]); return Vector128.Create<float>(r).AsByte(); }
    public static Vector128<byte> F32x4Trunc(Vector128<byte> a) { var x = a.AsSingle(); Span<float> r = stackalloc float[4]; for (var i = 0; i < 4; i++) r[i] = NumericHelpers.F32Trunc(x[i]); return Vector128.Create<float>(r).AsByte(); }
    public static Vector128<byte> F32x4Nearest(Vector128<byte> a) { var x = a.AsSingle(); Span<float> r = stackalloc float[4]; for (var i = 0; i < 4; i++) r[i] = NumericHelpers.F32Nearest(x[i]); return Vector128.Create<float>(r).AsByte(); }
    [MethodImpl(Inline)] public static Vector128<byte> F64x2Abs(Vector128<byte> a) => (a.AsInt64() & Vector128.Create((long)0x7FFFFFFFFFFFFFFF)).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F64x2Neg(Vector128<byte> a) => (a.AsInt64() ^ Vector128.Create(long.MinValue)).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F64x2Sqrt(Vector128<byte> a) => Vector128.Sqrt(a.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F64x2Add(Vector128<byte> a, Vector128<byte> b) => (a.AsDouble() + b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F64x2Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsDouble() - b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F64x2Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsDouble() * b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F64x2Div(Vector128<byte> a, Vector128<byte> b) => (a.AsDouble() / b.AsDouble()).AsByte();
    public static Vector128<byte> F64x2Min(Vector128<byte> a, Vector128<byte> b) { var x = a.AsDouble(); var y = b.AsDouble(); Span<double> r = stackalloc double[2]; for (var i = 0; i < 2; i++) r[i] = NumericHelpers.F64Min(x[i], y[i]); return Vector128.Create<double>(r).AsByte(); }
    public static Vector128<byte> F64x2Max(Vector128<byte> a, Vector128<byte> b) { var x = a.AsDouble(); var y = b.AsDouble(); Span<double> r = stackalloc double[2]; for (var i = 0; i < 2; i++) r[i] = NumericHelpers.F64Max(x[i], y[i]); return Vector128.Create<double>(r).AsByte(); }
    public static Vector128<byte> F64x2Pmin(Vector128<byte> a, Vector128<byte> b) { var x = a.AsDouble(); var y = b.AsDouble(); Span<long> r = stackalloc long[2]; var xi = a.AsInt64(); var yi = b.AsInt64(); for (var i = 0; i < 2; i++) r[i] = y[i] < x[i] ? yi[i] : xi[i]; return Vector128.Create<long>(r).AsByte(); }
    public static Vector128<byte> F64x2Pmax(Vector128<byte> a, Vector128<byte> b) { var x = a.AsDouble(); var y = b.AsDouble(); Span<long> r = stackalloc long[2]; var xi = a.AsInt64(); var yi = b.AsInt64(); for (var i = 0; i < 2; i++) r[i] = x[i] < y[i] ? yi[i] : xi[i]; return Vector128.Create<long>(r).AsByte(); }
    public static Vector128<byte> F64x2Ceil(Vector128<byte> a) { var x = a.AsDouble(); Span<double> r = stackalloc double[2]; for (var i = 0; i < 2; i++) r[i] = NumericHelpers.F64Ceil(x[i]); return Vector128.Create<double>(r).AsByte(); }
    public static Vector128<byte> F64x2Floor(Vector128<byte> a) { var x = a.AsDouble(); Span<double> r = stackalloc double[2]; for (var i = 0; i < 2; i++) r[i] = NumericHelpers.F64Floor(x[i]); return Vector128.Create<double>(r).AsByte(); }
    public static Vector128<byte> F64x2Trunc(Vector128<byte> a) { var x = a.AsDouble(); Span<double> r = stackalloc double[2]; for (var i = 0; i < 2; i++) r[i] = NumericHelpers.F64Trunc(x[i]); return Vector128.Create<double>(r).AsByte(); }
    public static Vector128<byte> F64x2Nearest(Vector128<byte> a) { var x = a.AsDouble(); Span<double> r = stackalloc double[2]; for (var i = 0; i < 2; i++) r[i] = NumericHelpers.F64Nearest(x[i]); return Vector128.Create<double>(r).AsByte(); }
    public static Vector128<byte> I32x4TruncSatF32x4S(Vector128<byte> a) { var x = a.AsSingle(); Span<int> r = stackalloc int[4]; for (var i = 0; i < 4; i++) r[i] = ConversionHelpers.I32TruncSatF32S(x[i]); return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> I32x4TruncSatF32x4U(Vector128<byte> a) { var x = a.AsSingle(); Span<int> r = stackalloc int[4]; for (var i = 0; i < 4; i++) r[i] = ConversionHelpers.I32TruncSatF32U(x[i]); return Vector128.Create<int>(r).AsByte(); }
    public static Vector128<byte> I32x4TruncSatF64x2SZero(Vector128<byte> a) { var x = a.AsDouble(); return Vector128.Create(ConversionHelpers.I32TruncSatF64S(x[0]), ConversionHelpers.I32TruncSatF64S(x[1]), 0, 0).AsByte(); }
    public static Vector128<byte> I32x4TruncSatF64x2UZero(Vector128<byte> a) { var x = a.AsDouble(); return Vector128.Create(ConversionHelpers.I32TruncSatF64U(x[0]), ConversionHelpers.I32TruncSatF64U(x[1]), 0, 0).AsByte(); }
    public static Vector128<byte> F32x4ConvertI32x4S(Vector128<byte> a) { var x = a.AsInt32(); return Vector128.Create((float)x[0], (float)x[1], (float)x[2], (float)x[3]).AsByte(); }
    public static Vector128<byte> F32x4ConvertI32x4U(Vector128<byte> a) { var x = a.AsInt32(); return Vector128.Create(ConversionHelpers.F32ConvertI32U(x[0]), ConversionHelpers.F32ConvertI32U(x[1]), ConversionHelpers.F32ConvertI32U(x[2]), ConversionHelpers.F32ConvertI32U(x[3])).AsByte(); }
    public static Vector128<byte> F64x2ConvertLowI32x4S(Vector128<byte> a) { var x = a.AsInt32(); return Vector128.Create((double)x[0], (double)x[1]).AsByte(); }
    public static Vector128<byte> F64x2ConvertLowI32x4U(Vector128<byte> a) { var x = a.AsInt32(); return Vector128.Create(ConversionHelpers.F64ConvertI32U(x[0]), ConversionHelpers.F64ConvertI32U(x[1])).AsByte(); }
    public static Vector128<byte> F32x4DemoteF64x2Zero(Vector128<byte> a) { var x = a.AsDouble(); return Vector128.Create((float)x[0], (float)x[1], 0f, 0f).AsByte(); }
    public static Vector128<byte> F64x2PromoteLowF32x4(Vector128<byte> a) { var x = a.AsSingle(); return Vector128.Create((double)x[0], (double)x[1]).AsByte(); }
}

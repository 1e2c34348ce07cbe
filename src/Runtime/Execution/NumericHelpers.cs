using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace WitBindgen.Runtime.Execution;

/// <summary>Integer and float operations with exact wasm semantics, called (and inlined) by compiled code.</summary>
internal static class NumericHelpers
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    [MethodImpl(Inline)] public static int I32DivS(int a, int b)
    {
        if (b == 0) TrapHelpers.Throw(TrapCode.IntegerDivisionByZero);
        if (b == -1 && a == int.MinValue) TrapHelpers.Throw(TrapCode.IntegerOverflow);
        return a / b;
    }

    [MethodImpl(Inline)] public static int I32DivU(int a, int b)
    {
        if (b == 0) TrapHelpers.Throw(TrapCode.IntegerDivisionByZero);
        return (int)((uint)a / (uint)b);
    }

    [MethodImpl(Inline)] public static int I32RemS(int a, int b)
    {
        if (b == 0) TrapHelpers.Throw(TrapCode.IntegerDivisionByZero);
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(Inline)] public static int I32RemU(int a, int b)
    {
        if (b == 0) TrapHelpers.Throw(TrapCode.IntegerDivisionByZero);
        return (int)((uint)a % (uint)b);
    }

    [MethodImpl(Inline)] public static long I64DivS(long a, long b)
    {
        if (b == 0) TrapHelpers.Throw(TrapCode.IntegerDivisionByZero);
        if (b == -1 && a == long.MinValue) TrapHelpers.Throw(TrapCode.IntegerOverflow);
        return a / b;
    }

    [MethodImpl(Inline)] public static long I64DivU(long a, long b)
    {
        if (b == 0) TrapHelpers.Throw(TrapCode.IntegerDivisionByZero);
        return (long)((ulong)a / (ulong)b);
    }

    [MethodImpl(Inline)] public static long I64RemS(long a, long b)
    {
        if (b == 0) TrapHelpers.Throw(TrapCode.IntegerDivisionByZero);
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(Inline)] public static long I64RemU(long a, long b)
    {
        if (b == 0) TrapHelpers.Throw(TrapCode.IntegerDivisionByZero);
        return (long)((ulong)a % (ulong)b);
    }

    [MethodImpl(Inline)] public static int I32Clz(int a) => BitOperations.LeadingZeroCount((uint)a);
    [MethodImpl(Inline)] public static int I32Ctz(int a) => BitOperations.TrailingZeroCount(a);
    [MethodImpl(Inline)] public static int I32Popcnt(int a) => BitOperations.PopCount((uint)a);
    [MethodImpl(Inline)] public static int I32Rotl(int a, int b) => (int)BitOperations.RotateLeft((uint)a, b);
    [MethodImpl(Inline)] public static int I32Rotr(int a, int b) => (int)BitOperations.RotateRight((uint)a, b);
    [MethodImpl(Inline)] public static long I64Clz(long a) => BitOperations.LeadingZeroCount((ulong)a);
    [MethodImpl(Inline)] public static long I64Ctz(long a) => BitOperations.TrailingZeroCount(a);
    [MethodImpl(Inline)] public static long I64Popcnt(long a) => BitOperations.PopCount((ulong)a);
    [MethodImpl(Inline)] public static long I64Rotl(long a, long b) => (long)BitOperations.RotateLeft((ulong)a, (int)b);
    [MethodImpl(Inline)] public static long I64Rotr(long a, long b) => (long)BitOperations.RotateRight((ulong)a, (int)b);

    // Sign manipulation is bitwise so NaN payloads are preserved exactly.
    [MethodImpl(Inline)] public static float F32Abs(float a) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & int.MaxValue);
    [MethodImpl(Inline)] public static float F32Neg(float a) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) ^ int.MinValue);
    [MethodImpl(Inline)] public static float F32Copysign(float a, float b) => BitConverter.Int32BitsToSingle(
        (BitConverter.SingleToInt32Bits(a) & int.MaxValue) | (BitConverter.SingleToInt32Bits(b) & int.MinValue));
    [MethodImpl(Inline)] public static double F64Abs(double a) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & long.MaxValue);
    [MethodImpl(Inline)] public static double F64Neg(double a) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) ^ long.MinValue);
    [MethodImpl(Inline)] public static double F64Copysign(double a, double b) => BitConverter.Int64BitsToDouble(
        (BitConverter.DoubleToInt64Bits(a) & long.MaxValue) | (BitConverter.DoubleToInt64Bits(b) & long.MinValue));

    // Rounding: a NaN input yields a quiet NaN (x + x quiets signalling NaNs).
    [MethodImpl(Inline)] public static float F32Ceil(float a) => float.IsNaN(a) ? a + a : MathF.Ceiling(a);
    [MethodImpl(Inline)] public static float F32Floor(float a) => float.IsNaN(a) ? a + a : MathF.Floor(a);
    [MethodImpl(Inline)] public static float F32Trunc(float a) => float.IsNaN(a) ? a + a : MathF.Truncate(a);
    [MethodImpl(Inline)] public static float F32Nearest(float a) => float.IsNaN(a) ? a + a : MathF.Round(a, MidpointRounding.ToEven);
    [MethodImpl(Inline)] public static float F32Sqrt(float a) => MathF.Sqrt(a);
    [MethodImpl(Inline)] public static double F64Ceil(double a) => double.IsNaN(a) ? a + a : Math.Ceiling(a);
    [MethodImpl(Inline)] public static double F64Floor(double a) => double.IsNaN(a) ? a + a : Math.Floor(a);
    [MethodImpl(Inline)] public static double F64Trunc(double a) => double.IsNaN(a) ? a + a : Math.Truncate(a);
    [MethodImpl(Inline)] public static double F64Nearest(double a) => double.IsNaN(a) ? a + a : Math.Round(a, MidpointRounding.ToEven);
    [MethodImpl(Inline)] public static double F64Sqrt(double a) => Math.Sqrt(a);

    // min/max: NaN if either operand is NaN (quieted), and -0 < +0.
    [MethodImpl(Inline)] public static float F32Min(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) | BitConverter.SingleToInt32Bits(b));
        return a < b ? a : b;
    }

    [MethodImpl(Inline)] public static float F32Max(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & BitConverter.SingleToInt32Bits(b));
        return a > b ? a : b;
    }

    [MethodImpl(Inline)] public static double F64Min(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) | BitConverter.DoubleToInt64Bits(b));
        return a < b ? a : b;
    }

    [MethodImpl(Inline)] public static double F64Max(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & BitConverter.DoubleToInt64Bits(b));
        return a > b ? a : b;
    }
}

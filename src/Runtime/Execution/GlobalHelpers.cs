using System;
using System.Runtime.CompilerServices;

namespace WitBindgen.Runtime.Execution;

/// <summary>Typed access to global cells from compiled code.</summary>
internal static class GlobalHelpers
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    [MethodImpl(Inline)] public static int GetI32(Global g) => (int)g.Bits;
    [MethodImpl(Inline)] public static long GetI64(Global g) => g.Bits;
    [MethodImpl(Inline)] public static float GetF32(Global g) => BitConverter.Int32BitsToSingle((int)g.Bits);
    [MethodImpl(Inline)] public static double GetF64(Global g) => BitConverter.Int64BitsToDouble(g.Bits);
    [MethodImpl(Inline)] public static object? GetRef(Global g) => g.Ref;
    [MethodImpl(Inline)] public static void SetI32(int v, Global g) => g.Bits = (uint)v;
    [MethodImpl(Inline)] public static void SetI64(long v, Global g) => g.Bits = v;
    [MethodImpl(Inline)] public static void SetF32(float v, Global g) => g.Bits = (uint)BitConverter.SingleToInt32Bits(v);
    [MethodImpl(Inline)] public static void SetF64(double v, Global g) => g.Bits = BitConverter.DoubleToInt64Bits(v);
    [MethodImpl(Inline)] public static void SetRef(object? v, Global g) => g.Ref = v;
}

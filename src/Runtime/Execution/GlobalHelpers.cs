using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    [MethodImpl(Inline)] public static Vector128<byte> GetV128(Global g) => Vector128.Create(g.Bits, g.High).AsByte();

    [MethodImpl(Inline)] public static void SetV128(Vector128<byte> v, Global g)
    {
        g.Bits = v.AsInt64().GetElement(0);
        g.High = v.AsInt64().GetElement(1);
    }
}

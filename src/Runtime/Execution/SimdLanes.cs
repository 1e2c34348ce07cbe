using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WitBindgen.Runtime.Execution;

/// <summary>SIMD constants, splats, lanes, shuffles and v128 memory access (same bounds check as scalar accesses).
/// Method names equal the opcode names; lane and offset immediates come last.</summary>
internal static unsafe class SimdLanes
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    // The shared check of scalar accesses (MemoryHelpers.Check), against the memory's current length.
    [MethodImpl(Inline)]
    private static byte* At(int address, Memory memory, ulong offset, ulong size)
    {
        MemoryHelpers.Check(address, memory.Length, offset + size);
        return memory.Base + (uint)address + offset;
    }

    [MethodImpl(Inline)] public static Vector128<byte> I8x16Splat(int x) => Vector128.Create((byte)x).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8Splat(int x) => Vector128.Create((ushort)x).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4Splat(int x) => Vector128.Create(x).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I64x2Splat(long x) => Vector128.Create(x).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F32x4Splat(float x) => Vector128.Create(x).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F64x2Splat(double x) => Vector128.Create(x).AsByte();
    [MethodImpl(Inline)] public static int I8x16ExtractLaneS(Vector128<byte> v, int lane) => (int)v.AsSByte().GetElement(lane);
    [MethodImpl(Inline)] public static int I8x16ExtractLaneU(Vector128<byte> v, int lane) => (int)v.AsByte().GetElement(lane);
    [MethodImpl(Inline)] public static int I16x8ExtractLaneS(Vector128<byte> v, int lane) => (int)v.AsInt16().GetElement(lane);
    [MethodImpl(Inline)] public static int I16x8ExtractLaneU(Vector128<byte> v, int lane) => (int)v.AsUInt16().GetElement(lane);
    [MethodImpl(Inline)] public static int I32x4ExtractLane(Vector128<byte> v, int lane) => v.AsInt32().GetElement(lane);
    [MethodImpl(Inline)] public static long I64x2ExtractLane(Vector128<byte> v, int lane) => v.AsInt64().GetElement(lane);
    [MethodImpl(Inline)] public static float F32x4ExtractLane(Vector128<byte> v, int lane) => v.AsSingle().GetElement(lane);
    [MethodImpl(Inline)] public static double F64x2ExtractLane(Vector128<byte> v, int lane) => v.AsDouble().GetElement(lane);
    [MethodImpl(Inline)] public static Vector128<byte> I8x16ReplaceLane(Vector128<byte> v, int x, int lane) => v.AsByte().WithElement(lane, (byte)x).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I16x8ReplaceLane(Vector128<byte> v, int x, int lane) => v.AsUInt16().WithElement(lane, (ushort)x).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I32x4ReplaceLane(Vector128<byte> v, int x, int lane) => v.AsInt32().WithElement(lane, x).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> I64x2ReplaceLane(Vector128<byte> v, long x, int lane) => v.AsInt64().WithElement(lane, x).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F32x4ReplaceLane(Vector128<byte> v, float x, int lane) => v.AsSingle().WithElement(lane, x).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> F64x2ReplaceLane(Vector128<byte> v, double x, int lane) => v.AsDouble().WithElement(lane, x).AsByte();
    
    [MethodImpl(Inline)] public static Vector128<byte> V128Const(long low, long high) => Vector128.Create(low, high).AsByte();
    public static Vector128<byte> I8x16Shuffle(Vector128<byte> a, Vector128<byte> b, long low, long high)
    {
        var lanes = Vector128.Create(low, high).AsByte();
        Span<byte> r = stackalloc byte[16];
        for (var i = 0; i < 16; i++) { var l = lanes[i]; r[i] = l < 16 ? a[l] : b[l - 16]; }
        return Vector128.Create<byte>(r);
    }
    public static Vector128<byte> I8x16Swizzle(Vector128<byte> a, Vector128<byte> s)
    {
        Span<byte> r = stackalloc byte[16];
        for (var i = 0; i < 16; i++) r[i] = s[i] < 16 ? a[s[i]] : (byte)0;
        return Vector128.Create<byte>(r);
    }
    
    [MethodImpl(Inline)] public static Vector128<byte> V128Load(int address, Memory memory, ulong offset)
    {
        var p = At(address, memory, offset, 16);
        return Unsafe.ReadUnaligned<Vector128<byte>>(p);
    }
    [MethodImpl(Inline)] public static void V128Store(int address, Vector128<byte> value, Memory memory, ulong offset)
    {
        var p = At(address, memory, offset, 16);
        Unsafe.WriteUnaligned(p, value);
    }
    public static Vector128<byte> V128Load8x8S(int address, Memory memory, ulong offset) =>
        Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(At(address, memory, offset, 8))).AsSByte()).AsByte();
    public static Vector128<byte> V128Load8x8U(int address, Memory memory, ulong offset) =>
        Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(At(address, memory, offset, 8))).AsByte()).AsByte();
    public static Vector128<byte> V128Load16x4S(int address, Memory memory, ulong offset) =>
        Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(At(address, memory, offset, 8))).AsInt16()).AsByte();
    public static Vector128<byte> V128Load16x4U(int address, Memory memory, ulong offset) =>
        Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(At(address, memory, offset, 8))).AsUInt16()).AsByte();
    public static Vector128<byte> V128Load32x2S(int address, Memory memory, ulong offset) =>
        Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(At(address, memory, offset, 8))).AsInt32()).AsByte();
    public static Vector128<byte> V128Load32x2U(int address, Memory memory, ulong offset) =>
        Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(At(address, memory, offset, 8))).AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static Vector128<byte> V128Load8Splat(int address, Memory memory, ulong offset)
    {
        var p = At(address, memory, offset, 1);
        return Vector128.Create(Unsafe.ReadUnaligned<byte>(p)).AsByte();
    }
    [MethodImpl(Inline)] public static Vector128<byte> V128Load16Splat(int address, Memory memory, ulong offset)
    {
        var p = At(address, memory, offset, 2);
        return Vector128.Create(Unsafe.ReadUnaligned<ushort>(p)).AsByte();
    }
    [MethodImpl(Inline)] public static Vector128<byte> V128Load32Splat(int address, Memory memory, ulong offset)
    {
        var p = At(address, memory, offset, 4);
        return Vector128.Create(Unsafe.ReadUnaligned<uint>(p)).AsByte();
    }
    [MethodImpl(Inline)] public static Vector128<byte> V128Load64Splat(int address, Memory memory, ulong offset)
    {
        var p = At(address, memory, offset, 8);
        return Vector128.Create(Unsafe.ReadUnaligned<ulong>(p)).AsByte();
    }
    [MethodImpl(Inline)] public static Vector128<byte> V128Load32Zero(int address, Memory memory, ulong offset)
    {
        var p = At(address, memory, offset, 4);
        return Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(p)).AsByte();
    }
    [MethodImpl(Inline)] public static Vector128<byte> V128Load64Zero(int address, Memory memory, ulong offset)
    {
        var p = At(address, memory, offset, 8);
        return Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(p)).AsByte();
    }
    public static Vector128<byte> V128Load8Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var p = At(address, memory, offset, 1);
        return v.AsByte().WithElement(lane, Unsafe.ReadUnaligned<byte>(p)).AsByte();
    }
    public static void V128Store8Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var p = At(address, memory, offset, 1);
        Unsafe.WriteUnaligned(p, v.AsByte().GetElement(lane));
    }
    public static Vector128<byte> V128Load16Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var p = At(address, memory, offset, 2);
        return v.AsUInt16().WithElement(lane, Unsafe.ReadUnaligned<ushort>(p)).AsByte();
    }
    public static void V128Store16Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var p = At(address, memory, offset, 2);
        Unsafe.WriteUnaligned(p, v.AsUInt16().GetElement(lane));
    }
    public static Vector128<byte> V128Load32Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var p = At(address, memory, offset, 4);
        return v.AsUInt32().WithElement(lane, Unsafe.ReadUnaligned<uint>(p)).AsByte();
    }
    public static void V128Store32Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var p = At(address, memory, offset, 4);
        Unsafe.WriteUnaligned(p, v.AsUInt32().GetElement(lane));
    }
    public static Vector128<byte> V128Load64Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var p = At(address, memory, offset, 8);
        return v.AsUInt64().WithElement(lane, Unsafe.ReadUnaligned<ulong>(p)).AsByte();
    }
    public static void V128Store64Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var p = At(address, memory, offset, 8);
        Unsafe.WriteUnaligned(p, v.AsUInt64().GetElement(lane));
    }
}

using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WitBindgen.Runtime.Execution;

/// <summary>SIMD constants, splats, lanes, shuffles and v128 memory access (same bounds check as scalar accesses).
/// Method names equal the opcode names; lane and offset immediates come last.</summary>
internal static unsafe class SimdLanes
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

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
        var ea = (ulong)(uint)address + offset;
        if (ea + 16 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        return Unsafe.ReadUnaligned<Vector128<byte>>(p);
    }
    [MethodImpl(Inline)] public static void V128Store(int address, Vector128<byte> value, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 16 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        Unsafe.WriteUnaligned(p, value);
    }
    public static Vector128<byte> V128Load8x8S(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        Span<short> r = stackalloc short[8];
        for (var i = 0; i < 8; i++) r[i] = Unsafe.ReadUnaligned<sbyte>(p + i * sizeof(sbyte));
        return Vector128.Create<short>(r).AsByte();
    }
    public static Vector128<byte> V128Load8x8U(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        Span<ushort> r = stackalloc ushort[8];
        for (var i = 0; i < 8; i++) r[i] = Unsafe.ReadUnaligned<byte>(p + i * sizeof(byte));
        return Vector128.Create<ushort>(r).AsByte();
    }
    public static Vector128<byte> V128Load16x4S(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        Span<int> r = stackalloc int[4];
        for (var i = 0; i < 4; i++) r[i] = Unsafe.ReadUnaligned<short>(p + i * sizeof(short));
        return Vector128.Create<int>(r).AsByte();
    }
    public static Vector128<byte> V128Load16x4U(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        Span<uint> r = stackalloc uint[4];
        for (var i = 0; i < 4; i++) r[i] = Unsafe.ReadUnaligned<ushort>(p + i * sizeof(ushort));
        return Vector128.Create<uint>(r).AsByte();
    }
    public static Vector128<byte> V128Load32x2S(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        Span<long> r = stackalloc long[2];
        for (var i = 0; i < 2; i++) r[i] = Unsafe.ReadUnaligned<int>(p + i * sizeof(int));
        return Vector128.Create<long>(r).AsByte();
    }
    public static Vector128<byte> V128Load32x2U(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        Span<ulong> r = stackalloc ulong[2];
        for (var i = 0; i < 2; i++) r[i] = Unsafe.ReadUnaligned<uint>(p + i * sizeof(uint));
        return Vector128.Create<ulong>(r).AsByte();
    }
    [MethodImpl(Inline)] public static Vector128<byte> V128Load8Splat(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        return Vector128.Create(Unsafe.ReadUnaligned<byte>(p)).AsByte();
    }
    [MethodImpl(Inline)] public static Vector128<byte> V128Load16Splat(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        return Vector128.Create(Unsafe.ReadUnaligned<ushort>(p)).AsByte();
    }
    [MethodImpl(Inline)] public static Vector128<byte> V128Load32Splat(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        return Vector128.Create(Unsafe.ReadUnaligned<uint>(p)).AsByte();
    }
    [MethodImpl(Inline)] public static Vector128<byte> V128Load64Splat(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        return Vector128.Create(Unsafe.ReadUnaligned<ulong>(p)).AsByte();
    }
    [MethodImpl(Inline)] public static Vector128<byte> V128Load32Zero(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        return Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(p)).AsByte();
    }
    [MethodImpl(Inline)] public static Vector128<byte> V128Load64Zero(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        return Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(p)).AsByte();
    }
    public static Vector128<byte> V128Load8Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        return v.AsByte().WithElement(lane, Unsafe.ReadUnaligned<byte>(p)).AsByte();
    }
    public static void V128Store8Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        Unsafe.WriteUnaligned(p, v.AsByte().GetElement(lane));
    }
    public static Vector128<byte> V128Load16Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        return v.AsUInt16().WithElement(lane, Unsafe.ReadUnaligned<ushort>(p)).AsByte();
    }
    public static void V128Store16Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        Unsafe.WriteUnaligned(p, v.AsUInt16().GetElement(lane));
    }
    public static Vector128<byte> V128Load32Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        return v.AsUInt32().WithElement(lane, Unsafe.ReadUnaligned<uint>(p)).AsByte();
    }
    public static void V128Store32Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        Unsafe.WriteUnaligned(p, v.AsUInt32().GetElement(lane));
    }
    public static Vector128<byte> V128Load64Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        return v.AsUInt64().WithElement(lane, Unsafe.ReadUnaligned<ulong>(p)).AsByte();
    }
    public static void V128Store64Lane(int address, Vector128<byte> v, Memory memory, ulong offset, int lane)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        var p = memory.Base + ea;
        Unsafe.WriteUnaligned(p, v.AsUInt64().GetElement(lane));
    }
}

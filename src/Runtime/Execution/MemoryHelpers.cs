using System;
using System.Runtime.CompilerServices;

namespace WitBindgen.Runtime.Execution;

/// <summary>
/// Loads and stores: one unsigned check <c>(ulong)addr + offset + size &lt;= length</c> against a base
/// that never moves, then an unaligned access. Inlined into compiled code, which keeps the base and the
/// length in locals (the length is reloaded after calls and memory.grow). Also bulk memory operations.
/// </summary>
internal static unsafe class MemoryHelpers
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    [MethodImpl(Inline)] public static int I32Load(int address, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<int>(memoryBase + ea);
    }

    [MethodImpl(Inline)] public static long I64Load(int address, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<long>(memoryBase + ea);
    }

    [MethodImpl(Inline)] public static float F32Load(int address, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<float>(memoryBase + ea);
    }

    [MethodImpl(Inline)] public static double F64Load(int address, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<double>(memoryBase + ea);
    }

    [MethodImpl(Inline)] public static int I32Load8S(int address, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<sbyte>(memoryBase + ea);
    }

    [MethodImpl(Inline)] public static int I32Load8U(int address, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<byte>(memoryBase + ea);
    }

    [MethodImpl(Inline)] public static int I32Load16S(int address, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<short>(memoryBase + ea);
    }

    [MethodImpl(Inline)] public static int I32Load16U(int address, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<ushort>(memoryBase + ea);
    }

    [MethodImpl(Inline)] public static long I64Load8S(int address, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<sbyte>(memoryBase + ea);
    }

    [MethodImpl(Inline)] public static long I64Load8U(int address, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<byte>(memoryBase + ea);
    }

    [MethodImpl(Inline)] public static long I64Load16S(int address, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<short>(memoryBase + ea);
    }

    [MethodImpl(Inline)] public static long I64Load16U(int address, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<ushort>(memoryBase + ea);
    }

    [MethodImpl(Inline)] public static long I64Load32S(int address, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<int>(memoryBase + ea);
    }

    [MethodImpl(Inline)] public static long I64Load32U(int address, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<uint>(memoryBase + ea);
    }

    [MethodImpl(Inline)] public static void I32Store(int address, int value, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memoryBase + ea, value);
    }

    [MethodImpl(Inline)] public static void I64Store(int address, long value, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memoryBase + ea, value);
    }

    [MethodImpl(Inline)] public static void F32Store(int address, float value, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memoryBase + ea, value);
    }

    [MethodImpl(Inline)] public static void F64Store(int address, double value, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memoryBase + ea, value);
    }

    [MethodImpl(Inline)] public static void I32Store8(int address, int value, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memoryBase + ea, (byte)value);
    }

    [MethodImpl(Inline)] public static void I32Store16(int address, int value, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memoryBase + ea, (ushort)value);
    }

    [MethodImpl(Inline)] public static void I64Store8(int address, long value, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memoryBase + ea, (byte)value);
    }

    [MethodImpl(Inline)] public static void I64Store16(int address, long value, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memoryBase + ea, (ushort)value);
    }

    [MethodImpl(Inline)] public static void I64Store32(int address, long value, byte* memoryBase, ulong length, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memoryBase + ea, (uint)value);
    }

    /// <summary>memory64/table64: an i64 address, index or size on the 32-bit path; values beyond 32 bits
    /// become 0xFFFFFFFF, out of bounds of every 64-bit memory and table (see FunctionCompiler.Memory).</summary>
    [MethodImpl(Inline)] public static int Saturate(long value) => (ulong)value > uint.MaxValue ? -1 : (int)value;

    public static int Size(Memory memory) => (int)memory.Pages;

    public static int Grow(int delta, Memory memory) => memory.Grow((uint)delta);

    public static void Fill(int destination, int value, int count, Memory memory)
    {
        var d = (ulong)(uint)destination;
        var n = (ulong)(uint)count;
        if (d + n > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        new Span<byte>(memory.Base + d, (int)Math.Min(n, int.MaxValue)).Fill((byte)value);
        if (n > int.MaxValue) new Span<byte>(memory.Base + d + int.MaxValue, (int)(n - int.MaxValue)).Fill((byte)value);
    }

    public static void Copy(int destination, int source, int count, Memory memory) => CopyBetween(destination, source, count, memory, memory);

    public static void CopyBetween(int destination, int source, int count, Memory target, Memory from)
    {
        var d = (ulong)(uint)destination;
        var s = (ulong)(uint)source;
        var n = (ulong)(uint)count;
        if (s + n > from.Length || d + n > target.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        Buffer.MemoryCopy(from.Base + s, target.Base + d, n, n); // handles overlap
    }

    public static void Init(int destination, int source, int count, InstanceContext context, int segment, Memory memory)
    {
        var data = context.DataSegments[segment].Span;
        var d = (ulong)(uint)destination;
        var s = (ulong)(uint)source;
        var n = (ulong)(uint)count;
        if (s + n > (ulong)data.Length || d + n > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        data.Slice((int)s, (int)n).CopyTo(new Span<byte>(memory.Base + d, (int)n));
    }

    public static void DataDrop(InstanceContext context, int segment) => context.DataSegments[segment] = ReadOnlyMemory<byte>.Empty;
}

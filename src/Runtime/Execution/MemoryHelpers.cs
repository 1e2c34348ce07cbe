using System;
using System.Runtime.CompilerServices;

namespace WitBindgen.Runtime.Execution;

/// <summary>
/// Loads and stores: one unsigned check <c>(ulong)addr + offset + size &lt;= length</c> against a base
/// that never moves, then an unaligned access. Inlined into compiled code. Also bulk memory operations.
/// </summary>
internal static unsafe class MemoryHelpers
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    [MethodImpl(Inline)] public static int I32Load(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<int>(memory.Base + ea);
    }

    [MethodImpl(Inline)] public static long I64Load(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<long>(memory.Base + ea);
    }

    [MethodImpl(Inline)] public static float F32Load(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<float>(memory.Base + ea);
    }

    [MethodImpl(Inline)] public static double F64Load(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<double>(memory.Base + ea);
    }

    [MethodImpl(Inline)] public static int I32Load8S(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<sbyte>(memory.Base + ea);
    }

    [MethodImpl(Inline)] public static int I32Load8U(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<byte>(memory.Base + ea);
    }

    [MethodImpl(Inline)] public static int I32Load16S(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<short>(memory.Base + ea);
    }

    [MethodImpl(Inline)] public static int I32Load16U(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<ushort>(memory.Base + ea);
    }

    [MethodImpl(Inline)] public static long I64Load8S(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<sbyte>(memory.Base + ea);
    }

    [MethodImpl(Inline)] public static long I64Load8U(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<byte>(memory.Base + ea);
    }

    [MethodImpl(Inline)] public static long I64Load16S(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<short>(memory.Base + ea);
    }

    [MethodImpl(Inline)] public static long I64Load16U(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<ushort>(memory.Base + ea);
    }

    [MethodImpl(Inline)] public static long I64Load32S(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<int>(memory.Base + ea);
    }

    [MethodImpl(Inline)] public static long I64Load32U(int address, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        return Unsafe.ReadUnaligned<uint>(memory.Base + ea);
    }

    [MethodImpl(Inline)] public static void I32Store(int address, int value, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memory.Base + ea, value);
    }

    [MethodImpl(Inline)] public static void I64Store(int address, long value, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memory.Base + ea, value);
    }

    [MethodImpl(Inline)] public static void F32Store(int address, float value, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memory.Base + ea, value);
    }

    [MethodImpl(Inline)] public static void F64Store(int address, double value, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memory.Base + ea, value);
    }

    [MethodImpl(Inline)] public static void I32Store8(int address, int value, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memory.Base + ea, (byte)value);
    }

    [MethodImpl(Inline)] public static void I32Store16(int address, int value, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memory.Base + ea, (ushort)value);
    }

    [MethodImpl(Inline)] public static void I64Store8(int address, long value, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memory.Base + ea, (byte)value);
    }

    [MethodImpl(Inline)] public static void I64Store16(int address, long value, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memory.Base + ea, (ushort)value);
    }

    [MethodImpl(Inline)] public static void I64Store32(int address, long value, Memory memory, ulong offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > memory.Length) TrapHelpers.ThrowMemoryOutOfBounds();
        Unsafe.WriteUnaligned(memory.Base + ea, (uint)value);
    }

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

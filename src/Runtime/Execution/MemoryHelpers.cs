using System;
using System.Runtime.CompilerServices;

namespace WitBindgen.Runtime.Execution;

/// <summary>
/// Loads and stores: one check <c>(ulong)addr + offset + size &lt;= length</c> (see <see cref="Check"/>) against a
/// base that never moves, then an unaligned access. Inlined into compiled code, which keeps the base and the
/// length in locals (the length is reloaded after calls and memory.grow). Also bulk memory operations.
/// </summary>
internal static unsafe class MemoryHelpers
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    /// <summary>Traps unless <c>address + extent &lt;= length</c>, where <paramref name="extent"/> is the static offset plus
    /// the access size (SIMD accesses too), or the count of a bulk operation. Written as <c>address &gt; length - extent</c>
    /// in signed 64-bit arithmetic (no overflow: the length is at most 2^32, the offset saturates at 2^32 and a count is
    /// below 2^32): the right side is a constant subtracted from the cached length
    /// local, which changes only after calls and memory.grow, so RyuJIT folds the offset into it, shares it between
    /// the accesses of a loop and hoists it out; the check left in the loop is one compare of the zero-extended address.</summary>
    [MethodImpl(Inline)] internal static void Check(int address, ulong length, ulong extent)
    {
        if ((long)(uint)address > (long)length - (long)extent) TrapHelpers.ThrowMemoryOutOfBounds();
    }

    [MethodImpl(Inline)] public static int I32Load(int address, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 4);
        return Unsafe.ReadUnaligned<int>(memoryBase + (uint)address + offset);
    }

    [MethodImpl(Inline)] public static long I64Load(int address, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 8);
        return Unsafe.ReadUnaligned<long>(memoryBase + (uint)address + offset);
    }

    [MethodImpl(Inline)] public static float F32Load(int address, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 4);
        return Unsafe.ReadUnaligned<float>(memoryBase + (uint)address + offset);
    }

    [MethodImpl(Inline)] public static double F64Load(int address, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 8);
        return Unsafe.ReadUnaligned<double>(memoryBase + (uint)address + offset);
    }

    [MethodImpl(Inline)] public static int I32Load8S(int address, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 1);
        return Unsafe.ReadUnaligned<sbyte>(memoryBase + (uint)address + offset);
    }

    [MethodImpl(Inline)] public static int I32Load8U(int address, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 1);
        return Unsafe.ReadUnaligned<byte>(memoryBase + (uint)address + offset);
    }

    [MethodImpl(Inline)] public static int I32Load16S(int address, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 2);
        return Unsafe.ReadUnaligned<short>(memoryBase + (uint)address + offset);
    }

    [MethodImpl(Inline)] public static int I32Load16U(int address, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 2);
        return Unsafe.ReadUnaligned<ushort>(memoryBase + (uint)address + offset);
    }

    [MethodImpl(Inline)] public static long I64Load8S(int address, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 1);
        return Unsafe.ReadUnaligned<sbyte>(memoryBase + (uint)address + offset);
    }

    [MethodImpl(Inline)] public static long I64Load8U(int address, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 1);
        return Unsafe.ReadUnaligned<byte>(memoryBase + (uint)address + offset);
    }

    [MethodImpl(Inline)] public static long I64Load16S(int address, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 2);
        return Unsafe.ReadUnaligned<short>(memoryBase + (uint)address + offset);
    }

    [MethodImpl(Inline)] public static long I64Load16U(int address, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 2);
        return Unsafe.ReadUnaligned<ushort>(memoryBase + (uint)address + offset);
    }

    [MethodImpl(Inline)] public static long I64Load32S(int address, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 4);
        return Unsafe.ReadUnaligned<int>(memoryBase + (uint)address + offset);
    }

    [MethodImpl(Inline)] public static long I64Load32U(int address, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 4);
        return Unsafe.ReadUnaligned<uint>(memoryBase + (uint)address + offset);
    }

    [MethodImpl(Inline)] public static void I32Store(int address, int value, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 4);
        Unsafe.WriteUnaligned(memoryBase + (uint)address + offset, value);
    }

    [MethodImpl(Inline)] public static void I64Store(int address, long value, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 8);
        Unsafe.WriteUnaligned(memoryBase + (uint)address + offset, value);
    }

    [MethodImpl(Inline)] public static void F32Store(int address, float value, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 4);
        Unsafe.WriteUnaligned(memoryBase + (uint)address + offset, value);
    }

    [MethodImpl(Inline)] public static void F64Store(int address, double value, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 8);
        Unsafe.WriteUnaligned(memoryBase + (uint)address + offset, value);
    }

    [MethodImpl(Inline)] public static void I32Store8(int address, int value, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 1);
        Unsafe.WriteUnaligned(memoryBase + (uint)address + offset, (byte)value);
    }

    [MethodImpl(Inline)] public static void I32Store16(int address, int value, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 2);
        Unsafe.WriteUnaligned(memoryBase + (uint)address + offset, (ushort)value);
    }

    [MethodImpl(Inline)] public static void I64Store8(int address, long value, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 1);
        Unsafe.WriteUnaligned(memoryBase + (uint)address + offset, (byte)value);
    }

    [MethodImpl(Inline)] public static void I64Store16(int address, long value, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 2);
        Unsafe.WriteUnaligned(memoryBase + (uint)address + offset, (ushort)value);
    }

    [MethodImpl(Inline)] public static void I64Store32(int address, long value, byte* memoryBase, ulong length, ulong offset)
    {
        Check(address, length, offset + 4);
        Unsafe.WriteUnaligned(memoryBase + (uint)address + offset, (uint)value);
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
        Check(destination, memory.Length, n);
        new Span<byte>(memory.Base + d, (int)Math.Min(n, int.MaxValue)).Fill((byte)value);
        if (n > int.MaxValue) new Span<byte>(memory.Base + d + int.MaxValue, (int)(n - int.MaxValue)).Fill((byte)value);
    }

    public static void Copy(int destination, int source, int count, Memory memory) => CopyBetween(destination, source, count, memory, memory);

    public static void CopyBetween(int destination, int source, int count, Memory target, Memory from)
    {
        var d = (ulong)(uint)destination;
        var s = (ulong)(uint)source;
        var n = (ulong)(uint)count;
        Check(source, from.Length, n);
        Check(destination, target.Length, n);
        Buffer.MemoryCopy(from.Base + s, target.Base + d, n, n); // handles overlap
    }

    public static void Init(int destination, int source, int count, InstanceContext context, int segment, Memory memory)
    {
        var data = context.DataSegments[segment].Span;
        var d = (ulong)(uint)destination;
        var s = (ulong)(uint)source;
        var n = (ulong)(uint)count;
        Check(source, (ulong)data.Length, n);
        Check(destination, memory.Length, n);
        data.Slice((int)s, (int)n).CopyTo(new Span<byte>(memory.Base + d, (int)n));
    }

    public static void DataDrop(InstanceContext context, int segment) => context.DataSegments[segment] = ReadOnlyMemory<byte>.Empty;
}

using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.Runtime.Compilation;

namespace WitBindgen.Runtime.Execution;

/// <summary>
/// GC operations called by compiled code: struct and array allocation and access (with their null and bounds traps),
/// i31, ref.eq and casts. Operands arrive as <c>object</c> (every reference is one); the validator guarantees their
/// static types, so a non-null struct operand is a <see cref="GcStruct"/> of a subtype of the instruction's type.
/// </summary>
internal static class GcHelpers
{
    /// <summary>The most elements one array may have (the CLR's array limit is a little below 2^31; one allocation of
    /// a hostile length must trap, not take the process down).</summary>
    internal const int MaxArrayLength = 1 << 28;

    // ---- structs ----

    public static GcStruct NewStruct(int typeId) => new(TypeRegistry.Gc(typeId)!);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static GcStruct Struct(object? s)
    {
        if (s is null) TrapHelpers.Throw(TrapCode.NullStructReference);
        return Unsafe.As<GcStruct>(s);
    }

    public static int StructGetI32(object? s, int slot) => (int)Struct(s).Bits[slot];
    public static int StructGetI8S(object? s, int slot) => (sbyte)Struct(s).Bits[slot];
    public static int StructGetI8U(object? s, int slot) => (byte)Struct(s).Bits[slot];
    public static int StructGetI16S(object? s, int slot) => (short)Struct(s).Bits[slot];
    public static int StructGetI16U(object? s, int slot) => (ushort)Struct(s).Bits[slot];
    public static long StructGetI64(object? s, int slot) => Struct(s).Bits[slot];
    public static float StructGetF32(object? s, int slot) => BitConverter.Int32BitsToSingle((int)Struct(s).Bits[slot]);
    public static double StructGetF64(object? s, int slot) => BitConverter.Int64BitsToDouble(Struct(s).Bits[slot]);
    public static object? StructGetRef(object? s, int slot) => Struct(s).Refs[slot];

    public static Vector128<byte> StructGetV128(object? s, int slot)
    {
        var bits = Struct(s).Bits;
        return Vector128.Create(bits[slot], bits[slot + 1]).AsByte();
    }

    public static void StructSetI32(object? s, int value, int slot) => Struct(s).Bits[slot] = value;
    public static void StructSetI64(object? s, long value, int slot) => Struct(s).Bits[slot] = value;
    public static void StructSetF32(object? s, float value, int slot) => Struct(s).Bits[slot] = BitConverter.SingleToInt32Bits(value);
    public static void StructSetF64(object? s, double value, int slot) => Struct(s).Bits[slot] = BitConverter.DoubleToInt64Bits(value);
    public static void StructSetRef(object? s, object? value, int slot) => Struct(s).Refs[slot] = value;

    public static void StructSetV128(object? s, Vector128<byte> value, int slot)
    {
        var bits = Struct(s).Bits;
        bits[slot] = value.AsInt64().GetElement(0);
        bits[slot + 1] = value.AsInt64().GetElement(1);
    }

    // ---- arrays ----

    private static int CheckLength(int length)
    {
        if ((uint)length > MaxArrayLength) TrapHelpers.Throw(TrapCode.ArrayOutOfBounds);
        return length;
    }

    public static GcArray<T> ArrayNew<T>(T value, int length, int typeId)
    {
        var data = new T[CheckLength(length)];
        Array.Fill(data, value);
        return new GcArray<T>(TypeRegistry.Gc(typeId)!, data);
    }

    public static GcArray<byte> ArrayNewI8(int value, int length, int typeId) => ArrayNew((byte)value, length, typeId);
    public static GcArray<ushort> ArrayNewI16(int value, int length, int typeId) => ArrayNew((ushort)value, length, typeId);

    public static GcArray<T> ArrayNewDefault<T>(int length, int typeId) => new(TypeRegistry.Gc(typeId)!, new T[CheckLength(length)]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T[] Data<T>(object? a)
    {
        if (a is null) TrapHelpers.Throw(TrapCode.NullArrayReference);
        return Unsafe.As<GcArray<T>>(a).Data;
    }

    public static T ArrayGet<T>(object? a, int index)
    {
        var data = Data<T>(a);
        if ((uint)index >= (uint)data.Length) TrapHelpers.Throw(TrapCode.ArrayOutOfBounds);
        return data[index];
    }

    public static int ArrayGetI8S(object? a, int index) => (sbyte)ArrayGet<byte>(a, index);
    public static int ArrayGetI8U(object? a, int index) => ArrayGet<byte>(a, index);
    public static int ArrayGetI16S(object? a, int index) => (short)ArrayGet<ushort>(a, index);
    public static int ArrayGetI16U(object? a, int index) => ArrayGet<ushort>(a, index);

    public static void ArraySet<T>(object? a, int index, T value)
    {
        var data = Data<T>(a);
        if ((uint)index >= (uint)data.Length) TrapHelpers.Throw(TrapCode.ArrayOutOfBounds);
        data[index] = value;
    }

    public static void ArraySetI8(object? a, int index, int value) => ArraySet(a, index, (byte)value);
    public static void ArraySetI16(object? a, int index, int value) => ArraySet(a, index, (ushort)value);

    public static int ArrayLen(object? a)
    {
        if (a is null) TrapHelpers.Throw(TrapCode.NullArrayReference);
        return Unsafe.As<GcArray>(a).Length;
    }

    public static void ArrayFill<T>(object? a, int offset, T value, int count)
    {
        var data = Data<T>(a);
        if ((ulong)(uint)offset + (uint)count > (ulong)data.Length) TrapHelpers.Throw(TrapCode.ArrayOutOfBounds);
        data.AsSpan(offset, count).Fill(value);
    }

    public static void ArrayFillI8(object? a, int offset, int value, int count) => ArrayFill(a, offset, (byte)value, count);
    public static void ArrayFillI16(object? a, int offset, int value, int count) => ArrayFill(a, offset, (ushort)value, count);

    /// <summary>array.copy (overlapping ranges copy as if through a temporary).</summary>
    public static void ArrayCopy<T>(object? destination, int d, object? source, int s, int count)
    {
        var to = Data<T>(destination);
        var from = Data<T>(source);
        if ((ulong)(uint)d + (uint)count > (ulong)to.Length || (ulong)(uint)s + (uint)count > (ulong)from.Length)
            TrapHelpers.Throw(TrapCode.ArrayOutOfBounds);
        Array.Copy(from, s, to, d, count);
    }

    /// <summary>array.new_data: elements read little-endian from the data segment (a dropped one is empty).</summary>
    public static GcArray<T> ArrayNewData<T>(int offset, int length, InstanceContext context, int segment, int typeId) where T : unmanaged
    {
        CheckData<T>(offset, length, context, segment);
        var data = new T[CheckLength(length)];
        CopyData(data, 0, offset, length, context, segment);
        return new GcArray<T>(TypeRegistry.Gc(typeId)!, data);
    }

    public static void ArrayInitData<T>(object? a, int d, int offset, int count, InstanceContext context, int segment) where T : unmanaged
    {
        var data = Data<T>(a);
        if ((ulong)(uint)d + (uint)count > (ulong)data.Length) TrapHelpers.Throw(TrapCode.ArrayOutOfBounds);
        CopyData(data, d, offset, count, context, segment);
    }

    private static void CheckData<T>(int offset, int count, InstanceContext context, int segment) where T : unmanaged
    {
        if ((ulong)(uint)offset + (ulong)(uint)count * (ulong)Unsafe.SizeOf<T>() > (ulong)context.DataSegments[segment].Length)
            TrapHelpers.ThrowMemoryOutOfBounds();
    }

    private static void CopyData<T>(T[] data, int d, int offset, int count, InstanceContext context, int segment) where T : unmanaged
    {
        CheckData<T>(offset, count, context, segment);
        var bytes = context.DataSegments[segment].Span;
        var size = Unsafe.SizeOf<T>();
        // Little-endian host: the segment's bytes are the elements' bytes.
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(bytes.Slice(offset, count * size)).CopyTo(data.AsSpan(d, count));
    }

    /// <summary>array.new_elem: the element segment's references (a dropped one is empty).</summary>
    public static GcArray<object?> ArrayNewElem(int offset, int length, InstanceContext context, int segment, int typeId)
    {
        if ((ulong)(uint)offset + (uint)length > (ulong)(context.ElementSegments[segment]?.Length ?? 0)) TrapHelpers.ThrowTableOutOfBounds();
        var data = new object?[length];
        CopyElements(data, 0, offset, length, context, segment);
        return new GcArray<object?>(TypeRegistry.Gc(typeId)!, data);
    }

    public static void ArrayInitElem(object? a, int d, int offset, int count, InstanceContext context, int segment)
    {
        var data = Data<object?>(a);
        if ((ulong)(uint)d + (uint)count > (ulong)data.Length) TrapHelpers.Throw(TrapCode.ArrayOutOfBounds);
        CopyElements(data, d, offset, count, context, segment);
    }

    private static void CopyElements(object?[] data, int d, int offset, int count, InstanceContext context, int segment)
    {
        var items = context.ElementSegments[segment] ?? Array.Empty<object?>();
        if ((ulong)(uint)offset + (uint)count > (ulong)items.Length) TrapHelpers.ThrowTableOutOfBounds();
        Array.Copy(items, offset, data, d, count);
    }

    // ---- i31, ref.eq ----

    public static object RefI31(int value) => I31Ref.Of(value);

    public static int I31GetS(object? i)
    {
        if (i is null) TrapHelpers.Throw(TrapCode.NullI31Reference);
        return Unsafe.As<I31Ref>(i).Value;
    }

    public static int I31GetU(object? i) => I31GetS(i) & 0x7FFF_FFFF;

    /// <summary>ref.eq: identity, except that i31 references compare by value.</summary>
    public static int RefEq(object? a, object? b) =>
        ReferenceEquals(a, b) || (a is I31Ref x && b is I31Ref y && x.Value == y.Value) ? 1 : 0;

    // ---- casts ----

    /// <summary>ref.test: whether <paramref name="value"/> is of the reference type with canonical heap type
    /// <paramref name="heap"/> (for a type id, <paramref name="depth"/> is its depth in its supertype chain).</summary>
    public static int Test(object? value, int heap, int depth, int nullable) =>
        value is null ? nullable : Is(value, heap, depth) ? 1 : 0;

    /// <summary>ref.cast: the value, or a trap.</summary>
    public static object? Cast(object? value, int heap, int depth, int nullable)
    {
        if (value is null ? nullable == 0 : !Is(value, heap, depth)) TrapHelpers.Throw(TrapCode.CastFailure);
        return value;
    }

    /// <summary>Whether a non-null reference is of canonical heap type <paramref name="heap"/>.</summary>
    internal static bool Is(object value, int heap, int depth)
    {
        if (ValueTypes.IsTypeIndex(heap))
        {
            GcType? type;
            switch (value)
            {
                case GcStruct s: type = s.Type; break;
                case GcArray a: type = a.Type; break;
                case Function f:
                    if (f.TypeId == heap) return true;
                    type = TypeRegistry.Gc(f.TypeId);
                    break;
                default: return false;
            }
            return type is not null && (type.Id == heap || (depth < type.Ancestors.Length && type.Ancestors[depth] == heap));
        }
        return heap switch
        {
            ValueTypes.HeapAny or ValueTypes.HeapExtern => true,
            ValueTypes.HeapEq => value is GcStruct or GcArray or I31Ref,
            ValueTypes.HeapI31 => value is I31Ref,
            ValueTypes.HeapStruct => value is GcStruct,
            ValueTypes.HeapArray => value is GcArray,
            ValueTypes.HeapFunc => value is Function,
            ValueTypes.HeapExn => value is ThrownException,
            _ => false,
        };
    }

    /// <summary>Whether a non-null reference is of canonical heap type <paramref name="heap"/> (host-side checks).</summary>
    internal static bool Is(object value, int heap) =>
        Is(value, heap, ValueTypes.IsTypeIndex(heap) && TypeRegistry.Gc(heap) is { } type ? type.Depth : int.MaxValue);

    /// <summary>call_indirect in a GC module to a type that may have subtypes: the callee's type may be one.</summary>
    public static Function ResolveIndirectSubtype(int index, Table table, int typeId, int depth)
    {
        var elements = table.Elements;
        if ((uint)index >= (uint)elements.Length) TrapHelpers.Throw(TrapCode.UndefinedElement);
        var element = elements[index];
        if (element is null) TrapHelpers.ThrowUninitialized(index);
        var function = Unsafe.As<Function>(element);
        if (function.TypeId != typeId && !Is(function, typeId, depth)) TrapHelpers.Throw(TrapCode.BadSignature);
        return function;
    }
}

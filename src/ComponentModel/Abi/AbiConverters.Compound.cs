using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.ComponentModel.Abi;

// The inner nodes of the converter tree: strings, lists, records/tuples and variant-likes. Each holds its children's
// converters and its layout, read once from the ValType when the tree is built.

/// <summary>string: (pointer, tagged code units) in the options' encoding (CanonicalAbi.Strings.cs does the transcoding).</summary>
internal sealed class StringConverter : AbiConverter
{
    public StringConverter(ValType t) : base(t) { }

    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index)
    {
        uint ptr = (uint)src[index], units = (uint)src[index + 1];
        index += 2;
        return CanonicalAbi.LoadString(cx, ptr, units);
    }

    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CanonicalAbi.Expect(v, Type);
        var (ptr, units) = CanonicalAbi.StoreStringIntoRange(cx, v);
        dst[index] = ptr; dst[index + 1] = units;
        index += 2;
    }

    public override ComponentValue Load(CanonicalOptions cx, uint ptr)
    {
        ReadOnlySpan<byte> m = cx.Bytes.Slice((int)ptr);
        return CanonicalAbi.LoadString(cx, BinaryPrimitives.ReadUInt32LittleEndian(m), BinaryPrimitives.ReadUInt32LittleEndian(m.Slice(4)));
    }

    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        CanonicalAbi.Expect(v, Type);
        var (begin, units) = CanonicalAbi.StoreStringIntoRange(cx, v);
        // Memory is read again after the string's reallocs (they may grow it).
        var m = cx.Bytes.Slice((int)ptr);
        BinaryPrimitives.WriteUInt32LittleEndian(m, begin);
        BinaryPrimitives.WriteUInt32LittleEndian(m.Slice(4), units);
    }
}

/// <summary>list and map: (pointer, length) of elements stored one after another, allocated with realloc when lowered.</summary>
internal sealed class ListConverter : AbiConverter
{
    private readonly AbiConverter _element;
    private readonly uint _size, _alignment;

    /// <summary>Whether the elements are numbers or bools: moved in one pass over one span of memory, without a
    /// converter call and a bounds check per element.</summary>
    private readonly bool _scalars;

    public ListConverter(ValType t) : base(t)
    {
        var e = t.Element!;
        _element = For(e);
        _size = e.Size;
        _alignment = e.Alignment;
        _scalars = e.Kind is ValTypeKind.Bool or ValTypeKind.S8 or ValTypeKind.U8 or ValTypeKind.S16 or ValTypeKind.U16
            or ValTypeKind.S32 or ValTypeKind.U32 or ValTypeKind.S64 or ValTypeKind.U64 or ValTypeKind.F32 or ValTypeKind.F64;
    }

    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index)
    {
        uint ptr = (uint)src[index], length = (uint)src[index + 1];
        index += 2;
        return LoadRange(cx, ptr, length);
    }

    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        var (ptr, length) = StoreRange(cx, v);
        dst[index] = ptr; dst[index + 1] = length;
        index += 2;
    }

    public override ComponentValue Load(CanonicalOptions cx, uint ptr)
    {
        ReadOnlySpan<byte> m = cx.Bytes.Slice((int)ptr);
        return LoadRange(cx, BinaryPrimitives.ReadUInt32LittleEndian(m), BinaryPrimitives.ReadUInt32LittleEndian(m.Slice(4)));
    }

    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        var (begin, length) = StoreRange(cx, v);
        var m = cx.Bytes.Slice((int)ptr);
        BinaryPrimitives.WriteUInt32LittleEndian(m, begin);
        BinaryPrimitives.WriteUInt32LittleEndian(m.Slice(4), length);
    }

    private ComponentValue LoadRange(CanonicalOptions cx, uint begin, uint length)
    {
        ulong byteLength = (ulong)length * _size;
        if (byteLength > CanonicalAbi.MaxListByteLength) throw CanonicalAbiTrap.Of(TrapKind.ListTooLong);
        if ((begin & (_alignment - 1)) != 0) throw CanonicalAbiTrap.Of(TrapKind.UnalignedPointer);
        if (begin + byteLength > (ulong)cx.Bytes.Length) throw CanonicalAbiTrap.Of(TrapKind.ListOutOfBounds);
        var items = length == 0 ? Array.Empty<ComponentValue>() : new ComponentValue[length];
        if (_scalars) ScalarLists.Load(_element.Type, cx.Bytes.Slice((int)begin, (int)byteLength), items);
        else
        {
            var element = _element;
            uint size = _size;
            for (uint i = 0; i < length; i++) items[i] = element.Load(cx, begin + i * size);
        }
        return ComponentValue.Compound(Type.Kind, items);
    }

    private (uint Ptr, uint Length) StoreRange(CanonicalOptions cx, in ComponentValue v)
    {
        var items = CanonicalAbi.ExpectItems(v, Type, -1);
        ulong byteLength = (ulong)items.Length * _size;
        if (byteLength > CanonicalAbi.MaxListByteLength) throw CanonicalAbiTrap.Of(TrapKind.ListTooLong);
        uint ptr = cx.CallRealloc(0, 0, _alignment, (uint)byteLength);
        if (_scalars) ScalarLists.Store(_element.Type, items, cx.Bytes.Slice((int)ptr, (int)byteLength));
        else
        {
            var element = _element;
            uint size = _size;
            for (uint i = 0; i < items.Length; i++) element.Store(cx, items[i], ptr + i * size);
        }
        return (ptr, (uint)items.Length);
    }
}

/// <summary>
/// The elements of a list of numbers or bools moved between one span of linear memory (little-endian, as wasm stores
/// them) and component values in one pass: the same bits, sign extension and NaN canonicalization as the scalar
/// converters' Load and Store, the caller having checked length, alignment and bounds once for the whole list.
/// </summary>
internal static class ScalarLists
{
    public static void Load(ValType element, ReadOnlySpan<byte> src, ComponentValue[] items)
    {
        var kind = element.Kind;
        switch (element.Size)
        {
            case 1:
                for (int i = 0; i < items.Length; i++)
                {
                    byte b = src[i];
                    items[i] = ComponentValue.FromBits(kind, kind == ValTypeKind.Bool ? (b != 0 ? 1UL : 0UL) : kind == ValTypeKind.S8 ? (ulong)(long)(sbyte)b : b);
                }
                break;
            case 2:
            {
                var h = MemoryMarshal.Cast<byte, ushort>(src);
                for (int i = 0; i < items.Length; i++)
                {
                    ushort bits = Le(h[i]);
                    items[i] = ComponentValue.FromBits(kind, kind == ValTypeKind.S16 ? (ulong)(long)(short)bits : bits);
                }
                break;
            }
            case 4:
            {
                var w = MemoryMarshal.Cast<byte, uint>(src);
                for (int i = 0; i < items.Length; i++)
                {
                    uint bits = Le(w[i]);
                    items[i] = ComponentValue.FromBits(kind, kind == ValTypeKind.S32 ? (ulong)(long)(int)bits
                        : kind == ValTypeKind.F32 ? CanonicalAbi.CanonicalizeNaN32(bits) : bits);
                }
                break;
            }
            default:
            {
                var q = MemoryMarshal.Cast<byte, ulong>(src);
                bool f64 = kind == ValTypeKind.F64;
                for (int i = 0; i < items.Length; i++)
                {
                    ulong bits = Le(q[i]);
                    items[i] = ComponentValue.FromBits(kind, f64 ? CanonicalAbi.CanonicalizeNaN64(bits) : bits);
                }
                break;
            }
        }
    }

    /// <summary>Stores <paramref name="items"/> (each checked to be of <paramref name="element"/>'s kind) into <paramref name="dst"/>.</summary>
    public static void Store(ValType element, ComponentValue[] items, Span<byte> dst)
    {
        var kind = element.Kind;
        switch (element.Size)
        {
            case 1:
                for (int i = 0; i < items.Length; i++)
                {
                    ulong bits = Bits(items[i], element);
                    dst[i] = kind == ValTypeKind.Bool ? (bits != 0 ? (byte)1 : (byte)0) : (byte)bits;
                }
                break;
            case 2:
            {
                var h = MemoryMarshal.Cast<byte, ushort>(dst);
                for (int i = 0; i < items.Length; i++) h[i] = Le((ushort)Bits(items[i], element));
                break;
            }
            case 4:
            {
                var w = MemoryMarshal.Cast<byte, uint>(dst);
                bool f32 = kind == ValTypeKind.F32;
                for (int i = 0; i < items.Length; i++)
                {
                    uint bits = (uint)Bits(items[i], element);
                    w[i] = Le(f32 ? CanonicalAbi.CanonicalizeNaN32(bits) : bits);
                }
                break;
            }
            default:
            {
                var q = MemoryMarshal.Cast<byte, ulong>(dst);
                bool f64 = kind == ValTypeKind.F64;
                for (int i = 0; i < items.Length; i++)
                {
                    ulong bits = Bits(items[i], element);
                    q[i] = Le(f64 ? CanonicalAbi.CanonicalizeNaN64(bits) : bits);
                }
                break;
            }
        }
    }

    private static ulong Bits(in ComponentValue v, ValType element)
    {
        if (v.Kind != element.Kind) CanonicalAbi.Expect(v, element);
        return v.Bits;
    }

    // Wasm memory is little-endian: on a big-endian host each element is swapped (the JIT drops the test elsewhere).
    private static ushort Le(ushort v) => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    private static uint Le(uint v) => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    private static ulong Le(ulong v) => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
}

/// <summary>list&lt;T, N&gt;: N elements inline, flattened one after another.</summary>
internal sealed class FixedListConverter : AbiConverter
{
    private readonly AbiConverter _element;
    private readonly uint _size;
    private readonly int _length;

    public FixedListConverter(ValType t) : base(t)
    {
        _element = For(t.Element!);
        _size = t.Element!.Size;
        _length = (int)t.Length;
    }

    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index)
    {
        var items = new ComponentValue[_length];
        for (int i = 0; i < items.Length; i++) items[i] = _element.LiftFlat(cx, src, ref index);
        return ComponentValue.Compound(ValTypeKind.FixedList, items);
    }

    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        var items = CanonicalAbi.ExpectItems(v, Type, _length);
        for (int i = 0; i < items.Length; i++) _element.LowerFlat(cx, items[i], dst, ref index);
    }

    public override ComponentValue Load(CanonicalOptions cx, uint ptr)
    {
        var items = new ComponentValue[_length];
        for (uint i = 0; i < items.Length; i++) items[i] = _element.Load(cx, ptr + i * _size);
        return ComponentValue.Compound(ValTypeKind.FixedList, items);
    }

    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        var items = CanonicalAbi.ExpectItems(v, Type, _length);
        for (uint i = 0; i < items.Length; i++) _element.Store(cx, items[i], ptr + i * _size);
    }
}

/// <summary>record and tuple: fields at their offsets, flattened one after another.</summary>
internal sealed class RecordConverter : AbiConverter
{
    private readonly AbiConverter[] _fields;
    private readonly uint[] _offsets;
    private readonly ValTypeKind _kind;

    public RecordConverter(ValType t) : base(t)
    {
        var fields = t.FieldArray;
        _fields = new AbiConverter[fields.Length];
        for (int i = 0; i < fields.Length; i++) _fields[i] = For(fields[i]);
        _offsets = t.FieldOffsetArray;
        _kind = t.Kind;
    }

    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index)
    {
        var fields = _fields;
        var items = new ComponentValue[fields.Length];
        for (int i = 0; i < items.Length; i++) items[i] = fields[i].LiftFlat(cx, src, ref index);
        return ComponentValue.Compound(_kind, items);
    }

    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        var fields = _fields;
        var items = CanonicalAbi.ExpectItems(v, Type, fields.Length);
        for (int i = 0; i < fields.Length; i++) fields[i].LowerFlat(cx, items[i], dst, ref index);
    }

    public override ComponentValue Load(CanonicalOptions cx, uint ptr)
    {
        var fields = _fields;
        var offsets = _offsets;
        var items = new ComponentValue[fields.Length];
        for (int i = 0; i < items.Length; i++) items[i] = fields[i].Load(cx, ptr + offsets[i]);
        return ComponentValue.Compound(_kind, items);
    }

    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        var fields = _fields;
        var items = CanonicalAbi.ExpectItems(v, Type, fields.Length);
        StoreFields(cx, items, ptr);
    }

    /// <summary>Stores <paramref name="values"/> as the fields (a spilled parameter area: values not wrapped in a tuple).</summary>
    public void StoreFields(CanonicalOptions cx, ReadOnlySpan<ComponentValue> values, uint ptr)
    {
        var fields = _fields;
        var offsets = _offsets;
        for (int i = 0; i < fields.Length; i++) fields[i].Store(cx, values[i], ptr + offsets[i]);
    }

    /// <summary>Loads the fields into <paramref name="values"/> (a spilled parameter area).</summary>
    public void LoadFields(CanonicalOptions cx, uint ptr, Span<ComponentValue> values)
    {
        var fields = _fields;
        var offsets = _offsets;
        for (int i = 0; i < fields.Length; i++) values[i] = fields[i].Load(cx, ptr + offsets[i]);
    }
}

/// <summary>variant, enum, option, result: a discriminant, then the case's payload (flat slots unused by the case are zero).</summary>
internal sealed class VariantConverter : AbiConverter
{
    private readonly AbiConverter?[] _cases;
    private readonly ValTypeKind _kind;
    private readonly int _flatCount;
    private readonly uint _discriminantSize, _payloadOffset;

    public VariantConverter(ValType t) : base(t)
    {
        var cases = t.CaseArray;
        _cases = new AbiConverter?[cases.Length];
        for (int i = 0; i < cases.Length; i++) _cases[i] = cases[i] is { } c ? For(c) : null;
        _kind = t.Kind;
        _flatCount = (int)t.FlatCount;
        _discriminantSize = t.DiscriminantSize;
        _payloadOffset = t.PayloadOffset;
    }

    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index)
    {
        int start = index;
        uint disc = (uint)src[index++];
        var cases = _cases;
        if (disc >= (uint)cases.Length) throw CanonicalAbiTrap.Of(TrapKind.InvalidDiscriminant);
        ComponentValue[]? payload = cases[disc] is { } c ? new[] { c.LiftFlat(cx, src, ref index) } : null;
        index = start + _flatCount;
        return ComponentValue.Case(_kind, disc, payload);
    }

    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        var payload = ExpectCase(v);
        int end = index + _flatCount;
        dst[index++] = (uint)v.CaseIndex;
        if (payload is not null) payload.LowerFlat(cx, v.Payload!.Value, dst, ref index);
        // Slots unused by this case are zero.
        while (index < end) dst[index++] = 0;
    }

    public override ComponentValue Load(CanonicalOptions cx, uint ptr)
    {
        uint disc = LoadUInt(cx.Bytes.Slice((int)ptr), _discriminantSize);
        var cases = _cases;
        if (disc >= (uint)cases.Length) throw CanonicalAbiTrap.Of(TrapKind.InvalidDiscriminant);
        ComponentValue[]? payload = cases[disc] is { } c ? new[] { c.Load(cx, ptr + _payloadOffset) } : null;
        return ComponentValue.Case(_kind, disc, payload);
    }

    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        var payload = ExpectCase(v);
        StoreUInt(cx.Bytes.Slice((int)ptr), _discriminantSize, (uint)v.CaseIndex);
        if (payload is not null) payload.Store(cx, v.Payload!.Value, ptr + _payloadOffset);
    }

    /// <summary>The converter of <paramref name="v"/>'s case payload (null for none), after the checks of <see cref="CanonicalAbi.ExpectCase"/>.</summary>
    private AbiConverter? ExpectCase(in ComponentValue v) => CanonicalAbi.ExpectCase(v, Type) is null ? null : _cases[(uint)v.CaseIndex];
}

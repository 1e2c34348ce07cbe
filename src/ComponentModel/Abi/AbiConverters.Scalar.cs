using System;
using System.Buffers.Binary;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.ComponentModel.Abi;

// The leaves of the converter tree: scalars and handles. Flat values are ulong slots (see CanonicalAbi.Flat.cs);
// a value of the wrong kind is an ArgumentException (a host bug), as CanonicalAbi.Expect words it.

internal sealed class BoolConverter : AbiConverter
{
    public BoolConverter(ValType t) : base(t) { }
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) => ComponentValue.Bool((uint)src[index++] != 0);
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CanonicalAbi.Expect(v, Type);
        dst[index++] = v.Bits != 0 ? 1UL : 0UL;
    }
    public override ComponentValue Load(CanonicalOptions cx, uint ptr) => ComponentValue.Bool(cx.Bytes[(int)ptr] != 0);
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        CanonicalAbi.Expect(v, Type);
        cx.Bytes[(int)ptr] = v.Bits != 0 ? (byte)1 : (byte)0;
    }
}

internal sealed class S8Converter : AbiConverter
{
    public S8Converter(ValType t) : base(t) { }
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) => ComponentValue.FromBits(ValTypeKind.S8, (ulong)(long)(sbyte)src[index++]);
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CanonicalAbi.Expect(v, Type);
        dst[index++] = (uint)(int)(long)v.Bits;
    }
    public override ComponentValue Load(CanonicalOptions cx, uint ptr) => ComponentValue.FromBits(ValTypeKind.S8, (ulong)(long)(sbyte)cx.Bytes[(int)ptr]);
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        CanonicalAbi.Expect(v, Type);
        cx.Bytes[(int)ptr] = (byte)v.Bits;
    }
}

internal sealed class U8Converter : AbiConverter
{
    public U8Converter(ValType t) : base(t) { }
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) => ComponentValue.FromBits(ValTypeKind.U8, (byte)src[index++]);
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CanonicalAbi.Expect(v, Type);
        dst[index++] = (byte)v.Bits;
    }
    public override ComponentValue Load(CanonicalOptions cx, uint ptr) => ComponentValue.FromBits(ValTypeKind.U8, cx.Bytes[(int)ptr]);
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        CanonicalAbi.Expect(v, Type);
        cx.Bytes[(int)ptr] = (byte)v.Bits;
    }
}

internal sealed class S16Converter : AbiConverter
{
    public S16Converter(ValType t) : base(t) { }
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) => ComponentValue.FromBits(ValTypeKind.S16, (ulong)(long)(short)src[index++]);
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CanonicalAbi.Expect(v, Type);
        dst[index++] = (uint)(int)(long)v.Bits;
    }
    public override ComponentValue Load(CanonicalOptions cx, uint ptr) =>
        ComponentValue.FromBits(ValTypeKind.S16, (ulong)(long)BinaryPrimitives.ReadInt16LittleEndian(cx.Bytes.Slice((int)ptr)));
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        CanonicalAbi.Expect(v, Type);
        BinaryPrimitives.WriteUInt16LittleEndian(cx.Bytes.Slice((int)ptr), (ushort)v.Bits);
    }
}

internal sealed class U16Converter : AbiConverter
{
    public U16Converter(ValType t) : base(t) { }
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) => ComponentValue.FromBits(ValTypeKind.U16, (ushort)src[index++]);
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CanonicalAbi.Expect(v, Type);
        dst[index++] = (ushort)v.Bits;
    }
    public override ComponentValue Load(CanonicalOptions cx, uint ptr) =>
        ComponentValue.FromBits(ValTypeKind.U16, BinaryPrimitives.ReadUInt16LittleEndian(cx.Bytes.Slice((int)ptr)));
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        CanonicalAbi.Expect(v, Type);
        BinaryPrimitives.WriteUInt16LittleEndian(cx.Bytes.Slice((int)ptr), (ushort)v.Bits);
    }
}

internal sealed class S32Converter : AbiConverter
{
    public S32Converter(ValType t) : base(t) { }
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) => ComponentValue.FromBits(ValTypeKind.S32, (ulong)(long)(int)src[index++]);
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CanonicalAbi.Expect(v, Type);
        dst[index++] = (uint)(int)(long)v.Bits;
    }
    public override ComponentValue Load(CanonicalOptions cx, uint ptr) =>
        ComponentValue.FromBits(ValTypeKind.S32, (ulong)(long)BinaryPrimitives.ReadInt32LittleEndian(cx.Bytes.Slice((int)ptr)));
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        CanonicalAbi.Expect(v, Type);
        BinaryPrimitives.WriteUInt32LittleEndian(cx.Bytes.Slice((int)ptr), (uint)v.Bits);
    }
}

internal sealed class U32Converter : AbiConverter
{
    public U32Converter(ValType t) : base(t) { }
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) => ComponentValue.FromBits(ValTypeKind.U32, (uint)src[index++]);
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CanonicalAbi.Expect(v, Type);
        dst[index++] = (uint)v.Bits;
    }
    public override ComponentValue Load(CanonicalOptions cx, uint ptr) =>
        ComponentValue.FromBits(ValTypeKind.U32, BinaryPrimitives.ReadUInt32LittleEndian(cx.Bytes.Slice((int)ptr)));
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        CanonicalAbi.Expect(v, Type);
        BinaryPrimitives.WriteUInt32LittleEndian(cx.Bytes.Slice((int)ptr), (uint)v.Bits);
    }
}

/// <summary>s64 and u64: the 64 bits as they are.</summary>
internal sealed class Int64Converter : AbiConverter
{
    private readonly ValTypeKind _kind;
    public Int64Converter(ValType t) : base(t) => _kind = t.Kind;
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) => ComponentValue.FromBits(_kind, src[index++]);
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CanonicalAbi.Expect(v, Type);
        dst[index++] = v.Bits;
    }
    public override ComponentValue Load(CanonicalOptions cx, uint ptr) =>
        ComponentValue.FromBits(_kind, BinaryPrimitives.ReadUInt64LittleEndian(cx.Bytes.Slice((int)ptr)));
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        CanonicalAbi.Expect(v, Type);
        BinaryPrimitives.WriteUInt64LittleEndian(cx.Bytes.Slice((int)ptr), v.Bits);
    }
}

/// <summary>f32: NaNs canonicalised both ways.</summary>
internal sealed class F32Converter : AbiConverter
{
    public F32Converter(ValType t) : base(t) { }
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) =>
        ComponentValue.FromBits(ValTypeKind.F32, CanonicalAbi.CanonicalizeNaN32((uint)src[index++]));
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CanonicalAbi.Expect(v, Type);
        dst[index++] = CanonicalAbi.CanonicalizeNaN32((uint)v.Bits);
    }
    public override ComponentValue Load(CanonicalOptions cx, uint ptr) =>
        ComponentValue.FromBits(ValTypeKind.F32, CanonicalAbi.CanonicalizeNaN32(BinaryPrimitives.ReadUInt32LittleEndian(cx.Bytes.Slice((int)ptr))));
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        CanonicalAbi.Expect(v, Type);
        BinaryPrimitives.WriteUInt32LittleEndian(cx.Bytes.Slice((int)ptr), CanonicalAbi.CanonicalizeNaN32((uint)v.Bits));
    }
}

/// <summary>f64: NaNs canonicalised both ways.</summary>
internal sealed class F64Converter : AbiConverter
{
    public F64Converter(ValType t) : base(t) { }
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) =>
        ComponentValue.FromBits(ValTypeKind.F64, CanonicalAbi.CanonicalizeNaN64(src[index++]));
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CanonicalAbi.Expect(v, Type);
        dst[index++] = CanonicalAbi.CanonicalizeNaN64(v.Bits);
    }
    public override ComponentValue Load(CanonicalOptions cx, uint ptr) =>
        ComponentValue.FromBits(ValTypeKind.F64, CanonicalAbi.CanonicalizeNaN64(BinaryPrimitives.ReadUInt64LittleEndian(cx.Bytes.Slice((int)ptr))));
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        CanonicalAbi.Expect(v, Type);
        BinaryPrimitives.WriteUInt64LittleEndian(cx.Bytes.Slice((int)ptr), CanonicalAbi.CanonicalizeNaN64(v.Bits));
    }
}

/// <summary>char: a lifted code point must be a Unicode scalar value (else the "invalid char" trap).</summary>
internal sealed class CharConverter : AbiConverter
{
    public CharConverter(ValType t) : base(t) { }
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) =>
        ComponentValue.FromBits(ValTypeKind.Char, CanonicalAbi.CheckChar((uint)src[index++]));
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CanonicalAbi.Expect(v, Type);
        dst[index++] = (uint)v.Bits;
    }
    public override ComponentValue Load(CanonicalOptions cx, uint ptr) =>
        ComponentValue.FromBits(ValTypeKind.Char, CanonicalAbi.CheckChar(BinaryPrimitives.ReadUInt32LittleEndian(cx.Bytes.Slice((int)ptr))));
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        CanonicalAbi.Expect(v, Type);
        BinaryPrimitives.WriteUInt32LittleEndian(cx.Bytes.Slice((int)ptr), (uint)v.Bits);
    }
}

/// <summary>flags: the bits beyond the labels are masked off both ways; stored in 1, 2 or 4 bytes.</summary>
internal sealed class FlagsConverter : AbiConverter
{
    private readonly uint _mask;
    private readonly uint _size;
    public FlagsConverter(ValType t) : base(t)
    {
        _mask = CanonicalAbi.FlagMask(t);
        _size = t.Size;
    }
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) => ComponentValue.Flags((uint)src[index++] & _mask);
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CanonicalAbi.Expect(v, Type);
        dst[index++] = (uint)v.Bits & _mask;
    }
    public override ComponentValue Load(CanonicalOptions cx, uint ptr)
    {
        return ComponentValue.Flags(LoadUInt(cx.Bytes.Slice((int)ptr), _size) & _mask);
    }
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        CanonicalAbi.Expect(v, Type);
        StoreUInt(cx.Bytes.Slice((int)ptr), _size, (uint)v.Bits & _mask);
    }
}

/// <summary>own: lifting takes the handle out of the instance's table; lowering moves ownership into it.</summary>
internal sealed class OwnConverter : AbiConverter
{
    private readonly int _resource;
    public OwnConverter(ValType t) : base(t) => _resource = t.ResourceId;
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) =>
        ComponentValue.Own(cx.RequireHandles().LiftOwn(_resource, (uint)src[index++]));
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index) => dst[index++] = Lower(cx, v);
    public override ComponentValue Load(CanonicalOptions cx, uint ptr) =>
        ComponentValue.Own(cx.RequireHandles().LiftOwn(_resource, BinaryPrimitives.ReadUInt32LittleEndian(cx.Bytes.Slice((int)ptr))));
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        uint handle = Lower(cx, v);
        BinaryPrimitives.WriteUInt32LittleEndian(cx.Bytes.Slice((int)ptr), handle);
    }
    private uint Lower(CanonicalOptions cx, in ComponentValue v)
    {
        CanonicalAbi.Expect(v, Type);
        return cx.RequireHandles().LowerOwn(_resource, v.HostHandle is { } h ? h.Lower(_resource, own: true) : (uint)v.Bits);
    }
}

/// <summary>borrow: lifting checks the handle and records the lend; lowering lends a handle for the call.</summary>
internal sealed class BorrowConverter : AbiConverter
{
    private readonly int _resource;
    public BorrowConverter(ValType t) : base(t) => _resource = t.ResourceId;
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) =>
        ComponentValue.Borrow(cx.RequireHandles().LiftBorrow(_resource, (uint)src[index++]));
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index) => dst[index++] = Lower(cx, v);
    public override ComponentValue Load(CanonicalOptions cx, uint ptr) =>
        ComponentValue.Borrow(cx.RequireHandles().LiftBorrow(_resource, BinaryPrimitives.ReadUInt32LittleEndian(cx.Bytes.Slice((int)ptr))));
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        uint handle = Lower(cx, v);
        BinaryPrimitives.WriteUInt32LittleEndian(cx.Bytes.Slice((int)ptr), handle);
    }
    private uint Lower(CanonicalOptions cx, in ComponentValue v)
    {
        CanonicalAbi.Expect(v, Type);
        return cx.RequireHandles().LowerBorrow(_resource, v.HostHandle is { } b ? b.Lower(_resource, own: false) : (uint)v.Bits);
    }
}

/// <summary>future, stream, error-context: a table index passed through unchanged.</summary>
internal sealed class IndexHandleConverter : AbiConverter
{
    private readonly ValTypeKind _kind;
    public IndexHandleConverter(ValType t) : base(t) => _kind = t.Kind;
    public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) => ComponentValue.Handle(_kind, (uint)src[index++]);
    public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CanonicalAbi.Expect(v, Type);
        dst[index++] = (uint)v.Bits;
    }
    public override ComponentValue Load(CanonicalOptions cx, uint ptr) => ComponentValue.Handle(_kind, BinaryPrimitives.ReadUInt32LittleEndian(cx.Bytes.Slice((int)ptr)));
    public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr)
    {
        CanonicalAbi.Expect(v, Type);
        BinaryPrimitives.WriteUInt32LittleEndian(cx.Bytes.Slice((int)ptr), (uint)v.Bits);
    }
}

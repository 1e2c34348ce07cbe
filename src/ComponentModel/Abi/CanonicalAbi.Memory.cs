using System;
using System.Buffers.Binary;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.ComponentModel.Abi;

/// <summary>
/// The canonical ABI: loading/storing component values from/to linear memory and lifting/lowering
/// them from/to flat core values. Traps throw <see cref="CanonicalAbiTrap"/>; values that do not match
/// their type (host bugs) throw <see cref="ArgumentException"/>.
/// </summary>
public static partial class CanonicalAbi
{
    /// <summary>Most flat parameters passed directly; more spill to memory.</summary>
    public const int MaxFlatParams = 16;
    /// <summary>Most flat results returned directly; more return through memory.</summary>
    public const int MaxFlatResults = 1;
    /// <summary>Largest string in bytes (in its source encoding).</summary>
    public const uint MaxStringByteLength = (1u << 28) - 1;
    /// <summary>Largest list in bytes.</summary>
    public const uint MaxListByteLength = (1u << 28) - 1;
    /// <summary>The latin1+utf16 tag bit of a string length.</summary>
    public const uint Utf16Tag = 1u << 31;

    internal const uint CanonicalNaN32 = 0x7fc00000;
    internal const ulong CanonicalNaN64 = 0x7ff8000000000000;

    /// <summary>Loads a value of type <paramref name="t"/> at <paramref name="ptr"/>, checking alignment and bounds.</summary>
    public static ComponentValue Load(CanonicalOptions cx, ValType t, uint ptr)
    {
        if (cx is null) throw new ArgumentNullException(nameof(cx));
        if (t is null) throw new ArgumentNullException(nameof(t));
        CheckPointer(cx, ptr, t.Alignment, t.Size);
        return LoadUnchecked(cx, t, ptr);
    }

    /// <summary>Stores <paramref name="v"/> of type <paramref name="t"/> at <paramref name="ptr"/>, checking alignment and bounds.</summary>
    public static void Store(CanonicalOptions cx, ValType t, in ComponentValue v, uint ptr)
    {
        if (cx is null) throw new ArgumentNullException(nameof(cx));
        if (t is null) throw new ArgumentNullException(nameof(t));
        CheckPointer(cx, ptr, t.Alignment, t.Size);
        StoreUnchecked(cx, t, v, ptr);
    }

    internal static void CheckPointer(CanonicalOptions cx, uint ptr, uint alignment, uint size)
    {
        if ((ptr & (alignment - 1)) != 0) throw CanonicalAbiTrap.Of(TrapKind.UnalignedPointer);
        if ((ulong)ptr + size > (ulong)cx.Bytes.Length) throw CanonicalAbiTrap.Of(TrapKind.PointerOutOfBounds);
    }

    internal static uint CanonicalizeNaN32(uint bits) => (bits & 0x7fffffff) > 0x7f800000 ? CanonicalNaN32 : bits;
    internal static ulong CanonicalizeNaN64(ulong bits) => (bits & 0x7fffffffffffffff) > 0x7ff0000000000000 ? CanonicalNaN64 : bits;

    internal static uint CheckChar(uint c)
    {
        if (c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF)) throw CanonicalAbiTrap.Of(TrapKind.InvalidChar);
        return c;
    }

    private static uint FlagMask(ValType t) => t.Names.Count >= 32 ? uint.MaxValue : (1u << t.Names.Count) - 1;

    /// <summary>Load with the caller guaranteeing alignment and bounds of <paramref name="ptr"/>.</summary>
    internal static ComponentValue LoadUnchecked(CanonicalOptions cx, ValType t, uint ptr)
    {
        ReadOnlySpan<byte> m = cx.Bytes.Slice((int)ptr);
        switch (t.Kind)
        {
            case ValTypeKind.Bool: return ComponentValue.Bool(m[0] != 0);
            case ValTypeKind.S8: return ComponentValue.FromBits(t.Kind, (ulong)(long)(sbyte)m[0]);
            case ValTypeKind.U8: return ComponentValue.FromBits(t.Kind, m[0]);
            case ValTypeKind.S16: return ComponentValue.FromBits(t.Kind, (ulong)(long)BinaryPrimitives.ReadInt16LittleEndian(m));
            case ValTypeKind.U16: return ComponentValue.FromBits(t.Kind, BinaryPrimitives.ReadUInt16LittleEndian(m));
            case ValTypeKind.S32: return ComponentValue.FromBits(t.Kind, (ulong)(long)BinaryPrimitives.ReadInt32LittleEndian(m));
            case ValTypeKind.U32: return ComponentValue.FromBits(t.Kind, BinaryPrimitives.ReadUInt32LittleEndian(m));
            case ValTypeKind.S64:
            case ValTypeKind.U64: return ComponentValue.FromBits(t.Kind, BinaryPrimitives.ReadUInt64LittleEndian(m));
            case ValTypeKind.F32: return ComponentValue.FromBits(t.Kind, CanonicalizeNaN32(BinaryPrimitives.ReadUInt32LittleEndian(m)));
            case ValTypeKind.F64: return ComponentValue.FromBits(t.Kind, CanonicalizeNaN64(BinaryPrimitives.ReadUInt64LittleEndian(m)));
            case ValTypeKind.Char: return ComponentValue.FromBits(t.Kind, CheckChar(BinaryPrimitives.ReadUInt32LittleEndian(m)));
            case ValTypeKind.String:
                return LoadString(cx, BinaryPrimitives.ReadUInt32LittleEndian(m), BinaryPrimitives.ReadUInt32LittleEndian(m.Slice(4)));
            case ValTypeKind.List:
            case ValTypeKind.Map:
                return LoadList(cx, t, BinaryPrimitives.ReadUInt32LittleEndian(m), BinaryPrimitives.ReadUInt32LittleEndian(m.Slice(4)));
            case ValTypeKind.FixedList:
            {
                var e = t.Element!;
                var items = new ComponentValue[t.Length];
                for (uint i = 0; i < items.Length; i++) items[i] = LoadUnchecked(cx, e, ptr + i * e.Size);
                return ComponentValue.Compound(t.Kind, items);
            }
            case ValTypeKind.Record:
            case ValTypeKind.Tuple:
            {
                var fields = t.FieldArray;
                var offsets = t.FieldOffsetArray;
                var items = new ComponentValue[fields.Length];
                for (int i = 0; i < items.Length; i++) items[i] = LoadUnchecked(cx, fields[i], ptr + offsets[i]);
                return ComponentValue.Compound(t.Kind, items);
            }
            case ValTypeKind.Variant:
            case ValTypeKind.Enum:
            case ValTypeKind.Option:
            case ValTypeKind.Result:
            {
                uint disc = t.DiscriminantSize switch
                {
                    1 => m[0],
                    2 => BinaryPrimitives.ReadUInt16LittleEndian(m),
                    _ => BinaryPrimitives.ReadUInt32LittleEndian(m),
                };
                var cases = t.CaseArray;
                if (disc >= (uint)cases.Length) throw CanonicalAbiTrap.Of(TrapKind.InvalidDiscriminant);
                var payloadType = cases[disc];
                ComponentValue[]? payload = payloadType is null ? null : new[] { LoadUnchecked(cx, payloadType, ptr + t.PayloadOffset) };
                return ComponentValue.Case(t.Kind, disc, payload);
            }
            case ValTypeKind.Flags:
            {
                uint bits = t.Size switch
                {
                    1 => m[0],
                    2 => BinaryPrimitives.ReadUInt16LittleEndian(m),
                    _ => BinaryPrimitives.ReadUInt32LittleEndian(m),
                };
                return ComponentValue.Flags(bits & FlagMask(t));
            }
            case ValTypeKind.Own:
                return ComponentValue.Own(cx.RequireHandles().LiftOwn(t.ResourceId, BinaryPrimitives.ReadUInt32LittleEndian(m)));
            case ValTypeKind.Borrow:
                return ComponentValue.Borrow(cx.RequireHandles().LiftBorrow(t.ResourceId, BinaryPrimitives.ReadUInt32LittleEndian(m)));
            case ValTypeKind.Future:
            case ValTypeKind.Stream:
            case ValTypeKind.ErrorContext:
                return ComponentValue.Handle(t.Kind, BinaryPrimitives.ReadUInt32LittleEndian(m));
            default: throw new ArgumentException($"unsupported type {t}");
        }
    }

    /// <summary>Loads list (or map) <paramref name="t"/> contents from (<paramref name="begin"/>, <paramref name="length"/>).</summary>
    internal static ComponentValue LoadList(CanonicalOptions cx, ValType t, uint begin, uint length)
    {
        var e = t.Element!;
        ulong byteLength = (ulong)length * e.Size;
        if (byteLength > MaxListByteLength) throw CanonicalAbiTrap.Of(TrapKind.ListTooLong);
        if ((begin & (e.Alignment - 1)) != 0) throw CanonicalAbiTrap.Of(TrapKind.UnalignedPointer);
        if (begin + byteLength > (ulong)cx.Bytes.Length) throw CanonicalAbiTrap.Of(TrapKind.ListOutOfBounds);
        var items = length == 0 ? Array.Empty<ComponentValue>() : new ComponentValue[length];
        for (uint i = 0; i < length; i++) items[i] = LoadUnchecked(cx, e, begin + i * e.Size);
        return ComponentValue.Compound(t.Kind, items);
    }

    internal static void Expect(in ComponentValue v, ValType t)
    {
        if (v.Kind != t.Kind) throw new ArgumentException($"a {v.Kind} value cannot be lowered as {t}");
    }

    internal static ComponentValue[] ExpectItems(in ComponentValue v, ValType t, int count)
    {
        Expect(v, t);
        var items = v.Items;
        if (count >= 0 && items.Length != count) throw new ArgumentException($"{t} needs {count} items but the value has {items.Length}");
        return items;
    }

    internal static ValType? ExpectCase(in ComponentValue v, ValType t)
    {
        Expect(v, t);
        var cases = t.CaseArray;
        uint index = (uint)v.CaseIndex;
        if (index >= (uint)cases.Length) throw new ArgumentException($"case {index} does not exist in {t}");
        var payloadType = cases[index];
        if ((payloadType is null) != (v.Payload is null)) throw new ArgumentException($"case {index} of {t} {(payloadType is null ? "has no" : "needs a")} payload");
        return payloadType;
    }

    /// <summary>Store with the caller guaranteeing alignment and bounds of <paramref name="ptr"/>.</summary>
    internal static void StoreUnchecked(CanonicalOptions cx, ValType t, in ComponentValue v, uint ptr)
    {
        switch (t.Kind)
        {
            case ValTypeKind.Bool: Expect(v, t); cx.Bytes[(int)ptr] = v.Bits != 0 ? (byte)1 : (byte)0; return;
            case ValTypeKind.S8:
            case ValTypeKind.U8: Expect(v, t); cx.Bytes[(int)ptr] = (byte)v.Bits; return;
            case ValTypeKind.S16:
            case ValTypeKind.U16: Expect(v, t); BinaryPrimitives.WriteUInt16LittleEndian(cx.Bytes.Slice((int)ptr), (ushort)v.Bits); return;
            case ValTypeKind.S32:
            case ValTypeKind.U32: Expect(v, t); BinaryPrimitives.WriteUInt32LittleEndian(cx.Bytes.Slice((int)ptr), (uint)v.Bits); return;
            case ValTypeKind.S64:
            case ValTypeKind.U64: Expect(v, t); BinaryPrimitives.WriteUInt64LittleEndian(cx.Bytes.Slice((int)ptr), v.Bits); return;
            case ValTypeKind.F32: Expect(v, t); BinaryPrimitives.WriteUInt32LittleEndian(cx.Bytes.Slice((int)ptr), CanonicalizeNaN32((uint)v.Bits)); return;
            case ValTypeKind.F64: Expect(v, t); BinaryPrimitives.WriteUInt64LittleEndian(cx.Bytes.Slice((int)ptr), CanonicalizeNaN64(v.Bits)); return;
            case ValTypeKind.Char: Expect(v, t); BinaryPrimitives.WriteUInt32LittleEndian(cx.Bytes.Slice((int)ptr), (uint)v.Bits); return;
            case ValTypeKind.String:
            {
                Expect(v, t);
                var (begin, units) = StoreStringIntoRange(cx, v);
                var m = cx.Bytes.Slice((int)ptr);
                BinaryPrimitives.WriteUInt32LittleEndian(m, begin);
                BinaryPrimitives.WriteUInt32LittleEndian(m.Slice(4), units);
                return;
            }
            case ValTypeKind.List:
            case ValTypeKind.Map:
            {
                var (begin, length) = StoreListIntoRange(cx, t, v);
                var m = cx.Bytes.Slice((int)ptr);
                BinaryPrimitives.WriteUInt32LittleEndian(m, begin);
                BinaryPrimitives.WriteUInt32LittleEndian(m.Slice(4), length);
                return;
            }
            case ValTypeKind.FixedList:
            {
                var items = ExpectItems(v, t, (int)t.Length);
                var e = t.Element!;
                for (uint i = 0; i < items.Length; i++) StoreUnchecked(cx, e, items[i], ptr + i * e.Size);
                return;
            }
            case ValTypeKind.Record:
            case ValTypeKind.Tuple:
            {
                var fields = t.FieldArray;
                var offsets = t.FieldOffsetArray;
                var items = ExpectItems(v, t, fields.Length);
                for (int i = 0; i < fields.Length; i++) StoreUnchecked(cx, fields[i], items[i], ptr + offsets[i]);
                return;
            }
            case ValTypeKind.Variant:
            case ValTypeKind.Enum:
            case ValTypeKind.Option:
            case ValTypeKind.Result:
            {
                var payloadType = ExpectCase(v, t);
                var m = cx.Bytes.Slice((int)ptr);
                uint disc = (uint)v.CaseIndex;
                switch (t.DiscriminantSize)
                {
                    case 1: m[0] = (byte)disc; break;
                    case 2: BinaryPrimitives.WriteUInt16LittleEndian(m, (ushort)disc); break;
                    default: BinaryPrimitives.WriteUInt32LittleEndian(m, disc); break;
                }
                if (payloadType is not null) StoreUnchecked(cx, payloadType, v.Payload!.Value, ptr + t.PayloadOffset);
                return;
            }
            case ValTypeKind.Flags:
            {
                Expect(v, t);
                uint bits = (uint)v.Bits & FlagMask(t);
                var m = cx.Bytes.Slice((int)ptr);
                switch (t.Size)
                {
                    case 1: m[0] = (byte)bits; break;
                    case 2: BinaryPrimitives.WriteUInt16LittleEndian(m, (ushort)bits); break;
                    default: BinaryPrimitives.WriteUInt32LittleEndian(m, bits); break;
                }
                return;
            }
            case ValTypeKind.Own:
            case ValTypeKind.Borrow:
            case ValTypeKind.Future:
            case ValTypeKind.Stream:
            case ValTypeKind.ErrorContext:
            {
                uint handle = LowerHandle(cx, t, v);
                BinaryPrimitives.WriteUInt32LittleEndian(cx.Bytes.Slice((int)ptr), handle);
                return;
            }
            default: throw new ArgumentException($"unsupported type {t}");
        }
    }

    internal static uint LowerHandle(CanonicalOptions cx, ValType t, in ComponentValue v)
    {
        Expect(v, t);
        return t.Kind switch
        {
            ValTypeKind.Own => cx.RequireHandles().LowerOwn(t.ResourceId, v.HostHandle is { } h ? h.Lower(t.ResourceId, own: true) : (uint)v.Bits),
            ValTypeKind.Borrow => cx.RequireHandles().LowerBorrow(t.ResourceId, v.HostHandle is { } b ? b.Lower(t.ResourceId, own: false) : (uint)v.Bits),
            _ => (uint)v.Bits,
        };
    }

    /// <summary>Allocates with realloc and stores the elements of list/map <paramref name="t"/>; returns (pointer, length).</summary>
    internal static (uint Ptr, uint Length) StoreListIntoRange(CanonicalOptions cx, ValType t, in ComponentValue v)
    {
        var items = ExpectItems(v, t, -1);
        var e = t.Element!;
        ulong byteLength = (ulong)items.Length * e.Size;
        if (byteLength > MaxListByteLength) throw CanonicalAbiTrap.Of(TrapKind.ListTooLong);
        uint ptr = cx.CallRealloc(0, 0, e.Alignment, (uint)byteLength);
        for (uint i = 0; i < items.Length; i++) StoreUnchecked(cx, e, items[i], ptr + i * e.Size);
        return (ptr, (uint)items.Length);
    }
}

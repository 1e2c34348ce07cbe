using System;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.ComponentModel.Abi;

// Flat core values travel as ulong slots: i32 and f32 as their 32 bits zero-extended, i64 and f64 as
// their 64 bits. With this representation the variant slot coercions of the spec (f32<->i32 bit casts,
// i32 zero-extension into i64, wrapping i64 to i32) reduce to reading the low 32 bits for i32/f32.
public static partial class CanonicalAbi
{
    /// <summary>Lifts a value of type <paramref name="t"/> from flat core values starting at <paramref name="index"/> (advanced past them).</summary>
    public static ComponentValue LiftFlat(CanonicalOptions cx, ValType t, ReadOnlySpan<ulong> src, ref int index)
    {
        CheckSlots(cx, t, src.Length, index);
        return LiftFlatCore(cx, t, src, ref index);
    }

    /// <summary>Lowers <paramref name="v"/> of type <paramref name="t"/> into flat core values at <paramref name="index"/> (advanced past them).</summary>
    public static void LowerFlat(CanonicalOptions cx, ValType t, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CheckSlots(cx, t, dst.Length, index);
        LowerFlatCore(cx, t, v, dst, ref index);
    }

    private static void CheckSlots(CanonicalOptions cx, ValType t, int length, int index)
    {
        if (t is null) throw new ArgumentNullException(nameof(t));
        if (cx is null) throw new ArgumentNullException(nameof(cx));
        if (index < 0 || length - index < t.FlatCount) throw new ArgumentException($"{t} needs {t.FlatCount} flat slots from index {index} but only {length - index} remain");
    }

    internal static ComponentValue LiftFlatCore(CanonicalOptions cx, ValType t, ReadOnlySpan<ulong> src, ref int index)
    {
        switch (t.Kind)
        {
            case ValTypeKind.Bool: return ComponentValue.Bool((uint)src[index++] != 0);
            case ValTypeKind.S8: return ComponentValue.FromBits(t.Kind, (ulong)(long)(sbyte)src[index++]);
            case ValTypeKind.U8: return ComponentValue.FromBits(t.Kind, (byte)src[index++]);
            case ValTypeKind.S16: return ComponentValue.FromBits(t.Kind, (ulong)(long)(short)src[index++]);
            case ValTypeKind.U16: return ComponentValue.FromBits(t.Kind, (ushort)src[index++]);
            case ValTypeKind.S32: return ComponentValue.FromBits(t.Kind, (ulong)(long)(int)src[index++]);
            case ValTypeKind.U32: return ComponentValue.FromBits(t.Kind, (uint)src[index++]);
            case ValTypeKind.S64:
            case ValTypeKind.U64: return ComponentValue.FromBits(t.Kind, src[index++]);
            case ValTypeKind.F32: return ComponentValue.FromBits(t.Kind, CanonicalizeNaN32((uint)src[index++]));
            case ValTypeKind.F64: return ComponentValue.FromBits(t.Kind, CanonicalizeNaN64(src[index++]));
            case ValTypeKind.Char: return ComponentValue.FromBits(t.Kind, CheckChar((uint)src[index++]));
            case ValTypeKind.String:
            {
                uint ptr = (uint)src[index], units = (uint)src[index + 1];
                index += 2;
                return LoadString(cx, ptr, units);
            }
            case ValTypeKind.List:
            case ValTypeKind.Map:
            {
                uint ptr = (uint)src[index], length = (uint)src[index + 1];
                index += 2;
                return LoadList(cx, t, ptr, length);
            }
            case ValTypeKind.FixedList:
            {
                var items = new ComponentValue[t.Length];
                for (int i = 0; i < items.Length; i++) items[i] = LiftFlatCore(cx, t.Element!, src, ref index);
                return ComponentValue.Compound(t.Kind, items);
            }
            case ValTypeKind.Record:
            case ValTypeKind.Tuple:
            {
                var fields = t.FieldArray;
                var items = new ComponentValue[fields.Length];
                for (int i = 0; i < items.Length; i++) items[i] = LiftFlatCore(cx, fields[i], src, ref index);
                return ComponentValue.Compound(t.Kind, items);
            }
            case ValTypeKind.Variant:
            case ValTypeKind.Enum:
            case ValTypeKind.Option:
            case ValTypeKind.Result:
            {
                int start = index;
                uint disc = (uint)src[index++];
                var cases = t.CaseArray;
                if (disc >= (uint)cases.Length) throw CanonicalAbiTrap.Of(TrapKind.InvalidDiscriminant);
                ComponentValue[]? payload = cases[disc] is { } pt ? new[] { LiftFlatCore(cx, pt, src, ref index) } : null;
                index = start + (int)t.FlatCount;
                return ComponentValue.Case(t.Kind, disc, payload);
            }
            case ValTypeKind.Flags: return ComponentValue.Flags((uint)src[index++] & FlagMask(t));
            case ValTypeKind.Own: return ComponentValue.Own(cx.RequireHandles().LiftOwn(t.ResourceId, (uint)src[index++]));
            case ValTypeKind.Borrow: return ComponentValue.Borrow(cx.RequireHandles().LiftBorrow(t.ResourceId, (uint)src[index++]));
            case ValTypeKind.Future:
            case ValTypeKind.Stream:
            case ValTypeKind.ErrorContext: return ComponentValue.Handle(t.Kind, (uint)src[index++]);
            default: throw new ArgumentException($"unsupported type {t}");
        }
    }

    internal static void LowerFlatCore(CanonicalOptions cx, ValType t, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        switch (t.Kind)
        {
            case ValTypeKind.Bool: Expect(v, t); dst[index++] = v.Bits != 0 ? 1UL : 0UL; return;
            case ValTypeKind.S8:
            case ValTypeKind.S16:
            case ValTypeKind.S32: Expect(v, t); dst[index++] = (uint)(int)(long)v.Bits; return;
            case ValTypeKind.U8: Expect(v, t); dst[index++] = (byte)v.Bits; return;
            case ValTypeKind.U16: Expect(v, t); dst[index++] = (ushort)v.Bits; return;
            case ValTypeKind.U32:
            case ValTypeKind.Char: Expect(v, t); dst[index++] = (uint)v.Bits; return;
            case ValTypeKind.S64:
            case ValTypeKind.U64: Expect(v, t); dst[index++] = v.Bits; return;
            case ValTypeKind.F32: Expect(v, t); dst[index++] = CanonicalizeNaN32((uint)v.Bits); return;
            case ValTypeKind.F64: Expect(v, t); dst[index++] = CanonicalizeNaN64(v.Bits); return;
            case ValTypeKind.String:
            {
                Expect(v, t);
                var (ptr, units) = StoreStringIntoRange(cx, v);
                dst[index] = ptr; dst[index + 1] = units;
                index += 2;
                return;
            }
            case ValTypeKind.List:
            case ValTypeKind.Map:
            {
                var (ptr, length) = StoreListIntoRange(cx, t, v);
                dst[index] = ptr; dst[index + 1] = length;
                index += 2;
                return;
            }
            case ValTypeKind.FixedList:
            {
                var items = ExpectItems(v, t, (int)t.Length);
                for (int i = 0; i < items.Length; i++) LowerFlatCore(cx, t.Element!, items[i], dst, ref index);
                return;
            }
            case ValTypeKind.Record:
            case ValTypeKind.Tuple:
            {
                var fields = t.FieldArray;
                var items = ExpectItems(v, t, fields.Length);
                for (int i = 0; i < fields.Length; i++) LowerFlatCore(cx, fields[i], items[i], dst, ref index);
                return;
            }
            case ValTypeKind.Variant:
            case ValTypeKind.Enum:
            case ValTypeKind.Option:
            case ValTypeKind.Result:
            {
                var payloadType = ExpectCase(v, t);
                int end = index + (int)t.FlatCount;
                dst[index++] = (uint)v.CaseIndex;
                if (payloadType is not null) LowerFlatCore(cx, payloadType, v.Payload!.Value, dst, ref index);
                // Slots unused by this case are zero.
                while (index < end) dst[index++] = 0;
                return;
            }
            case ValTypeKind.Flags: Expect(v, t); dst[index++] = (uint)v.Bits & FlagMask(t); return;
            case ValTypeKind.Own:
            case ValTypeKind.Borrow:
            case ValTypeKind.Future:
            case ValTypeKind.Stream:
            case ValTypeKind.ErrorContext:
                dst[index++] = LowerHandle(cx, t, v);
                return;
            default: throw new ArgumentException($"unsupported type {t}");
        }
    }
}

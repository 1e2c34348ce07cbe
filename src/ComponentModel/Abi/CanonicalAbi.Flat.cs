using System;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.ComponentModel.Abi;

// Flat core values travel as ulong slots: i32 and f32 as their 32 bits zero-extended, i64 and f64 as
// their 64 bits. With this representation the variant slot coercions of the spec (f32<->i32 bit casts,
// i32 zero-extension into i64, wrapping i64 to i32) reduce to reading the low 32 bits for i32/f32.
// The conversions per type are AbiConverter's (AbiConverters.*.cs), specialised once per type.
public static partial class CanonicalAbi
{
    /// <summary>Lifts a value of type <paramref name="t"/> from flat core values starting at <paramref name="index"/> (advanced past them).</summary>
    public static ComponentValue LiftFlat(CanonicalOptions cx, ValType t, ReadOnlySpan<ulong> src, ref int index)
    {
        CheckSlots(cx, t, src.Length, index);
        return AbiConverter.For(t).LiftFlat(cx, src, ref index);
    }

    /// <summary>Lowers <paramref name="v"/> of type <paramref name="t"/> into flat core values at <paramref name="index"/> (advanced past them).</summary>
    public static void LowerFlat(CanonicalOptions cx, ValType t, in ComponentValue v, Span<ulong> dst, ref int index)
    {
        CheckSlots(cx, t, dst.Length, index);
        AbiConverter.For(t).LowerFlat(cx, v, dst, ref index);
    }

    private static void CheckSlots(CanonicalOptions cx, ValType t, int length, int index)
    {
        if (t is null) throw new ArgumentNullException(nameof(t));
        if (cx is null) throw new ArgumentNullException(nameof(cx));
        if (index < 0 || length - index < t.FlatCount) throw new ArgumentException($"{t} needs {t.FlatCount} flat slots from index {index} but only {length - index} remain");
    }
}

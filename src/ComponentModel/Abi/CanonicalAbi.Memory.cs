using System;
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
        return AbiConverter.For(t).Load(cx, ptr);
    }

    /// <summary>Stores <paramref name="v"/> of type <paramref name="t"/> at <paramref name="ptr"/>, checking alignment and bounds.</summary>
    public static void Store(CanonicalOptions cx, ValType t, in ComponentValue v, uint ptr)
    {
        if (cx is null) throw new ArgumentNullException(nameof(cx));
        if (t is null) throw new ArgumentNullException(nameof(t));
        CheckPointer(cx, ptr, t.Alignment, t.Size);
        AbiConverter.For(t).Store(cx, v, ptr);
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

    internal static uint FlagMask(ValType t) => t.Names.Count >= 32 ? uint.MaxValue : (1u << t.Names.Count) - 1;

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
}

using System;
using System.Globalization;

namespace WitBindgen.Runtime;

/// <summary>
/// A reference to a GC value of the guest (the <c>any</c> hierarchy): a <see cref="StructRef"/>, an
/// <see cref="ArrayRef"/> or an <see cref="I31Ref"/>. The .NET garbage collector keeps it alive as long as the host
/// holds it, with no rooting API; pass it back with <see cref="WasmValue.FromAnyRef(AnyRef?)"/>. Only the engine
/// creates structs and arrays.
/// </summary>
public abstract class AnyRef
{
    private protected AnyRef()
    {
    }

    /// <summary>Throws for a field or element index past <paramref name="count"/> (the host asked; not a trap).</summary>
    private protected static void CheckIndex(int index, int count, string what)
    {
        if ((uint)index >= (uint)count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{what} {index.ToString(CultureInfo.InvariantCulture)} is out of range (count {count.ToString(CultureInfo.InvariantCulture)})");
    }
}

/// <summary>A GC struct a guest allocated: its fields by index, read as <see cref="WasmValue"/>s.</summary>
public abstract class StructRef : AnyRef
{
    private protected StructRef()
    {
    }

    /// <summary>The number of fields.</summary>
    public abstract int FieldCount { get; }

    /// <summary>The value of field <paramref name="index"/>: packed i8/i16 fields zero-extended to i32, a reference
    /// with the kind of its declared type (structref for a concrete struct type, and so on).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="FieldCount"/>.</exception>
    public abstract WasmValue GetField(int index);
}

/// <summary>A GC array a guest allocated: its length and elements, read as <see cref="WasmValue"/>s.</summary>
public abstract class ArrayRef : AnyRef
{
    private protected ArrayRef()
    {
    }

    /// <summary>The number of elements.</summary>
    public abstract int Length { get; }

    /// <summary>The value of element <paramref name="index"/> (packed i8/i16 elements zero-extended to i32).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Length"/>.</exception>
    public abstract WasmValue GetElement(int index);
}

/// <summary>An i31 reference: a 31-bit integer as a reference, compared by value (<c>ref.eq</c>). Small values are
/// cached so that common i31 references allocate nothing.</summary>
public sealed class I31Ref : AnyRef
{
    private const int CacheMin = -128, CacheMax = 1023;
    private static readonly I31Ref[] Cache = CreateCache();

    private I31Ref(int value) => Value = value;

    /// <summary>The value, sign-extended from 31 bits (<c>i31.get_s</c>).</summary>
    public int Value { get; }

    /// <summary>The value, zero-extended from 31 bits (<c>i31.get_u</c>).</summary>
    public int UnsignedValue => Value & 0x7FFF_FFFF;

    private static I31Ref[] CreateCache()
    {
        var cache = new I31Ref[CacheMax - CacheMin + 1];
        for (var i = 0; i < cache.Length; i++) cache[i] = new I31Ref(i + CacheMin);
        return cache;
    }

    /// <summary>The i31 of the low 31 bits of <paramref name="value"/> (<c>ref.i31</c>: the top bit is dropped).</summary>
    public static I31Ref Of(int value)
    {
        var v = (value << 1) >> 1;
        return v is >= CacheMin and <= CacheMax ? Cache[v - CacheMin] : new I31Ref(v);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is I31Ref other && other.Value == Value;

    /// <inheritdoc/>
    public override int GetHashCode() => Value;

    /// <inheritdoc/>
    public override string ToString() => "<i31 " + Value.ToString(CultureInfo.InvariantCulture) + ">";
}

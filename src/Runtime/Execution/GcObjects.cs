using System;
using System.Runtime.Intrinsics;
using WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Execution;

/// <summary>
/// The runtime type of a GC struct or array (and of a function type of a GC module): its process-wide canonical id
/// (equal for iso-recursively equal types of any module), its supertype chain for casts, and the layout of its fields.
/// </summary>
internal sealed class GcType
{
    public GcType(int id, CompositeKind kind, int[] ancestors, ValueType[] storage)
    {
        Id = id;
        Kind = kind;
        Ancestors = ancestors;
        Storage = storage;
        Slots = new int[storage.Length];
        for (var k = 0; k < storage.Length; k++)
        {
            if (storage[k].IsReference()) Slots[k] = RefCount++;
            else
            {
                Slots[k] = BitsCount;
                BitsCount += storage[k] == ValueType.V128 ? 2 : 1;
            }
        }
    }

    /// <summary>The canonical id (see <c>TypeRegistry</c>).</summary>
    public int Id { get; }

    public CompositeKind Kind { get; }

    /// <summary>Canonical ids of the declared supertype chain, the root first and this type last: a type is a subtype
    /// of <c>t</c> when <c>Ancestors[t.Depth] == t.Id</c>.</summary>
    public int[] Ancestors { get; }

    public int Depth => Ancestors.Length - 1;

    /// <summary>Field storage types (canonical), or the array's element type.</summary>
    public ValueType[] Storage { get; }

    /// <summary>Per struct field: its index in <see cref="GcStruct.Bits"/> (numbers, v128 taking two) or <see cref="GcStruct.Refs"/>.</summary>
    public int[] Slots { get; }

    public int BitsCount { get; }

    public int RefCount { get; }

    /// <summary>Whether this type is <paramref name="other"/> or declares it, directly or not, as a supertype.</summary>
    public bool IsSubtypeOf(GcType other) => other.Depth < Ancestors.Length && Ancestors[other.Depth] == other.Id;
}

/// <summary>A GC struct: numeric fields as 64-bit slots, references in their own array, so the .NET GC traces only those.</summary>
internal sealed class GcStruct
{
    public readonly GcType Type;
    public readonly long[] Bits;
    public readonly object?[] Refs;

    public GcStruct(GcType type)
    {
        Type = type;
        Bits = type.BitsCount == 0 ? Array.Empty<long>() : new long[type.BitsCount];
        Refs = type.RefCount == 0 ? Array.Empty<object?>() : new object?[type.RefCount];
    }

    /// <inheritdoc/>
    public override string ToString() => "<struct>";
}

/// <summary>A GC array: a typed .NET array (i8 as byte, i16 as ushort, references as object) with its runtime type.</summary>
internal abstract class GcArray
{
    protected GcArray(GcType type) => Type = type;

    public GcType Type { get; }

    public abstract int Length { get; }

    /// <inheritdoc/>
    public override string ToString() => "<array>";
}

/// <summary>A GC array of element CLR type <typeparamref name="T"/>.</summary>
internal sealed class GcArray<T> : GcArray
{
    public readonly T[] Data;

    public GcArray(GcType type, T[] data) : base(type) => Data = data;

    public override int Length => Data.Length;
}

/// <summary>An i31 reference, boxed (a reference slot is an object); <c>ref.eq</c> and casts compare the value.
/// Small values are cached so that common i31 references allocate nothing.</summary>
internal sealed class I31Ref
{
    private const int CacheMin = -128, CacheMax = 1023;
    private static readonly I31Ref[] Cache = CreateCache();

    /// <summary>The value, sign-extended from 31 bits.</summary>
    public readonly int Value;

    private I31Ref(int value) => Value = value;

    private static I31Ref[] CreateCache()
    {
        var cache = new I31Ref[CacheMax - CacheMin + 1];
        for (var i = 0; i < cache.Length; i++) cache[i] = new I31Ref(i + CacheMin);
        return cache;
    }

    /// <summary>ref.i31: the low 31 bits of <paramref name="value"/>.</summary>
    public static I31Ref Of(int value)
    {
        var v = (value << 1) >> 1;
        return v is >= CacheMin and <= CacheMax ? Cache[v - CacheMin] : new I31Ref(v);
    }

    /// <inheritdoc/>
    public override string ToString() => "<i31 " + Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + ">";
}

/// <summary>Storage kinds of GC fields and elements as CLR types.</summary>
internal static class GcStorage
{
    /// <summary>The CLR element type of an array of <paramref name="storage"/>.</summary>
    public static Type ElementType(ValueType storage) => storage switch
    {
        ValueTypes.I8 => typeof(byte),
        ValueTypes.I16 => typeof(ushort),
        ValueType.I32 => typeof(int),
        ValueType.I64 => typeof(long),
        ValueType.F32 => typeof(float),
        ValueType.F64 => typeof(double),
        ValueType.V128 => typeof(Vector128<byte>),
        _ => typeof(object),
    };
}

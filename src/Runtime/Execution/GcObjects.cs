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
internal sealed class GcStruct : StructRef
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
    public override int FieldCount => Type.Storage.Length;

    /// <inheritdoc/>
    public override WasmValue GetField(int index)
    {
        CheckIndex(index, Type.Storage.Length, "field");
        var storage = Type.Storage[index];
        var slot = Type.Slots[index];
        return storage switch
        {
            ValueTypes.I8 => WasmValue.FromI32((byte)Bits[slot]),
            ValueTypes.I16 => WasmValue.FromI32((ushort)Bits[slot]),
            ValueType.I32 => WasmValue.FromI32((int)Bits[slot]),
            ValueType.I64 => WasmValue.FromI64(Bits[slot]),
            ValueType.F32 => WasmValue.FromF32Bits((int)Bits[slot]),
            ValueType.F64 => WasmValue.FromF64Bits(Bits[slot]),
            ValueType.V128 => WasmValue.FromV128(Bits[slot], Bits[slot + 1]),
            _ => WasmValue.FromRef(storage, Refs[slot]),
        };
    }

    /// <inheritdoc/>
    public override string ToString() => "<struct>";
}

/// <summary>A GC array: a typed .NET array (i8 as byte, i16 as ushort, references as object) with its runtime type.</summary>
internal abstract class GcArray : ArrayRef
{
    protected GcArray(GcType type) => Type = type;

    public GcType Type { get; }

    /// <inheritdoc/>
    public override string ToString() => "<array>";
}

/// <summary>A GC array of element CLR type <typeparamref name="T"/>.</summary>
internal sealed class GcArray<T> : GcArray
{
    public readonly T[] Data;

    public GcArray(GcType type, T[] data) : base(type) => Data = data;

    /// <inheritdoc/>
    public override int Length => Data.Length;

    /// <inheritdoc/>
    public override WasmValue GetElement(int index)
    {
        CheckIndex(index, Data.Length, "element");
        // References first: an externref element may hold any host object, a boxed number too.
        if (typeof(T) == typeof(object)) return WasmValue.FromRef(Type.Storage[0], Data[index]);
        return Data[index] switch
        {
            byte b => WasmValue.FromI32(b),
            ushort u => WasmValue.FromI32(u),
            int i => WasmValue.FromI32(i),
            long l => WasmValue.FromI64(l),
            float f => WasmValue.FromF32Bits(BitConverter.SingleToInt32Bits(f)),
            double d => WasmValue.FromF64Bits(BitConverter.DoubleToInt64Bits(d)),
            Vector128<byte> v => WasmValue.FromV128(v.AsInt64().GetElement(0), v.AsInt64().GetElement(1)),
            _ => throw new InvalidOperationException("unknown array element type " + typeof(T)),
        };
    }
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

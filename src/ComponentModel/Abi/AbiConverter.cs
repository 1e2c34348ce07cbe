using System;
using System.Buffers.Binary;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.ComponentModel.Abi;

/// <summary>
/// The canonical ABI conversions of one value type, specialised once (and cached on the <see cref="ValType"/>): the
/// type's kind is dispatched when the converter is built, its layout (sizes, offsets, flat counts, discriminant width,
/// flag mask) is copied into fields and its children are converters themselves. Lifting or lowering a value is then a
/// walk over these pre-resolved objects, one virtual call per node, instead of a switch over the type's kind and a
/// re-read of its layout for every value. Objects rather than compiled expression trees: no compilation cost when a
/// component is instantiated (density), nothing to run on targets without a JIT, and the same speed for the leaves
/// (each is one small method), which is where the time goes.
/// </summary>
internal abstract class AbiConverter
{
    protected AbiConverter(ValType type) => Type = type;

    /// <summary>The type converted (named in the messages of values that do not match it).</summary>
    public ValType Type { get; }

    /// <summary>Lifts a value from flat core values at <paramref name="index"/> (advanced past them).</summary>
    public abstract ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index);

    /// <summary>Lowers <paramref name="v"/> into flat core values at <paramref name="index"/> (advanced past them).</summary>
    public abstract void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index);

    /// <summary>Loads a value at <paramref name="ptr"/>, the caller guaranteeing its alignment and bounds.</summary>
    public abstract ComponentValue Load(CanonicalOptions cx, uint ptr);

    /// <summary>Stores <paramref name="v"/> at <paramref name="ptr"/>, the caller guaranteeing its alignment and bounds.</summary>
    public abstract void Store(CanonicalOptions cx, in ComponentValue v, uint ptr);

    /// <summary>Loads the 1-, 2- or 4-byte little-endian unsigned integer (a discriminant or a flags word) at the start of <paramref name="m"/>.</summary>
    internal static uint LoadUInt(ReadOnlySpan<byte> m, uint size) => size switch
    {
        1 => m[0],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(m),
        _ => BinaryPrimitives.ReadUInt32LittleEndian(m),
    };

    /// <summary>Stores <paramref name="bits"/> as a 1-, 2- or 4-byte little-endian unsigned integer at the start of <paramref name="m"/>.</summary>
    internal static void StoreUInt(Span<byte> m, uint size, uint bits)
    {
        switch (size)
        {
            case 1: m[0] = (byte)bits; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(m, (ushort)bits); break;
            default: BinaryPrimitives.WriteUInt32LittleEndian(m, bits); break;
        }
    }

    /// <summary>The converter of <paramref name="t"/>, built on first use.</summary>
    public static AbiConverter For(ValType t) => t.Converter ??= Create(t);

    private static AbiConverter Create(ValType t) => t.Kind switch
    {
        ValTypeKind.Bool => new BoolConverter(t),
        ValTypeKind.S8 => new S8Converter(t),
        ValTypeKind.U8 => new U8Converter(t),
        ValTypeKind.S16 => new S16Converter(t),
        ValTypeKind.U16 => new U16Converter(t),
        ValTypeKind.S32 => new S32Converter(t),
        ValTypeKind.U32 => new U32Converter(t),
        ValTypeKind.S64 or ValTypeKind.U64 => new Int64Converter(t),
        ValTypeKind.F32 => new F32Converter(t),
        ValTypeKind.F64 => new F64Converter(t),
        ValTypeKind.Char => new CharConverter(t),
        ValTypeKind.String => new StringConverter(t),
        ValTypeKind.List or ValTypeKind.Map => new ListConverter(t),
        ValTypeKind.FixedList => new FixedListConverter(t),
        ValTypeKind.Record or ValTypeKind.Tuple => new RecordConverter(t),
        ValTypeKind.Variant or ValTypeKind.Enum or ValTypeKind.Option or ValTypeKind.Result => new VariantConverter(t),
        ValTypeKind.Flags => new FlagsConverter(t),
        ValTypeKind.Own => new OwnConverter(t),
        ValTypeKind.Borrow => new BorrowConverter(t),
        ValTypeKind.Future or ValTypeKind.Stream or ValTypeKind.ErrorContext => new IndexHandleConverter(t),
        _ => new UnsupportedConverter(t),
    };

    /// <summary>A kind without canonical ABI conversions: every use is a host error, as it always was.</summary>
    private sealed class UnsupportedConverter : AbiConverter
    {
        public UnsupportedConverter(ValType t) : base(t) { }
        private ArgumentException Error() => new($"unsupported type {Type}");
        public override ComponentValue LiftFlat(CanonicalOptions cx, ReadOnlySpan<ulong> src, ref int index) => throw Error();
        public override void LowerFlat(CanonicalOptions cx, in ComponentValue v, Span<ulong> dst, ref int index) => throw Error();
        public override ComponentValue Load(CanonicalOptions cx, uint ptr) => throw Error();
        public override void Store(CanonicalOptions cx, in ComponentValue v, uint ptr) => throw Error();
    }
}

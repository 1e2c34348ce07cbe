using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.ComponentModel.Tests;

/// <summary>The converters the canonical ABI specialises once per value type (<see cref="AbiConverter"/>).</summary>
public sealed class AbiConverterTests
{
    private static readonly ValType Nested = ValType.Record(new (string, ValType)[]
    {
        ("names", ValType.List(ValType.Option(ValType.String))),
        ("shape", ValType.Variant(new (string, ValType?)[] { ("byte", ValType.U8), ("none", null), ("wide", ValType.F64) })),
        ("bits", ValType.Flags(new[] { "a", "b", "c" })),
        ("pair", ValType.Tuple(ValType.Char, ValType.S16)),
        ("floats", ValType.List(ValType.F32)),
    });

    private static ComponentValue NestedValue(uint nanBits) => ComponentValue.Record(
        ComponentValue.List(ComponentValue.Some(ComponentValue.String("é-x")), ComponentValue.None, ComponentValue.Some(ComponentValue.String(""))),
        ComponentValue.Variant(2, ComponentValue.F64(-2.5)),
        ComponentValue.Flags(0b101),
        ComponentValue.Tuple(ComponentValue.Char(0x1F600), ComponentValue.S16(-3)),
        ComponentValue.List(ComponentValue.F32(1.5f), ComponentValue.F32Bits(nanBits)));

    [Fact]
    public void ConvertersAreBuiltOncePerTypeAndShareTheirChildren()
    {
        var converter = AbiConverter.For(Nested);
        Assert.Same(converter, AbiConverter.For(Nested));
        // The list inside the record is the one the record's field converter holds: built once, reused by both.
        var names = Nested.Fields[0];
        Assert.NotNull(names.Converter);
        Assert.Same(names.Converter, AbiConverter.For(names));
        // A plan of a function over the type converts with the same objects.
        var plan = FunctionAbiPlan.Create(new[] { Nested }, Nested);
        var heap = new BumpHeap(4096, 64);
        var cx = heap.Options(StringEncoding.Utf8);
        var flat = new ulong[plan.FlatArgumentCount];
        plan.LowerArguments(cx, new[] { NestedValue(0x7f800001) }, flat);
        Assert.Same(converter, Nested.Converter);
    }

    [Theory]
    [InlineData(StringEncoding.Utf8)]
    [InlineData(StringEncoding.Utf16)]
    [InlineData(StringEncoding.Latin1Utf16)]
    public void NestedValuesRoundTripThroughMemoryAndFlatSlots(StringEncoding encoding)
    {
        // A signalling NaN with payload comes back as the canonical NaN, in memory and in flat slots alike.
        var sent = NestedValue(0x7fa00001);
        var expected = NestedValue(0x7fc00000);

        var heap = new BumpHeap(4096, 256);
        var cx = heap.Options(encoding);
        CanonicalAbi.Store(cx, Nested, sent, 8);
        Assert.Equal(expected, CanonicalAbi.Load(cx, Nested, 8));

        var slots = new ulong[Nested.FlatCount];
        int index = 0;
        CanonicalAbi.LowerFlat(cx, Nested, sent, slots, ref index);
        Assert.Equal((int)Nested.FlatCount, index);
        index = 0;
        Assert.Equal(expected, CanonicalAbi.LiftFlat(cx, Nested, slots, ref index));
    }

    [Fact]
    public void AValueOfTheWrongKindDeepInsideNamesItsType()
    {
        var heap = new BumpHeap(4096, 64);
        var cx = heap.Options(StringEncoding.Utf8);
        var bad = ComponentValue.Record(
            ComponentValue.List(ComponentValue.Some(ComponentValue.U32(1))),
            ComponentValue.Variant(1), ComponentValue.Flags(0), ComponentValue.Tuple(ComponentValue.Char('a'), ComponentValue.S16(0)),
            ComponentValue.List());
        var e = Assert.Throws<ArgumentException>(() => CanonicalAbi.Store(cx, Nested, bad, 8));
        Assert.Equal($"a U32 value cannot be lowered as {ValType.String}", e.Message);
        // A case whose payload is missing, and a case that does not exist, as before.
        var noPayload = ComponentValue.Record(ComponentValue.List(), ComponentValue.Variant(0), ComponentValue.Flags(0),
            ComponentValue.Tuple(ComponentValue.Char('a'), ComponentValue.S16(0)), ComponentValue.List());
        Assert.Contains("needs a payload", Assert.Throws<ArgumentException>(() => CanonicalAbi.Store(cx, Nested, noPayload, 8)).Message);
        var slots = new ulong[Nested.FlatCount];
        int index = 0;
        var noCase = ComponentValue.Record(ComponentValue.List(), ComponentValue.Variant(3), ComponentValue.Flags(0),
            ComponentValue.Tuple(ComponentValue.Char('a'), ComponentValue.S16(0)), ComponentValue.List());
        Assert.Contains("case 3 does not exist", Assert.Throws<ArgumentException>(() => CanonicalAbi.LowerFlat(cx, Nested, noCase, slots, ref index)).Message);
    }

    [Fact]
    public void TrapsInsideNestedValuesKeepTheirKinds()
    {
        var heap = new BumpHeap(256, 64);
        var cx = heap.Options(StringEncoding.Utf8);
        // An invalid discriminant of the variant field (flat slot after the list's two).
        var slots = new ulong[Nested.FlatCount];
        slots[2] = 7;
        int index = 0;
        Assert.Equal(TrapKind.InvalidDiscriminant, Assert.Throws<CanonicalAbiTrap>(() => CanonicalAbi.LiftFlat(cx, Nested, slots, ref index)).Kind);
        // A list of f32 whose range leaves memory, and one that is misaligned.
        var floats = ValType.List(ValType.F32);
        index = 0;
        Assert.Equal(TrapKind.ListOutOfBounds, Assert.Throws<CanonicalAbiTrap>(() => CanonicalAbi.LiftFlat(cx, floats, new ulong[] { 200, 100 }, ref index)).Kind);
        index = 0;
        Assert.Equal(TrapKind.UnalignedPointer, Assert.Throws<CanonicalAbiTrap>(() => CanonicalAbi.LiftFlat(cx, floats, new ulong[] { 2, 1 }, ref index)).Kind);
        // A char that is a surrogate.
        index = 0;
        Assert.Equal(TrapKind.InvalidChar, Assert.Throws<CanonicalAbiTrap>(() => CanonicalAbi.LiftFlat(cx, ValType.Char, new ulong[] { 0xD800 }, ref index)).Kind);
    }

    public static TheoryData<string> ScalarElementKinds() => new() { "bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64" };

    private static (ValType Type, ComponentValue[] Items) ScalarList(string kind) => kind switch
    {
        "bool" => (ValType.Bool, new[] { ComponentValue.Bool(true), ComponentValue.Bool(false), ComponentValue.Bool(true) }),
        "s8" => (ValType.S8, new[] { ComponentValue.S8(-128), ComponentValue.S8(-1), ComponentValue.S8(127) }),
        "u8" => (ValType.U8, new[] { ComponentValue.U8(0), ComponentValue.U8(0x80), ComponentValue.U8(255) }),
        "s16" => (ValType.S16, new[] { ComponentValue.S16(short.MinValue), ComponentValue.S16(-2), ComponentValue.S16(0x1234) }),
        "u16" => (ValType.U16, new[] { ComponentValue.U16(0xFFFF), ComponentValue.U16(0x8001), ComponentValue.U16(0x1234) }),
        "s32" => (ValType.S32, new[] { ComponentValue.S32(int.MinValue), ComponentValue.S32(-3), ComponentValue.S32(0x12345678) }),
        "u32" => (ValType.U32, new[] { ComponentValue.U32(uint.MaxValue), ComponentValue.U32(0x80000001), ComponentValue.U32(0x12345678) }),
        "s64" => (ValType.S64, new[] { ComponentValue.S64(long.MinValue), ComponentValue.S64(-4), ComponentValue.S64(0x0102030405060708) }),
        "u64" => (ValType.U64, new[] { ComponentValue.U64(ulong.MaxValue), ComponentValue.U64(0x8000000000000001), ComponentValue.U64(0x0102030405060708) }),
        "f32" => (ValType.F32, new[] { ComponentValue.F32(-1.5f), ComponentValue.F32Bits(0x7fa00001), ComponentValue.F32(float.Epsilon) }),
        _ => (ValType.F64, new[] { ComponentValue.F64(-2.25), ComponentValue.F64(double.NaN), ComponentValue.F64(double.MaxValue) }),
    };

    [Theory]
    [MemberData(nameof(ScalarElementKinds))]
    public void ListsOfScalarsMovedInBulkMatchTheElementConverters(string kind)
    {
        // Lists of numbers and bools are copied in one pass over one span: the bytes in memory and the values lifted
        // back must be the ones the element converters give one element at a time (little-endian, sign-extended,
        // NaNs canonicalized).
        var (element, items) = ScalarList(kind);
        var list = ValType.List(element);
        var heap = new BumpHeap(4096, 256);
        var cx = heap.Options(StringEncoding.Utf8);
        var slots = new ulong[2];
        int index = 0;
        CanonicalAbi.LowerFlat(cx, list, ComponentValue.List(items), slots, ref index);
        uint ptr = (uint)slots[0];
        Assert.Equal((ulong)items.Length, slots[1]);

        var one = new BumpHeap(4096, 256);
        var oneCx = one.Options(StringEncoding.Utf8);
        for (int i = 0; i < items.Length; i++) CanonicalAbi.Store(oneCx, element, items[i], ptr + (uint)i * element.Size);
        int bytes = items.Length * (int)element.Size;
        Assert.Equal(one.Memory.Bytes.AsSpan((int)ptr, bytes).ToArray(), heap.Memory.Bytes.AsSpan((int)ptr, bytes).ToArray());

        index = 0;
        var lifted = CanonicalAbi.LiftFlat(cx, list, slots, ref index).Items;
        Assert.Equal(items.Length, lifted.Length);
        for (int i = 0; i < items.Length; i++) Assert.Equal(CanonicalAbi.Load(oneCx, element, ptr + (uint)i * element.Size), lifted[i]);
    }

    [Fact]
    public void AListOfScalarsHoldingAValueOfAnotherKindNamesTheElementType()
    {
        var heap = new BumpHeap(4096, 256);
        var cx = heap.Options(StringEncoding.Utf8);
        var slots = new ulong[2];
        int index = 0;
        var e = Assert.Throws<ArgumentException>(() => CanonicalAbi.LowerFlat(cx, ValType.List(ValType.U32),
            ComponentValue.List(ComponentValue.U32(1), ComponentValue.S32(2)), slots, ref index));
        Assert.Equal($"a S32 value cannot be lowered as {ValType.U32}", e.Message);
    }
}

using WitBindgen.ComponentModel.Binary;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.ComponentModel.Tests.Binary;

public sealed class WasmPrimitiveTests
{
    [Theory]
    [InlineData(0u, new byte[] { 0x00 })]
    [InlineData(127u, new byte[] { 0x7f })]
    [InlineData(128u, new byte[] { 0x80, 0x01 })]
    [InlineData(624485u, new byte[] { 0xe5, 0x8e, 0x26 })]
    [InlineData(uint.MaxValue, new byte[] { 0xff, 0xff, 0xff, 0xff, 0x0f })]
    public void UnsignedLeb128RoundTrips(uint value, byte[] bytes)
    {
        Assert.Equal(bytes, new WasmWriter().U32(value).ToArray());
        Assert.Equal(value, ComponentBytes.Reader(bytes).ReadU32());
    }

    [Theory]
    [InlineData(0L, new byte[] { 0x00 })]
    [InlineData(-1L, new byte[] { 0x7f })]
    [InlineData(63L, new byte[] { 0x3f })]
    [InlineData(64L, new byte[] { 0xc0, 0x00 })]
    [InlineData(-64L, new byte[] { 0x40 })]
    [InlineData(-123456L, new byte[] { 0xc0, 0xbb, 0x78 })]
    public void SignedLeb128RoundTrips(long value, byte[] bytes)
    {
        Assert.Equal(bytes, new WasmWriter().S64(value).ToArray());
        Assert.Equal(value, ComponentBytes.Reader(bytes).ReadS64());
    }

    [Fact]
    public void OverlongAndOversizedIntegersAreRejected()
    {
        Assert.Throws<ComponentFormatException>(() => ComponentBytes.Reader(new byte[] { 0xff, 0xff, 0xff, 0xff, 0x1f }).ReadU32());
        Assert.Throws<ComponentFormatException>(() => ComponentBytes.Reader(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }).ReadU32());
        Assert.Throws<ComponentFormatException>(() => ComponentBytes.Reader(new byte[] { 0x80 }).ReadU32());
    }

    [Fact]
    public void ComponentReadersUseTheSpecMessagesAndTheOneExceptionFamily()
    {
        var tooLong = Assert.Throws<ComponentFormatException>(() => ComponentBytes.Reader(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }).ReadU32());
        Assert.Equal("integer representation too long", tooLong.Problem);
        var tooLarge = Assert.Throws<ComponentFormatException>(() => ComponentBytes.Reader(new byte[] { 0xff, 0xff, 0xff, 0xff, 0x1f }).ReadU32());
        Assert.Equal("integer too large", tooLarge.Problem);
        Assert.IsAssignableFrom<WitBindgen.CoreWasm.WasmException>(tooLarge);
        // The same reader without a component error factory reports core decode errors.
        Assert.Throws<WitBindgen.CoreWasm.Binary.WasmDecodeException>(() => new WasmReader(new byte[] { 0x80 }).ReadU32());
    }

    [Fact]
    public void NamesAreUtf8AndValidated()
    {
        var bytes = new WasmWriter().Name("héllo").ToArray();
        Assert.Equal(6, bytes[0]);
        Assert.Equal("héllo", ComponentBytes.Reader(bytes).ReadName());
        var e = Assert.Throws<ComponentFormatException>(() => ComponentBytes.Reader(new byte[] { 2, 0xc3, 0x28 }).ReadName());
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void TypeIndicesAbovePrimitiveOpcodesUseSignedEncoding()
    {
        // Index 0x73 would collide with `string` if written as an unsigned byte.
        var w = new WasmWriter();
        TypeCodec.WriteValType(w, ValType.Ref(0x73));
        TypeCodec.WriteValType(w, ValType.Of(PrimitiveValType.String));
        var r = ComponentBytes.Reader(w.ToArray());
        Assert.Equal(ValType.Ref(0x73), TypeCodec.ReadValType(r));
        Assert.Equal(ValType.Of(PrimitiveValType.String), TypeCodec.ReadValType(r));
    }

    [Fact]
    public void EveryTypeDefinitionRoundTrips()
    {
        var defs = new TypeDefinition[]
        {
            new PrimitiveDefinedType(PrimitiveValType.ErrorContext),
            new RecordType(new[] { new NamedValType("a", ValType.Of(PrimitiveValType.U8)), new NamedValType("b", ValType.Ref(0)) }),
            new VariantType(new[] { new CaseType("none", null), new CaseType("some", ValType.Of(PrimitiveValType.F64)) }),
            new ListType(ValType.Of(PrimitiveValType.Char)),
            new FixedListType(ValType.Of(PrimitiveValType.U32), 4),
            new TupleType(new[] { ValType.Of(PrimitiveValType.S8), ValType.Ref(200) }),
            new FlagsType(new[] { "x", "y" }),
            new EnumType(new[] { "red" }),
            new OptionType(ValType.Of(PrimitiveValType.Bool)),
            new ResultType(null, ValType.Of(PrimitiveValType.String)),
            new OwnType(3), new BorrowType(3),
            new StreamType(null), new FutureType(ValType.Of(PrimitiveValType.U64)),
            new MapType(ValType.Of(PrimitiveValType.String), ValType.Ref(1)),
            new FuncType(true, new[] { new NamedValType("p", ValType.Of(PrimitiveValType.S32)) }, null),
            new ResourceTypeDefinition(5),
            new ResourceTypeDefinition(null, true, 7),
            new InstanceTypeDefinition(new Declaration[]
            {
                new TypeDeclaration(new FuncType(false, new NamedValType[0], ValType.Of(PrimitiveValType.U8))),
                new AliasDeclaration(new Alias(Sort.Type, new OuterAlias(1, 2))),
                new ExportDeclaration(new ExternName("f", "a:b/c"), ExternDesc.Func(0)),
                new ExportDeclaration("r", ExternDesc.Type(TypeBound.SubResource)),
                new CoreTypeDeclaration(new CoreFuncType(new[] { ValueType.I32 }, new[] { ValueType.I64 })),
            }),
            new ComponentTypeDefinition(new Declaration[]
            {
                new ImportDeclaration("ns:pkg/x@1.0.0", ExternDesc.Instance(0)),
                new AliasDeclaration(new Alias(Sort.Type, new InstanceExportAlias(0, "t"))),
                new ExportDeclaration("ns:pkg/w", ExternDesc.Component(1)),
            }),
        };
        foreach (var def in defs)
        {
            var w = new WasmWriter();
            TypeCodec.WriteTypeDefinition(w, def);
            var bytes = w.ToArray();
            var back = TypeCodec.ReadTypeDefinition(ComponentBytes.Reader(bytes));
            var w2 = new WasmWriter();
            TypeCodec.WriteTypeDefinition(w2, back);
            Assert.Equal(bytes, w2.ToArray());
        }
    }
}

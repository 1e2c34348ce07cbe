using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Tests;

public sealed class ValTypeTests
{
    [Fact]
    public void InvalidTypesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ValType.Flags(new string[33]));
        Assert.Throws<ArgumentException>(() => ValType.Flags(Array.Empty<string>()));
        Assert.Throws<ArgumentException>(() => ValType.FixedList(ValType.U8, 0));
        Assert.Throws<ArgumentException>(() => ValType.FixedList(ValType.U64, uint.MaxValue));
        Assert.Throws<ArgumentException>(() => ValType.Record(Array.Empty<(string, ValType)>()));
        Assert.Throws<ArgumentException>(() => ValType.Variant(Array.Empty<(string, ValType?)>()));
        Assert.Throws<ArgumentException>(() => ValType.Enum(Array.Empty<string>()));
    }

    [Theory]
    [InlineData(1, 1u)]
    [InlineData(256, 1u)]
    [InlineData(257, 2u)]
    [InlineData(65536, 2u)]
    [InlineData(65537, 4u)]
    public void DiscriminantSizeFollowsCaseCount(int cases, uint size)
    {
        var names = new string[cases];
        for (int i = 0; i < cases; i++) names[i] = "c" + i;
        var e = ValType.Enum(names);
        Assert.Equal(size, e.DiscriminantSize);
        Assert.Equal(size, e.Size);
        Assert.Equal(size, e.Alignment);
        var v = ValType.Variant(new (string, ValType?)[] { ("a", ValType.U8) });
        Assert.Equal(2u, v.Size);
        Assert.Equal(1u, v.PayloadOffset);
    }

    [Fact]
    public void DescribesItself()
    {
        var t = ValType.Result(ValType.List(ValType.Tuple(ValType.U8, ValType.String)), null);
        Assert.Equal("result<list<tuple<u8, string>>, _>", t.ToString());
        Assert.Equal("map<string, u32>", ValType.Map(ValType.String, ValType.U32).ToString());
        Assert.True(t.NeedsMemory);
        Assert.False(ValType.Option(ValType.U8).NeedsMemory);
    }

    [Fact]
    public void HugeTypesReportFlatCountWithoutMaterializing()
    {
        var t = ValType.FixedList(ValType.U64, 1_000_000);
        Assert.Equal(1_000_000, t.FlatCount);
        Assert.Null(t.FlatTypes);
        var plan = FunctionAbiPlan.Create(new[] { t }, t);
        Assert.True(plan.ParamsIndirect);
        Assert.True(plan.ResultIndirect);
        Assert.Equal(8_000_000u, plan.ParamAreaSize);
    }

    [Fact]
    public void BuildsFromTheWitModel()
    {
        var resolve = new Resolve();
        var owner = TypeOwner.None;
        Id<TypeDef> Add(string? name, TypeDefKind kind) => resolve.Types.Add(new TypeDef(name, kind, owner));
        var res = Add("file", ResourceKind.Instance);
        var resAlias = Add("f2", new AliasKind(WitType.Id(res)));
        var own = Add(null, new HandleKind(false, resAlias));
        var borrow = Add(null, new HandleKind(true, res));
        var point = Add("point", new RecordKind(new[] { new Field("x", new WitType(WitTypeKind.S32), null), new Field("y", new WitType(WitTypeKind.F64), null) }));
        var color = Add("color", new EnumKind(new[] { new NamedCase("red", null), new NamedCase("green", null) }));
        var perms = Add("perms", new FlagsKind(new[] { new NamedCase("read", null), new NamedCase("write", null) }));
        var shape = Add("shape", new VariantKind(new[] { new VariantCase("circle", new WitType(WitTypeKind.F32), null), new VariantCase("none", null, null) }));
        var list = Add(null, new ListKind(WitType.Id(point)));
        var fixedList = Add(null, new FixedListKind(new WitType(WitTypeKind.U8), 4));
        var option = Add(null, new OptionKind(WitType.Id(color)));
        var result = Add(null, new ResultKind(new WitType(WitTypeKind.String), null));
        var tuple = Add(null, new TupleKind(new[] { WitType.Id(own), WitType.Id(borrow) }));
        var map = Add(null, new MapKind(new WitType(WitTypeKind.String), WitType.Id(perms)));
        var future = Add(null, new FutureKind(null));
        var stream = Add(null, new StreamKind(new WitType(WitTypeKind.U8)));
        var alias = Add("pt", new AliasKind(WitType.Id(point)));

        var b = new ValTypeBuilder(resolve);
        Assert.Same(b.Build(WitType.Id(point)), b.Build(WitType.Id(alias)));
        var p = b.Build(WitType.Id(point));
        Assert.Equal(ValTypeKind.Record, p.Kind);
        Assert.Equal(new[] { "x", "y" }, p.Names);
        Assert.Equal(new uint[] { 0, 8 }, p.FieldOffsets);
        Assert.Equal(16u, p.Size);
        Assert.Equal(ValTypeKind.Enum, b.Build(WitType.Id(color)).Kind);
        Assert.Equal(1u, b.Build(WitType.Id(perms)).Size);
        var s = b.Build(WitType.Id(shape));
        Assert.Equal("variant { circle(f32), none }", s.ToString());
        Assert.Equal(ValTypeKind.List, b.Build(WitType.Id(list)).Kind);
        Assert.Equal(4u, b.Build(WitType.Id(fixedList)).Size);
        Assert.Equal("option<enum { red, green }>", b.Build(WitType.Id(option)).ToString());
        Assert.Equal("result<string, _>", b.Build(WitType.Id(result)).ToString());
        var tu = b.Build(WitType.Id(tuple));
        Assert.Equal(ValTypeKind.Own, tu.Fields[0].Kind);
        Assert.Equal(res.Index, tu.Fields[0].ResourceId); // dealiased resource id
        Assert.Equal(ValTypeKind.Borrow, tu.Fields[1].Kind);
        Assert.Equal(res.Index, tu.Fields[1].ResourceId);
        Assert.Equal(ValTypeKind.Map, b.Build(WitType.Id(map)).Kind);
        Assert.Equal(ValTypeKind.Future, b.Build(WitType.Id(future)).Kind);
        Assert.Equal(ValTypeKind.Stream, b.Build(WitType.Id(stream)).Kind);
        Assert.Equal(ValTypeKind.ErrorContext, ValTypeBuilder.FromWit(resolve, new WitType(WitTypeKind.ErrorContext)).Kind);
        Assert.Throws<ArgumentException>(() => b.Build(WitType.Id(res)));
        Assert.Throws<ArgumentException>(() => b.Build(WitType.Id(new Id<TypeDef>(999))));

        var f = new Function("move", FunctionKind.Freestanding, null,
            new[] { new Param("p", WitType.Id(point)), new Param("s", new WitType(WitTypeKind.String)) }, WitType.Id(result));
        var plan = FunctionAbiPlan.FromWit(b, f);
        Assert.Equal("I32 F64 I32 I32", string.Join(" ", plan.Lift.Params));
        Assert.True(plan.ResultIndirect);
        Assert.Equal("I32 F64 I32 I32 I32", string.Join(" ", plan.Lower.Params));
    }

    [Fact]
    public void RecursiveAliasesAreRejected()
    {
        var resolve = new Resolve();
        resolve.Types.Add(new TypeDef("a", new AliasKind(WitType.Id(new Id<TypeDef>(1))), TypeOwner.None));
        resolve.Types.Add(new TypeDef("b", new ListKind(WitType.Id(new Id<TypeDef>(0))), TypeOwner.None));
        Assert.Throws<ArgumentException>(() => ValTypeBuilder.FromWit(resolve, WitType.Id(new Id<TypeDef>(0))));
    }

    [Fact]
    public void ComponentValuesCompareStructurally()
    {
        Assert.Equal(ComponentValue.Some(ComponentValue.String("a")), ComponentValue.Some(ComponentValue.String("a")));
        Assert.NotEqual(ComponentValue.Some(ComponentValue.U8(1)), ComponentValue.Some(ComponentValue.U8(2)));
        Assert.NotEqual(ComponentValue.Ok(), ComponentValue.Err());
        Assert.Throws<ArgumentOutOfRangeException>(() => ComponentValue.Char(0xD800));
        Assert.Equal(-5, ComponentValue.S16(-5).AsInt64());
        Assert.Equal(1.5f, ComponentValue.F32(1.5f).AsSingle());
        Assert.Equal("(1, \"x\", #1(U+0061))", ComponentValue.Tuple(ComponentValue.U8(1), ComponentValue.String("x"), ComponentValue.Variant(1, ComponentValue.Char('a'))).ToString());
    }
}

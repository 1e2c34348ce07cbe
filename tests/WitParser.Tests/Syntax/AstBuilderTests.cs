using System.Linq;
using WitBindgen.WitParser.Syntax;

namespace WitBindgen.WitParser.Tests.Syntax;

/// <summary>What the AST builder makes of each construct of the language.</summary>
public sealed class AstBuilderTests
{
    private static WitFile Parse(string text) => WitFileParser.Parse("test.wit", text);

    private static InterfaceDecl Interface(string body) =>
        Assert.IsType<InterfaceDecl>(Assert.Single(Parse("package a:b;\ninterface i {\n" + body + "\n}\n").Items));

    private static TypeRef AliasType(string type) =>
        Assert.IsType<TypeAliasDecl>(Assert.Single(Interface($"type t = {type};").Items)).Type;

    [Fact]
    public void PackageHeaderWithFullSemver()
    {
        var file = Parse("/// The package.\npackage my:pkg@1.0.0-alpha.1+build.5;\n");
        var header = Assert.IsType<PackageDecl>(file.Package);
        Assert.Equal("my", header.Name.Namespace.Name);
        Assert.Equal("pkg", header.Name.Name.Name);
        Assert.Equal("1.0.0-alpha.1+build.5", header.Name.Version!.ToString());
        Assert.Equal("The package.", header.Docs.Contents);
        Assert.Equal("my:pkg@1.0.0-alpha.1+build.5", header.Name.Span.Text);
    }

    [Fact]
    public void VersionBeforeUseBracesStopsAtThePeriod()
    {
        var use = Assert.IsType<UseDecl>(Assert.Single(Interface("use a:b/c@1.2.3-rc.{x, y as z,};").Items));
        var path = Assert.IsType<PackagePath>(use.From);
        Assert.Equal("1.2.3-rc", path.Package.Version!.ToString());
        Assert.Equal("c", path.Name.Name);
        Assert.Equal(new[] { "x", "y" }, use.Names.Select(n => n.Name.Name));
        Assert.Equal("z", use.Names[1].As!.Name);
        Assert.Empty(Assert.IsType<UseDecl>(Assert.Single(Interface("use c.{};").Items)).Names);
    }

    [Fact]
    public void ExplicitIdentifiersAllowKeywords()
    {
        var iface = Interface("%interface: func(%type: u32) -> %async;");
        var func = Assert.IsType<FuncDecl>(Assert.Single(iface.Items));
        Assert.Equal("interface", func.Name.Name);
        Assert.Equal("%interface", func.Name.Span.Text);
        Assert.Equal("type", func.Signature.Params[0].Name.Name);
        Assert.Equal("async", Assert.IsType<NamedTypeRef>(func.Signature.Result).Name.Name);
    }

    [Fact]
    public void DocsFollowTheReferenceRules()
    {
        var file = Parse("package a:b;\n// hello\n//   world\n/* this too */ /* is a comment */\n/* this /* is /* a */ nested */ comment */\ninterface foo {}\n");
        var iface = Assert.IsType<InterfaceDecl>(Assert.Single(file.Items));
        Assert.Equal(" hello\n   world\n* this too */\n* is a comment */\n* this /* is /* a */ nested */ comment */", iface.Docs.Contents);
        Assert.Equal(5, iface.Docs.Span!.Value.File.LineColumn(iface.Docs.Span.Value.End).Line);

        var block = Assert.IsType<InterfaceDecl>(Assert.Single(Parse("/**\n   * a\n   *   b\n   */\ninterface x {}").Items));
        Assert.Equal("\n   * a\n   *   b", block.Docs.Contents);
        var indented = Assert.IsType<InterfaceDecl>(Assert.Single(Parse("///   a\n///     b\n///\ninterface x {}").Items));
        Assert.Equal("a\n  b", indented.Docs.Contents);

        var none = Assert.IsType<InterfaceDecl>(Assert.Single(Parse("interface x {}").Items));
        Assert.Null(none.Docs.Contents);
    }

    [Fact]
    public void DocsAttachToFieldsCasesAndFunctionsButNotToParams()
    {
        var iface = Interface("/// r\nrecord r {\n /// f\n f: u32,\n}\nenum e { /// c\n c }\n/// fn\nf: func(/// p\n p: u32);");
        var record = Assert.IsType<RecordDecl>(iface.Items[0]);
        Assert.Equal("r", record.Docs.Contents);
        Assert.Equal("f", record.Fields[0].Docs.Contents);
        Assert.Equal("c", Assert.IsType<EnumDecl>(iface.Items[1]).Cases[0].Docs.Contents);
        Assert.Equal("fn", Assert.IsType<FuncDecl>(iface.Items[2]).Docs.Contents);
    }

    [Fact]
    public void EveryTypeForm()
    {
        Assert.Equal(PrimitiveKind.ErrorContext, Assert.IsType<PrimitiveTypeRef>(AliasType("error-context")).Kind);
        Assert.Equal(PrimitiveKind.String, Assert.IsType<PrimitiveTypeRef>(AliasType("string")).Kind);
        Assert.IsType<PrimitiveTypeRef>(Assert.IsType<ListTypeRef>(AliasType("list<u8>")).Element);
        var fixedList = Assert.IsType<FixedListTypeRef>(AliasType("list<u8, 4>"));
        Assert.Equal(4u, fixedList.Length);
        Assert.Equal("4", fixedList.LengthSpan.Text);
        var map = Assert.IsType<MapTypeRef>(AliasType("map<string, u32>"));
        Assert.IsType<PrimitiveTypeRef>(map.Value);
        Assert.IsType<OptionTypeRef>(AliasType("option<bool>"));
        var bare = Assert.IsType<ResultTypeRef>(AliasType("result"));
        Assert.Null(bare.Ok);
        Assert.Null(bare.Err);
        Assert.Null(Assert.IsType<ResultTypeRef>(AliasType("result<u8>")).Err);
        var errOnly = Assert.IsType<ResultTypeRef>(AliasType("result<_, u8>"));
        Assert.Null(errOnly.Ok);
        Assert.NotNull(errOnly.Err);
        var both = Assert.IsType<ResultTypeRef>(AliasType("result<u8, string>"));
        Assert.NotNull(both.Ok);
        Assert.NotNull(both.Err);
        Assert.Empty(Assert.IsType<TupleTypeRef>(AliasType("tuple<>")).Elements);
        Assert.Equal(3, Assert.IsType<TupleTypeRef>(AliasType("tuple<u8, u16, u32,>")).Elements.Count);
        Assert.Null(Assert.IsType<FutureTypeRef>(AliasType("future")).Element);
        Assert.NotNull(Assert.IsType<StreamTypeRef>(AliasType("stream<u8>")).Element);
        var own = Assert.IsType<HandleTypeRef>(AliasType("own<r>"));
        Assert.False(own.IsBorrow);
        Assert.Equal("r", own.Span.Text);
        Assert.True(Assert.IsType<HandleTypeRef>(AliasType("borrow<r>")).IsBorrow);
        Assert.Equal("list", AliasType("list<list<u8>>").Span.Text);
    }

    [Fact]
    public void TypeDefinitions()
    {
        var iface = Interface("flags f { a, b, }\nvariant v { a, b(u32) }\nresource r;\nresource s {\n constructor(x: u32) -> result<s, string>;\n m: async func();\n st: static async func() -> u32;\n}");
        Assert.Equal(2, Assert.IsType<FlagsDecl>(iface.Items[0]).Flags.Count);
        var variant = Assert.IsType<VariantDecl>(iface.Items[1]);
        Assert.Null(variant.Cases[0].Type);
        Assert.NotNull(variant.Cases[1].Type);
        Assert.Empty(Assert.IsType<ResourceDecl>(iface.Items[2]).Functions);
        var funcs = Assert.IsType<ResourceDecl>(iface.Items[3]).Functions;
        var ctor = Assert.IsType<ConstructorDecl>(funcs[0]);
        Assert.Equal("constructor", ctor.Name.Span.Text);
        Assert.IsType<ResultTypeRef>(ctor.Signature.Result);
        Assert.True(Assert.IsType<MethodDecl>(funcs[1]).Signature.IsAsync);
        Assert.True(Assert.IsType<StaticDecl>(funcs[2]).Signature.IsAsync);
    }

    [Fact]
    public void AttributeForms()
    {
        var file = Parse("package a:b@1.0.0;\n@since(version = 1.0.0)\n@deprecated(version = 1.1.0)\ninterface i {\n @unstable(feature = fancy)\n @external-id(\"x\\u{1F600}\\n\")\n f: func();\n}\n");
        var iface = Assert.IsType<InterfaceDecl>(Assert.Single(file.Items));
        Assert.Equal("1.0.0", Assert.IsType<SinceAttribute>(iface.Attributes[0]).Version.ToString());
        Assert.Equal("1.1.0", Assert.IsType<DeprecatedAttribute>(iface.Attributes[1]).Version.ToString());
        Assert.Equal("since", iface.Attributes[0].Span.Text);
        var func = Assert.IsType<FuncDecl>(Assert.Single(iface.Items));
        Assert.Equal("fancy", Assert.IsType<UnstableAttribute>(func.Attributes[0]).Feature.Name);
        Assert.Equal("x\U0001F600\n", Assert.IsType<ExternalIdAttribute>(func.Attributes[1]).Value);
    }

    [Fact]
    public void WorldItemForms()
    {
        var world = Assert.IsType<WorldDecl>(Assert.Single(Parse(
            "package a:b;\nworld w {\n import f: async func(x: u8);\n export i: interface { g: func(); }\n import local;\n export ns:pkg/iface@0.2.0;\n import primary: store;\n import secondary: ns:pkg/store;\n use t.{x};\n type y = u8;\n include other with { a as b }\n include ns:pkg/w;\n}\n").Items));
        var items = world.Items;
        var f = Assert.IsType<FuncExtern>(Assert.IsType<ImportExportDecl>(items[0]).Spec);
        Assert.True(f.Signature.IsAsync);
        var inline = Assert.IsType<ImportExportDecl>(items[1]);
        Assert.False(inline.IsImport);
        Assert.Single(Assert.IsType<InlineInterfaceExtern>(inline.Spec).Items);
        Assert.IsType<LocalPath>(Assert.IsType<PathExtern>(Assert.IsType<ImportExportDecl>(items[2]).Spec).Path);
        var foreign = Assert.IsType<ImportExportDecl>(items[3]);
        var foreignPath = Assert.IsType<PackagePath>(Assert.IsType<PathExtern>(foreign.Spec).Path);
        Assert.Equal("0.2.0", foreignPath.Package.Version!.ToString());
        Assert.Equal("ns:pkg", foreignPath.Package.Span.Text);
        Assert.Equal("iface", foreign.Span.Text);
        var labeled = Assert.IsType<ImportExportDecl>(items[4]);
        Assert.Equal("primary", Assert.IsType<LabeledPathExtern>(labeled.Spec).Label.Name);
        Assert.Equal("primary", labeled.Span.Text);
        Assert.IsType<PackagePath>(Assert.IsType<LabeledPathExtern>(Assert.IsType<ImportExportDecl>(items[5]).Spec).Path);
        Assert.IsType<WorldUse>(items[6]);
        Assert.IsType<TypeAliasDecl>(Assert.IsType<WorldTypeDecl>(items[7]).Type);
        Assert.Equal("b", Assert.IsType<IncludeDecl>(items[8]).Names[0].As.Name);
        Assert.Empty(Assert.IsType<IncludeDecl>(items[9]).Names);
    }

    [Fact]
    public void NestedPackagesAndTopLevelUse()
    {
        var file = Parse("package a:root;\nuse x:y/z@1.0.0 as q;\n/// nested\npackage a:inner@2.0.0 { interface i {} world w {} }\n");
        Assert.NotNull(file.Package);
        var use = Assert.IsType<TopLevelUse>(Assert.Single(file.Items));
        Assert.Equal("q", use.As!.Name);
        var nested = Assert.Single(file.NestedPackages);
        Assert.Equal("nested", nested.Docs.Contents);
        Assert.Equal(2, nested.Items.Count);
    }

    [Fact]
    public void NestedCommentsAreSkipped()
    {
        var file = Parse("/* a /* b */ c /*/ d */ */ package a:b; /**/ interface /* x */ i {}");
        Assert.NotNull(file.Package);
        Assert.Single(file.Items);
    }

    [Fact]
    public void CrlfAndBomAreNormalized()
    {
        var file = Parse("\uFEFF// doc\r\npackage a:b;\r\n");
        Assert.Equal("doc", file.Package!.Docs.Contents);
        Assert.DoesNotContain('\r', file.Source.Text);
    }
}

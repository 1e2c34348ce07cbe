using WitBindgen.Tests;
using System.Linq;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.Support;

namespace WitBindgen.Generator.Tests;

public class BindingModelTests
{
    private static WorldBinding Model(BindingOptions? options = null)
    {
        var (resolve, world) = Samples.KitchenSink();
        return WitBindingsGenerator.BuildModel(resolve, world, options);
    }

    private static TypeDecl TypeNamed(WorldBinding m, string name) => m.Interfaces.SelectMany(i => i.Types).Single(t => t.Name == name);

    [Fact]
    public void ModelIsValueEqualAcrossBuilds()
    {
        var a = Model();
        var b = Model();
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Model(new BindingOptions { RootNamespace = "Other" }));
    }

    [Fact]
    public void NamespacesComeFromThePackageAndRoot()
    {
        var m = Model(new BindingOptions { RootNamespace = "My.App" });
        Assert.Equal(new[] { "My.App.Test.Pkg.Types", "My.App.Test.Pkg.Api", "My.App.Test.Pkg.KitchenSink" }, m.Interfaces.Select(i => i.Namespace));
        Assert.Equal(new[] { "TypesImports", "ApiExports", "KitchenSinkExports" }, m.Interfaces.Select(i => i.ClassName));
        Assert.Equal("IApi", m.Interfaces[1].InterfaceName);
        // World-level exports have no interface prefix in their entry point names.
        Assert.Equal("tick", m.Interfaces[2].Functions.Single().Abi!.CoreName);
        Assert.Equal("test:pkg/api#", m.Interfaces[1].Functions[0].Abi!.CoreName.Substring(0, "test:pkg/api#".Length));
    }

    [Fact]
    public void TypesMapAsDocumented()
    {
        var m = Model();
        var everything = TypeNamed(m, "Everything");
        string Field(string wit) => everything.Members.Single(f => f.WitName == wit).Type!;
        Assert.Equal("bool", Field("b"));
        Assert.Equal("global::System.Text.Rune", Field("c"));
        Assert.Equal("global::System.ReadOnlyMemory<byte>", Field("bytes"));
        Assert.Equal("global::System.Collections.Generic.IReadOnlyList<string>", Field("names"));
        Assert.Equal("string?", Field("maybe"));
        Assert.Equal("global::WitBindgen.Bindings.Option<uint?>", Field("nested"));
        Assert.Equal("(ulong, string)", Field("pair"));
        Assert.Equal("global::System.Collections.Generic.IReadOnlyDictionary<string, uint>", Field("map"));
        Assert.Equal("global::System.ReadOnlyMemory<ushort>", Field("fixed"));
        Assert.Equal("global::Test.Pkg.Types.Shape", Field("shape"));
        // A field named like its record cannot keep the name (CS0542): it gets a deterministic suffix.
        Assert.Equal("Everything2", everything.Members.Single(f => f.WitName == "everything").Name);
    }

    [Fact]
    public void EnumsFlagsAndVariantsHaveTheirShapes()
    {
        var m = Model();
        var color = TypeNamed(m, "Color");
        Assert.Equal(TypeDeclKind.Enum, color.Kind);
        Assert.Equal(new[] { "Red", "Green", "New" }, color.Members.Select(c => c.Name));
        var perms = TypeNamed(m, "Permissions");
        Assert.Equal(TypeDeclKind.Flags, perms.Kind);
        Assert.Equal("byte", perms.Underlying);
        Assert.Equal("2", perms.Members[2].Value); // the bit index; the emitter writes 1 << 2
        var shape = TypeNamed(m, "Shape");
        Assert.Equal(new[] { "Circle", "Rect", "Value2", "None" }, shape.Members.Select(c => c.Name));
    }

    [Fact]
    public void ExactlyOneTypePerWitTypeAcrossImportsAndExports()
    {
        var m = Model();
        var names = m.Interfaces.SelectMany(i => i.Types).Select(t => t.FullName).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
        // The exported interface's `use`d point is the imported interface's Point.
        var run = m.Interfaces[1].Functions.Single(f => f.WitName == "run");
        Assert.Equal("global::Test.Pkg.Types.Point", run.Params[0].Type);
    }

    [Fact]
    public void ResultsCanBeExceptionsPerFunctionOrInterface()
    {
        var byDefault = Model();
        var lookup = byDefault.Interfaces[0].Functions.Single(f => f.WitName == "lookup");
        Assert.False(lookup.Throws);
        Assert.Equal("global::WitBindgen.Bindings.Result<string, global::Test.Pkg.Types.ErrorCode>", lookup.ReturnType);

        var perFunction = Model(new BindingOptions { ExceptionsFor = new[] { "test:pkg/types#lookup" }.ToEquatableArray() });
        var thrown = perFunction.Interfaces[0].Functions.Single(f => f.WitName == "lookup");
        Assert.True(thrown.Throws);
        Assert.Equal("string", thrown.ReturnType);
        Assert.False(perFunction.Interfaces[0].Functions.Single(f => f.WitName == "close").Throws);

        var perWorldButNotInterface = Model(new BindingOptions { Errors = ErrorStyle.Exceptions, ResultsFor = new[] { "test:pkg/api" }.ToEquatableArray() });
        Assert.True(perWorldButNotInterface.Interfaces[0].Functions.Single(f => f.WitName == "close").Throws);
        Assert.False(perWorldButNotInterface.Interfaces[1].Functions.Single(f => f.WitName == "run").Throws);
    }

    [Fact]
    public void KeywordParametersAreEscaped()
    {
        var f = Model().Interfaces[0].Functions.Single(x => x.WitName == "class");
        Assert.Equal("Class", f.Name);
        Assert.Equal(new[] { "@event", "@object" }, f.Params.Select(p => p.Name));
    }

    [Fact]
    public void DocsBecomeEscapedXml()
    {
        var m = Model();
        Assert.Contains("/// Types &lt;shared&gt; &amp; used by \"both\" */ sides.", m.Interfaces[0].Docs);
        var x = TypeNamed(m, "Point").Members[0];
        Assert.Equal("/// <param name=\"X\">The x &lt;coordinate&gt;.</param>", x.Docs.Single());
    }

    private const string AbiWit = """
        package demo:m;
        interface api {
            record point { x: s32, y: f64 }
            variant v { a(u8), b(f32) }
            resource r { peek: func(); }
            f: func(p: point, s: string, o: option<v>) -> list<point>;
            g: func(h: borrow<r>) -> u64;
        }
        world w { import api; use api.{r}; export run: func(h: borrow<r>); }
        """;

    [Fact]
    public void FunctionsCarryAbiDataNotCode()
    {
        var load = WitBindgen.WitParser.WitLoader.LoadText("m.wit", AbiWit);
        Assert.True(load.Success, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        var m = WitBindingsGenerator.BuildModel(load.Resolve!, load.SelectWorld("w"));
        var f = m.Interfaces[0].Functions.Single(x => x.WitName == "f").Abi!;
        Assert.Equal(("demo:m/api", "f"), (f.CoreModule, f.CoreName));

        var point = f.Params[0];
        Assert.Equal((ShapeKind.Record, "global::Demo.M.Api.Point", "point"), (point.Kind, point.Type, point.WitName));
        Assert.Equal(new[] { ("X", 0u), ("Y", 8u) }, point.Members.Select(x => (x.Name, x.Offset)));
        Assert.Equal((16u, 8u), (point.Size, point.Alignment));
        Assert.Equal(new[] { FlatType.I32, FlatType.F64 }, point.Flat);
        Assert.Equal(new[] { FlatType.I32, FlatType.I32 }, f.Params[1].Flat);
        var option = f.Params[2];
        Assert.Equal(ShapeKind.Option, option.Kind);
        Assert.Equal(ShapeKind.Variant, option.Element.Kind);
        Assert.Equal(new[] { ("A", ShapeKind.U8), ("B", ShapeKind.F32) }, option.Element.Members.Select(x => (x.Name, x.Shape!.Kind)));
        Assert.Equal(new[] { FlatType.I32, FlatType.I32, FlatType.I32 }, option.Flat);
        Assert.Equal(ShapeKind.List, f.Result!.Kind);
        Assert.Equal(point, f.Result.Element);

        // list<point> needs two flat results: it comes back through a return area whose pointer is the last parameter.
        Assert.False(f.Plan.ParamsIndirect);
        Assert.True(f.Plan.ResultIndirect);
        Assert.Equal(new[] { FlatType.I32, FlatType.F64, FlatType.I32, FlatType.I32, FlatType.I32, FlatType.I32, FlatType.I32, FlatType.I32 }, f.Plan.LowerParams);
        Assert.Empty(f.Plan.LowerResults);
        Assert.Equal((8u, 4u), (f.Plan.ResultAreaSize, f.Plan.ResultAreaAlignment));
        Assert.Equal(GlueOps.Strings | GlueOps.Lists | GlueOps.ReturnArea, f.Ops);

        var g = m.Interfaces[0].Functions.Single(x => x.WitName == "g").Abi!;
        Assert.Equal(new HandleShape(Borrow: true, Exported: false), g.Params[0].Handle);
        Assert.Equal(GlueOps.Handles, g.Ops);
        Assert.Equal(new[] { FlatType.I64 }, g.Plan.LiftResults);

        // An export that lifts a borrow of an imported resource must release it: the plan says so.
        var run = m.Interfaces.Single(i => i.Direction == Direction.Export).Functions.Single().Abi!;
        Assert.Equal(("", "run"), (run.CoreModule, run.CoreName));
        Assert.Equal(GlueOps.Handles | GlueOps.BorrowScope, run.Ops);

        // Methods of imported resources carry their glue data too.
        Assert.Equal(("demo:m/api", "[method]r.peek"), m.Interfaces[0].Types.Single(t => t.Name == "R").Functions.Single().Abi is { } peek ? (peek.CoreModule, peek.CoreName) : default);
    }
}

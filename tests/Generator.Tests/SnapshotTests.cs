using WitBindgen.Tests;
using System.Linq;
using System.Text;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.Support;
using WitBindgen.WitParser;

namespace WitBindgen.Generator.Tests;

/// <summary>Generated code for representative worlds, reviewed like code (snapshots/*.verified.cs).</summary>
public class SnapshotTests
{
    private const string Records = """
        package example:shapes@1.0.0;

        /// Geometry types. Docs with <markup> & "quotes" */ survive escaped.
        interface geometry {
            /// A point in 2D.
            record point { x: f64, y: f64 }
            enum unit { millimeters, inches }
            flags style { bold, italic, underline }
            /// Every shape.
            variant shape { circle(f64), polygon(list<point>), empty }
            type points = list<point>;

            area: func(s: shape, unit: unit) -> f64;
            centroid: func(ps: points) -> option<point>;
            describe: func(s: shape, style: style) -> string;
        }

        world shapes {
            import geometry;
            use geometry.{shape};
            export render: func(s: shape) -> list<u8>;
        }
        """;

    private const string Resources = """
        package example:kv;

        interface store {
            enum error { not-found, denied }
            /// A key-value bucket.
            resource bucket {
                constructor(name: string);
                get: func(key: string) -> result<list<u8>, error>;
                set: func(key: string, value: list<u8>) -> result<_, error>;
                open: static func(name: string) -> result<bucket, error>;
            }
            copy: func(source: borrow<bucket>, target: borrow<bucket>) -> result<u32, error>;
        }

        interface cache {
            use store.{error};
            resource entry {
                constructor(key: string, ttl: option<u64>);
                value: func() -> option<option<string>>;
            }
            lookup: func(key: string) -> result<entry, error>;
        }

        world app {
            import store;
            export cache;
        }
        """;

    private static string Render(GenerationResult result)
    {
        Assert.True(result.Success, string.Join("; ", result.Diagnostics));
        var sb = new StringBuilder();
        foreach (var f in result.Files) sb.Append("// ==== ").Append(f.HintName).Append('\n').Append(f.Text).Append('\n');
        var problems = RoslynCompiler.Problems(RoslynCompiler.Create(result.Files.Select(f => (f.HintName, f.Text))));
        Assert.True(problems.Count == 0, RoslynCompiler.Format(problems));
        return sb.ToString();
    }

    private static GenerationResult FromText(string text, string world, BindingOptions? options = null)
    {
        var load = WitLoader.LoadText("snapshot.wit", text);
        Assert.True(load.Success, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        var id = load.SelectWorld(world);
        return WitBindingsGenerator.Generate(load.Resolve!, id, options);
    }

    private const string Dual = """
        package my:resources;

        interface baz {
            record info { name: string }
            resource x {
                constructor(s: string);
                get: func() -> info;
            }
            make: func(s: string) -> x;
        }

        world resources {
            import baz;
            export baz;
        }
        """;

    [Fact]
    public void InterfaceImportedAndExportedGetsSeparateExportTypes()
    {
        var load = WitLoader.LoadText("dual.wit", Dual);
        Assert.True(load.Success);
        var world = load.SelectWorld("resources");
        var model = WitBindingsGenerator.BuildModel(load.Resolve!, world);
        Assert.Equal(new[] { "My.Resources.Baz", "My.Resources.Baz.Exports" }, model.Interfaces.Select(i => i.Namespace));
        Assert.Equal(TypeDeclKind.ImportedResource, model.Interfaces[0].Types.Single(t => t.Name == "X").Kind);
        Assert.Equal(TypeDeclKind.ExportedResource, model.Interfaces[1].Types.Single(t => t.Name == "X").Kind);
        var make = model.Interfaces[1].Functions.Single(f => f.WitName == "make");
        Assert.Equal("global::My.Resources.Baz.Exports.X", make.ReturnType);
        Snapshot.Verify("dual-resources", Render(WitBindingsGenerator.Generate(load.Resolve!, world)));
    }

    [Fact]
    public void KitchenSink()
    {
        var (resolve, world) = Samples.KitchenSink();
        Snapshot.Verify("kitchen-sink", Render(WitBindingsGenerator.Generate(resolve, world)));
    }

    [Fact]
    public void RecordsVariantsFlagsAndWorldExports() => Snapshot.Verify("shapes", Render(FromText(Records, "shapes")));

    [Fact]
    public void ResourcesWithExceptionStyle() => Snapshot.Verify("kv-app",
        Render(FromText(Resources, "app", new BindingOptions { RootNamespace = "Contoso.Bindings", ExceptionsFor = new[] { "example:kv/store" }.ToEquatableArray() })));
}

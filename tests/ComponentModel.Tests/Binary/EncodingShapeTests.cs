using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Tests.Binary;

/// <summary>The encoded shape follows wit-component: interfaces as instance types, uses as outer aliases.</summary>
public sealed class EncodingShapeTests
{
    private const string Wit = """
        package test:shape@1.2.3;

        /// Types.
        interface types {
          /// A record.
          record point { x: s32, y: s32 }
          resource blob { constructor(); size: func() -> u64; }
        }

        interface api {
          use types.{point, blob as b};
          move: func(p: point) -> point;
          open: func() -> b;
        }

        world w {
          import api;
          export run: func(args: list<string>) -> result;
        }
        """;

    private static Resolve Load(out Id<Package> package)
    {
        var result = WitLoader.LoadText("shape.wit", Wit);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        package = result.MainPackages[0];
        return result.Resolve!;
    }

    [Fact]
    public void PackageIsExportedComponentTypesWithInstanceExports()
    {
        var resolve = Load(out var package);
        var binary = ComponentReader.Read(WitBinaryEncoder.EncodePackage(resolve, package));
        var types = binary.Sections.OfType<TypeSection>().Single().Types;
        Assert.Equal(3, types.Count);
        var exports = binary.Sections.OfType<ExportSection>().Single().Exports;
        Assert.Equal(new[] { "types", "api", "w" }, exports.Select(e => e.Name.Name).ToArray());
        Assert.All(exports, e => Assert.Equal(Sort.Type, e.Sort));

        // `api` imports `types` as an instance, aliases its exports, and exports itself.
        var api = Assert.IsType<ComponentTypeDefinition>(types[1]);
        var import = api.Declarations.OfType<ImportDeclaration>().Single();
        Assert.Equal("test:shape/types@1.2.3", import.Name.Name);
        Assert.Equal(new[] { "point", "blob" }, api.Declarations.OfType<AliasDeclaration>().Select(a => ((InstanceExportAlias)a.Alias.Target).Name).ToArray());
        var export = api.Declarations.OfType<ExportDeclaration>().Single();
        Assert.Equal("test:shape/api@1.2.3", export.Name.Name);
        var instance = Assert.IsType<InstanceTypeDefinition>(((TypeDeclaration)api.Declarations.First(d => d is TypeDeclaration t && t.Type is InstanceTypeDefinition && d != api.Declarations[0])).Type);
        Assert.Contains(instance.Declarations, d => d is AliasDeclaration { Alias.Target: OuterAlias { Count: 1 } });
        Assert.Contains(instance.Declarations, d => d is ExportDeclaration { Name.Name: "b" });

        // The world is wrapped and exported under its qualified name.
        var wrapper = Assert.IsType<ComponentTypeDefinition>(types[2]);
        Assert.Equal("test:shape/w@1.2.3", wrapper.Declarations.OfType<ExportDeclaration>().Single().Name.Name);

        // docs travel in package-docs
        Assert.Contains(binary.Sections.OfType<CustomSection>(), c => c.Name == "package-docs");
        var decoded = WitBinaryDecoder.DecodePackage(WitBinaryEncoder.EncodePackage(resolve, package));
        var point = decoded.Types.Single(t => t.Name == "point" && t.Kind is RecordKind);
        Assert.Equal("A record.", point.Docs);
        Assert.Equal("Types.", decoded.Interfaces.Single(i => i.Name == "types").Docs);
    }

    [Fact]
    public void EncodingMatchesTheWasmToolsBinaryOfKindsOfDeps()
    {
        var ui = WitBindgen.Tests.Conformance.PathOf("wit-parser", "ui");
        if (ui is null) return;
        var reference = System.IO.File.ReadAllBytes(System.IO.Path.Combine(ui, "kinds-of-deps", "deps", "e.wasm"));
        var result = WitLoader.LoadText("e.wit", "package e:e;\ninterface e {}\n");
        Assert.True(result.Success);
        var ours = ComponentReader.Read(WitBinaryEncoder.EncodePackage(result.Resolve!, result.MainPackages[0]));
        var withoutCustom = ComponentWriter.Write(ours.Sections.Where(s => s is not CustomSection));
        // The fixture comes from an older wasm-tools that marked interface names (`e:e/e`) with name form 0x01;
        // current wasm-encoder (and we) write 0x00. That byte is the only difference.
        Assert.Equal(reference.Length, withoutCustom.Length);
        Assert.Equal(ComponentWriter.Write(ComponentReader.Read(reference)), withoutCustom);
        Assert.Single(Enumerable.Range(0, reference.Length), i => reference[i] != withoutCustom[i]);
    }

    [Fact]
    public void WorldsEmbedIntoCoreModulesAndComeBack()
    {
        var resolve = Load(out var package);
        var world = resolve.Packages[package].Worlds["w"];
        var module = Wasmtime.Module.ConvertText("(module (func (export \"f\")))");
        var embedded = ComponentTypeSection.Embed(module, resolve, world, StringEncoding.CompactUtf16);
        var worlds = ComponentTypeSection.Extract(embedded, out var stripped);
        Assert.Equal(module, stripped);
        var found = Assert.Single(worlds);
        Assert.Equal("component-type:w", found.SectionName);
        Assert.Equal(StringEncoding.CompactUtf16, found.Encoding);
        Assert.Equal("w", found.Resolve.Worlds[found.World].Name);
        var text = WitBindgen.ComponentModel.Componentize.ComponentWit.Print(embedded);
        Assert.Contains("import api;", text);
        Assert.Contains("export run: func(args: list<string>) -> result;", text);
        // Wasmtime still accepts the module with the extra section.
        using var engine = new Wasmtime.Engine();
        using var loaded = Wasmtime.Module.FromBytes(engine, "m", embedded);
    }

    [Fact]
    public void TypesFromInterfacesNotImportedAreAnEncodingError()
    {
        var resolve = Load(out var package);
        var world = resolve.Worlds[resolve.Packages[package].Worlds["w"]];
        // Drop the interface import but keep a function using its type.
        var types = resolve.Interfaces.Ids.First(i => resolve.Interfaces[i].Name == "types");
        var point = resolve.Interfaces[types].Types["point"];
        world.Imports.Clear();
        world.Imports[WorldKey.Named("f")] = new FunctionWorldItem(new Function("f", FunctionKind.Freestanding, null, new[] { new Param("p", WitType.Id(point)) }, null));
        var e = Assert.Throws<WitEncodingException>(() => WitBinaryEncoder.EncodeWorld(resolve, resolve.Packages[package].Worlds["w"]));
        Assert.Contains("not imported", e.Message);
        Assert.Contains(resolve.Interfaces, i => i.Name == "api");
    }
}

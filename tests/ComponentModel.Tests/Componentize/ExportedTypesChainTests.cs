using WitBindgen.Tests;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Wasmtime.Components;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Output;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>
/// An exported interface using types of another exported interface (world example:chain/chain: `geometry` uses a
/// record and a resource of the exported `types`, and an enum of the imported `units`). As wit-component does, the
/// exports follow the world's order and `geometry`'s wrapper is given the types aliased from the `types` export.
/// </summary>
public sealed class ExportedTypesChainTests
{
    private const string Types = "example:chain/types@0.1.0";
    private const string Geometry = "example:chain/geometry@0.1.0";
    private readonly ITestOutputHelper _output;

    public ExportedTypesChainTests(ITestOutputHelper output) => _output = output;

    private static string WitPath => Path.Combine(ComponentFixtures.Sources, "worlds", "chain.wit");

    private byte[]? Build(out WitLoadResult load, string world = "chain")
    {
        load = WitLoader.LoadPath(WitPath);
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var core = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, "chain.core.wasm"), _output.WriteLine);
        if (core is null) return null;
        var embedded = ComponentTypeSection.Embed(File.ReadAllBytes(core), load.Resolve!, load.SelectWorld(world));
        return Componentizer.Create(embedded);
    }

    private static ComponentValue Point(int x, int y) => ComponentValue.Record(new[]
    {
        new KeyValuePair<string, ComponentValue>("x", ComponentValue.S32(x)),
        new KeyValuePair<string, ComponentValue>("y", ComponentValue.S32(y)),
    });

    [Fact]
    public void ExportsUsingAnotherExportsTypesRunOnWasmtime()
    {
        var bytes = Build(out _);
        if (bytes is null) return;
        ComponentReader.Read(bytes);
        using var engine = WasmtimeHost.NewEngine();
        using var component = Component.FromBytes(engine, bytes);
        using var linker = new ComponentLinker(engine);
        using (var root = linker.Root())
        using (var units = root.AddInstance("example:chain/units@0.1.0"))
            units.DefineFunction("factor", (args, results) => results[0] = ComponentValue.S32(args[0].AsEnum() == "em" ? 16 : 1));
        using var store = new Wasmtime.Store(engine);
        var instance = linker.Instantiate(store, component);

        var origin = instance.GetFunction(Types, "origin")!.Call(Array.Empty<ComponentValue>())!;
        Assert.Equal(3, origin.Field("x").AsS32());
        Assert.Equal(-4, origin.Field("y").AsS32());
        var shifted = instance.GetFunction(Geometry, "shift")!.Call(Point(1, 2), ComponentValue.S32(10))!;
        Assert.Equal(11, shifted.Field("x").AsS32());
        Assert.Equal(2, shifted.Field("y").AsS32());
        var scaled = instance.GetFunction(Geometry, "scale")!.Call(Point(1, -2), ComponentValue.Enum("em"))!;
        Assert.Equal(16, scaled.Field("x").AsS32());
        Assert.Equal(-32, scaled.Field("y").AsS32());
        var segment = ComponentValue.Record(new[]
        {
            new KeyValuePair<string, ComponentValue>("start", Point(0, 0)),
            new KeyValuePair<string, ComponentValue>("end", Point(3, 4)),
        });
        Assert.Equal(25u, instance.GetFunction(Geometry, "length2")!.Call(segment)!.AsU32());
        // Handles of the exported resource cannot be read by Wasmtime.Dotnet, but the lift must get that far.
        var ex = Record.Exception(() => instance.GetFunction(Geometry, "make-tally")!.Call(ComponentValue.U32(5)));
        Assert.True(ex is null || ex is NotSupportedException, ex?.ToString());
    }

    [Fact]
    public void PrintedWitUsesTheExportedInterfacesTypes()
    {
        var bytes = Build(out var original);
        if (bytes is null) return;
        var text = ComponentWit.Print(bytes);
        _output.WriteLine(text);
        var reloaded = WitLoader.LoadText("chain.wit", text);
        Assert.True(reloaded.Success, string.Join("\n", reloaded.Diagnostics) + "\n" + text);
        Assert.Contains("import example:chain/units@0.1.0;", text);
        Assert.Contains("export example:chain/types@0.1.0;", text);
        Assert.Contains("export example:chain/geometry@0.1.0;", text);
        // The exports come in the world's (dependency) order.
        Assert.True(text.IndexOf("export example:chain/types@0.1.0;", StringComparison.Ordinal)
            < text.IndexOf("export example:chain/geometry@0.1.0;", StringComparison.Ordinal), text);

        // Every interface prints exactly as in the source package: `geometry` still `use`s `types` and `units`.
        var originalText = WitPrinter.Print(original);
        var resolve = reloaded.Resolve!;
        var chain = resolve.Packages.Entries.Single(x => x.Item.Name.ToString() == "example:chain@0.1.0").Id;
        var decodedText = WitPrinter.Print(resolve, chain);
        foreach (var name in new[] { "units", "types", "geometry" })
            Assert.Equal(ComponentFixtures.WitBlock(originalText, "interface " + name), ComponentFixtures.WitBlock(decodedText, "interface " + name));
    }

    [Fact]
    public void InterfaceBothImportedAndExportedValidatesAndPrints()
    {
        var bytes = Build(out var original, "chain-both");
        if (bytes is null) return;
        ComponentReader.Read(bytes);
        // Wasmtime validates it (its .NET API cannot define the imported `tally` resource, so it is not instantiated).
        using (var engine = WasmtimeHost.NewEngine())
        using (Component.FromBytes(engine, bytes)) { }
        var text = ComponentWit.Print(bytes);
        _output.WriteLine(text);
        var reloaded = WitLoader.LoadText("chain-both.wit", text);
        Assert.True(reloaded.Success, string.Join("\n", reloaded.Diagnostics) + "\n" + text);
        Assert.Contains("import example:chain/types@0.1.0;", text);
        Assert.Contains("export example:chain/types@0.1.0;", text);
        Assert.Contains("export example:chain/geometry@0.1.0;", text);
        var world = reloaded.Resolve!.Worlds.Single(w => w.Name == "root");
        var source = original.Resolve!.Worlds[original.SelectWorld("chain-both")];
        Assert.Equal(source.Imports.Count, world.Imports.Count);
        Assert.Equal(source.Exports.Count, world.Exports.Count);
    }

}

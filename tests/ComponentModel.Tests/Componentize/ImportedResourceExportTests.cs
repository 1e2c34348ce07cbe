using WitBindgen.Tests;
using System.IO;
using System.Linq;
using Wasmtime.Components;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>
/// An exported interface that uses a resource and a record of an imported interface (world example:shapes/shapes):
/// the wrapper component must import the foreign resource (outer aliases may not reach resources). Wasmtime validates
/// the component (its .NET API cannot define host resources, so it is not instantiated) and its WIT round-trips.
/// </summary>
public sealed class ImportedResourceExportTests
{
    private readonly ITestOutputHelper _output;

    public ImportedResourceExportTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void ExportUsingAnImportedResourceValidatesAndPrints()
    {
        var core = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, "shapes.core.wasm"), _output.WriteLine);
        if (core is null) return;
        var load = WitLoader.LoadPath(Path.Combine(ComponentFixtures.Sources, "worlds", "shapes.wit"));
        Assert.True(load.Success);
        var bytes = Componentizer.Create(ComponentTypeSection.Embed(File.ReadAllBytes(core), load.Resolve!, load.SelectWorld(null)));
        ComponentReader.Read(bytes);
        using (var engine = WasmtimeHost.NewEngine())
        using (Component.FromBytes(engine, bytes)) { }

        var text = ComponentWit.Print(bytes);
        _output.WriteLine(text);
        var reloaded = WitLoader.LoadText("shapes.wit", text);
        Assert.True(reloaded.Success, string.Join("\n", reloaded.Diagnostics) + "\n" + text);
        Assert.Contains("import example:shapes/types;", text);
        Assert.Contains("export example:shapes/area;", text);
        Assert.Contains("measure: func(b: borrow<blob>, d: dims) -> u32;", text);
        Assert.Contains("make: func(d: dims) -> blob;", text);
        var area = reloaded.Resolve!.Interfaces.Single(i => i.Name == "area");
        Assert.Equal(2, area.Functions.Count);
    }
}

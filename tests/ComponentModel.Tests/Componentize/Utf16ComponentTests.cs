using WitBindgen.Tests;
using System.IO;
using Wasmtime.Components;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>A world embedded with the utf16 string encoding: lifts carry <c>string-encoding=utf16</c>.</summary>
public sealed class Utf16ComponentTests
{
    private readonly ITestOutputHelper _output;

    public Utf16ComponentTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Utf16StringsCrossTheBoundary()
    {
        var core = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, "utf16.core.wasm"), _output.WriteLine);
        if (core is null) return;
        var load = WitLoader.LoadPath(Path.Combine(ComponentFixtures.Sources, "worlds", "utf16.wit"));
        Assert.True(load.Success);
        var embedded = ComponentTypeSection.Embed(File.ReadAllBytes(core), load.Resolve!, load.SelectWorld(null), StringEncoding.Utf16);
        var bytes = Componentizer.Create(embedded);
        ComponentReader.Read(bytes);

        using var engine = WasmtimeHost.NewEngine();
        using var component = Component.FromBytes(engine, bytes);
        using var linker = new ComponentLinker(engine);
        using var store = new Wasmtime.Store(engine);
        var instance = linker.Instantiate(store, component);
        // 5 BMP characters plus one astral character (a surrogate pair): 7 UTF-16 code units.
        Assert.Equal(7u, instance.GetFunction("count-units")!.Call(ComponentValue.String("héllo😀"))!.AsU32());
        Assert.Equal("HéLLO😀 WORLD", instance.GetFunction("shout")!.Call(ComponentValue.String("héllo😀 world"))!.AsString());
    }
}

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
/// A hand-written C reactor implementing world example:calc/calc: embedded, componentized, then run on Wasmtime with
/// host functions for its imports; and its printed WIT matches the world it was built from.
/// </summary>
public sealed class WorldComponentTests
{
    private readonly ITestOutputHelper _output;

    public WorldComponentTests(ITestOutputHelper output) => _output = output;

    private static string WitPath => Path.Combine(ComponentFixtures.Sources, "worlds", "calc.wit");

    private byte[]? BuildCalc(out WitLoadResult load)
    {
        load = WitLoader.LoadPath(WitPath);
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var core = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, "calc.core.wasm"), _output.WriteLine);
        if (core is null) return null;
        var world = load.SelectWorld("calc");
        var embedded = ComponentTypeSection.Embed(File.ReadAllBytes(core), load.Resolve!, world);
        // A second world in its own section: the componentizer merges the worlds (host is imported once).
        embedded = ComponentTypeSection.Embed(embedded, load.Resolve!, load.SelectWorld("logging"));
        return Componentizer.Create(embedded);
    }

    [Fact]
    public void CalcComponentRunsOnWasmtime()
    {
        var bytes = BuildCalc(out _);
        if (bytes is null) return;
        var logged = new List<string>();
        using var engine = WasmtimeHost.NewEngine();
        ComponentReader.Read(bytes);
        using var component = Component.FromBytes(engine, bytes);
        using var linker = new ComponentLinker(engine);
        using (var root = linker.Root())
        using (var host = root.AddInstance("example:calc/host@1.0.0"))
        {
            host.DefineFunction("log", (args, results) => logged.Add(args[0].AsString()));
            host.DefineFunction("scale", (args, results) => results[0] = ComponentValue.U32(10));
        }
        using (var root = linker.Root()) root.DefineFunction("now", (args, results) => results[0] = ComponentValue.U64(1_000_000_000_000));
        using var store = new Wasmtime.Store(engine);
        var instance = linker.Instantiate(store, component);
        const string ops = "example:calc/ops@1.0.0";

        Assert.Equal(7u, instance.GetFunction("version")!.Call(Array.Empty<ComponentValue>())!.AsU32());
        Assert.Equal(1_000_000_000_001ul, instance.GetFunction("stamp")!.Call(Array.Empty<ComponentValue>())!.AsU64());
        var apply = instance.GetFunction(ops, "apply")!;
        Assert.Equal(42, apply.Call(ComponentValue.Enum("mul"), ComponentValue.S32(6), ComponentValue.S32(7))!.AsS32());
        Assert.Equal(13, apply.Call(ComponentValue.Enum("add"), ComponentValue.S32(6), ComponentValue.S32(7))!.AsS32());

        var point = ComponentValue.Record(new[]
        {
            new KeyValuePair<string, ComponentValue>("x", ComponentValue.S32(1)),
            new KeyValuePair<string, ComponentValue>("y", ComponentValue.S32(-5)),
        });
        var moved = instance.GetFunction(ops, "translate")!.Call(point, ComponentValue.S32(3))!;
        Assert.Equal(31, moved.Field("x").AsS32());
        Assert.Equal(-5, moved.Field("y").AsS32());

        var greet = instance.GetFunction(ops, "greet")!;
        Assert.Equal("hello, wasm", greet.Call(ComponentValue.String("wasm"))!.AsString());
        Assert.Equal("hello, ünïcødé ✓", greet.Call(ComponentValue.String("ünïcødé ✓"))!.AsString());
        Assert.Equal(new[] { "hello, wasm", "hello, ünïcødé ✓" }, logged);

        var values = Enumerable.Range(1, 1000).Select(i => ComponentValue.U32((uint)i)).ToList();
        Assert.Equal(500500ul, instance.GetFunction(ops, "sum")!.Call(ComponentValue.List(values))!.AsU64());
    }

    [Fact]
    public void PrintedWitOfTheComponentResolvesAndMatchesItsWorld()
    {
        var bytes = BuildCalc(out var original);
        if (bytes is null) return;
        var text = ComponentWit.Print(bytes);
        _output.WriteLine(text);
        var reloaded = WitLoader.LoadText("component.wit", text);
        Assert.True(reloaded.Success, string.Join("\n", reloaded.Diagnostics) + "\n" + text);
        var resolve = reloaded.Resolve!;
        var root = resolve.Packages[reloaded.RootPackage];
        Assert.Equal("root:component", root.Name.ToString());
        var world = resolve.Worlds[root.Worlds.At(0).Value];
        var source = original.Resolve!.Worlds[original.SelectWorld("calc")];
        Assert.Equal(ItemNames(original.Resolve!, source.Imports.Keys), ItemNames(resolve, world.Imports.Keys));
        Assert.Equal(ItemNames(original.Resolve!, source.Exports.Keys), ItemNames(resolve, world.Exports.Keys));

        // The interfaces print exactly as in the source package.
        var originalText = WitPrinter.Print(original);
        var calc = resolve.Packages.Entries.Single(x => x.Item.Name.ToString() == "example:calc@1.0.0").Id;
        var decodedText = WitPrinter.Print(resolve, calc);
        foreach (var name in new[] { "host", "ops" })
            Assert.Equal(ComponentFixtures.WitBlock(originalText, "interface " + name), ComponentFixtures.WitBlock(decodedText, "interface " + name));
    }

    [Fact]
    public void EmbeddedWorldPrintsFromTheCoreModule()
    {
        var load = WitLoader.LoadPath(WitPath);
        var core = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, "calc.core.wasm"), _output.WriteLine);
        if (core is null) return;
        var embedded = ComponentTypeSection.Embed(File.ReadAllBytes(core), load.Resolve!, load.SelectWorld("calc"));
        var text = ComponentWit.Print(embedded);
        var reloaded = WitLoader.LoadText("embedded.wit", text);
        Assert.True(reloaded.Success, text);
        Assert.Equal(ComponentFixtures.WitBlock(WitPrinter.Print(load), "world calc"), ComponentFixtures.WitBlock(text, "world calc"));
    }

    private static List<string> ItemNames(WitBindgen.WitParser.Model.Resolve resolve, IEnumerable<WitBindgen.WitParser.Model.WorldKey> keys) =>
        keys.Select(k => k.InterfaceId is { } id ? resolve.InterfaceQualifiedName(id) ?? "" : k.Name!).OrderBy(n => n, StringComparer.Ordinal).ToList();

}

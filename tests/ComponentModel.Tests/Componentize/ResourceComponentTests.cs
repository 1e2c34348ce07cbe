using WitBindgen.Tests;
using System;
using System.IO;
using Wasmtime.Components;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>
/// A C reactor exporting a resource (world example:counter/counting): the componentizer defines the resource type with
/// its destructor, provides the resource.new/rep/drop intrinsics and lifts constructor, methods and static functions.
/// </summary>
public sealed class ResourceComponentTests
{
    private const string Iface = "example:counter/counters@0.1.0";
    private readonly ITestOutputHelper _output;

    public ResourceComponentTests(ITestOutputHelper output) => _output = output;

    private byte[]? Build()
    {
        var load = WitLoader.LoadPath(Path.Combine(ComponentFixtures.Sources, "worlds", "counter.wit"));
        Assert.True(load.Success);
        var core = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, "counter.core.wasm"), _output.WriteLine);
        if (core is null) return null;
        var embedded = ComponentTypeSection.Embed(File.ReadAllBytes(core), load.Resolve!, load.SelectWorld(null));
        return Componentizer.Create(embedded);
    }

    [Fact]
    public void ExportedResourceWorksOnWasmtime()
    {
        var bytes = Build();
        if (bytes is null) return;
        using var engine = WasmtimeHost.NewEngine();
        ComponentReader.Read(bytes);
        using var component = Component.FromBytes(engine, bytes);
        using var linker = new ComponentLinker(engine);
        using var store = new Wasmtime.Store(engine);
        var instance = linker.Instantiate(store, component);
        ComponentValue Call(string name, params ComponentValue[] args) =>
            instance.GetFunction(Iface, name)!.Call(args) ?? throw new InvalidOperationException(name + " returned nothing");

        // Wasmtime.Dotnet cannot read resource values on the host side, so the guest drives its own resource:
        // 41 + 1 = 42, and the drop ran the destructor exactly once.
        Assert.Equal(421u, Call("self-test", ComponentValue.U32(41)).AsU32());
        Assert.Equal(1u, Call("total-dropped").AsU32());
        Assert.Equal(71u, Call("self-test", ComponentValue.U32(6)).AsU32());
        Assert.Equal(2u, Call("total-dropped").AsU32());
        // The constructor lifts an own handle (the host cannot read it, but the call must succeed up to there).
        var ex = Record.Exception(() => instance.GetFunction(Iface, "[constructor]counter")!.Call(ComponentValue.U32(5)));
        Assert.True(ex is null || ex is NotSupportedException, ex?.ToString());
    }

    [Fact]
    public void PrintedWitKeepsTheResource()
    {
        var bytes = Build();
        if (bytes is null) return;
        var text = ComponentWit.Print(bytes);
        var reloaded = WitLoader.LoadText("counter.wit", text);
        Assert.True(reloaded.Success, text);
        Assert.Contains("merge: static func(a: counter, b: borrow<counter>) -> counter;", text);
        Assert.Contains("export example:counter/counters@0.1.0;", text);
    }
}

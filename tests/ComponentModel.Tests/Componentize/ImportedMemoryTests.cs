using WitBindgen.Tests;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Wasmtime.Components;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>
/// A main module that imports its linear memory (`(import "env" "memory" (memory 2))`, as `wasm-ld --import-memory`
/// links it). wit-component (jco 1.35's wit-component 0.259 accepts calc.c linked that way) defines the memory in a
/// helper module with the imported type, gives it to the main module as `env` and uses it for every canonical option;
/// so does `component new`.
/// </summary>
public sealed class ImportedMemoryTests
{
    private readonly ITestOutputHelper _output;

    public ImportedMemoryTests(ITestOutputHelper output) => _output = output;

    private static byte[] Wat(string text) => Wasmtime.Module.ConvertText(text);

    [Fact]
    public void CalcLinkedWithImportMemoryRunsOnWasmtime()
    {
        var core = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, "calc.imported-memory.core.wasm"), _output.WriteLine);
        if (core is null) return;
        var load = WitLoader.LoadPath(Path.Combine(ComponentFixtures.Sources, "worlds", "calc.wit"));
        Assert.True(load.Success);
        var embedded = ComponentTypeSection.Embed(File.ReadAllBytes(core), load.Resolve!, load.SelectWorld("calc"));
        var bytes = Componentizer.Create(embedded);

        // The memory comes from a module defining it with the imported limits (2 pages minimum here).
        var component = ComponentReader.Read(bytes);
        var modules = component.Sections.OfType<CoreModuleSection>().Select(m => m.Module).ToList();
        Assert.Contains(modules, m => CoreModule.Read(m).Exports.Any(e => e.Name == "$memory" && e.Kind == CoreExternKind.Memory));

        var logged = new List<string>();
        using var engine = WasmtimeHost.NewEngine();
        using var loaded = Component.FromBytes(engine, bytes);
        using var linker = new ComponentLinker(engine);
        using (var root = linker.Root())
        using (var host = root.AddInstance("example:calc/host@1.0.0"))
        {
            host.DefineFunction("log", (args, results) => logged.Add(args[0].AsString()));
            host.DefineFunction("scale", (args, results) => results[0] = ComponentValue.U32(10));
        }
        using (var root = linker.Root()) root.DefineFunction("now", (args, results) => results[0] = ComponentValue.U64(41));
        using var store = new Wasmtime.Store(engine);
        var instance = linker.Instantiate(store, loaded);
        const string ops = "example:calc/ops@1.0.0";
        Assert.Equal(42ul, instance.GetFunction("stamp")!.Call(Array.Empty<ComponentValue>())!.AsU64());
        var greet = instance.GetFunction(ops, "greet")!;
        Assert.Equal("hello, ünïcødé ✓", greet.Call(ComponentValue.String("ünïcødé ✓"))!.AsString());
        Assert.Equal(new[] { "hello, ünïcødé ✓" }, logged);
        var values = Enumerable.Range(1, 1000).Select(i => ComponentValue.U32((uint)i)).ToList();
        Assert.Equal(500500ul, instance.GetFunction(ops, "sum")!.Call(ComponentValue.List(values))!.AsU64());
    }

    [Fact]
    public void AHandWrittenMemoryImportIsTheMemoryOfTheOptions()
    {
        // The string result is read from what the data segment put into the imported memory: (ptr 16, len 5) at 8.
        var core = Wat("""
            (module
              (import "env" "memory" (memory 1 3))
              (data (i32.const 8) "\10\00\00\00\05\00\00\00hello")
              (func (export "text") (result i32) i32.const 8))
            """);
        var load = WitLoader.LoadText("t.wit", "package a:b; world w { export text: func() -> string; }");
        var bytes = Componentizer.Create(ComponentTypeSection.Embed(core, load.Resolve!, load.SelectWorld("w")));
        using var engine = WasmtimeHost.NewEngine();
        using var component = Component.FromBytes(engine, bytes);
        using var linker = new ComponentLinker(engine);
        using var store = new Wasmtime.Store(engine);
        var instance = linker.Instantiate(store, component);
        Assert.Equal("hello", instance.GetFunction("text")!.Call(Array.Empty<ComponentValue>())!.AsString());
    }

    [Fact]
    public void ImportingTwoMemoriesIsRejected()
    {
        var core = Wat("""(module (import "env" "memory" (memory 1)) (memory 1) (func (export "f")))""");
        var load = WitLoader.LoadText("t.wit", "package a:b; world w { export f: func(); }");
        var e = Assert.Throws<ComponentizeException>(() =>
            Componentizer.Create(ComponentTypeSection.Embed(core, load.Resolve!, load.SelectWorld("w"))));
        Assert.Contains("multiple memories", e.Message);
    }
}

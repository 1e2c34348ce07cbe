using WitBindgen.Tests;
using System;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>
/// Core modules `component new` cannot turn into components are reported with a <see cref="ComponentizeException"/>
/// meaning what wit-component reports for them, never a crash or an invalid component.
/// </summary>
public sealed class ComponentizeRejectionTests
{
    private readonly ITestOutputHelper _output;

    public ComponentizeRejectionTests(ITestOutputHelper output) => _output = output;

    private static byte[] Wat(string text) => Wasmtime.Module.ConvertText(text);

    private static byte[] WithWorld(byte[] core, string wit, string world)
    {
        var load = WitLoader.LoadText("test.wit", wit);
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        return ComponentTypeSection.Embed(core, load.Resolve!, load.SelectWorld(world));
    }

    [Theory]
    [InlineData("""(import "env" "table" (table 1 funcref))""", "env::table")]
    [InlineData("""(import "env" "g" (global i32))""", "env::g")]
    // Only `env::memory` is taken as the component's memory (as wit-component classifies imports).
    [InlineData("""(import "other" "mem" (memory 1))""", "other::mem")]
    public void NonFunctionImportsAreRejected(string import, string name)
    {
        var core = Wat($"""(module {import} (func (export "run") (result i32) i32.const 1))""");
        var e = Assert.Throws<ComponentizeException>(() =>
            Componentizer.Create(WithWorld(core, "package a:b; world w { export run: func() -> s32; }", "w")));
        _output.WriteLine(e.Message);
        Assert.Contains("module is only allowed to import functions", e.Message);
        Assert.Contains(name, e.Message);
    }

    [Fact]
    public void AModuleWithoutAWorldThatImportsSomethingIsReported()
    {
        var core = Wat("""(module (import "ns:pkg/iface" "f" (func)) (func (export "g")))""");
        var e = Assert.Throws<ComponentizeException>(() => Componentizer.Create(core));
        Assert.Contains("ns:pkg/iface::f", e.Message);
    }

    [Fact]
    public void AReactorWithoutInitializeIsFine()
    {
        // No `_initialize` export: nothing is called at instantiation, the export still works.
        var core = Wat("""(module (memory (export "memory") 1) (func (export "run") (result s32) i32.const 7))""".Replace("s32", "i32"));
        var bytes = Componentizer.Create(WithWorld(core, "package a:b; world w { export run: func() -> s32; }", "w"));
        using var engine = WasmtimeHost.NewEngine();
        using var component = Wasmtime.Components.Component.FromBytes(engine, bytes);
        using var linker = new Wasmtime.Components.ComponentLinker(engine);
        using var store = new Wasmtime.Store(engine);
        var instance = linker.Instantiate(store, component);
        Assert.Equal(7, instance.GetFunction("run")!.Call(Array.Empty<Wasmtime.Components.ComponentValue>())!.AsS32());
    }

    [Theory]
    // A string parameter is lifted from memory and allocated with realloc.
    [InlineData("f: func(s: string)", "(func (export \"f\") (param i32 i32))", "memory named `memory`")]
    // A record result of two fields comes back through a return area in memory.
    [InlineData("f: func() -> tuple<u32, u32>", "(func (export \"f\") (result i32) i32.const 0)", "memory named `memory`")]
    public void ExportsThatNeedAMemoryTheModuleDoesNotHaveAreReported(string func, string core, string expected)
    {
        var bytes = Wat($"(module {core})");
        var e = Assert.Throws<ComponentizeException>(() =>
            Componentizer.Create(WithWorld(bytes, $"package a:b; world w {{ export {func}; }}", "w")));
        _output.WriteLine(e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Contains("`f`", e.Message);
    }

    [Fact]
    public void AStringParameterWithoutCabiReallocIsReported()
    {
        var bytes = Wat("""(module (memory (export "memory") 1) (func (export "f") (param i32 i32)))""");
        var e = Assert.Throws<ComponentizeException>(() =>
            Componentizer.Create(WithWorld(bytes, "package a:b; world w { export f: func(s: string); }", "w")));
        Assert.Contains("module does not export a function named `cabi_realloc`", e.Message);
    }

    [Fact]
    public void AnImportReturningAStringWithoutCabiReallocIsReported()
    {
        var bytes = Wat("""(module (import "a:b/host" "name" (func (param i32))) (memory (export "memory") 1))""");
        var e = Assert.Throws<ComponentizeException>(() =>
            Componentizer.Create(WithWorld(bytes, "package a:b; interface host { name: func() -> string; } world w { import host; }", "w")));
        Assert.Contains("a:b/host::name", e.Message);
        Assert.Contains("cabi_realloc", e.Message);
    }

    [Fact]
    public void ScalarFunctionsNeedNoMemory()
    {
        var bytes = Wat("""(module (func (export "f") (param i32) (result i32) local.get 0))""");
        var component = Componentizer.Create(WithWorld(bytes, "package a:b; world w { export f: func(x: u32) -> u32; }", "w"));
        using var engine = WasmtimeHost.NewEngine();
        using (Wasmtime.Components.Component.FromBytes(engine, component)) { }
    }

    [Fact]
    public void OnlyTheMemoryNamedMemoryIsTheComponentsMemory()
    {
        // As wit-component: another exported memory is ignored, and a memory exported under another name is not used.
        var two = Wat("""(module (memory (export "other") 1) (memory (export "memory") 1) (func (export "f") (param i32 i32)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 0))""");
        var bytes = Componentizer.Create(WithWorld(two, "package a:b; world w { export f: func(s: string); }", "w"));
        using (var engine = WasmtimeHost.NewEngine())
        using (Wasmtime.Components.Component.FromBytes(engine, bytes)) { }
        var misnamed = Wat("""(module (memory (export "mem") 1) (func (export "f") (param i32 i32)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 0))""");
        var e = Assert.Throws<ComponentizeException>(() =>
            Componentizer.Create(WithWorld(misnamed, "package a:b; world w { export f: func(s: string); }", "w")));
        Assert.Contains("module does not export a memory named `memory`", e.Message);
    }
}

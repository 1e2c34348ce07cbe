using WitBindgen.Tests;
using System;
using WitBindgen.CoreWasm.Binary;
using System.Collections.Generic;
using System.Linq;
using Wasmtime.Components;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.WitParser;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>Componentizer pieces that need no fixtures: hand-assembled modules, the helper modules, name matching.</summary>
public sealed class ComponentizerUnitTests
{
    // (module
    //   (import "test:unit/host@1.2.0" "get" (func (result i32)))
    //   (memory (export "memory") 1)
    //   (func (export "test:unit/api@1.2.0#twice") (result i32) call 0 call 0 i32.add)
    //   (func (export "answer") (result i32) i32.const 42))
    private static byte[] Module(string importModule = "test:unit/host@1.2.0")
    {
        var w = new WasmWriter().Bytes(new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 });
        w.Section(1, s => s.U32(1).Byte(0x60).U32(0).U32(1).Byte(0x7f));
        w.Section(2, s => s.U32(1).Name(importModule).Name("get").Byte(0).U32(0));
        w.Section(3, s => s.U32(2).U32(0).U32(0));
        w.Section(5, s => s.U32(1).Byte(0).U32(1));
        w.Section(7, s => s.U32(3).Name("memory").Byte(2).U32(0).Name("test:unit/api@1.2.0#twice").Byte(0).U32(1).Name("answer").Byte(0).U32(2));
        w.Section(10, s =>
        {
            s.U32(2);
            var twice = new WasmWriter().U32(0).Byte(0x10).U32(0).Byte(0x10).U32(0).Byte(0x6a).Byte(0x0b);
            s.U32((uint)twice.Length).Append(twice);
            var answer = new WasmWriter().U32(0).Byte(0x41).S64(42).Byte(0x0b);
            s.U32((uint)answer.Length).Append(answer);
        });
        return w.ToArray();
    }

    private const string Wit = """
        package test:unit@1.2.0;

        interface host {
          get: func() -> u32;
        }

        interface api {
          twice: func() -> u32;
        }

        world unit {
          import host;
          export api;
          export answer: func() -> u32;
        }
        """;

    private static byte[] Embedded(string importModule = "test:unit/host@1.2.0")
    {
        var load = WitLoader.LoadText("unit.wit", Wit);
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        return ComponentTypeSection.Embed(Module(importModule), load.Resolve!, load.SelectWorld("unit"));
    }

    private static Wasmtime.Components.ComponentInstance Instantiate(Wasmtime.Engine engine, Component component, ComponentLinker linker, Wasmtime.Store store)
    {
        using (var root = linker.Root())
        using (var host = root.AddInstance("test:unit/host@1.2.0"))
            host.DefineFunction("get", (args, results) => results[0] = ComponentValue.U32(21));
        return linker.Instantiate(store, component);
    }

    [Fact]
    public void HandAssembledModuleBecomesAComponentWasmtimeRuns()
    {
        var bytes = Componentizer.Create(Embedded());
        Assert.True(ComponentReader.IsComponent(bytes));
        // Our own structure reader accepts it too: shim, main and fixup core modules, one import.
        var structure = ComponentReader.Read(bytes);
        Assert.Equal(3, structure.Sections.OfType<CoreModuleSection>().Count());
        Assert.Single(structure.Sections.OfType<ImportSection>().SelectMany(s => s.Imports));
        using var engine = WasmtimeHost.NewEngine();
        using var component = Component.FromBytes(engine, bytes);
        using var linker = new ComponentLinker(engine);
        using var store = new Wasmtime.Store(engine);
        var instance = Instantiate(engine, component, linker, store);
        Assert.Equal(42u, instance.GetFunction("test:unit/api@1.2.0", "twice")!.Call(Array.Empty<ComponentValue>())!.AsU32());
        Assert.Equal(42u, instance.GetFunction("answer")!.Call(Array.Empty<ComponentValue>())!.AsU32());
    }

    [Fact]
    public void AWorldEmbeddedTwiceGivesTheSameComponent()
    {
        var load = WitLoader.LoadText("unit.wit", Wit);
        var twice = ComponentTypeSection.Embed(Embedded(), load.Resolve!, load.SelectWorld("unit"));
        var bytes = Componentizer.Create(twice);
        using var engine = WasmtimeHost.NewEngine();
        using var component = Component.FromBytes(engine, bytes);
        Assert.Equal(ComponentWit.Print(Componentizer.Create(Embedded())), ComponentWit.Print(bytes));
    }

    [Fact]
    public void ACompatibleVersionInTheCoreImportNameFindsTheInterface()
    {
        // The core module says @1.0.0; the world imports @1.2.0: semver-compatible, so it is the same import.
        var bytes = Componentizer.Create(Embedded("test:unit/host@1.0.0"));
        using var engine = WasmtimeHost.NewEngine();
        using var component = Component.FromBytes(engine, bytes);
        using var linker = new ComponentLinker(engine);
        using var store = new Wasmtime.Store(engine);
        var instance = Instantiate(engine, component, linker, store);
        Assert.Equal(42u, instance.GetFunction("test:unit/api@1.2.0", "twice")!.Call(Array.Empty<ComponentValue>())!.AsU32());
    }

    [Fact]
    public void AnIncompatibleVersionIsReported()
    {
        var e = Assert.Throws<ComponentizeException>(() => Componentizer.Create(Embedded("test:unit/host@2.0.0")));
        Assert.Contains("test:unit/host@2.0.0::get", e.Message);
    }

    [Theory]
    [InlineData("a:b/c@0.2.6", "a:b/c@0.2")]
    [InlineData("a:b/c@0.2.12", "a:b/c@0.2")]
    [InlineData("a:b/c@1.4.0", "a:b/c@1")]
    [InlineData("a:b/c@0.0.3", "a:b/c@0.0.3")]
    [InlineData("a:b/c@1.0.0-rc.1", "a:b/c@1.0.0-rc.1")]
    [InlineData("a:b/c", null)]
    public void CompatibilityKeys(string name, string? key) => Assert.Equal(key, WorldImports.CompatibleKey(name));

    [Fact]
    public void AModuleWithoutAWorldAndWithoutImportsIsAnEmptyComponent()
    {
        var w = new WasmWriter().Bytes(new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 });
        var bytes = Componentizer.Create(w.ToArray());
        using var engine = WasmtimeHost.NewEngine();
        using var component = Component.FromBytes(engine, bytes);
        Assert.Equal("package root:component;\n\nworld root {\n}\n", ComponentWit.Print(bytes));
    }

    [Fact]
    public void AnUnknownImportModuleIsReported()
    {
        var e = Assert.Throws<ComponentizeException>(() => Componentizer.Create(Module("somewhere")));
        Assert.Contains("somewhere::get", e.Message);
    }

    [Fact]
    public void GarbageIsAFormatError()
    {
        Assert.Throws<ComponentFormatException>(() => Componentizer.Create(new byte[] { 0, 1, 2 }));
        var truncated = Module().Take(30).ToArray();
        Assert.Throws<ComponentFormatException>(() => Componentizer.Create(truncated));
    }

    [Fact]
    public void HelperModulesAreValidCoreModules()
    {
        using var engine = new Wasmtime.Engine();
        var signatures = new List<CoreSignature>
        {
            new(new byte[] { 0x7f, 0x7f }, new byte[] { 0x7f }),
            new(Array.Empty<byte>(), Array.Empty<byte>()),
            new(new byte[] { 0x7e, 0x7d, 0x7c }, new byte[] { 0x7e }),
        };
        using (Wasmtime.Module.FromBytes(engine, "shim", HelperModules.Shim(signatures))) { }
        using (Wasmtime.Module.FromBytes(engine, "fixup", HelperModules.Fixup(signatures))) { }
        using (Wasmtime.Module.FromBytes(engine, "realloc", HelperModules.MemoryGrowRealloc())) { }
    }

    [Fact]
    public void AdapterStackAppendsAStartFunctionWithoutMovingIndices()
    {
        // (module (import "env" "memory" (memory 0)) (global $__stack_pointer (mut i32) (i32.const 0))
        //   (func (export "f") (result i32) global.get 0) + a name section naming global 0.
        var w = new WasmWriter().Bytes(new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 });
        w.Section(1, s => s.U32(1).Byte(0x60).U32(0).U32(1).Byte(0x7f));
        w.Section(2, s => s.U32(1).Name("env").Name("memory").Byte(2).Byte(0).U32(0));
        w.Section(3, s => s.U32(1).U32(0));
        w.Section(6, s => s.U32(1).Byte(0x7f).Byte(1).Byte(0x41).S64(0).Byte(0x0b));
        w.Section(7, s => s.U32(1).Name("f").Byte(0).U32(0));
        w.Section(10, s => { var b = new WasmWriter().U32(0).Byte(0x23).U32(0).Byte(0x0b); s.U32(1).U32((uint)b.Length).Append(b); });
        var names = new WasmWriter();
        var globals = new WasmWriter().U32(1).U32(0).Name("__stack_pointer");
        names.Byte(7).U32((uint)globals.Length).Append(globals);
        w.CustomSection("name", names.ToArray());
        var original = CoreModule.Read(w.ToArray());

        var prepared = CoreModule.Read(AdapterStack.Prepare(original));
        Assert.True(prepared.HasStart);
        Assert.Equal(original.FunctionCount + 1, prepared.FunctionCount);
        Assert.Equal(original.Types.Count + 1, prepared.Types.Count);
        Assert.Equal(0u, prepared.Export("f")!.Index);

        using var engine = new Wasmtime.Engine();
        using var module = Wasmtime.Module.FromBytes(engine, "adapter", AdapterStack.Prepare(original));
        using var store = new Wasmtime.Store(engine);
        using var linker = new Wasmtime.Linker(engine);
        linker.Define("env", "memory", new Wasmtime.Memory(store, 1));
        var instance = linker.Instantiate(store, module);
        // The start function grew the memory to 2 pages and put the stack at the top of the new one.
        Assert.Equal(2 * 65536, instance.GetFunction<int>("f")!());
    }
}

/// <summary>Damaged modules fail with the documented exception types, never anything else.</summary>
public sealed class ComponentizerRobustnessTests
{
    [Fact]
    public void MutatedModulesNeverCrash()
    {
        var load = WitLoader.LoadText("unit.wit", "package test:unit;\n\ninterface host {\n  get: func() -> u32;\n}\n\nworld unit {\n  import host;\n  export answer: func() -> u32;\n}\n");
        var world = load.SelectWorld(null);
        var w = new WasmWriter().Bytes(new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 });
        w.Section(1, s => s.U32(1).Byte(0x60).U32(0).U32(1).Byte(0x7f));
        w.Section(2, s => s.U32(1).Name("test:unit/host").Name("get").Byte(0).U32(0));
        w.Section(3, s => s.U32(1).U32(0));
        w.Section(5, s => s.U32(1).Byte(0).U32(1));
        w.Section(7, s => s.U32(2).Name("memory").Byte(2).U32(0).Name("answer").Byte(0).U32(1));
        w.Section(10, s => { var b = new WasmWriter().U32(0).Byte(0x10).U32(0).Byte(0x0b); s.U32(1).U32((uint)b.Length).Append(b); });
        var module = ComponentTypeSection.Embed(w.ToArray(), load.Resolve!, world);
        Assert.True(ComponentReader.IsComponent(Componentizer.Create(module)));

        var random = new Random(1234);
        int rejected = 0, accepted = 0;
        for (int round = 0; round < 3000; round++)
        {
            var mutated = (byte[])module.Clone();
            int flips = 1 + random.Next(3);
            for (int f = 0; f < flips; f++) mutated[8 + random.Next(mutated.Length - 8)] = (byte)random.Next(256);
            try
            {
                Componentizer.Create(mutated);
                accepted++;
            }
            catch (Exception e) when (e is ComponentFormatException or ComponentizeException or WitEncodingException)
            {
                rejected++;
            }
        }
        Assert.Equal(3000, rejected + accepted);
        Assert.True(rejected > 0);
    }
}

/// <summary>The adapter trimmer keeps what the kept exports reach, renumbers calls, and drops the rest.</summary>
public sealed class AdapterTrimmerTests
{
    [Fact]
    public void UnreachableFunctionsAndTheirImportsAreRemoved()
    {
        // imports: f (0), g (1); defined: a (2) calls helper (4); b (3) calls g; helper (4) calls f and adds 1.
        var w = new WasmWriter().Bytes(new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 });
        w.Section(1, s => s.U32(1).Byte(0x60).U32(0).U32(1).Byte(0x7f));
        w.Section(2, s => s.U32(2).Name("m").Name("f").Byte(0).U32(0).Name("m").Name("g").Byte(0).U32(0));
        w.Section(3, s => s.U32(3).U32(0).U32(0).U32(0));
        w.Section(7, s => s.U32(2).Name("a").Byte(0).U32(2).Name("b").Byte(0).U32(3));
        w.Section(10, s =>
        {
            s.U32(3);
            foreach (var body in new[]
            {
                new WasmWriter().U32(0).Byte(0x02).Byte(0x7f).Byte(0x10).U32(4).Byte(0x0b).Byte(0x0b),
                new WasmWriter().U32(0).Byte(0x10).U32(1).Byte(0x0b),
                new WasmWriter().U32(0).Byte(0x10).U32(0).Byte(0x41).S64(1).Byte(0x6a).Byte(0x0b),
            })
                s.U32((uint)body.Length).Append(body);
        });
        var original = CoreModule.Read(w.ToArray());
        var trimmed = CoreModule.Read(AdapterTrimmer.Trim(original, name => name == "a"));
        Assert.Equal(new[] { "f" }, trimmed.Imports.Select(i => i.Name));
        Assert.Equal(new[] { "a" }, trimmed.Exports.Select(e => e.Name));
        Assert.Equal(3, trimmed.FunctionCount);

        using var engine = new Wasmtime.Engine();
        using var module = Wasmtime.Module.FromBytes(engine, "trimmed", trimmed.Bytes);
        using var store = new Wasmtime.Store(engine);
        using var linker = new Wasmtime.Linker(engine);
        linker.DefineFunction("m", "f", () => 41);
        var instance = linker.Instantiate(store, module);
        Assert.Equal(42, instance.GetFunction<int>("a")!());
    }

    [Fact]
    public void ModulesWithSegmentsAreLeftAlone()
    {
        var w = new WasmWriter().Bytes(new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 });
        w.Section(5, s => s.U32(1).Byte(0).U32(1));
        w.Section(11, s => s.U32(1).U32(0).Byte(0x41).S64(0).Byte(0x0b).U32(1).Byte(7));
        var bytes = w.ToArray();
        Assert.Same(bytes, AdapterTrimmer.Trim(CoreModule.Read(bytes), _ => false));
    }
}

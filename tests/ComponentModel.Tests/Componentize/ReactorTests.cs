using WitBindgen.Tests;
using System.Collections.Generic;
using System.IO;
using Wasmtime;
using Wasmtime.Components;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>
/// A WASI reactor written in C (exports <c>_initialize</c>, prints through wasi-libc) componentized with jco's preview1
/// reactor adapter: its constructors ran before the first export call and its output reaches Wasmtime's WASI stdout.
/// </summary>
public sealed class ReactorTests
{
    private readonly ITestOutputHelper _output;

    public ReactorTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void ReactorWithAdapterRunsOnWasmtime()
    {
        var core = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, "greeter.reactor.wasm"), _output.WriteLine);
        var adapter = ComponentFixtures.Require(ComponentFixtures.ReactorAdapter, _output.WriteLine);
        if (core is null || adapter is null) return;
        var load = WitLoader.LoadPath(Path.Combine(ComponentFixtures.Sources, "reactors", "greeter.wit"));
        Assert.True(load.Success);
        var embedded = ComponentTypeSection.Embed(File.ReadAllBytes(core), load.Resolve!, load.SelectWorld(null));
        var bytes = Componentizer.Create(embedded, new[] { new KeyValuePair<string, byte[]>("wasi_snapshot_preview1", File.ReadAllBytes(adapter)) });

        var dir = Path.Combine(Path.GetTempPath(), "witbindgen-reactor-" + Path.GetRandomFileName());
        Directory.CreateDirectory(dir);
        var stdout = Path.Combine(dir, "stdout");
        uint result;
        using (var engine = WasmtimeHost.NewEngine())
        using (var component = Component.FromBytes(engine, ComponentReaderAccepts(bytes)))
        using (var linker = new ComponentLinker(engine))
        using (var store = new Store(engine))
        {
            linker.AddWasiPreview2();
            store.SetWasiConfiguration(new WasiConfiguration().WithStandardOutput(stdout));
            var instance = linker.Instantiate(store, component);
            result = instance.GetFunction("greet")!.Call(ComponentValue.String("wasm"), ComponentValue.U32(3))!.AsU32();
        }
        var printed = File.ReadAllText(stdout);
        Directory.Delete(dir, true);
        _output.WriteLine(printed);
        Assert.Equal(103u, result);
        Assert.Equal("hello, wasm (1)\nhello, wasm (2)\nhello, wasm (3)\n", printed);
        Assert.Equal("package root:component;\n\nworld root {\n  export greet: func(name: string, times: u32) -> u32;\n}\n",
            StripImports(ComponentWit.Print(bytes)));
    }

    // The root world without its (adapter-provided) WASI imports and without the nested packages.
    private static string StripImports(string wit)
    {
        var lines = new List<string>();
        foreach (var line in wit.Split('\n'))
        {
            if (line.StartsWith("package ", System.StringComparison.Ordinal) && lines.Count > 0) break;
            if (line.StartsWith("  import ", System.StringComparison.Ordinal)) continue;
            lines.Add(line);
        }
        while (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return string.Join("\n", lines) + "\n";
    }

    private static byte[] ComponentReaderAccepts(byte[] bytes)
    {
        ComponentReader.Read(bytes);
        return bytes;
    }
}

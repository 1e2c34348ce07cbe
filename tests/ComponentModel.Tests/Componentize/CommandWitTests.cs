using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>
/// `component wit` on the command components (ours and jco's, built from the C fixtures) prints WIT that resolves, and
/// both describe the same wasi:cli command: the same export, the same imported interfaces and functions.
/// </summary>
public sealed class CommandWitTests
{
    private readonly ITestOutputHelper _output;

    public CommandWitTests(ITestOutputHelper output) => _output = output;

    [Fact]
    [Trait("Category", "Slow")]
    public void CommandComponentsPrintResolvableWit()
    {
        var adapter = ComponentFixtures.Require(ComponentFixtures.CommandAdapter, _output.WriteLine);
        if (adapter is null) return;
        int checkedPrograms = 0;
        foreach (var program in ComponentFixtures.Programs)
        {
            var core = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, program + ".core.wasm"), _output.WriteLine);
            var reference = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, program + ".jco.wasm"), _output.WriteLine);
            if (core is null || reference is null) continue;
            var ours = Componentizer.Create(File.ReadAllBytes(core),
                new[] { new KeyValuePair<string, byte[]>("wasi_snapshot_preview1", File.ReadAllBytes(adapter)) });
            var ourText = ComponentWit.Print(ours);
            var jcoText = ComponentWit.Print(File.ReadAllBytes(reference));
            var (ourImports, ourExports) = World(ourText);
            var (jcoImports, jcoExports) = World(jcoText);
            Assert.Equal(new[] { "wasi:cli/run@0.2.12" }, ourExports);
            Assert.Equal(jcoExports, ourExports);
            // The adapter is trimmed and imported interfaces narrowed as wit-component does: the same interfaces and
            // the same imported functions.
            Assert.Equal(jcoImports, ourImports);
            Assert.Equal(Functions(jcoText), Functions(ourText));
            _output.WriteLine($"{program}: {ourImports.Count} imports (jco {jcoImports.Count}), exports {string.Join(", ", ourExports)}");
            checkedPrograms++;
        }
        _output.WriteLine($"command components checked: {checkedPrograms}/{ComponentFixtures.Programs.Length}");
    }

    private static List<string> Functions(string wit) =>
        wit.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("func(")).OrderBy(l => l, StringComparer.Ordinal).ToList();

    // Resolves printed WIT and returns the root world's import and export names.
    private static (List<string> Imports, List<string> Exports) World(string text)
    {
        var load = WitLoader.LoadText("component.wit", text);
        Assert.True(load.Success, string.Join("\n", load.Diagnostics) + "\n" + text);
        var resolve = load.Resolve!;
        var world = resolve.Worlds[resolve.Packages[load.RootPackage].Worlds.At(0).Value];
        List<string> Names(IEnumerable<WitBindgen.WitParser.Model.WorldKey> keys) =>
            keys.Select(k => k.InterfaceId is { } id ? resolve.InterfaceQualifiedName(id) ?? "" : k.Name!).OrderBy(n => n, StringComparer.Ordinal).ToList();
        return (Names(world.Imports.Keys), Names(world.Exports.Keys));
    }
}

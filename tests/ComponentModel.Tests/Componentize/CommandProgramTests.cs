using System.Collections.Generic;
using System.IO;
using WitBindgen.ComponentModel.Componentize;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>
/// C programs compiled for wasm32-wasi, turned into components by <see cref="Componentizer"/> with jco's preview1
/// command adapter, behave on Wasmtime exactly like the components jco builds from the same core modules.
/// </summary>
public sealed class CommandProgramTests
{
    private const string RunInterface = "wasi:cli/run@0.2.12";
    private readonly ITestOutputHelper _output;

    public CommandProgramTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Programs()
    {
        foreach (var p in ComponentFixtures.Programs) yield return new object[] { p };
    }

    [Theory]
    [MemberData(nameof(Programs))]
    [Trait("Category", "Slow")]
    public void OurComponentRunsLikeJcos(string program)
    {
        var core = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, program + ".core.wasm"), _output.WriteLine);
        var reference = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, program + ".jco.wasm"), _output.WriteLine);
        var adapter = ComponentFixtures.Require(ComponentFixtures.CommandAdapter, _output.WriteLine);
        if (core is null || reference is null || adapter is null) return;

        var ours = Componentizer.Create(File.ReadAllBytes(core),
            new[] { new KeyValuePair<string, byte[]>("wasi_snapshot_preview1", File.ReadAllBytes(adapter)) });
        WitBindgen.ComponentModel.Binary.ComponentReader.Read(ours);
        using var engine = WasmtimeHost.NewEngine();
        var env = ("WITBINDGEN_FIXTURE", "set-by-test");
        var expected = WasmtimeHost.RunCommand(engine, File.ReadAllBytes(reference), RunInterface, env);
        var actual = WasmtimeHost.RunCommand(engine, ours, RunInterface, env);
        _output.WriteLine($"{program}: ours {ours.Length} bytes, jco {new FileInfo(reference).Length} bytes");
        _output.WriteLine("stdout:\n" + actual.Stdout);
        Assert.True(expected.Ok, "jco's component failed");
        Assert.NotEqual("", expected.Stdout);
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(expected.Stderr, actual.Stderr);
        Assert.Equal(expected.Ok, actual.Ok);
    }
}

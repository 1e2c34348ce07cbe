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

/// <summary>Damaged adapters fail with the documented exception types (or still componentize), never anything else.</summary>
public sealed class AdapterRobustnessTests
{
    private readonly ITestOutputHelper _output;

    public AdapterRobustnessTests(ITestOutputHelper output) => _output = output;

    [Fact]
    [Trait("Category", "Slow")]
    public void MutatedAdaptersNeverCrash()
    {
        var core = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, "hello.core.wasm"), _output.WriteLine);
        var adapterPath = ComponentFixtures.Require(ComponentFixtures.CommandAdapter, _output.WriteLine);
        if (core is null || adapterPath is null) return;
        var main = File.ReadAllBytes(core);
        var adapter = File.ReadAllBytes(adapterPath);
        var random = new System.Random(99);
        int rejected = 0, accepted = 0;
        for (int round = 0; round < 300; round++)
        {
            var mutated = (byte[])adapter.Clone();
            for (int f = 0; f < 1 + random.Next(3); f++) mutated[8 + random.Next(mutated.Length - 8)] = (byte)random.Next(256);
            try
            {
                Componentizer.Create(main, new[] { new KeyValuePair<string, byte[]>("wasi_snapshot_preview1", mutated) });
                accepted++;
            }
            catch (System.Exception e) when (e is WitBindgen.ComponentModel.Binary.ComponentFormatException or ComponentizeException
                or WitBindgen.ComponentModel.Binary.WitEncodingException)
            {
                rejected++;
            }
        }
        _output.WriteLine($"mutated adapters: {accepted} componentized, {rejected} rejected");
        Assert.Equal(300, accepted + rejected);
    }
}

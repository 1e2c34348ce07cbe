using System.Collections.Generic;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Componentize;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>
/// Our own preview1 adapters (<see cref="Adapters"/>) as <see cref="Componentizer"/> uses them: trimmed to what each
/// program calls, the component imports the same WASI interfaces as jco's (apart from jco's terminal interfaces and
/// the version), and damaged copies of the adapter fail with the documented exceptions only.
/// </summary>
public sealed class OwnAdapterComponentizeTests
{
    private static readonly string[] AllPrograms = { "hello", "primes", "streams", "wasi_args", "wasi_clocks", "wasi_files", "wasi_stdin" };
    private readonly ITestOutputHelper _output;

    public OwnAdapterComponentizeTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Programs() => AllPrograms.Select(p => new object[] { p });

    // The world's import and export lines without versions, terminal interfaces left out, sorted.
    private static List<string> Externs(string wit, string version) => wit.Split('\n')
        .Where(l => l.StartsWith("  import ", System.StringComparison.Ordinal) || l.StartsWith("  export ", System.StringComparison.Ordinal))
        .Where(l => !l.Contains("wasi:cli/terminal-"))
        .Select(l => l.Replace(version, "")).OrderBy(l => l, System.StringComparer.Ordinal).ToList();

    [Theory]
    [MemberData(nameof(Programs))]
    public void ImportsWhatJcosComponentImports(string program)
    {
        var core = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, program + ".core.wasm"), _output.WriteLine);
        var reference = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, program + ".jco.wasm"), _output.WriteLine);
        if (core is null || reference is null) return;
        var bytes = File.ReadAllBytes(core);
        var ours = Componentizer.Create(bytes, new[] { new KeyValuePair<string, byte[]>(Adapters.ModuleName, Adapters.For(bytes)!) });
        var mine = Externs(ComponentWit.Print(ours), "@0.2.3");
        _output.WriteLine(string.Join("\n", mine));
        Assert.Contains("  export wasi:cli/run;", mine);
        Assert.Equal(Externs(ComponentWit.Print(File.ReadAllBytes(reference)), "@0.2.12"), mine);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void MutatedOwnAdaptersNeverCrash()
    {
        var core = ComponentFixtures.Require(Path.Combine(ComponentFixtures.Directory, "hello.core.wasm"), _output.WriteLine);
        if (core is null) return;
        var main = File.ReadAllBytes(core);
        var adapter = Adapters.Command;
        var random = new System.Random(7);
        int rejected = 0, accepted = 0;
        for (int round = 0; round < 300; round++)
        {
            var mutated = (byte[])adapter.Clone();
            for (int f = 0; f < 1 + random.Next(3); f++) mutated[8 + random.Next(mutated.Length - 8)] = (byte)random.Next(256);
            try
            {
                Componentizer.Create(main, new[] { new KeyValuePair<string, byte[]>(Adapters.ModuleName, mutated) });
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

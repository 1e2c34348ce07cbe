using System;
using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.ComponentModel.Text;
using WitBindgen.Tests;
using WitBindgen.WitParser;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>
/// Our preview1 adapters ship as binaries (<see cref="Adapters"/>, made by scripts/build-adapters.sh): each embedded
/// binary is byte for byte what our assembler and <c>component embed</c> make from the adapters' WebAssembly text
/// and WIT today, so the binaries can never drift from their source. When this fails after an edit of
/// src/ComponentModel.Componentize/Adapters/*.wat or preview1.wit, run scripts/build-adapters.sh.
/// </summary>
public sealed class AdapterBinaryTests
{
    private static readonly string Source = Path.Combine(Conformance.RepoRoot, "src", "ComponentModel.Componentize", "Adapters");

    [Theory]
    [InlineData("command")]
    [InlineData("reactor")]
    public void EmbeddedBinaryIsWhatTheTextAssemblesTo(string kind)
    {
        var embedded = kind == "command" ? Adapters.Command : Adapters.Reactor;
        var expected = Assemble(kind);
        Assert.True(expected.SequenceEqual(embedded),
            $"the embedded {kind} adapter ({embedded.Length} bytes) differs from its text ({expected.Length} bytes): run scripts/build-adapters.sh");
    }

    // What scripts/build-adapters.sh does with our CLI (`parse`, then `component embed --world KIND`), in process: the
    // pieces joined into one module in the script's order (imports before definitions).
    private static byte[] Assemble(string kind)
    {
        var text = new StringBuilder("(module $wasi_snapshot_preview1\n");
        text.Append(Piece("imports"));
        if (kind == "command") text.Append(Piece("command"));
        foreach (var part in new[] { "state", "cli", "fd", "path", "unsupported" }) text.Append(Piece(part));
        text.Append(")\n");
        var core = WatAssembler.Assemble(text.ToString(), $"{kind}.wat");
        var load = WitLoader.LoadPath(Path.Combine(Source, "preview1.wit"));
        Assert.True(load.Success, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        var world = load.SelectWorld(kind);
        return ComponentTypeSection.Embed(core, load.Resolve!, world, StringEncoding.Utf8);
    }

    private static string Piece(string name) => File.ReadAllText(Path.Combine(Source, name + ".wat"), Encoding.UTF8);
}

using System;
using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using WitBindgen.Tests;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Components;

/// <summary>
/// A C command program componentized by jco with the wasi_snapshot_preview1 command adapter: the layout
/// wit-component writes (main module, adapter importing main's memory, shim exporting a funcref table, fixup filling
/// it), run with just the WASI functions it calls defined by the test (the rest are traps).
/// </summary>
public sealed class WitComponentLayoutTests
{
    private readonly ITestOutputHelper _output;

    public WitComponentLayoutTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void JcoCommandComponentRunsAndPrints()
    {
        var path = Path.Combine(Conformance.RepoRoot, ".fixtures", "components", "hello.jco.wasm");
        if (!File.Exists(path))
        {
            _output.WriteLine($"fixture {path} not built (scripts/build-fixtures.sh with jco installed): skipped");
            return;
        }
        var engine = new Engine();
        var component = Component.FromFile(engine, path);
        var streams = component.Imports.First(i => i.Name.StartsWith("wasi:io/streams@", StringComparison.Ordinal)).Name;
        var version = streams.Substring(streams.IndexOf('@'));
        var linker = new ComponentLinker(engine);
        var stdout = new MemoryStream();
        var io = linker.Instance("wasi:io/streams" + version);
        io.DefineResource("output-stream");
        io.DefineFunction("[method]output-stream.blocking-write-and-flush", args =>
        {
            if (args[0].HandleValue == 1) foreach (var b in args[1].Items) stdout.WriteByte((byte)b.AsUInt64());
            return new[] { ComponentValue.Ok() };
        });
        io.DefineFunction("[method]output-stream.check-write", _ => new[] { ComponentValue.Ok(ComponentValue.U64(4096)) });
        io.DefineFunction("[method]output-stream.write", args =>
        {
            if (args[0].HandleValue == 1) foreach (var b in args[1].Items) stdout.WriteByte((byte)b.AsUInt64());
            return new[] { ComponentValue.Ok() };
        });
        io.DefineFunction("[method]output-stream.blocking-flush", _ => new[] { ComponentValue.Ok() });
        io.DefineResource("input-stream");
        linker.Instance("wasi:cli/stdout" + version).DefineFunction("get-stdout", _ => new[] { ComponentValue.Own(1) });
        linker.Instance("wasi:cli/stdin" + version).DefineFunction("get-stdin", _ => new[] { ComponentValue.Own(2) });
        linker.Instance("wasi:cli/stderr" + version).DefineFunction("get-stderr", _ => new[] { ComponentValue.Own(3) });
        foreach (var t in new[] { "stdin", "stdout", "stderr" })
            linker.Instance($"wasi:cli/terminal-{t}" + version).DefineFunction($"get-terminal-{t}", _ => new[] { ComponentValue.None });
        var env = linker.Instance("wasi:cli/environment" + version);
        env.DefineFunction("get-arguments", _ => new[] { ComponentValue.List(ComponentValue.String("hello"), ComponentValue.String("x")) });
        env.DefineFunction("get-environment", _ => new[] { ComponentValue.List() });
        linker.Instance("wasi:filesystem/preopens" + version).DefineFunction("get-directories", _ => new[] { ComponentValue.List() });
        linker.DefineUnknownImportsAsTraps(component);

        var instance = linker.Instantiate(new Store(engine), component);
        var run = instance.GetFunction("wasi:cli/run" + version, "run");
        Assert.NotNull(run);
        var result = run!.Call();
        var text = Encoding.UTF8.GetString(stdout.ToArray());
        _output.WriteLine(text);
        Assert.Equal(ComponentValue.Ok(), result);
        Assert.StartsWith("hello from a componentized C program\nargc=2\n1 squared is 1\n", text);
        Assert.EndsWith("5 squared is 25\n", text);
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using WitBindgen.Runtime.Wasi.Clocks;
using WitBindgen.Tests;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Wasi;

/// <summary>
/// C command programs (tests/fixtures/components/*.c, built by scripts/build-fixtures.sh with clang-16 and wasi-libc)
/// componentized by our <c>component new</c> with jco's preview1 command adapter (and by jco itself), run on the
/// WASI host and, for the differential tests, on Wasmtime.Dotnet's <c>AddWasiPreview2</c>: stdout, stderr and exit
/// status must be the same.
/// </summary>
public sealed class WasiCommandTests
{
    private readonly ITestOutputHelper _output;

    public WasiCommandTests(ITestOutputHelper output) => _output = output;

    internal sealed record Run(string Stdout, string Stderr, int Exit);

    private static string Fixture(string file) => Path.Combine(Conformance.RepoRoot, ".fixtures", "components", file);

    /// <summary>The component of fixture <paramref name="name"/>: "ours" (our component new + jco's adapter) or "jco"; null when not built.</summary>
    internal static byte[]? Component(string name, string by = "ours")
    {
        if (by == "jco") return File.Exists(Fixture(name + ".jco.wasm")) ? File.ReadAllBytes(Fixture(name + ".jco.wasm")) : null;
        var core = Fixture(name + ".core.wasm");
        var adapter = Path.Combine(Conformance.RepoRoot, "tests", "fixtures", "npm", "node_modules", "@bytecodealliance", "jco", "lib", "wasi_snapshot_preview1.command.wasm");
        if (!File.Exists(core) || !File.Exists(adapter)) return null;
        return Componentizer.Create(File.ReadAllBytes(core), new[] { new KeyValuePair<string, byte[]>("wasi_snapshot_preview1", File.ReadAllBytes(adapter)) });
    }

    internal static Run RunOurs(byte[] bytes, Action<WasiContextBuilder> configure)
    {
        var engine = new Engine();
        var component = WitBindgen.Runtime.Components.Component.FromBytes(engine, bytes);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var builder = new WasiContextBuilder().Stdout(stdout).Stderr(stderr);
        configure(builder);
        var ctx = builder.Build();
        var linker = new ComponentLinker(engine);
        WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, ctx);
        int exit;
        try { exit = WitBindgen.Runtime.Wasi.Wasi.RunCommand(new Store(engine), linker, component, ctx); }
        catch (Trap t) { exit = -1; stderr.Write(Encoding.UTF8.GetBytes("trap: " + t.Message)); }
        return new Run(Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()), exit);
    }

    internal static Run RunWasmtime(byte[] bytes, string[] args, (string, string)[] env, (string Host, string Guest, bool Mutable)[] dirs, byte[]? stdin = null)
    {
        var (stdout, stderr, exit) = WitBindgen.Tests.Wasmtime.WasmtimeWasi.RunCommand(bytes, args, env, dirs, stdin);
        return new Run(stdout, stderr, exit);
    }

    private bool Skip(byte[]? bytes, string name)
    {
        if (bytes is not null) return false;
        _output.WriteLine($"fixture {name} not built (scripts/build-fixtures.sh with clang-16 and jco): skipped");
        return true;
    }

    [Theory]
    [InlineData("ours")]
    [InlineData("jco")]
    public void HelloPrints(string by)
    {
        var bytes = Component("hello", by);
        if (Skip(bytes, "hello")) return;
        var run = RunOurs(bytes!, b => b.Args("hello", "a", "b"));
        Assert.Equal(0, run.Exit);
        Assert.Equal("hello from a componentized C program\nargc=3\n1 squared is 1\n2 squared is 4\n3 squared is 9\n4 squared is 16\n5 squared is 25\n", run.Stdout);
    }

    [Fact]
    public void ArgsEnvAndExitMatchWasmtime()
    {
        var bytes = Component("wasi_args");
        if (Skip(bytes, "wasi_args")) return;
        var args = new[] { "wasi_args", "one", "two words", "exit=7" };
        var env = new[] { ("GREETING", "héllo"), ("EMPTY", "") };
        var ours = RunOurs(bytes!, b => { b.Args(args); foreach (var (k, v) in env) b.Env(k, v); });
        var theirs = RunWasmtime(bytes!, args, env, Array.Empty<(string, string, bool)>());
        _output.WriteLine(ours.Stdout);
        Assert.Equal(theirs, ours);
        // exit(7): the preview1 adapter calls wasi:cli/exit.exit(err) (exit-with-code is unstable), so the status is 1, as in Wasmtime.
        Assert.Equal(1, ours.Exit);
        Assert.Contains("argv[2]=two words\n", ours.Stdout);
        Assert.Contains("GREETING=héllo\n", ours.Stdout);
    }

    [Fact]
    public void StreamsProgramMatchesWasmtime()
    {
        var bytes = Component("streams");
        if (Skip(bytes, "streams")) return;
        var env = new[] { ("WITBINDGEN_FIXTURE", "set") };
        var ours = RunOurs(bytes!, b => b.Arg("streams").Env("WITBINDGEN_FIXTURE", "set"));
        var theirs = RunWasmtime(bytes!, new[] { "streams" }, env, Array.Empty<(string, string, bool)>());
        Assert.Equal(theirs, ours);
        Assert.Equal("to stderr\n", ours.Stderr);
    }

    /// <summary>
    /// The tree the wasi_files program works in: data/ (preopened) with a file and symlinks that lead out (relative,
    /// absolute, a chain, up two levels), a secret beside it, and ro/ for read-only preopens.
    /// </summary>
    internal static DirectoryInfo FilesTree()
    {
        var root = Directory.CreateTempSubdirectory("wasi-files-");
        var data = root.CreateSubdirectory("data");
        File.WriteAllText(Path.Combine(data.FullName, "input.txt"), "input contents");
        File.WriteAllText(Path.Combine(root.FullName, "secret.txt"), "secret");
        var inner = data.CreateSubdirectory("inner");
        File.CreateSymbolicLink(Path.Combine(data.FullName, "link-relative"), "../secret.txt");
        File.CreateSymbolicLink(Path.Combine(data.FullName, "link-absolute"), Path.Combine(root.FullName, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(data.FullName, "link-chain"), "inner/link-out");
        File.CreateSymbolicLink(Path.Combine(inner.FullName, "link-out"), "../link-relative");
        File.CreateSymbolicLink(Path.Combine(inner.FullName, "link-up"), "../..");
        var ro = root.CreateSubdirectory("ro");
        File.WriteAllText(Path.Combine(ro.FullName, "input.txt"), "read-only input");
        return root;
    }

    [Fact]
    public void FilesMatchWasmtime()
    {
        var bytes = Component("wasi_files");
        if (Skip(bytes, "wasi_files")) return;
        var a = FilesTree();
        var b = FilesTree();
        try
        {
            var ours = RunOurs(bytes!, c => c.Args("wasi_files", "files").PreopenedDir(Path.Combine(a.FullName, "data"), "/data"));
            var theirs = RunWasmtime(bytes!, new[] { "wasi_files", "files" }, Array.Empty<(string, string)>(), new[] { (Path.Combine(b.FullName, "data"), "/data", true) });
            _output.WriteLine(ours.Stdout);
            Assert.Equal(theirs, ours);
            Assert.Contains("cat /data/out.txt: [first line\nappended\n]", ours.Stdout);
            Assert.Contains("mkdir sub again: File exists", ours.Stdout);
            Assert.Contains("rmdir sub (not empty): Directory not empty", ours.Stdout);
            Assert.Contains("open missing: No such file or directory", ours.Stdout);
        }
        finally { a.Delete(true); b.Delete(true); }
    }

    [Fact]
    public void EverySandboxEscapeIsDenied()
    {
        var bytes = Component("wasi_files");
        if (Skip(bytes, "wasi_files")) return;
        var a = FilesTree();
        var b = FilesTree();
        try
        {
            var ours = RunOurs(bytes!, c => c.Args("wasi_files", "escape")
                .PreopenedDir(Path.Combine(a.FullName, "data"), "/data").PreopenedDir(Path.Combine(a.FullName, "ro"), "/ro", readOnly: true));
            _output.WriteLine(ours.Stdout);
            var lines = ours.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(13, lines.Length);
            foreach (var line in lines)
            {
                bool allowed = line.StartsWith("read inside", StringComparison.Ordinal) || line.StartsWith("read read-only", StringComparison.Ordinal);
                if (allowed) Assert.EndsWith(": ok", line);
                else Assert.DoesNotContain(": ok", line);
            }
            Assert.Equal("secret", File.ReadAllText(Path.Combine(a.FullName, "secret.txt")));
            Assert.Equal("read-only input", File.ReadAllText(Path.Combine(a.FullName, "ro", "input.txt")));
            Assert.False(File.Exists(Path.Combine(a.FullName, "ro", "new.txt")));
            var theirs = RunWasmtime(bytes!, new[] { "wasi_files", "escape" }, Array.Empty<(string, string)>(),
                new[] { (Path.Combine(b.FullName, "data"), "/data", true), (Path.Combine(b.FullName, "ro"), "/ro", false) });
            _output.WriteLine("wasmtime:\n" + theirs.Stdout);
            // The same operations are denied by Wasmtime (the errno may differ).
            var theirLines = theirs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(lines.Select(l => l.EndsWith(": ok")), theirLines.Select(l => l.EndsWith(": ok")));
        }
        finally { a.Delete(true); b.Delete(true); }
    }

    [Fact]
    public void ClocksRandomAndExitStatus()
    {
        var bytes = Component("wasi_clocks");
        if (Skip(bytes, "wasi_clocks")) return;
        var ours = RunOurs(bytes!, c => c.Arg("wasi_clocks").SecureRandom(span => { for (int i = 0; i < span.Length; i++) span[i] = (byte)(i * 17 + 1); })
            .WallClock(new ManualClock(1_700_000_000UL * 1_000_000_000UL)));
        _output.WriteLine(ours.Stdout);
        Assert.Equal("slept at least 20ms: 1\nwall clock seconds: 1700000000\ngetentropy: 0\nbytes: 01 12 23 34 45 56 67 78\n", ours.Stdout);
        Assert.Equal("exiting with 3\n", ours.Stderr);
        // exit(3) reaches the host as exit(err): status 1, as in Wasmtime.
        Assert.Equal(1, ours.Exit);
        var theirs = RunWasmtime(bytes!, new[] { "wasi_clocks" }, Array.Empty<(string, string)>(), Array.Empty<(string, string, bool)>());
        Assert.Equal(1, theirs.Exit);
        Assert.Equal(theirs.Stderr, ours.Stderr);
        Assert.StartsWith("slept at least 20ms: 1\n", theirs.Stdout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StdinMatchesWasmtime(bool throughStream)
    {
        var bytes = Component("wasi_stdin");
        if (Skip(bytes, "wasi_stdin")) return;
        var input = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 3000).Select(i => $"line {i}: some text\n")));
        var ours = RunOurs(bytes!, c => { c.Arg("wasi_stdin"); if (throughStream) c.Stdin(new MemoryStream(input)); else c.Stdin(input); });
        var theirs = RunWasmtime(bytes!, new[] { "wasi_stdin" }, Array.Empty<(string, string)>(), Array.Empty<(string, string, bool)>(), input);
        Assert.Equal(theirs, ours);
        Assert.EndsWith($"-- 3000 lines, {input.Length} bytes\n", ours.Stdout);
        Assert.StartsWith("LINE 0: SOME TEXT\n", ours.Stdout);
    }
}

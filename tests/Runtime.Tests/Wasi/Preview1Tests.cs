using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.Runtime.Wasi;
using WitBindgen.Runtime.Wasi.Clocks;
using WitBindgen.Tests;
using Xunit.Abstractions;
using static WitBindgen.Runtime.Tests.Wasi.WasiCommandTests;

namespace WitBindgen.Runtime.Tests.Wasi;

/// <summary>
/// The preview1 host: the C command programs of tests/fixtures/components (built by scripts/build-fixtures.sh as
/// preview1 core modules) run through <see cref="Preview1"/> on our engine, compared differentially with
/// Wasmtime.Dotnet's preview1 WASI (stdout, stderr, exit status, file effects) and with our component path (the
/// same programs componentized with the preview1 adapter on the WASI 0.2 host).
/// </summary>
public sealed class Preview1Tests
{
    private readonly ITestOutputHelper _output;

    public Preview1Tests(ITestOutputHelper output) => _output = output;

    private static byte[]? Core(string name)
    {
        var path = Path.Combine(Conformance.RepoRoot, ".fixtures", "components", name + ".core.wasm");
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    private bool Skip(byte[]? bytes, string name)
    {
        if (bytes is not null) return false;
        _output.WriteLine($"fixture {name}.core.wasm not built (scripts/build-fixtures.sh with clang-16): skipped");
        return true;
    }

    internal static Run RunPreview1(byte[] wasm, Action<WasiContextBuilder> configure)
    {
        var engine = new Engine();
        var module = Module.FromBytes(engine, wasm);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var builder = new WasiContextBuilder().Stdout(stdout).Stderr(stderr);
        configure(builder);
        var ctx = builder.Build();
        var linker = new Linker(engine);
        Preview1.AddToLinker(linker, ctx);
        int exit;
        try { exit = Preview1.RunCommand(new Store(engine), linker, module, ctx); }
        catch (Trap t) { exit = -1; stderr.Write(Encoding.UTF8.GetBytes("trap: " + t.Message)); }
        return new Run(Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()), exit);
    }

    /// <summary>Runs <c>_start</c> on Wasmtime.Dotnet's preview1 WASI; a trap is exit -1 with "trap" on stderr.</summary>
    internal static Run RunWasmtimePreview1(byte[] wasm, string[] args, (string, string)[] env, (string Host, string Guest, bool Mutable)[] dirs, byte[]? stdin = null)
    {
        var dir = Directory.CreateTempSubdirectory("wasi-p1-diff-");
        try
        {
            string outPath = Path.Combine(dir.FullName, "out"), errPath = Path.Combine(dir.FullName, "err");
            using var engine = new Wasmtime.Engine();
            using var module = Wasmtime.Module.FromBytes(engine, "program", wasm);
            using var linker = new Wasmtime.Linker(engine);
            linker.DefineWasi();
            using var store = new Wasmtime.Store(engine);
            var config = new Wasmtime.WasiConfiguration().WithArgs(args).WithEnvironmentVariables(env).WithStandardOutput(outPath).WithStandardError(errPath);
            foreach (var d in dirs) config = config.WithPreopenedDirectory(d.Host, d.Guest, d.Mutable);
            if (stdin is not null)
            {
                var inPath = Path.Combine(dir.FullName, "in");
                File.WriteAllBytes(inPath, stdin);
                config = config.WithStandardInput(inPath);
            }
            store.SetWasiConfiguration(config);
            int exit;
            string trap = "";
            try
            {
                var instance = linker.Instantiate(store, module);
                instance.GetAction("_start")!();
                exit = 0;
            }
            catch (Wasmtime.WasmtimeException e) when (e.ExitCode is { } code) { exit = code; }
            catch (Wasmtime.WasmtimeException e) { exit = -1; trap = "trap: " + e.Message; }
            return new Run(File.ReadAllText(outPath), File.ReadAllText(errPath) + trap, exit);
        }
        finally { dir.Delete(true); }
    }

    /// <summary>Every file below <paramref name="root"/> with its contents (directories end in /, symlinks show their target).</summary>
    private static string Tree(string root)
    {
        var lines = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var rel = Path.GetRelativePath(root, path).Replace('\\', '/');
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target) lines.Add($"{rel} -> {target}");
            else if (Directory.Exists(path)) lines.Add(rel + "/");
            else lines.Add($"{rel}: {File.ReadAllText(path)}");
        }
        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }

    [Fact]
    public void HelloMatchesWasmtimeAndTheComponentPath()
    {
        var core = Core("hello");
        if (Skip(core, "hello")) return;
        var ours = RunPreview1(core!, b => b.Args("hello", "a", "b"));
        Assert.Equal(0, ours.Exit);
        Assert.Equal("hello from a componentized C program\nargc=3\n1 squared is 1\n2 squared is 4\n3 squared is 9\n4 squared is 16\n5 squared is 25\n", ours.Stdout);
        Assert.Equal(RunWasmtimePreview1(core!, new[] { "hello", "a", "b" }, Array.Empty<(string, string)>(), Array.Empty<(string, string, bool)>()), ours);
        if (Component("hello") is { } component) Assert.Equal(RunOurs(component, b => b.Args("hello", "a", "b")), ours);
    }

    [Theory]
    [InlineData("exit=7", 7)]
    [InlineData("exit=0", 0)]
    [InlineData("exit=125", 125)]
    [InlineData("none", 0)]
    public void ArgsEnvAndExitStatusMatchWasmtime(string last, int status)
    {
        var core = Core("wasi_args");
        if (Skip(core, "wasi_args")) return;
        var args = new[] { "wasi_args", "one", "two words", "ünïcode", last };
        var env = new[] { ("GREETING", "héllo"), ("EMPTY", ""), ("WITH=EQUALS", "a=b") };
        var ours = RunPreview1(core!, b => { b.Args(args); foreach (var (k, v) in env) b.Env(k, v); });
        var theirs = RunWasmtimePreview1(core!, args, env, Array.Empty<(string, string, bool)>());
        _output.WriteLine(ours.Stdout);
        Assert.Equal(theirs, ours);
        // proc_exit carries the full status (the component path through the adapter reports every non-zero status as 1).
        Assert.Equal(status, ours.Exit);
        Assert.Contains("argv[3]=ünïcode\n", ours.Stdout);
        Assert.Contains("GREETING=héllo\n", ours.Stdout);
        if (Component("wasi_args") is { } component)
        {
            var viaComponent = RunOurs(component, b => { b.Args(args); foreach (var (k, v) in env) b.Env(k, v); });
            Assert.Equal(viaComponent.Stdout, ours.Stdout);
            Assert.Equal(status == 0 ? 0 : 1, viaComponent.Exit);
        }
    }

    [Fact]
    public void StreamsMatchWasmtime()
    {
        var core = Core("streams");
        if (Skip(core, "streams")) return;
        var ours = RunPreview1(core!, b => b.Arg("streams").Env("WITBINDGEN_FIXTURE", "set"));
        var theirs = RunWasmtimePreview1(core!, new[] { "streams" }, new[] { ("WITBINDGEN_FIXTURE", "set") }, Array.Empty<(string, string, bool)>());
        Assert.Equal(theirs, ours);
        Assert.Equal("to stderr\n", ours.Stderr);
        if (Component("streams") is { } component) Assert.Equal(RunOurs(component, b => b.Arg("streams").Env("WITBINDGEN_FIXTURE", "set")), ours);
    }

    [Fact]
    public void FilesMatchWasmtimeIncludingTheirEffects()
    {
        var core = Core("wasi_files");
        if (Skip(core, "wasi_files")) return;
        var a = WasiCommandTests.FilesTree();
        var b = WasiCommandTests.FilesTree();
        var c = WasiCommandTests.FilesTree();
        try
        {
            var ours = RunPreview1(core!, x => x.Args("wasi_files", "files").PreopenedDir(Path.Combine(a.FullName, "data"), "/data"));
            var theirs = RunWasmtimePreview1(core!, new[] { "wasi_files", "files" }, Array.Empty<(string, string)>(), new[] { (Path.Combine(b.FullName, "data"), "/data", true) });
            _output.WriteLine(ours.Stdout);
            Assert.Equal(theirs, ours);
            Assert.Contains("cat /data/out.txt: [first line\nappended\n]", ours.Stdout);
            Assert.Contains("mkdir sub again: File exists", ours.Stdout);
            Assert.Contains("rmdir sub (not empty): Directory not empty", ours.Stdout);
            Assert.Contains("open missing: No such file or directory", ours.Stdout);
            Assert.Contains("rename out.txt: ok", ours.Stdout);
            Assert.Equal(Tree(b.FullName).Replace(b.FullName, "ROOT"), Tree(a.FullName).Replace(a.FullName, "ROOT"));
            if (Component("wasi_files") is { } component)
            {
                var viaComponent = RunOurs(component, x => x.Args("wasi_files", "files").PreopenedDir(Path.Combine(c.FullName, "data"), "/data"));
                Assert.Equal(viaComponent, ours);
                Assert.Equal(Tree(c.FullName).Replace(c.FullName, "ROOT"), Tree(a.FullName).Replace(a.FullName, "ROOT"));
            }
        }
        finally { a.Delete(true); b.Delete(true); c.Delete(true); }
    }

    [Fact]
    public void EverySandboxEscapeIsDenied()
    {
        var core = Core("wasi_files");
        if (Skip(core, "wasi_files")) return;
        var a = WasiCommandTests.FilesTree();
        var b = WasiCommandTests.FilesTree();
        try
        {
            var before = Tree(a.FullName);
            var ours = RunPreview1(core!, c => c.Args("wasi_files", "escape")
                .PreopenedDir(Path.Combine(a.FullName, "data"), "/data").PreopenedDir(Path.Combine(a.FullName, "ro"), "/ro", readOnly: true));
            _output.WriteLine(ours.Stdout);
            var lines = ours.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // ../ , sub/../.. , absolute, symlink relative/absolute/chain, a link to ../.. used as a directory, and
            // writes, truncation, mkdir and unlink through a read-only preopen: all denied; the two reads inside succeed.
            Assert.Equal(13, lines.Length);
            foreach (var line in lines)
            {
                bool allowed = line.StartsWith("read inside", StringComparison.Ordinal) || line.StartsWith("read read-only", StringComparison.Ordinal);
                if (allowed) Assert.EndsWith(": ok", line);
                else Assert.DoesNotContain(": ok", line);
            }
            Assert.Equal(before, Tree(a.FullName));
            var theirs = RunWasmtimePreview1(core!, new[] { "wasi_files", "escape" }, Array.Empty<(string, string)>(),
                new[] { (Path.Combine(b.FullName, "data"), "/data", true), (Path.Combine(b.FullName, "ro"), "/ro", false) });
            _output.WriteLine("wasmtime:\n" + theirs.Stdout);
            var theirLines = theirs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(lines.Select(l => l.EndsWith(": ok")), theirLines.Select(l => l.EndsWith(": ok")));
        }
        finally { a.Delete(true); b.Delete(true); }
    }

    [Fact]
    public void ClocksRandomAndExitStatus()
    {
        var core = Core("wasi_clocks");
        if (Skip(core, "wasi_clocks")) return;
        var ours = RunPreview1(core!, c => c.Arg("wasi_clocks").SecureRandom(span => { for (int i = 0; i < span.Length; i++) span[i] = (byte)(i * 17 + 1); })
            .WallClock(new ManualClock(1_700_000_000UL * 1_000_000_000UL)));
        _output.WriteLine(ours.Stdout);
        Assert.Equal("slept at least 20ms: 1\nwall clock seconds: 1700000000\ngetentropy: 0\nbytes: 01 12 23 34 45 56 67 78\n", ours.Stdout);
        Assert.Equal("exiting with 3\n", ours.Stderr);
        Assert.Equal(3, ours.Exit);
        var theirs = RunWasmtimePreview1(core!, new[] { "wasi_clocks" }, Array.Empty<(string, string)>(), Array.Empty<(string, string, bool)>());
        Assert.Equal(3, theirs.Exit);
        Assert.Equal(theirs.Stderr, ours.Stderr);
        Assert.StartsWith("slept at least 20ms: 1\n", theirs.Stdout);
        // The real clocks: the wall clock is today's (as wasmtime's), and two runs never print the same random bytes.
        var real1 = RunPreview1(core!, c => c.Arg("wasi_clocks"));
        var real2 = RunPreview1(core!, c => c.Arg("wasi_clocks"));
        Assert.Equal(theirs.Stdout.Split('\n')[1].Length, real1.Stdout.Split('\n')[1].Length);
        Assert.NotEqual(real1.Stdout.Split('\n')[3], real2.Stdout.Split('\n')[3]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StdinMatchesWasmtime(bool throughStream)
    {
        var core = Core("wasi_stdin");
        if (Skip(core, "wasi_stdin")) return;
        var input = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 3000).Select(i => $"line {i}: some text\n")));
        var ours = RunPreview1(core!, c => { c.Arg("wasi_stdin"); if (throughStream) c.Stdin(new MemoryStream(input)); else c.Stdin(input); });
        var theirs = RunWasmtimePreview1(core!, new[] { "wasi_stdin" }, Array.Empty<(string, string)>(), Array.Empty<(string, string, bool)>(), input);
        Assert.Equal(theirs, ours);
        Assert.EndsWith($"-- 3000 lines, {input.Length} bytes\n", ours.Stdout);
    }

    [Fact]
    public void DescriptorOperationsMatchWasmtime()
    {
        var core = Core("wasi_fdops");
        if (Skip(core, "wasi_fdops")) return;
        var a = Directory.CreateTempSubdirectory("wasi-p1-fdops-");
        var b = Directory.CreateTempSubdirectory("wasi-p1-fdops-");
        try
        {
            var ours = RunPreview1(core!, c => c.Arg("wasi_fdops").PreopenedDir(a.FullName, "/data"));
            _output.WriteLine(ours.Stdout + ours.Stderr);
            var theirs = RunWasmtimePreview1(core!, new[] { "wasi_fdops" }, Array.Empty<(string, string)>(), new[] { (b.FullName, "/data", true) });
            _output.WriteLine("wasmtime:\n" + theirs.Stdout + theirs.Stderr);
            Assert.Equal(theirs, ours);
            Assert.Equal(0, ours.Exit);
            Assert.Contains("g.txt: 4 [gee!]\n", ours.Stdout);
            Assert.Contains("readdir many: 40 entries\n", ours.Stdout);
            Assert.Equal(Tree(b.FullName), Tree(a.FullName));
            if (Component("wasi_fdops") is { } component)
            {
                var c = Directory.CreateTempSubdirectory("wasi-p1-fdops-");
                try
                {
                    var viaComponent = RunOurs(component, x => x.Arg("wasi_fdops").PreopenedDir(c.FullName, "/data"));
                    Assert.Equal(viaComponent, ours);
                    Assert.Equal(Tree(c.FullName), Tree(a.FullName));
                }
                finally { c.Delete(true); }
            }
        }
        finally { a.Delete(true); b.Delete(true); }
    }

    /// <summary>A preview1 command that writes a line to stdout, then ends with <paramref name="end"/>.</summary>
    internal static byte[] Command(string end) => WitBindgen.ComponentModel.Text.WatAssembler.Assemble($$"""
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "before the end\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const 15))
            (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
            {{end}}))
        """);

    [Theory]
    [InlineData("unreachable", -1)]
    [InlineData("(call $exit (i32.const 3))", 3)]
    [InlineData("(call $exit (i32.const 200))", -1)]
    [InlineData("(drop (i32.div_s (i32.const 1) (i32.const 0)))", -1)]
    [InlineData("", 0)]
    public void TrapsAndExitsMatchWasmtime(string end, int exit)
    {
        var wasm = Command(end);
        var ours = RunPreview1(wasm, b => b.Arg("cmd"));
        var theirs = RunWasmtimePreview1(wasm, new[] { "cmd" }, Array.Empty<(string, string)>(), Array.Empty<(string, string, bool)>());
        _output.WriteLine($"ours: {ours}\nwasmtime: {theirs}");
        Assert.Equal(exit, ours.Exit);
        Assert.Equal(theirs.Exit, ours.Exit);
        // What was written before the trap or exit reaches stdout in both.
        Assert.Equal("before the end\n", ours.Stdout);
        Assert.Equal(theirs.Stdout, ours.Stdout);
        Assert.Equal(exit == -1, ours.Stderr.StartsWith("trap: ", StringComparison.Ordinal));
        Assert.Equal(exit == -1, theirs.Stderr.StartsWith("trap: ", StringComparison.Ordinal));
    }

    [Fact]
    public void EachInstanceHasItsOwnDescriptorTableOverOneContextsState()
    {
        var core = Core("wasi_files");
        if (Skip(core, "wasi_files")) return;
        var a = WasiCommandTests.FilesTree();
        try
        {
            // Two runs of the same module in one process, each with its own context: both see the preopen at fd 3.
            for (int i = 0; i < 2; i++)
            {
                var run = RunPreview1(core!, x => x.Args("wasi_files", "files").PreopenedDir(Path.Combine(a.FullName, "data"), "/data"));
                Assert.Equal(0, run.Exit);
                Assert.Contains("cat /data/out.txt: [first line\nappended\n]", run.Stdout);
            }
        }
        finally { a.Delete(true); }
    }
}

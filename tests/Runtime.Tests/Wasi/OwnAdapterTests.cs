using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Validation;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using WitBindgen.Runtime.Wasi.Clocks;
using WitBindgen.Tests;
using WitBindgen.WitParser;
using Xunit.Abstractions;
using static WitBindgen.Runtime.Tests.Wasi.WasiCommandTests;

namespace WitBindgen.Runtime.Tests.Wasi;

/// <summary>
/// Our own wasi_snapshot_preview1 adapters (<see cref="Adapters"/>, WebAssembly text in
/// src/ComponentModel.Componentize/Adapters): every C command fixture componentized with our command adapter runs on
/// our WASI host with the same stdout, stderr, exit status and file effects as the same module componentized with
/// jco's adapter (the reference), the components validate, and the reactor adapter serves the reactor fixture.
/// </summary>
public sealed class OwnAdapterTests
{
    private readonly ITestOutputHelper _output;

    public OwnAdapterTests(ITestOutputHelper output) => _output = output;

    private static string Fixture(string file) => Path.Combine(Conformance.RepoRoot, ".fixtures", "components", file);

    private static string JcoAdapter(string kind) => Path.Combine(Conformance.RepoRoot, "tests", "fixtures", "npm", "node_modules",
        "@bytecodealliance", "jco", "lib", $"wasi_snapshot_preview1.{kind}.wasm");

    // (ours, jco's): the fixture componentized by our component new with our adapter and with jco's; null when not built.
    private (byte[] Ours, byte[] Reference)? Pair(string name)
    {
        var core = Fixture(name + ".core.wasm");
        var reference = Component(name);
        if (!File.Exists(core) || reference is null)
        {
            var message = $"fixture {name} not built (scripts/build-fixtures.sh with clang-16 and jco)";
            if (Conformance.Required) throw new InvalidOperationException(message);
            _output.WriteLine("skipped: " + message);
            return null;
        }
        var bytes = File.ReadAllBytes(core);
        var adapter = Adapters.For(bytes);
        Assert.NotNull(adapter);
        var ours = Componentizer.Create(bytes, new[] { new KeyValuePair<string, byte[]>(Adapters.ModuleName, adapter!) });
        ComponentReader.Read(ours); // validates
        _output.WriteLine($"{name}: ours {ours.Length} bytes, with jco's adapter {reference.Length} bytes");
        return (ours, reference);
    }

    private void Same(Run reference, Run ours)
    {
        _output.WriteLine("stdout:\n" + ours.Stdout + "stderr:\n" + ours.Stderr + $"exit {ours.Exit}");
        Assert.Equal(reference.Stdout, ours.Stdout);
        Assert.Equal(reference.Stderr, ours.Stderr);
        Assert.Equal(reference.Exit, ours.Exit);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("primes")]
    [InlineData("streams")]
    [InlineData("wasi_args")]
    public void CommandRunsLikeJcos(string name)
    {
        if (Pair(name) is not { } pair) return;
        var (ours, reference) = pair;
        var args = new[] { name, "one", "two words", "exit=7" };
        void Configure(WasiContextBuilder b)
        {
            b.Args(args).Env("GREETING", "héllo").Env("EMPTY", "").Env("WITBINDGEN_FIXTURE", "set-by-test");
            b.WallClock(new ManualClock(1_700_000_000UL * 1_000_000_000UL));
        }
        var expected = RunOurs(reference, Configure);
        Assert.NotEqual("", expected.Stdout);
        Same(expected, RunOurs(ours, Configure));
    }

    [Fact]
    public void ClocksRandomAndExitLikeJcos()
    {
        if (Pair("wasi_clocks") is not { } pair) return;
        var (ours, reference) = pair;
        void Configure(WasiContextBuilder b) => b.Arg("wasi_clocks")
            .SecureRandom(span => { for (int i = 0; i < span.Length; i++) span[i] = (byte)(i * 17 + 1); })
            .WallClock(new ManualClock(1_700_000_000UL * 1_000_000_000UL));
        var expected = RunOurs(reference, Configure);
        var actual = RunOurs(ours, Configure);
        Same(expected, actual);
        Assert.Equal("slept at least 20ms: 1\nwall clock seconds: 1700000000\ngetentropy: 0\nbytes: 01 12 23 34 45 56 67 78\n", actual.Stdout);
        Assert.Equal(1, actual.Exit);
    }

    [Fact]
    public void StdinLikeJcos()
    {
        if (Pair("wasi_stdin") is not { } pair) return;
        var (ours, reference) = pair;
        var input = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 3000).Select(i => $"line {i}: some text\n")));
        var expected = RunOurs(reference, c => c.Arg("wasi_stdin").Stdin(input));
        var actual = RunOurs(ours, c => c.Arg("wasi_stdin").Stdin(new MemoryStream(input)));
        Same(expected, actual);
        Assert.EndsWith($"-- 3000 lines, {input.Length} bytes\n", actual.Stdout);
    }

    // Every entry under a directory: relative path and content (files), target (links) or "dir".
    private static List<string> Snapshot(DirectoryInfo root)
    {
        var entries = new List<string>();
        foreach (var info in root.EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(root.FullName, info.FullName);
            if (info.LinkTarget is { } target) entries.Add($"{rel} -> {target.Replace(root.FullName, "ROOT")}");
            else if (info is DirectoryInfo) entries.Add(rel + "/");
            else entries.Add($"{rel}: {File.ReadAllText(info.FullName)}");
        }
        entries.Sort(StringComparer.Ordinal);
        return entries;
    }

    [Theory]
    [InlineData("files")]
    [InlineData("escape")]
    public void FilesLikeJcos(string mode)
    {
        if (Pair("wasi_files") is not { } pair) return;
        var (ours, reference) = pair;
        var a = WasiCommandTests.FilesTree();
        var b = WasiCommandTests.FilesTree();
        try
        {
            Action<WasiContextBuilder> In(DirectoryInfo root) => c => c.Args("wasi_files", mode)
                .PreopenedDir(Path.Combine(root.FullName, "data"), "/data").PreopenedDir(Path.Combine(root.FullName, "ro"), "/ro", readOnly: true);
            var expected = RunOurs(reference, In(a));
            var actual = RunOurs(ours, In(b));
            Same(expected, actual);
            Assert.Equal(Snapshot(a).Select(e => e.Replace(a.FullName, "")), Snapshot(b).Select(e => e.Replace(b.FullName, "")));
            if (mode == "files") Assert.Contains("cat /data/out.txt: [first line\nappended\n]", actual.Stdout);
        }
        finally { a.Delete(true); b.Delete(true); }
    }

    [Fact]
    public void ArgsAndFilesLikeJcosOnWasmtime()
    {
        if (Pair("wasi_args") is not { } pair) return;
        var (ours, reference) = pair;
        var args = new[] { "wasi_args", "one", "exit=0" };
        var env = new[] { ("GREETING", "héllo") };
        Assert.Equal(RunWasmtime(reference, args, env, Array.Empty<(string, string, bool)>()), RunWasmtime(ours, args, env, Array.Empty<(string, string, bool)>()));
        if (Pair("wasi_files") is not { } filesPair) return;
        var (files, filesReference) = filesPair;
        var a = WasiCommandTests.FilesTree();
        var b = WasiCommandTests.FilesTree();
        try
        {
            var expected = RunWasmtime(filesReference, new[] { "wasi_files", "files" }, Array.Empty<(string, string)>(), new[] { (Path.Combine(a.FullName, "data"), "/data", true) });
            var actual = RunWasmtime(files, new[] { "wasi_files", "files" }, Array.Empty<(string, string)>(), new[] { (Path.Combine(b.FullName, "data"), "/data", true) });
            _output.WriteLine(actual.Stdout);
            Assert.Equal(expected, actual);
        }
        finally { a.Delete(true); b.Delete(true); }
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("primes")]
    [InlineData("streams")]
    [InlineData("wasi_stdin")]
    [InlineData("wasi_clocks")]
    public void RunsLikeJcosOnWasmtime(string name)
    {
        if (Pair(name) is not { } pair) return;
        var (ours, reference) = pair;
        var args = new[] { name, "a", "b" };
        var env = new[] { ("WITBINDGEN_FIXTURE", "set") };
        var stdin = Encoding.UTF8.GetBytes("one\ntwo\nthree\n");
        var expected = RunWasmtime(reference, args, env, Array.Empty<(string, string, bool)>(), stdin);
        var actual = RunWasmtime(ours, args, env, Array.Empty<(string, string, bool)>(), stdin);
        _output.WriteLine("stdout:\n" + actual.Stdout + "stderr:\n" + actual.Stderr + $"exit {actual.Exit}");
        Assert.NotEqual("", actual.Stdout);
        Assert.Equal(expected.Stderr, actual.Stderr);
        Assert.Equal(expected.Exit, actual.Exit);
        if (name == "wasi_clocks")
        {
            // Wasmtime's random bytes and clock differ between runs: the lines that do not depend on them agree.
            string Stable(string s) => string.Join("\n", s.Split('\n').Where(l => !l.StartsWith("bytes:", StringComparison.Ordinal) && !l.StartsWith("wall clock", StringComparison.Ordinal)));
            Assert.Equal(Stable(expected.Stdout), Stable(actual.Stdout));
        }
        else Assert.Equal(expected.Stdout, actual.Stdout);
    }

    [Fact]
    public void ReactorAdapterServesTheGreeter()
    {
        var core = Fixture("greeter.reactor.wasm");
        if (!File.Exists(core) || !File.Exists(JcoAdapter("reactor")))
        {
            if (Conformance.Required) throw new InvalidOperationException("greeter.reactor.wasm not built");
            _output.WriteLine("skipped: greeter.reactor.wasm or jco not installed");
            return;
        }
        var load = WitLoader.LoadPath(Path.Combine(Conformance.RepoRoot, "tests", "fixtures", "components", "reactors", "greeter.wit"));
        Assert.True(load.Success);
        var embedded = ComponentTypeSection.Embed(File.ReadAllBytes(core), load.Resolve!, load.SelectWorld(null));
        Assert.Equal(Adapters.Reactor, Adapters.For(embedded));
        (string Stdout, ComponentValue? Result) Greet(byte[] adapter)
        {
            var bytes = Componentizer.Create(embedded, new[] { new KeyValuePair<string, byte[]>(Adapters.ModuleName, adapter) });
            ComponentReader.Read(bytes);
            var engine = new Engine();
            var stdout = new MemoryStream();
            var ctx = new WasiContextBuilder().Stdout(stdout).Build();
            var linker = new ComponentLinker(engine);
            WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, ctx);
            var instance = linker.Instantiate(new Store(engine), WitBindgen.Runtime.Components.Component.FromBytes(engine, bytes));
            var result = instance.GetFunction("greet")!.Call(ComponentValue.String("wasm"), ComponentValue.U32(3));
            return (Encoding.UTF8.GetString(stdout.ToArray()), result);
        }
        var expected = Greet(File.ReadAllBytes(JcoAdapter("reactor")));
        var actual = Greet(Adapters.Reactor);
        Assert.Equal(expected, actual);
        Assert.Equal("hello, wasm (1)\nhello, wasm (2)\nhello, wasm (3)\n", actual.Stdout);
        Assert.Equal(ComponentValue.U32(103), actual.Result);
    }

    [Fact]
    public void AdaptersAreValidModulesSmallerThanJcos()
    {
        foreach (var (kind, adapter) in new[] { ("command", Adapters.Command), ("reactor", Adapters.Reactor) })
        {
            ComponentTypeSection.Extract(adapter, out var stripped);
            ModuleValidator.Validate(ModuleReader.Read(stripped));
            var exports = ModuleReader.Read(stripped).Exports.Select(e => e.Name).ToHashSet();
            foreach (var name in new[] { "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "fd_write", "fd_read", "fd_close",
                "fd_seek", "fd_tell", "fd_fdstat_get", "fd_fdstat_set_flags", "fd_filestat_get", "fd_prestat_get", "fd_prestat_dir_name",
                "fd_readdir", "path_open", "path_filestat_get", "path_create_directory", "path_remove_directory", "path_unlink_file",
                "path_rename", "path_readlink", "clock_time_get", "clock_res_get", "random_get", "poll_oneoff", "proc_exit", "sched_yield",
                "fd_sync", "fd_pread", "fd_pwrite", "cabi_import_realloc" })
                Assert.Contains(name, exports);
            Assert.Equal(kind == "command", exports.Contains("wasi:cli/run@0.2.3#run"));
            var jco = JcoAdapter(kind);
            _output.WriteLine($"{kind}: ours {adapter.Length} bytes (core {stripped.Length}), jco's {(File.Exists(jco) ? new FileInfo(jco).Length.ToString() : "?")} bytes");
        }
        // Each call gives a fresh copy.
        var first = Adapters.Command;
        first[8] ^= 0xff;
        Assert.NotEqual(first, Adapters.Command);
    }

    // A hand-written command calling preview1 functions the wrong way: each answers an errno (two digits each on the
    // first line), and an iovec pointing outside memory traps instead of reaching the host.
    private const string MisuseWat = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "sock_accept" (func $sock_accept (param i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
          (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
          (memory (export "memory") 1)
          (func $put (param $v i32) (param $at i32)
            (i32.store8 (local.get $at) (i32.add (i32.const 48) (i32.div_u (local.get $v) (i32.const 10))))
            (i32.store8 offset=1 (local.get $at) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
            (i32.store8 offset=2 (local.get $at) (i32.const 32)))
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const 19))
            (call $put (call $fd_write (i32.const 77) (i32.const 0) (i32.const 1) (i32.const 8)) (i32.const 16))
            (call $put (call $sock_accept (i32.const 3) (i32.const 0) (i32.const 8)) (i32.const 19))
            (call $put (call $fd_seek (i32.const 1) (i64.const 0) (i32.const 0) (i32.const 8)) (i32.const 22))
            (call $put (call $clock (i32.const 2) (i64.const 0) (i32.const 8)) (i32.const 25))
            (call $put (call $path_open (i32.const 1) (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 8)) (i32.const 28))
            (call $put (call $fd_close (i32.const 1000)) (i32.const 31))
            (i32.store8 (i32.const 34) (i32.const 10))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
            (i32.store (i32.const 0) (i32.const 0xfffffff0))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
        """;

    [Fact]
    public void MisuseAnswersErrnosAndBadPointersTrap()
    {
        var core = WitBindgen.ComponentModel.Text.WatAssembler.Assemble(MisuseWat);
        var bytes = Componentizer.Create(core, new[] { new KeyValuePair<string, byte[]>(Adapters.ModuleName, Adapters.For(core)!) });
        ComponentReader.Read(bytes);
        var run = RunOurs(bytes, _ => { });
        _output.WriteLine(run.Stdout + run.Stderr);
        // badf, nosys, spipe (stdout), notsup (CPU-time clock), notdir (path_open on stdout), badf.
        Assert.Equal("08 52 70 58 54 08 \n", run.Stdout);
        Assert.Equal(-1, run.Exit);
        Assert.StartsWith("trap: ", run.Stderr);
    }

    // Lists preopened directory 3 with a 44-byte fd_readdir buffer: one entry fits, the next is cut, so every call
    // continues from the last whole entry's cookie (the adapter reopens the directory and skips to it).
    private const string ReaddirWat = """
        (module
          (import "wasi_snapshot_preview1" "fd_readdir" (func $readdir (param i32 i32 i32 i64 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "_start")
            (local $cookie i64) (local $used i32) (local $len i32)
            (loop $next
              (if (call $readdir (i32.const 3) (i32.const 1024) (i32.const 44) (local.get $cookie) (i32.const 8)) (then (unreachable)))
              (local.set $used (i32.load (i32.const 8)))
              (if (i32.ge_u (local.get $used) (i32.const 24))
                (then
                  (local.set $len (i32.load (i32.const 1040)))
                  (if (i32.gt_u (i32.add (local.get $len) (i32.const 24)) (local.get $used)) (then (unreachable)))
                  (i32.store8 (i32.add (i32.const 1048) (local.get $len)) (i32.const 10))
                  (i32.store (i32.const 0) (i32.const 1048))
                  (i32.store (i32.const 4) (i32.add (local.get $len) (i32.const 1)))
                  (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 12)))
                  (local.set $cookie (i64.load (i32.const 1024)))
                  (br $next))))))
        """;

    [Fact]
    public void ReaddirContinuesFromCookiesWithSmallBuffers()
    {
        var core = WitBindgen.ComponentModel.Text.WatAssembler.Assemble(ReaddirWat);
        var bytes = Componentizer.Create(core, new[] { new KeyValuePair<string, byte[]>(Adapters.ModuleName, Adapters.For(core)!) });
        var dir = Directory.CreateTempSubdirectory("wasi-readdir-");
        try
        {
            var names = Enumerable.Range(0, 12).Select(i => $"entry-{i:D2}" + new string('x', i)).ToList();
            foreach (var name in names) File.WriteAllText(Path.Combine(dir.FullName, name), name);
            Directory.CreateDirectory(Path.Combine(dir.FullName, "subdirectory"));
            names.AddRange(new[] { "subdirectory", ".", ".." });
            var run = RunOurs(bytes, c => c.PreopenedDir(dir.FullName, "/d"));
            _output.WriteLine(run.Stdout + run.Stderr);
            Assert.Equal(0, run.Exit);
            Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).OrderBy(n => n, StringComparer.Ordinal));
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void ModulesWithoutPreview1ImportsNeedNoAdapter()
    {
        var core = Fixture("calc.core.wasm");
        if (!File.Exists(core)) { _output.WriteLine("skipped: calc.core.wasm not built"); return; }
        Assert.Null(Adapters.For(File.ReadAllBytes(core)));
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.ComponentModel.Text;
using WitBindgen.Runtime.Wasi;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Wasi;

/// <summary>
/// Single preview1 calls with bad pointers, bad descriptors, bad enum values and sandbox escapes, from a hand-written
/// module, answered by our preview1 host and by Wasmtime.Dotnet's: the same errno, or both trap (bad pointers and
/// enum values trap in wasmtime's preview1), and never a failure of the host process.
/// </summary>
public sealed class Preview1ProbeTests
{
    private readonly ITestOutputHelper _output;

    public Preview1ProbeTests(ITestOutputHelper output) => _output = output;

    private static readonly (string Name, string Params)[] Imports =
    {
        ("fd_write", "i32 i32 i32 i32"), ("fd_read", "i32 i32 i32 i32"), ("fd_pread", "i32 i32 i32 i64 i32"),
        ("args_sizes_get", "i32 i32"), ("args_get", "i32 i32"), ("environ_get", "i32 i32"), ("random_get", "i32 i32"),
        ("clock_time_get", "i32 i64 i32"), ("clock_res_get", "i32 i32"), ("path_open", "i32 i32 i32 i32 i32 i64 i64 i32 i32"),
        ("fd_seek", "i32 i64 i32 i32"), ("fd_tell", "i32 i32"), ("fd_advise", "i32 i64 i64 i32"), ("poll_oneoff", "i32 i32 i32 i32"),
        ("proc_raise", "i32"), ("sock_accept", "i32 i32 i32"), ("sock_recv", "i32 i32 i32 i32 i32 i32"), ("fd_renumber", "i32 i32"),
        ("fd_prestat_dir_name", "i32 i32 i32"), ("fd_prestat_get", "i32 i32"), ("fd_filestat_set_size", "i32 i64"),
        ("fd_readdir", "i32 i32 i32 i64 i32"), ("fd_fdstat_set_flags", "i32 i32"), ("path_create_directory", "i32 i32 i32"),
        ("path_filestat_get", "i32 i32 i32 i32 i32"), ("fd_filestat_get", "i32 i32"), ("path_readlink", "i32 i32 i32 i32 i32 i32"),
        ("path_symlink", "i32 i32 i32 i32 i32"), ("path_unlink_file", "i32 i32 i32"), ("path_remove_directory", "i32 i32 i32"),
        ("path_rename", "i32 i32 i32 i32 i32 i32"), ("fd_close", "i32"), ("sched_yield", ""),
    };

    // Strings in memory: 256 "../secret.txt" (13), 300 "/abs" (4), 320 invalid UTF-8 (2), 340 "x.txt" (5),
    // 360 "link" (4), 380 "sub/../../secret.txt" (20), 420 "dir" (3).
    private static readonly (string Name, string Body)[] Cases =
    {
        ("fd_write iovs out of bounds", "(call $fd_write (i32.const 1) (i32.const 0xFFFFFFF0) (i32.const 1) (i32.const 16))"),
        ("fd_write buffer out of bounds", "(i32.store (i32.const 0) (i32.const 65530)) (i32.store (i32.const 4) (i32.const 100)) (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16))"),
        ("fd_write result out of bounds", "(i32.store (i32.const 0) (i32.const 256)) (i32.store (i32.const 4) (i32.const 0)) (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 65534))"),
        ("fd_read into a bad buffer with nothing to read", "(i32.store (i32.const 0) (i32.const 65535)) (i32.store (i32.const 4) (i32.const 2)) (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16))"),
        ("args_sizes_get out of bounds", "(call $args_sizes_get (i32.const 65534) (i32.const 0))"),
        ("args_get out of bounds", "(call $args_get (i32.const 65533) (i32.const 0))"),
        ("environ_get out of bounds", "(call $environ_get (i32.const 0) (i32.const 65535))"),
        ("random_get out of bounds", "(call $random_get (i32.const 65000) (i32.const 1000))"),
        ("random_get huge length", "(call $random_get (i32.const 0) (i32.const -1))"),
        ("clock_time_get out of bounds", "(call $clock_time_get (i32.const 0) (i64.const 0) (i32.const 65535))"),
        ("clock_time_get realtime", "(call $clock_time_get (i32.const 0) (i64.const 0) (i32.const 0))"),
        ("clock_res_get monotonic", "(call $clock_res_get (i32.const 1) (i32.const 0))"),
        ("path_open path out of bounds", "(call $path_open (i32.const 3) (i32.const 0) (i32.const 65530) (i32.const 100) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0))"),
        ("path_open result out of bounds", "(call $path_open (i32.const 3) (i32.const 0) (i32.const 340) (i32.const 5) (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 65535))"),
        ("path_open invalid UTF-8", "(call $path_open (i32.const 3) (i32.const 0) (i32.const 320) (i32.const 2) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0))"),
        ("path_open on stdout", "(call $path_open (i32.const 1) (i32.const 0) (i32.const 340) (i32.const 5) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0))"),
        ("path_open bad fd", "(call $path_open (i32.const 77) (i32.const 0) (i32.const 340) (i32.const 5) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0))"),
        ("path_filestat_get symlink not followed", "(call $path_filestat_get (i32.const 3) (i32.const 0) (i32.const 360) (i32.const 4) (i32.const 0))"),
        ("path_create_directory", "(call $path_create_directory (i32.const 3) (i32.const 420) (i32.const 3))"),
        ("path_create_directory again", "(call $path_create_directory (i32.const 3) (i32.const 420) (i32.const 3))"),
        ("path_unlink_file directory", "(call $path_unlink_file (i32.const 3) (i32.const 420) (i32.const 3))"),
        ("path_remove_directory", "(call $path_remove_directory (i32.const 3) (i32.const 420) (i32.const 3))"),
        ("path_readlink link", "(call $path_readlink (i32.const 3) (i32.const 360) (i32.const 4) (i32.const 0) (i32.const 10) (i32.const 16))"),
        ("path_rename link over a file", "(call $path_rename (i32.const 3) (i32.const 360) (i32.const 4) (i32.const 3) (i32.const 340) (i32.const 5))"),
        ("fd_seek stdout", "(call $fd_seek (i32.const 1) (i64.const 0) (i32.const 0) (i32.const 0))"),
        ("fd_seek bad fd", "(call $fd_seek (i32.const 77) (i64.const 0) (i32.const 0) (i32.const 0))"),
        ("fd_tell directory", "(call $fd_tell (i32.const 3) (i32.const 0))"),
        ("poll_oneoff no subscriptions", "(call $poll_oneoff (i32.const 0) (i32.const 100) (i32.const 0) (i32.const 200))"),
        ("poll_oneoff out of bounds", "(call $poll_oneoff (i32.const 65500) (i32.const 100) (i32.const 2) (i32.const 200))"),
        ("proc_raise", "(call $proc_raise (i32.const 1))"),
        ("sock_accept bad fd", "(call $sock_accept (i32.const 77) (i32.const 0) (i32.const 0))"),
        ("sock_recv bad fd", "(call $sock_recv (i32.const 77) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 4))"),
        ("fd_renumber to a closed fd", "(call $fd_renumber (i32.const 0) (i32.const 50))"),
        ("fd_renumber from a closed fd", "(call $fd_renumber (i32.const 50) (i32.const 0))"),
        ("fd_prestat_get stdin", "(call $fd_prestat_get (i32.const 0) (i32.const 0))"),
        ("fd_prestat_get out of bounds", "(call $fd_prestat_get (i32.const 3) (i32.const 65534))"),
        ("fd_prestat_dir_name short", "(call $fd_prestat_dir_name (i32.const 3) (i32.const 0) (i32.const 1))"),
        ("fd_filestat_get out of bounds", "(call $fd_filestat_get (i32.const 3) (i32.const 65500))"),
        ("fd_readdir stdout", "(call $fd_readdir (i32.const 1) (i32.const 0) (i32.const 100) (i64.const 0) (i32.const 200))"),
        ("fd_readdir out of bounds", "(call $fd_readdir (i32.const 3) (i32.const 65500) (i32.const 100) (i64.const 0) (i32.const 200))"),
        ("fd_pread directory", "(i32.store (i32.const 0) (i32.const 256)) (i32.store (i32.const 4) (i32.const 4)) (call $fd_pread (i32.const 3) (i32.const 0) (i32.const 1) (i64.const 0) (i32.const 16))"),
        ("fd_close bad fd", "(call $fd_close (i32.const 77))"),
        ("fd_read directory", "(i32.store (i32.const 0) (i32.const 256)) (i32.store (i32.const 4) (i32.const 4)) (call $fd_read (i32.const 3) (i32.const 0) (i32.const 1) (i32.const 16))"),
        ("fd_write directory", "(i32.store (i32.const 0) (i32.const 256)) (i32.store (i32.const 4) (i32.const 4)) (call $fd_write (i32.const 3) (i32.const 0) (i32.const 1) (i32.const 16))"),
        ("fd_seek directory", "(call $fd_seek (i32.const 3) (i64.const 0) (i32.const 0) (i32.const 0))"),
        ("fd_tell stdin", "(call $fd_tell (i32.const 0) (i32.const 0))"),
        ("fd_filestat_set_size stdout", "(call $fd_filestat_set_size (i32.const 1) (i64.const 0))"),
        ("fd_filestat_set_size directory", "(call $fd_filestat_set_size (i32.const 3) (i64.const 0))"),
        ("fd_fdstat_set_flags append on stdout", "(call $fd_fdstat_set_flags (i32.const 1) (i32.const 1))"),
        ("fd_fdstat_set_flags nonblock on stdout", "(call $fd_fdstat_set_flags (i32.const 1) (i32.const 4))"),
        ("clock_time_get process cputime", "(call $clock_time_get (i32.const 2) (i64.const 0) (i32.const 0))"),
        ("clock_res_get thread cputime", "(call $clock_res_get (i32.const 3) (i32.const 0))"),
        ("poll_oneoff clock 0 relative", "(i64.store (i32.const 0) (i64.const 5)) (i32.store8 (i32.const 8) (i32.const 0)) (i32.store (i32.const 16) (i32.const 1)) (i64.store (i32.const 24) (i64.const 0)) (i32.store16 (i32.const 40) (i32.const 0)) (drop (call $poll_oneoff (i32.const 0) (i32.const 128) (i32.const 1) (i32.const 200))) (i32.add (i32.load (i32.const 200)) (i32.mul (i32.const 1000) (i32.load (i32.const 128))))"),
        ("poll_oneoff misaligned events", "(i64.store (i32.const 0) (i64.const 5)) (i32.store8 (i32.const 8) (i32.const 0)) (i32.store (i32.const 16) (i32.const 1)) (i64.store (i32.const 24) (i64.const 0)) (call $poll_oneoff (i32.const 0) (i32.const 100) (i32.const 1) (i32.const 200))"),
        ("clock_time_get misaligned result", "(call $clock_time_get (i32.const 0) (i64.const 0) (i32.const 4))"),
        ("args_sizes_get misaligned", "(call $args_sizes_get (i32.const 2) (i32.const 8))"),
        ("fd_write misaligned iovecs", "(call $fd_write (i32.const 1) (i32.const 2) (i32.const 1) (i32.const 16))"),
        ("fd_filestat_get misaligned", "(call $fd_filestat_get (i32.const 3) (i32.const 4))"),
        ("poll_oneoff bad clock", "(i32.store8 (i32.const 8) (i32.const 0)) (i32.store (i32.const 16) (i32.const 9)) (call $poll_oneoff (i32.const 0) (i32.const 128) (i32.const 1) (i32.const 200))"),
        ("poll_oneoff cputime clock", "(i32.store8 (i32.const 8) (i32.const 0)) (i32.store (i32.const 16) (i32.const 2)) (call $poll_oneoff (i32.const 0) (i32.const 128) (i32.const 1) (i32.const 200))"),
        ("poll_oneoff bad event type", "(i32.store8 (i32.const 8) (i32.const 7)) (call $poll_oneoff (i32.const 0) (i32.const 128) (i32.const 1) (i32.const 200))"),
        ("poll_oneoff read on a directory", "(i32.store8 (i32.const 8) (i32.const 1)) (i32.store (i32.const 16) (i32.const 3)) (call $poll_oneoff (i32.const 0) (i32.const 128) (i32.const 1) (i32.const 200))"),
        ("sched_yield", "(call $sched_yield)"),
        ("fd_advise bad advice", "(call $fd_advise (i32.const 3) (i64.const 0) (i64.const 0) (i32.const 9))"),
        ("fd_seek bad whence", "(call $fd_seek (i32.const 1) (i64.const 0) (i32.const 9) (i32.const 0))"),
        ("clock_time_get bad clock", "(call $clock_time_get (i32.const 9) (i64.const 0) (i32.const 0))"),
    };

    // Sandbox escapes: both hosts deny them (wasmtime answers notcapable or perm; our sandbox perm).
    private static readonly (string Name, string Body)[] Escapes =
    {
        ("path_open ..", "(call $path_open (i32.const 3) (i32.const 0) (i32.const 256) (i32.const 13) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0))"),
        ("path_open sub/../..", "(call $path_open (i32.const 3) (i32.const 0) (i32.const 380) (i32.const 20) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0))"),
        ("path_open absolute", "(call $path_open (i32.const 3) (i32.const 0) (i32.const 300) (i32.const 4) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0))"),
        ("path_open symlink out (followed)", "(call $path_open (i32.const 3) (i32.const 1) (i32.const 360) (i32.const 4) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0))"),
        ("path_filestat_get ..", "(call $path_filestat_get (i32.const 3) (i32.const 0) (i32.const 256) (i32.const 13) (i32.const 0))"),
        ("path_create_directory ..", "(call $path_create_directory (i32.const 3) (i32.const 256) (i32.const 13))"),
        ("path_rename out", "(call $path_rename (i32.const 3) (i32.const 340) (i32.const 5) (i32.const 3) (i32.const 256) (i32.const 13))"),
    };

    private static string Wat((string Name, string Body)[] cases)
    {
        var sb = new StringBuilder("(module\n");
        foreach (var (name, ps) in Imports)
            sb.Append($"  (import \"wasi_snapshot_preview1\" \"{name}\" (func ${name} (param {ps}) (result i32)))\n");
        sb.Append("  (memory (export \"memory\") 1)\n");
        sb.Append("  (data (i32.const 256) \"../secret.txt\") (data (i32.const 300) \"/abs\") (data (i32.const 320) \"\\ff\\fe\")\n");
        sb.Append("  (data (i32.const 340) \"x.txt\") (data (i32.const 360) \"link\") (data (i32.const 380) \"sub/../../secret.txt\") (data (i32.const 420) \"dir\")\n");
        for (int i = 0; i < cases.Length; i++) sb.Append($"  (func (export \"c{i}\") (result i32) {cases[i].Body})\n");
        sb.Append(')');
        return sb.ToString();
    }

    private static DirectoryInfo Tree()
    {
        var root = Directory.CreateTempSubdirectory("wasi-p1-probe-");
        var data = root.CreateSubdirectory("data");
        File.WriteAllText(Path.Combine(root.FullName, "secret.txt"), "secret");
        File.WriteAllText(Path.Combine(data.FullName, "x.txt"), "x");
        data.CreateSubdirectory("sub");
        File.CreateSymbolicLink(Path.Combine(data.FullName, "link"), "../secret.txt");
        return root;
    }

    private static List<string> Ours(byte[] wasm, int count, string data)
    {
        var engine = new Engine();
        var ctx = new WasiContextBuilder().Args("probe", "arg").Env("K", "V").PreopenedDir(data, "/data").Build();
        var linker = new Linker(engine);
        Preview1.AddToLinker(linker, ctx);
        var instance = linker.Instantiate(new Store(engine), Module.FromBytes(engine, wasm));
        var results = new List<string>();
        for (int i = 0; i < count; i++)
        {
            try { results.Add("errno " + instance.GetFunction("c" + i)!.Invoke()[0].I32); }
            catch (Trap) { results.Add("trap"); }
        }
        return results;
    }

    private static List<string> Wasmtime(byte[] wasm, int count, string data)
    {
        using var engine = new global::Wasmtime.Engine();
        using var module = global::Wasmtime.Module.FromBytes(engine, "probe", wasm);
        using var linker = new global::Wasmtime.Linker(engine);
        linker.DefineWasi();
        using var store = new global::Wasmtime.Store(engine);
        store.SetWasiConfiguration(new global::Wasmtime.WasiConfiguration().WithArgs("probe", "arg").WithEnvironmentVariables(new[] { ("K", "V") })
            .WithPreopenedDirectory(data, "/data", true));
        var instance = linker.Instantiate(store, module);
        var results = new List<string>();
        for (int i = 0; i < count; i++)
        {
            try { results.Add("errno " + instance.GetFunction<int>("c" + i)!()); }
            catch (global::Wasmtime.WasmtimeException) { results.Add("trap"); }
        }
        return results;
    }

    [Fact]
    public void BadPointersDescriptorsAndEnumsAnswerAsWasmtime()
    {
        var wasm = WatAssembler.Assemble(Wat(Cases));
        var a = Tree();
        var b = Tree();
        try
        {
            var ours = Ours(wasm, Cases.Length, Path.Combine(a.FullName, "data"));
            var theirs = Wasmtime(wasm, Cases.Length, Path.Combine(b.FullName, "data"));
            var report = Cases.Select((c, i) => $"{c.Name}: {ours[i]}" + (ours[i] == theirs[i] ? "" : $"  (wasmtime: {theirs[i]})")).ToList();
            foreach (var line in report) _output.WriteLine(line);
            Assert.Equal(Cases.Select((c, i) => $"{c.Name}: {theirs[i]}"), Cases.Select((c, i) => $"{c.Name}: {ours[i]}"));
            // Out-of-bounds pointers and lengths trap the guest (as wasmtime), never the host.
            foreach (var (c, i) in Cases.Select((c, i) => (c, i)).Where(x => x.c.Name.Contains("out of bounds") || x.c.Name.Contains("huge")))
                Assert.Equal("trap", ours[i]);
        }
        finally { a.Delete(true); b.Delete(true); }
    }

    [Fact]
    public void EveryEscapeIsDeniedByBothHosts()
    {
        var wasm = WatAssembler.Assemble(Wat(Escapes));
        var a = Tree();
        var b = Tree();
        try
        {
            var ours = Ours(wasm, Escapes.Length, Path.Combine(a.FullName, "data"));
            var theirs = Wasmtime(wasm, Escapes.Length, Path.Combine(b.FullName, "data"));
            for (int i = 0; i < Escapes.Length; i++)
            {
                _output.WriteLine($"{Escapes[i].Name}: {ours[i]} (wasmtime: {theirs[i]})");
                Assert.NotEqual("errno 0", ours[i]);
                Assert.NotEqual("errno 0", theirs[i]);
                Assert.StartsWith("errno", ours[i]);
            }
            Assert.Equal("secret", File.ReadAllText(Path.Combine(a.FullName, "secret.txt")));
            Assert.Equal(new[] { "data", "secret.txt" }, a.EnumerateFileSystemInfos().Select(i => i.Name).OrderBy(n => n, StringComparer.Ordinal));
        }
        finally { a.Delete(true); b.Delete(true); }
    }
}

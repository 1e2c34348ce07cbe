using System;
using System.IO;
using WitBindgen.Tests;
using Xunit.Abstractions;

namespace WitBindgen.Cli.Tests;

/// <summary><c>wit-bindgen run FILE</c> on a core module importing <c>wasi_snapshot_preview1</c>: its <c>_start</c> on the preview1 host.</summary>
public sealed class RunPreview1Tests
{
    private readonly ITestOutputHelper _output;

    public RunPreview1Tests(ITestOutputHelper output) => _output = output;

    private static string? Fixture(string file)
    {
        var path = Path.Combine(Conformance.RepoRoot, ".fixtures", "components", file);
        return File.Exists(path) ? path : null;
    }

    [Fact]
    public void ArgumentsEnvironmentAndTheExitStatusReachTheGuest()
    {
        var path = Fixture("wasi_args.core.wasm");
        if (path is null) { Conformance.Skipped(_output.WriteLine, "fixture wasi_args.core.wasm not built (scripts/build-fixtures.sh)"); return; }
        var (exit, stdout, stderr) = CliRunner.Run("run", path, "--env", "GREETING=hi there", "--", "one", "--two");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("argc=3\nargv[0]=wasi_args.core.wasm\nargv[1]=one\nargv[2]=--two\nenv GREETING=hi there\nenvc=1\nGREETING=hi there\n", stdout);

        // proc_exit's status is the exit code (the component path through the adapter can only say 1).
        (exit, stdout, _) = CliRunner.Run("run", path, "--", "exit=5");
        Assert.Equal(5, exit);
        Assert.Contains("envc=0\n", stdout);
    }

    [Fact]
    public void DirectoriesArePreopenedAndEscapesAreDenied()
    {
        var path = Fixture("wasi_files.core.wasm");
        if (path is null) { Conformance.Skipped(_output.WriteLine, "fixture wasi_files.core.wasm not built (scripts/build-fixtures.sh)"); return; }
        var root = CliRunner.TempTree(("data/input.txt", "input contents"), ("ro/input.txt", "read-only input"), ("secret.txt", "secret"));
        Directory.CreateDirectory(Path.Combine(root, "data", "inner"));
        try
        {
            var (exit, stdout, stderr) = CliRunner.Run("run", path, "--dir", Path.Combine(root, "data") + "::/data", "--", "files");
            _output.WriteLine(stdout + stderr);
            Assert.Equal(0, exit);
            Assert.Contains("cat /data/out.txt: [first line\nappended\n]\ncat /data/input.txt: [input contents]\n", stdout);

            (exit, stdout, stderr) = CliRunner.Run("run", path, "--dir", Path.Combine(root, "data") + "::/data", "--dir", Path.Combine(root, "ro") + "::/ro:ro", "--", "escape");
            _output.WriteLine(stdout + stderr);
            Assert.Equal(0, exit);
            Assert.Contains("open ../secret.txt: Operation not permitted\n", stdout);
            Assert.Contains("write read-only: Operation not permitted\n", stdout);
            Assert.Contains("read read-only: ok\n", stdout);
            Assert.Equal("read-only input", File.ReadAllText(Path.Combine(root, "ro", "input.txt")));
        }
        finally { Directory.Delete(root, true); }
    }

    private const string Command = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "hello from preview1\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const 20))
            (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
            END))
        """;

    [Theory]
    [InlineData("", 0)]
    [InlineData("(call $exit (i32.const 42))", 42)]
    public void ACommandRunsAndExits(string end, int status)
    {
        var dir = CliRunner.TempTree(("cmd.wat", Command.Replace("END", end, StringComparison.Ordinal)));
        try
        {
            var (exit, stdout, stderr) = CliRunner.Run("run", Path.Combine(dir, "cmd.wat"));
            Assert.Equal("", stderr);
            Assert.Equal("hello from preview1\n", stdout);
            Assert.Equal(status, exit);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ATrapPrintsItsMessageAndExitsWithOne()
    {
        var dir = CliRunner.TempTree(("trap.wat", Command.Replace("END", "unreachable", StringComparison.Ordinal)));
        try
        {
            var (exit, stdout, stderr) = CliRunner.Run("run", Path.Combine(dir, "trap.wat"));
            Assert.Equal(1, exit);
            Assert.Equal("hello from preview1\n", stdout);
            Assert.Contains("wasm trap: unreachable", stderr);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void AModuleWithoutStartIsRefused()
    {
        var dir = CliRunner.TempTree(("lib.wat", "(module (import \"wasi_snapshot_preview1\" \"sched_yield\" (func (result i32))) (memory (export \"memory\") 1))"));
        try
        {
            var (exit, _, stderr) = CliRunner.Run("run", Path.Combine(dir, "lib.wat"));
            Assert.Equal(1, exit);
            Assert.Contains("does not export a `_start` function", stderr);
        }
        finally { Directory.Delete(dir, true); }
    }
}

using System;
using System.IO;
using WitBindgen.Tests;
using Xunit.Abstractions;

namespace WitBindgen.Cli.Tests;

/// <summary><c>wit-bindgen run FILE</c> without <c>--invoke</c>: a component runs as a WASI command.</summary>
public sealed class RunWasiTests
{
    private readonly ITestOutputHelper _output;

    public RunWasiTests(ITestOutputHelper output) => _output = output;

    private static string? Fixture(string file)
    {
        var path = Path.Combine(Conformance.RepoRoot, ".fixtures", "components", file);
        return File.Exists(path) ? path : null;
    }

    [Fact]
    public void TheBundledExampleSaysHello()
    {
        var (exit, stdout, stderr) = CliRunner.Run("run", CliRunner.Example(Path.Combine("hello-wasi", "hello.wat")));
        Assert.Equal("", stderr);
        Assert.Equal("Hello from a WebAssembly component, run by WitBindgen's WASI host!\n", stdout);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void ArgumentsEnvironmentAndExitStatusReachTheGuest()
    {
        var path = Fixture("wasi_args.jco.wasm");
        if (path is null) { Conformance.Skipped(_output.WriteLine, "fixture wasi_args.jco.wasm not built (scripts/build-fixtures.sh)"); return; }
        Environment.SetEnvironmentVariable("WITBINDGEN_WASI_TEST", "from host");
        var (exit, stdout, stderr) = CliRunner.Run("run", path, "--env", "GREETING=hi there", "--env", "WITBINDGEN_WASI_TEST", "--", "one", "--two");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("argc=3\nargv[0]=wasi_args.jco.wasm\nargv[1]=one\nargv[2]=--two\nenv GREETING=hi there\nenv WITBINDGEN_WASI_TEST=from host\nenvc=2\nGREETING=hi there\n", stdout);

        // exit(5) reaches the host through the 0.2.0 adapter as exit(err): status 1, as with wasmtime run.
        (exit, stdout, _) = CliRunner.Run("run", path, "--", "exit=5");
        Assert.Equal(1, exit);
        Assert.Contains("envc=0\n", stdout);
    }

    [Fact]
    public void DirectoriesArePreopenedAndReadOnlyIsEnforced()
    {
        var path = Fixture("wasi_files.jco.wasm");
        if (path is null) { Conformance.Skipped(_output.WriteLine, "fixture wasi_files.jco.wasm not built (scripts/build-fixtures.sh)"); return; }
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
            Assert.Contains("open /secret.txt: Capabilities insufficient\n", stdout);
            Assert.Contains("write read-only: Operation not permitted\n", stdout);
            Assert.Contains("read read-only: ok\n", stdout);
            Assert.Equal("read-only input", File.ReadAllText(Path.Combine(root, "ro", "input.txt")));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public void ATrapPrintsItsMessageAndExitsWithOne()
    {
        const string wat = """
            (component
              (core module $m (func (export "run") (result i32) unreachable))
              (core instance $i (instantiate $m))
              (func $run (result (result)) (canon lift (core func $i "run")))
              (instance $r (export "run" (func $run)))
              (export "wasi:cli/run@0.2.0" (instance $r)))
            """;
        var dir = CliRunner.TempTree(("trap.wat", wat));
        var (exit, stdout, stderr) = CliRunner.Run("run", Path.Combine(dir, "trap.wat"));
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("wasm trap: unreachable", stderr);
    }

    [Fact]
    public void ACoreModuleStillNeedsInvoke()
    {
        var dir = CliRunner.TempTree(("m.wat", "(module (func (export \"f\")))"));
        var (exit, _, stderr) = CliRunner.Run("run", Path.Combine(dir, "m.wat"));
        Assert.Equal(1, exit);
        Assert.StartsWith("error: a core module needs --invoke NAME", stderr);
    }
}

using System.IO;

namespace WitBindgen.Cli.Tests;

public class WitCommandTests
{
    [Fact]
    public void CheckPrintsOneSummaryLinePerPackage()
    {
        var (exit, stdout, stderr) = CliRunner.Run("check", CliRunner.Example("greeter"));
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal(new[]
        {
            "example:greeter@0.1.0: 2 interfaces, 1 world: greeter (2 imports, 1 exports)",
            "example:logging@1.0.0 (dependency): 1 interface, 0 worlds",
        }, CliRunner.Lines(stdout));
    }

    [Fact]
    public void CheckSummarizesEveryDependencyAfterThePathsOwnPackages()
    {
        // Dependencies come from deps/ (a file and a directory), one of them only used by another
        // dependency; nested packages of the root file count as the path's own packages.
        var dir = CliRunner.TempTree(
            ("app.wit",
                "package a:app;\n" +
                "world w {\n  import b:dep/i@1.2.3;\n  export run: func();\n}\n" +
                "package a:nested {\n  interface n {}\n}\n"),
            ("deps/b.wit", "package b:dep@1.2.3;\ninterface i {\n  use c:leaf/j.{t};\n  f: func(x: t);\n}\n"),
            ("deps/leaf/leaf.wit", "package c:leaf;\ninterface j {\n  type t = u8;\n}\ninterface k {}\nworld lw {\n  import j;\n}\n"));
        var (exit, stdout, stderr) = CliRunner.Run("check", dir);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal(new[]
        {
            "a:app: 0 interfaces, 1 world: w (2 imports, 1 exports)",
            "a:nested: 1 interface, 0 worlds",
            "c:leaf (dependency): 2 interfaces, 1 world: lw (1 imports, 0 exports)",
            "b:dep@1.2.3 (dependency): 1 interface, 0 worlds",
        }, CliRunner.Lines(stdout));
    }

    [Fact]
    public void CheckRendersTheReferenceLayoutOnFailure()
    {
        var dir = CliRunner.TempTree(("bad.wit", "package a:b;\n\ninterface i {\n  type foo = bar;\n  type bar = foo;\n}\n"));
        var path = Path.Combine(dir, "bad.wit");
        var (exit, stdout, stderr) = CliRunner.Run("check", path);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal(
            "error: type `bar` depends on itself\n" +
            $"     --> {path}:4:14\n" +
            "      |\n" +
            "    4 |   type foo = bar;\n" +
            "      |              ^--\n",
            stderr);
    }

    [Fact]
    public void CheckOnADirectoryPrintsTheRealErrorFirst()
    {
        // wit-parser prefixes "failed to resolve directory while parsing WIT for path [...]: "; we don't.
        var dir = CliRunner.TempTree(
            ("app.wit", "package a:app;\nworld w {\n  import b:dep/i;\n}\n"),
            ("deps/b.wit", "package b:dep@1.0.0;\ninterface i {}\n"));
        var (exit, stdout, stderr) = CliRunner.Run("check", dir);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal(
            "error: package 'b:dep' not found. known packages:\n" +
            "    a:app\n" +
            $"     --> {Path.Combine(dir, "app.wit")}:3:10\n" +
            "      |\n" +
            "    3 |   import b:dep/i;\n" +
            "      |          ^----\n",
            stderr);
    }

    [Fact]
    public void CheckRendersMsBuildFormat()
    {
        var dir = CliRunner.TempTree(("bad.wit", "package a:b;\ninterface i {\n  f: func() -> nope;\n}\n"));
        var path = Path.Combine(dir, "bad.wit");
        var (exit, _, stderr) = CliRunner.Run("check", path, "--format", "msbuild");
        Assert.Equal(1, exit);
        Assert.Matches(@"^.*bad\.wit\(3,16,3,20\): error WIT0102: name `nope` does not exist\n$", stderr);
    }

    [Fact]
    public void CheckReadsComponentEncodedPackagesAndDeps()
    {
        // `component wit --wasm` output is a package of its own, and a dependency other packages can use.
        var dir = CliRunner.TempTree(
            ("src/shapes.wit", "package x:shapes;\ninterface types {\n  record point { x: s32, y: s32 }\n}\n"),
            ("app/app.wit", "package a:app;\nworld app {\n  use x:shapes/types.{point};\n  export draw: func(at: point);\n}\n"));
        var wasm = Path.Combine(dir, "app", "deps", "shapes.wasm");
        Directory.CreateDirectory(Path.GetDirectoryName(wasm)!);
        var (exit, _, stderr) = CliRunner.Run("component", "wit", Path.Combine(dir, "src", "shapes.wit"), "--wasm", "-o", wasm);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);

        (exit, var stdout, stderr) = CliRunner.Run("check", wasm);
        Assert.Equal("", stderr);
        Assert.Equal(new[] { "x:shapes: 1 interface, 0 worlds" }, CliRunner.Lines(stdout));

        (exit, stdout, stderr) = CliRunner.Run("check", Path.Combine(dir, "app"));
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal(new[] { "a:app: 0 interfaces, 1 world: app (2 imports, 1 exports)", "x:shapes (dependency): 1 interface, 0 worlds" }, CliRunner.Lines(stdout));
    }

    [Fact]
    public void CheckReportsAMissingPath()
    {
        var (exit, _, stderr) = CliRunner.Run("check", "/definitely/not/here.wit");
        Assert.Equal(1, exit);
        Assert.Contains("no such file or directory", stderr);
    }

    [Fact]
    public void JsonPrintsTheResolvedGraph()
    {
        var dir = CliRunner.TempTree(("a.wit", "package a:b;\ninterface i {\n  type t = u32;\n}\n"));
        var (exit, stdout, _) = CliRunner.Run("json", Path.Combine(dir, "a.wit"));
        Assert.Equal(0, exit);
        Assert.StartsWith("{\n  \"worlds\": [],\n  \"interfaces\": [\n", stdout);
        Assert.Contains("\"name\": \"a:b\"", stdout);
    }

    [Fact]
    public void JsonHonoursFeatures()
    {
        var dir = CliRunner.TempTree(("a.wit", "package a:b;\ninterface i {\n  @unstable(feature = fancy)\n  f: func();\n}\n"));
        var path = Path.Combine(dir, "a.wit");
        Assert.DoesNotContain("\"f\"", CliRunner.Run("json", path).Out);
        Assert.Contains("\"f\"", CliRunner.Run("json", path, "--features", "fancy").Out);
    }

    [Fact]
    public void PrintOutputParsesAndPrintsTheSame()
    {
        var (exit, first, stderr) = CliRunner.Run("print", CliRunner.Example("greeter"));
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.StartsWith("/// A small example package", first);
        var dir = CliRunner.TempTree(("printed.wit", first), ("deps/logging/log.wit", File.ReadAllText(Path.Combine(CliRunner.Example("greeter"), "deps", "logging", "log.wit"))));
        var (exit2, second, stderr2) = CliRunner.Run("print", dir);
        Assert.Equal("", stderr2);
        Assert.Equal(0, exit2);
        Assert.Equal(first, second);
    }
}

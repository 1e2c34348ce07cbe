using System.IO;
using System.Linq;

namespace WitBindgen.Cli.Tests;

public class GenerateCommandTests
{
    [Fact]
    public void WritesGuestBindingsForTheExampleWorld()
    {
        var outDir = Path.Combine(CliRunner.TempTree(), "out");
        var (exit, stdout, stderr) = CliRunner.Run("generate", CliRunner.Example("greeter"), "--world", "greeter", "--out", outDir);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.StartsWith("generated ", stdout);
        var files = Directory.GetFiles(outDir).Select(Path.GetFileName).OrderBy(f => f).ToArray();
        Assert.Contains("Example.Greeter.Greet.GreetExports.g.cs", files);
        Assert.Contains("greeter_component_type.wit", files);
        var exports = File.ReadAllText(Path.Combine(outDir, "Example.Greeter.Greet.GreetExports.g.cs"));
        Assert.Contains("UnmanagedCallersOnly(EntryPoint = \"example:greeter/greet@0.1.0#greet-all\")", exports);
        // The component-type WIT written for the linker resolves on its own.
        var (checkExit, _, checkErr) = CliRunner.Run("check", Path.Combine(outDir, "greeter_component_type.wit"));
        Assert.Equal("", checkErr);
        Assert.Equal(0, checkExit);
    }

    [Fact]
    public void AnUnknownWorldIsAnError()
    {
        var outDir = Path.Combine(CliRunner.TempTree(), "out");
        var (exit, _, stderr) = CliRunner.Run("generate", CliRunner.Example("greeter"), "--world", "nope", "--out", outDir);
        Assert.NotEqual(0, exit);
        Assert.Contains("nope", stderr);
    }

    private const string Fallible = "package demo:errs;\ninterface api { risky: func(x: u32) -> result<string, u32>; }\nworld w { import api; }\n";

    [Theory]
    [InlineData(null, "public static global::WitBindgen.Bindings.Result<string, uint> Risky(uint x)")]
    [InlineData("result", "public static global::WitBindgen.Bindings.Result<string, uint> Risky(uint x)")]
    [InlineData("exceptions", "public static string Risky(uint x)")]
    public void ErrorsOptionChoosesResultOrExceptionsLikeTheWitItem(string? errors, string signature)
    {
        var dir = CliRunner.TempTree(("errs.wit", Fallible));
        var wit = Path.Combine(dir, "errs.wit");
        var outDir = Path.Combine(dir, "out");
        var args = new System.Collections.Generic.List<string> { "generate", wit, "--world", "w", "--out", outDir };
        if (errors is not null) args.AddRange(new[] { "--errors", errors });
        var (exit, _, stderr) = CliRunner.Run(args.ToArray());
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        var imports = File.ReadAllText(Path.Combine(outDir, "Demo.Errs.Api.ApiImports.g.cs"));
        Assert.Contains(signature, imports);
        Assert.Equal(errors == "exceptions", imports.Contains("throw new global::WitBindgen.Bindings.WitException<uint>"));
    }

    private const string Gated = "package demo:gated;\ninterface api {\n  stable: func() -> u32;\n  @unstable(feature = fancy)\n  fancy: func() -> u32;\n}\nworld w { import api; }\n";

    [Theory]
    [InlineData(null, false)]
    [InlineData("other", false)]
    [InlineData("other,fancy", true)]
    [InlineData("*", true)]
    public void FeaturesOptionKeepsGatedFunctionsOnlyWhenEnabled(string? features, bool kept)
    {
        var dir = CliRunner.TempTree(("gated.wit", Gated));
        var outDir = Path.Combine(dir, "out");
        var args = new System.Collections.Generic.List<string> { "generate", Path.Combine(dir, "gated.wit"), "--world", "w", "--out", outDir };
        if (features is not null) args.AddRange(new[] { "--features", features });
        var (exit, _, stderr) = CliRunner.Run(args.ToArray());
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        var imports = File.ReadAllText(Path.Combine(outDir, "Demo.Gated.Api.ApiImports.g.cs"));
        Assert.Contains("public static uint Stable()", imports);
        Assert.Equal(kept, imports.Contains("public static uint Fancy()"));
        // The component-type WIT for the linker carries the same selection.
        Assert.Equal(kept, File.ReadAllText(Path.Combine(outDir, "w_component_type.wit")).Contains("fancy"));
    }

    [Fact]
    public void AnUnknownErrorStyleIsRejected()
    {
        var dir = CliRunner.TempTree(("errs.wit", Fallible));
        var wit = Path.Combine(dir, "errs.wit");
        var (exit, _, stderr) = CliRunner.Run("generate", wit, "--world", "w", "--out", Path.Combine(dir, "out"), "--errors", "panic");
        Assert.NotEqual(0, exit);
        Assert.Contains("panic", stderr);
    }

    [Fact]
    public void AWrongWorldListsTheWorldsThatExist()
    {
        var dir = CliRunner.TempTree(("two.wit", "package demo:two;\nworld alpha { export run: func(); }\nworld beta { export run: func(); }\n"));
        var wit = Path.Combine(dir, "two.wit");
        var (exit, _, stderr) = CliRunner.Run("generate", wit, "--world", "gamma", "--out", Path.Combine(dir, "out"));
        Assert.Equal(1, exit);
        Assert.Contains("world `gamma` not found in package `demo:two`; worlds: alpha, beta", stderr);
    }

    [Fact]
    public void WithoutAWorldTheRootPackagesOnlyWorldIsUsed()
    {
        var dir = CliRunner.TempTree(("errs.wit", Fallible));
        var outDir = Path.Combine(dir, "out");
        var (exit, _, stderr) = CliRunner.Run("generate", Path.Combine(dir, "errs.wit"), "--out", outDir);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(outDir, "w_component_type.wit")));
        var two = CliRunner.TempTree(("two.wit", "package demo:two;\nworld alpha { export run: func(); }\nworld beta { export run: func(); }\n"));
        (exit, _, stderr) = CliRunner.Run("generate", Path.Combine(two, "two.wit"), "--out", Path.Combine(two, "out"));
        Assert.Equal(1, exit);
        Assert.Contains("multiple worlds found in package `demo:two`: one must be explicitly chosen; worlds: alpha, beta", stderr);
    }
}

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
}

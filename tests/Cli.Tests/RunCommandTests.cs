using System.IO;

namespace WitBindgen.Cli.Tests;

public class RunCommandTests
{
    // (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    //         (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s))
    private static readonly byte[] Module =
    {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
        0x03, 0x03, 0x02, 0x00, 0x00,
        0x07, 0x0d, 0x02, 0x03, (byte)'a', (byte)'d', (byte)'d', 0x00, 0x00, 0x03, (byte)'d', (byte)'i', (byte)'v', 0x00, 0x01,
        0x0a, 0x11, 0x02,
        0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
        0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6d, 0x0b,
    };

    private static string ModuleFile()
    {
        var dir = CliRunner.TempTree();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "m.wasm");
        File.WriteAllBytes(path, Module);
        return path;
    }

    [Fact]
    public void InvokesAnExportAndPrintsTheResult()
    {
        var (exit, stdout, stderr) = CliRunner.Run("run", ModuleFile(), "--invoke", "add", "40", "2");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("42\n", stdout);
    }

    [Fact]
    public void TextModulesAreAssembledAndMalformedTextIsLocated()
    {
        const string text = "(module (func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))";
        var dir = CliRunner.TempTree(("m.wat", text), ("bad.wat", "(module\n  (func (export \"f\") i32.frobnicate))"));
        var (exit, stdout, stderr) = CliRunner.Run("run", Path.Combine(dir, "m.wat"), "--invoke", "add", "40", "2");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("42\n", stdout);

        (exit, stdout, stderr) = CliRunner.Run("run", Path.Combine(dir, "bad.wat"), "--invoke", "f");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal($"error: {Path.Combine(dir, "bad.wat")}:2:22: unknown operator i32.frobnicate\n", stderr);
    }

    [Fact]
    public void ATrapIsReportedWithExitCodeOne()
    {
        var (exit, stdout, stderr) = CliRunner.Run("run", ModuleFile(), "--invoke", "div", "1", "0");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("integer divide by zero", stderr);
    }

    [Fact]
    public void AMalformedModuleIsADiagnosticNotACrash()
    {
        var path = ModuleFile();
        File.WriteAllBytes(path, new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x02, 0x00 });
        var (exit, _, stderr) = CliRunner.Run("run", path, "--invoke", "add");
        Assert.Equal(1, exit);
        Assert.NotEqual("", stderr);
    }
}

using System;
using System.IO;
using System.Reflection;

namespace WitBindgen.Generator.Tests;

/// <summary>Drives the CLI's GenerateCommand (internal; called through reflection until the lead wires it up).</summary>
public class GenerateCommandTests
{
    private static int Execute(string path, string world, string mode, string outDir, string? ns, out string stdout, out string stderr, string? errors = null)
    {
        var type = Assembly.Load("wit-bindgen").GetType("WitBindgen.Cli.Commands.GenerateCommand", throwOnError: true)!;
        var o = new StringWriter();
        var e = new StringWriter();
        var code = (int)type.GetMethod("Execute", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object?[] { path, world, mode, outDir, ns, errors, null, o, e })!;
        stdout = o.ToString();
        stderr = e.ToString();
        return code;
    }

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "witbindgen-gen-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void WritesBindingsAndComponentType()
    {
        var dir = TempDir();
        try
        {
            var wit = Path.Combine(dir, "app.wit");
            File.WriteAllText(wit, "package demo:app;\ninterface api { hello: func(name: string) -> string; }\nworld app { export api; }\n");
            var outDir = Path.Combine(dir, "out");
            Assert.Equal(0, Execute(wit, "app", "guest", outDir, "My.Ns", out var stdout, out var stderr));
            Assert.Equal("", stderr);
            Assert.Contains("generated 2 files", stdout);
            var code = File.ReadAllText(Path.Combine(outDir, "My.Ns.Demo.App.Api.ApiExports.g.cs"));
            Assert.Contains("EntryPoint = \"demo:app/api#hello\"", code);
            Assert.Contains("world app", File.ReadAllText(Path.Combine(outDir, "app_component_type.wit")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void ReportsErrorsWithExitCodes()
    {
        var dir = TempDir();
        try
        {
            var wit = Path.Combine(dir, "bad.wit");
            File.WriteAllText(wit, "package demo:app;\nworld app { export run: func() -> strin; }\n");
            Assert.Equal(1, Execute(wit, "app", "guest", Path.Combine(dir, "out"), null, out _, out var stderr));
            Assert.Contains("strin", stderr);
            Assert.Equal(2, Execute(wit, "app", "sideways", Path.Combine(dir, "out"), null, out _, out stderr));
            Assert.Contains("unknown mode", stderr);
            File.WriteAllText(wit, "package demo:app;\nworld app { export run: async func(); }\n");
            Assert.Equal(1, Execute(wit, "app", "guest", Path.Combine(dir, "out"), null, out _, out stderr));
            Assert.Contains("WITGEN001", stderr);
            Assert.Equal(1, Execute(wit, "nope", "guest", Path.Combine(dir, "out"), null, out _, out stderr));
            Assert.Contains("not found", stderr);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

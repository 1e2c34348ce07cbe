using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using WitBindgen.Tests;
using Xunit.Abstractions;

namespace WitBindgen.WitParser.Tests.Syntax;

/// <summary>The committed parser in src/WitParser/Generated is exactly what grammar/generate.sh produces.</summary>
public sealed class GeneratedParserTests
{
    private readonly ITestOutputHelper _output;

    public GeneratedParserTests(ITestOutputHelper output) => _output = output;

    [Fact]
    [Trait("Category", "Slow")]
    public void CommittedParserMatchesTheGrammar()
    {
        if (!ToolAvailable("node") || !ToolAvailable("npm") || !ToolAvailable("npx"))
        {
            if (Conformance.Required) throw new InvalidOperationException("node/npm are required under CI to check the generated parser");
            _output.WriteLine("SKIPPED: node/npm/npx not installed, cannot regenerate the parser");
            return;
        }

        var root = Conformance.RepoRoot;
        var committed = Path.Combine(root, "src", "WitParser", "Generated");
        var temp = Path.Combine(Path.GetTempPath(), "witgen-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var (code, output) = Run("bash", $"\"{Path.Combine(root, "grammar", "generate.sh")}\" \"{temp}\"", root);
            Assert.True(code == 0, "generate.sh failed:\n" + output);

            var expected = Directory.GetFiles(committed).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            var actual = Directory.GetFiles(temp).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, actual);
            foreach (var name in expected)
            {
                var want = File.ReadAllText(Path.Combine(committed, name!)).Replace("\r\n", "\n");
                var got = File.ReadAllText(Path.Combine(temp, name!)).Replace("\r\n", "\n");
                Assert.True(want == got, $"{name} differs from the generator output: run grammar/generate.sh and commit");
            }
            _output.WriteLine($"{expected.Length} generated files identical");
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static bool ToolAvailable(string tool)
    {
        try
        {
            var (code, _) = Run(tool, "--version", Directory.GetCurrentDirectory());
            return code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static (int Code, string Output) Run(string file, string arguments, string workingDirectory)
    {
        var psi = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

using System.IO;
using System.Linq;

namespace WitBindgen.Cli.Tests;

/// <summary>Runs the command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int exit = CommandLine.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes files into a fresh temporary directory and returns its path.</summary>
    public static string TempTree(params (string Path, string Text)[] files)
    {
        var root = Path.Combine(Path.GetTempPath(), "witbindgen-cli-" + Path.GetRandomFileName());
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return root;
    }

    public static string Example(string name) => Path.Combine(WitBindgen.Tests.Conformance.RepoRoot, "examples", name);

    public static string[] Lines(string text) => text.Split('\n').Where(l => l.Length > 0).ToArray();
}

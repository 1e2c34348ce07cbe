using System;
using System.Diagnostics;
using System.IO;

namespace WitBindgen.Runtime.Tests.Execution;

/// <summary>
/// Locates the wasm fixtures built by scripts/build-fixtures.sh into .fixtures/ (building them on first
/// use). Missing fixtures fail under CI=true; elsewhere tests report them as not run.
/// </summary>
internal static class Fixtures
{
    private static readonly Lazy<string?> Directory = new(Prepare);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path of a fixture, or null when it cannot be built here (throws under CI).</summary>
    public static string? PathOf(string name)
    {
        var directory = Directory.Value;
        var path = directory is null ? null : Path.Combine(directory, name);
        if (path is not null && File.Exists(path)) return path;
        if (IsCi) throw new InvalidOperationException($"fixture {name} is missing: run scripts/install-prerequisites.sh and scripts/build-fixtures.sh");
        return null;
    }

    private static string? Prepare()
    {
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "WitBindgen.sln"))) root = Path.GetDirectoryName(root);
        if (root is null) return null;
        var script = Path.Combine(root, "scripts", "build-fixtures.sh");
        if (File.Exists(script))
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo("bash", $"\"{script}\"") { RedirectStandardError = true, RedirectStandardOutput = true });
                process?.WaitForExit(120_000);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // No bash: use whatever was built before.
            }
        }
        return Path.Combine(root, ".fixtures");
    }
}

using System;
using System.Diagnostics;
using System.IO;

namespace WitBindgen.Benchmarks;

/// <summary>
/// Finds the wasm fixtures that scripts/build-fixtures.sh compiles from tests/fixtures/c into .fixtures/,
/// running the script once when a fixture is missing (it needs clang-16 and wasi-libc).
/// </summary>
internal static class EngineFixtures
{
    /// <summary>The bytes of a fixture such as <c>sieve.wasm</c>.</summary>
    public static byte[] Load(string name)
    {
        var root = RepositoryRoot();
        var path = Path.Combine(root, ".fixtures", name);
        if (!File.Exists(path)) Build(root);
        if (!File.Exists(path))
            throw new FileNotFoundException($"fixture {name} is missing: run scripts/install-prerequisites.sh and scripts/build-fixtures.sh", path);
        return File.ReadAllBytes(path);
    }

    // BenchmarkDotNet runs the benchmarks from a generated project below bin/, so walk up to the solution.
    internal static string RepositoryRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "WitBindgen.sln")))
            directory = Path.GetDirectoryName(directory);
        return directory ?? throw new InvalidOperationException("WitBindgen.sln not found above " + AppContext.BaseDirectory);
    }

    private static void Build(string root)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", $"\"{Path.Combine(root, "scripts", "build-fixtures.sh")}\"")
        {
            WorkingDirectory = root,
        });
        process?.WaitForExit();
    }
}

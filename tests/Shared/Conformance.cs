using System;
using System.IO;

namespace WitBindgen.Tests;

/// <summary>Finds ../shared/conformance (or $WITBINDGEN_CONFORMANCE); read in place, never copied.</summary>
internal static class Conformance
{
    /// <summary>The conformance root, or null when absent.</summary>
    public static string? Root { get; } = Find();

    /// <summary>Whether CI demands the corpora (CI=true makes their absence a failure).</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reports a prerequisite the test cannot run without (a fixture <c>scripts/build-fixtures.sh</c> builds, a corpus):
    /// under CI, where test.sh provides every one, that is a failure; elsewhere the test logs it and returns.
    /// </summary>
    public static void Skipped(Action<string> log, string missing)
    {
        if (Required) throw new InvalidOperationException(missing + " (required under CI)");
        log(missing + ": skipped");
    }

    /// <summary>A path under the root; fails under CI and returns null otherwise when the root is absent.</summary>
    public static string? PathOf(params string[] parts)
    {
        if (Root is null)
        {
            if (Required) throw new InvalidOperationException("conformance corpora not found: set WITBINDGEN_CONFORMANCE or place them at ../shared/conformance");
            return null;
        }
        return Path.Combine(Root, Path.Combine(parts));
    }

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("WITBINDGEN_CONFORMANCE");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return Path.GetFullPath(env);
        // Walk up from the test binary to the repository root (the folder holding WitBindgen.sln).
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WitBindgen.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }
        return null;
    }

    /// <summary>The repository root (folder holding WitBindgen.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "WitBindgen.sln"))) return dir.FullName;
            throw new InvalidOperationException("repository root not found");
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using WitBindgen.Tests;

namespace WitBindgen.ComponentModel.Tests.Componentize;

/// <summary>
/// The fixtures scripts/build-fixtures.sh writes to .fixtures/components (C programs compiled by clang-16, the
/// components jco makes from them) and the preview1 adapters of the pinned jco package.
/// </summary>
internal static class ComponentFixtures
{
    public static readonly string[] Programs = { "hello", "primes", "streams" };

    public static string Directory => Path.Combine(Conformance.RepoRoot, ".fixtures", "components");

    public static string CommandAdapter => Path.Combine(Conformance.RepoRoot, "tests", "fixtures", "npm", "node_modules",
        "@bytecodealliance", "jco", "lib", "wasi_snapshot_preview1.command.wasm");

    public static string ReactorAdapter => Path.Combine(Conformance.RepoRoot, "tests", "fixtures", "npm", "node_modules",
        "@bytecodealliance", "jco", "lib", "wasi_snapshot_preview1.reactor.wasm");

    public static string Sources => Path.Combine(Conformance.RepoRoot, "tests", "fixtures", "components");

    /// <summary>
    /// The path of a fixture, or null (after saying why) when it is missing; under CI=true a missing fixture fails.
    /// </summary>
    public static string? Require(string path, Action<string> log)
    {
        if (File.Exists(path)) return path;
        var message = $"fixture {path} is missing: run scripts/install-prerequisites.sh and scripts/build-fixtures.sh";
        if (Conformance.Required) throw new InvalidOperationException(message);
        log("skipped: " + message);
        return null;
    }

    // The lines of a top-level block starting with `header`, dedented, up to its closing brace.
    internal static string WitBlock(string text, string header)
    {
        var lines = text.Replace("\r", "").Split('\n');
        int start = Array.FindIndex(lines, l => l.TrimStart().StartsWith(header + " {", StringComparison.Ordinal));
        Assert.True(start >= 0, $"`{header}` not found in:\n{text}");
        int indent = lines[start].Length - lines[start].TrimStart().Length;
        var block = new List<string>();
        for (int i = start; i < lines.Length; i++)
        {
            block.Add(lines[i].Length >= indent ? lines[i].Substring(indent) : lines[i]);
            if (i > start && lines[i] == new string(' ', indent) + "}") break;
        }
        return string.Join("\n", block);
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WitBindgen.Tests;

namespace WitBindgen.Runtime.Tests.Spec;

/// <summary>The spec corpus (top-level .wast files) and cached per-file results shared by the tests.</summary>
internal static class SpecSuite
{
    private static readonly ConcurrentDictionary<string, Lazy<SpecFileResult>> Results = new(StringComparer.Ordinal);

    public static string? Directory => Conformance.PathOf("wasm-spec");

    public static IReadOnlyList<string> Files()
    {
        var dir = Directory;
        if (dir is null || !System.IO.Directory.Exists(dir)) return Array.Empty<string>();
        return System.IO.Directory.GetFiles(dir, "*.wast", SearchOption.TopDirectoryOnly)
            .Select(Path.GetFileName).OfType<string>().OrderBy(f => f, StringComparer.Ordinal).ToArray();
    }

    public static SpecFileResult Run(string file) =>
        Results.GetOrAdd(file, f => new Lazy<SpecFileResult>(() => RunOnLargeStack(Path.Combine(Directory!, f)))).Value;

    /// <summary>Runs a script on a thread with a large stack so deep (but legal) recursion does not hit the host's limit.</summary>
    private static SpecFileResult RunOnLargeStack(string path)
    {
        SpecFileResult? result = null;
        Exception? failure = null;
        var thread = new System.Threading.Thread(() =>
        {
            try
            {
                result = SpecScriptRunner.Run(SpecEngines.Create(), path);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 256 * 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException("spec runner crashed on " + path, failure);
        return result!;
    }
}

/// <summary>Creates the engine adapter the runner uses.</summary>
internal static class SpecEngines
{
    public static ISpecEngine Create() => new RuntimeSpecEngine();
}

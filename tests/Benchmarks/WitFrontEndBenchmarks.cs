using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using WitBindgen.Tests;
using WitBindgen.WitParser;

namespace WitBindgen.Benchmarks;

/// <summary>Parse + resolve of real WIT trees (reading files included, page cache warm).</summary>
[MemoryDiagnoser]
public class WitFrontEndBenchmarks
{
    private static readonly WitOptions Active = new() { Features = new[] { "active" } };
    private string _wasi02 = "";
    private string _wasi03 = "";
    private string[] _uiCases = Array.Empty<string>();

    [GlobalSetup]
    public void Setup()
    {
        _wasi02 = Conformance.PathOf("wasi", "0.2") ?? throw new InvalidOperationException("conformance corpora not found");
        _wasi03 = Conformance.PathOf("wasi", "0.3", "http")!;
        var ui = Conformance.PathOf("wit-parser", "ui")!;
        // The success cases: .wit files and directories with an expected .wit.json.
        _uiCases = Directory.GetFiles(ui, "*.wit").Concat(Directory.GetDirectories(ui).Where(d => Path.GetFileName(d) != "parse-fail"))
            .Where(p => File.Exists(Path.Combine(ui, Path.GetFileNameWithoutExtension(p) + ".wit.json")))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToArray();
        if (!WitLoader.LoadPath(_wasi02).Success) throw new InvalidOperationException("WASI 0.2 does not resolve");
    }

    [Benchmark(Description = "WASI 0.2 tree")]
    public int Wasi02() => WitLoader.LoadPath(_wasi02).Resolve!.Types.Count;

    [Benchmark(Description = "WASI 0.3 tree")]
    public int Wasi03() => WitLoader.LoadPath(_wasi03).Resolve!.Types.Count;

    [Benchmark(Description = "wit-parser ui corpus (success cases)")]
    public int UiCorpus()
    {
        int types = 0;
        foreach (var path in _uiCases)
        {
            var result = WitLoader.LoadPath(path, Active);
            if (result.Resolve is { } resolve) types += resolve.Types.Count;
        }
        return types;
    }
}

using WitBindgen.WitParser.Diagnostics;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Corpus = WitBindgen.Tests.Conformance;
using Xunit.Abstractions;

namespace WitBindgen.WitParser.Tests.Corpora;


/// <summary>Every WASI package and every wit-bindgen codegen world resolves without error.</summary>
public sealed class CorpusResolutionTests
{
    private readonly ITestOutputHelper _output;

    public CorpusResolutionTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void WasiPackagesResolve()
    {
        var roots = new[] { Corpus.PathOf("wasi", "0.2"), Corpus.PathOf("wasi", "0.3") };
        if (roots[0] is null) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        var packages = new List<string>();
        foreach (var root in roots)
        {
            if (root is null || !Directory.Exists(root)) continue;
            if (Directory.Exists(Path.Combine(root, "deps"))) packages.Add(root);
            foreach (var sub in Directory.GetDirectories(root))
                if (Directory.Exists(Path.Combine(sub, "deps"))) packages.Add(sub);
        }
        AssertAllResolve(packages);

        // The main package of a directory is its own, not one of its deps.
        if (roots[1] is { } v3)
        {
            var http = WitLoader.LoadPath(Path.Combine(v3, "http"));
            var main = Assert.Single(http.MainPackages);
            Assert.Equal("wasi:http@0.3.0", http.Resolve!.Packages[main].Name.ToString());
            Assert.Equal(http.Resolve.Packages.Ids.Last(), main);
        }
    }

    [Fact]
    public void CodegenWorldsResolve()
    {
        var root = Corpus.PathOf("wit-bindgen-codegen", "codegen");
        if (root is null) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        var entries = new List<string>();
        // A directory case keeps its package in a `wit` subfolder (with `deps/`).
        foreach (var d in Directory.GetDirectories(root))
            entries.Add(Directory.Exists(Path.Combine(d, "wit")) ? Path.Combine(d, "wit") : d);
        foreach (var f in Directory.GetFiles(root, "*.wit")) entries.Add(f);
        entries.Sort(string.CompareOrdinal);
        AssertAllResolve(entries);
    }

    private void AssertAllResolve(List<string> paths)
    {
        var failures = new List<string>();
        foreach (var path in paths)
        {
            var result = WitLoader.LoadPath(path, new WitOptions { AllFeatures = true });
            if (!result.Success) failures.Add($"{path}: {DiagnosticRenderer.RenderHuman(result.Diagnostics[0])}");
            else if (ResolveInvariants.Check(result.Resolve!) is { } problem) failures.Add($"{path}: invalid graph: {problem}");
        }
        _output.WriteLine($"{paths.Count - failures.Count}/{paths.Count} resolved");
        foreach (var f in failures) _output.WriteLine("  " + f);
        Assert.NotEmpty(paths);
        Assert.Empty(failures);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.Support;
using WitBindgen.Tests;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.Generator.Tests.Host;

/// <summary>
/// Generates host bindings for every world of the conformance corpora (the inputs of <see cref="CompileAllTests"/>) and
/// compiles them with Roslyn against WitBindgen.Runtime: zero errors and zero warnings with nullable enabled, or a
/// "not supported yet" diagnostic (<c>WITGEN001</c>: Preview 3 or flags of more than 32 members; the rest must still compile).
/// </summary>
public class HostCompileAllTests
{
    private readonly ITestOutputHelper _output;
    public HostCompileAllTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(ErrorStyle.Result)]
    [InlineData(ErrorStyle.Exceptions)]
    public void EveryConformanceWorldCompilesOrIsDiagnosed(ErrorStyle style)
    {
        if (Conformance.Root is null) { _output.WriteLine("conformance corpora not found; skipped"); return; }
        int inputs = 0, loadFailed = 0, worlds = 0, compiled = 0, partial = 0, preview3 = 0, failed = 0;
        var failures = new List<string>();
        foreach (var (label, path) in CompileAllTests.Inputs())
        {
            inputs++;
            var load = WitLoader.LoadPath(path, new WitOptions { AllFeatures = true });
            if (!load.Success || load.Resolve is null) { loadFailed++; continue; }
            var resolve = load.Resolve;
            foreach (var w in resolve.Worlds.Ids)
            {
                worlds++;
                var name = $"{label} {resolve.Packages[resolve.Worlds[w].Package].Name}/{resolve.Worlds[w].Name}";
                try
                {
                    var result = WitBindingsGenerator.Generate(resolve, w, new BindingOptions { Errors = style }, GenerationMode.Host);
                    if (!result.Success && !result.Diagnostics.All(d => d.Code == "WITGEN001"))
                    {
                        failed++;
                        failures.Add($"{name}: {string.Join("; ", result.Diagnostics)}");
                        continue;
                    }
                    if (!result.Success) preview3++;
                    if (result.Files.Count == 0) continue;
                    var problems = RoslynCompiler.Problems(RoslynCompiler.Create(result.Files.Select(f => (f.HintName, f.Text)), host: true));
                    if (problems.Count > 0) { failed++; failures.Add($"{name}: {problems.Count} problems, first: {problems[0]}"); }
                    else if (result.Success) compiled++;
                    else partial++;
                }
                catch (Exception ex)
                {
                    failed++;
                    failures.Add($"{name}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }
        foreach (var f in failures.Take(40)) _output.WriteLine("FAILED " + f);
        _output.WriteLine($"host, style {style}: inputs {inputs} (load failed {loadFailed}); worlds {worlds}: compiled {compiled} / "
            + $"diagnosed Preview 3 (WITGEN001) {preview3}, of which the rest compiled {partial} / failed {failed}");
        Assert.True(compiled > 0, "nothing compiled");
        Assert.True(failed == 0, $"{failed} worlds failed; first: {failures.FirstOrDefault()}");
    }
}

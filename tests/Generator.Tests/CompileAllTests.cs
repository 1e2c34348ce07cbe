using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Tests.Support;
using WitBindgen.Tests;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.Generator.Tests;

/// <summary>
/// Generates guest bindings for every world of the conformance corpora (wit-parser ui success cases,
/// wit-bindgen codegen, WASI 0.2 and 0.3) and compiles them with Roslyn: zero errors and zero
/// warnings with nullable enabled, or a "not supported yet" diagnostic for Preview 3 features.
/// </summary>
public class CompileAllTests
{
    private readonly ITestOutputHelper _output;
    public CompileAllTests(ITestOutputHelper output) => _output = output;

    /// <summary>Inputs: (label, path) per corpus entry.</summary>
    public static IEnumerable<(string Label, string Path)> Inputs()
    {
        var ui = Conformance.PathOf("wit-parser", "ui");
        if (ui is not null && Directory.Exists(ui))
        {
            // Success cases are the entries with an expected-JSON file next to them.
            foreach (var json in Directory.GetFiles(ui, "*.wit.json").OrderBy(p => p, StringComparer.Ordinal))
            {
                var entry = json.Substring(0, json.Length - ".wit.json".Length);
                if (File.Exists(entry + ".wit")) yield return ("ui/" + Path.GetFileName(entry) + ".wit", entry + ".wit");
                else if (Directory.Exists(entry)) yield return ("ui/" + Path.GetFileName(entry), entry);
            }
        }
        var codegen = Conformance.PathOf("wit-bindgen-codegen", "codegen");
        if (codegen is not null && Directory.Exists(codegen))
            foreach (var entry in Directory.GetFileSystemEntries(codegen).OrderBy(p => p, StringComparer.Ordinal))
                if (entry.EndsWith(".wit", StringComparison.Ordinal)) yield return ("codegen/" + Path.GetFileName(entry), entry);
                else if (Directory.Exists(entry))
                    // Directory cases keep their package in wit/ (with wit/deps).
                    yield return ("codegen/" + Path.GetFileName(entry), Directory.Exists(Path.Combine(entry, "wit")) ? Path.Combine(entry, "wit") : entry);
        foreach (var wasi in new[] { Conformance.PathOf("wasi", "0.2"), Conformance.PathOf("wasi", "0.3", "http") })
            if (wasi is not null && Directory.Exists(wasi)) yield return ("wasi/" + Path.GetFileName(Path.GetDirectoryName(wasi + "/")!), wasi);
    }

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(ErrorStyle.Result)]
    [InlineData(ErrorStyle.Exceptions)]
    public void EveryConformanceWorldCompilesOrIsDiagnosed(ErrorStyle style)
    {
        if (Conformance.Root is null) { _output.WriteLine("conformance corpora not found; skipped"); return; }
        int inputs = 0, loadFailed = 0, compiled = 0, diagnosed = 0, partiallyGenerated = 0, unsupported = 0, failed = 0;
        var failures = new List<string>();
        var diagnosedSamples = new List<string>();
        foreach (var (label, path) in Inputs())
        {
            inputs++;
            var load = WitLoader.LoadPath(path, new WitOptions { AllFeatures = true });
            if (!load.Success || load.Resolve is null)
            {
                loadFailed++;
                _output.WriteLine($"LOAD FAILED {label}: {load.Diagnostics.FirstOrDefault()?.Message}");
                continue;
            }
            var resolve = load.Resolve;
            foreach (var w in resolve.Worlds.Ids)
            {
                var pkg = resolve.Packages[resolve.Worlds[w].Package].Name;
                var name = $"{label} {pkg}/{resolve.Worlds[w].Name}";
                try
                {
                    var result = WitBindingsGenerator.Generate(resolve, w, new BindingOptions { Errors = style });
                    if (!result.Success)
                    {
                        if (result.Diagnostics.All(d => d.Code == "WITGEN001"))
                        {
                            diagnosed++;
                            if (diagnosedSamples.Count < 5) diagnosedSamples.Add($"{name}: {result.Diagnostics[0].Message}");
                            // What does not use Preview 3 features is still generated, and must compile too.
                            if (result.Files.Count > 0)
                            {
                                var partial = RoslynCompiler.Problems(RoslynCompiler.Create(result.Files.Select(f => (f.HintName, f.Text)), hooks: style == ErrorStyle.Exceptions));
                                if (partial.Count == 0) partiallyGenerated++;
                                else { failed++; failures.Add($"{name} (partial): {partial.Count} problems, first: {partial[0]}"); }
                            }
                        }
                        else if (result.Diagnostics.All(d => d.Code is "WITGEN001" or "WITGEN005")) { unsupported++; _output.WriteLine($"UNSUPPORTED {name}: {result.Diagnostics.Last().Message}"); }
                        else { failed++; failures.Add($"{name}: {string.Join("; ", result.Diagnostics)}"); }
                        continue;
                    }
                    // The exceptions run also compiles the in-process test variant of the glue (import hooks).
                    var problems = RoslynCompiler.Problems(RoslynCompiler.Create(result.Files.Select(f => (f.HintName, f.Text)), hooks: style == ErrorStyle.Exceptions));
                    if (problems.Count == 0) compiled++;
                    else
                    {
                        failed++;
                        failures.Add($"{name}: {problems.Count} problems, first: {problems[0]}");
                        var dump = Environment.GetEnvironmentVariable("WITBINDGEN_DUMP");
                        if (!string.IsNullOrEmpty(dump))
                            foreach (var f in result.Files) File.WriteAllText(Path.Combine(dump, f.HintName), f.Text);
                    }
                }
                catch (Exception ex)
                {
                    failed++;
                    failures.Add($"{name}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }
        foreach (var s in diagnosedSamples) _output.WriteLine("diagnosed e.g. " + s);
        foreach (var f in failures.Take(40)) _output.WriteLine("FAILED " + f);
        _output.WriteLine($"style {style}: inputs {inputs} (load failed {loadFailed}); worlds compiled {compiled} / diagnosed (Preview 3) {diagnosed}, of which the rest generated and compiled {partiallyGenerated} / not supported yet (other) {unsupported} / failed {failed}");
        Assert.True(compiled > 0, "nothing compiled");
        Assert.True(failed == 0, $"{failed} worlds failed; first: {failures.FirstOrDefault()}");
    }
}

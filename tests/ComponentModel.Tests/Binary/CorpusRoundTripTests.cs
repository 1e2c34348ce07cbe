using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Output;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Binary;

/// <summary>
/// Acceptance: every package of every corpus case goes WIT -> binary -> decoded graph, and the decoded package
/// prints as the same WIT; single-package resolves are also compared as reference JSON.
/// </summary>
public sealed class CorpusRoundTripTests
{
    private readonly ITestOutputHelper _output;

    public CorpusRoundTripTests(ITestOutputHelper output) => _output = output;

    // Raise as things improve; never lower.
    private const int ExpectedPrinted = 265;
    private const int ExpectedJson = 146;
    private const int ExpectedWorlds = 220;

    /// <summary>
    /// Single-package resolves whose JSON cannot survive the binary round trip, each with the information the
    /// binary does not carry. Every other JSON mismatch fails the test.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> JsonLimitations = new Dictionary<string, string>
    {
        ["codegen/resources.wit#my:resources"] =
            "inline interfaces are numbered in source order (`export exports: interface {..}` before `import imports: interface {..}`); "
            + "a world stores imports and exports separately, so the binary (imports first, then exports) cannot say which came first",
        ["ui/with-resource-as.wit#foo:foo"] =
            "world `b` is `include a with { r as s }`: the resolver clones world a's types in a's elaborated import order "
            + "(f's own<s> and option<s> before the method's borrow<s>); the binary has no trace of the include, "
            + "so b is decoded like a world written out by hand (resource functions' types with the resource)",
    };

    [Fact]
    [Trait("Category", "Slow")]
    public void EveryCorpusPackageRoundTripsThroughTheBinaryFormat()
    {
        var skipped = new List<string>();
        var cases = CorpusCases.Load(skipped);
        if (cases.Count == 0) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        int packages = 0, printed = 0, jsonCandidates = 0, json = 0, worlds = 0, worldsOk = 0;
        var failures = new List<string>();
        var explained = new List<string>();
        foreach (var c in cases)
        {
            for (int p = 0; p < c.Resolve.Packages.Count; p++)
            {
                packages++;
                var label = $"{c.Name}#{c.Resolve.Packages[p].Name}";
                try
                {
                    var bytes = WitBinaryEncoder.EncodePackage(c.Resolve, p);
                    var decoded = WitBinaryDecoder.Decode(bytes);
                    var expected = WitPrinter.Print(c.Resolve, p);
                    var actual = WitPrinter.Print(decoded.Resolve, decoded.Packages[0]);
                    if (expected == actual) printed++;
                    else
                    {
                        failures.Add($"{label}: printed WIT differs");
                        var dump = System.Environment.GetEnvironmentVariable("WITBINDGEN_DUMP");
                        if (dump is not null)
                        {
                            var stem = System.IO.Path.Combine(dump, label.Replace('/', '_').Replace(':', '_'));
                            System.IO.File.WriteAllText(stem + ".expected", expected);
                            System.IO.File.WriteAllText(stem + ".actual", actual);
                        }
                    }
                    if (c.Resolve.Packages.Count == 1)
                    {
                        jsonCandidates++;
                        if (WitJsonWriter.Write(decoded.Resolve) == WitJsonWriter.Write(c.Resolve)) json++;
                        else if (JsonLimitations.TryGetValue(label, out var reason)) explained.Add($"{label}: {reason}");
                        else
                        {
                            failures.Add($"{label}: JSON differs");
                            var dump = System.Environment.GetEnvironmentVariable("WITBINDGEN_DUMP");
                            if (dump is not null)
                            {
                                var stem = System.IO.Path.Combine(dump, label.Replace('/', '_').Replace(':', '_'));
                                System.IO.File.WriteAllText(stem + ".ejson", WitJsonWriter.Write(c.Resolve));
                                System.IO.File.WriteAllText(stem + ".ajson", WitJsonWriter.Write(decoded.Resolve));
                            }
                        }
                    }
                }
                catch (Exception e)
                {
                    failures.Add($"{label}: {e.GetType().Name}: {e.Message}");
                }
                foreach (var w in c.Resolve.Packages[p].Worlds.Values)
                {
                    worlds++;
                    try
                    {
                        var (decoded, world, _) = WitBinaryDecoder.DecodeWorld(WitBinaryEncoder.EncodeWorld(c.Resolve, w));
                        if (WorldText(decoded, world) == WorldText(c.Resolve, w)) worldsOk++;
                        else failures.Add($"{label} world {c.Resolve.Worlds[w].Name}: differs");
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{label} world {c.Resolve.Worlds[w].Name}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }
        _output.WriteLine($"cases loaded: {cases.Count} (skipped {skipped.Count})");
        foreach (var s in skipped) _output.WriteLine("  skipped " + s);
        _output.WriteLine($"packages printing identically after the round trip: {printed}/{packages}");
        _output.WriteLine($"single-package resolves with identical JSON: {json}/{jsonCandidates}");
        _output.WriteLine($"JSON differences the binary cannot avoid (documented): {explained.Count}");
        foreach (var e in explained) _output.WriteLine("  " + e);
        _output.WriteLine($"worlds round-tripping through component-type: {worldsOk}/{worlds}");
        foreach (var f in failures.Take(60)) _output.WriteLine(f);
        var names = string.Join("\n", failures.Select(f => f.Split('\n')[0]));
        Assert.True(printed >= ExpectedPrinted, $"printed round trips regressed: {printed} < {ExpectedPrinted}\n{names}");
        Assert.True(json >= ExpectedJson, $"JSON round trips regressed: {json} < {ExpectedJson}\n{names}");
        Assert.True(json + explained.Count == jsonCandidates, $"unexplained JSON differences: {jsonCandidates - json - explained.Count}\n{names}");
        Assert.True(worldsOk >= ExpectedWorlds, $"world round trips regressed: {worldsOk} < {ExpectedWorlds}\n{names}");
    }

    // Raise as things improve; never lower.
    // wasi/0.2 and wasi/0.3/http still differ in anonymous types (stability inherited across packages, interning).
    private const int ExpectedMergedJson = 27;

    /// <summary>
    /// Every package of a multi-package resolve goes through the binary form on its own (each binary carries the
    /// part of its dependencies it uses); loading them all as <c>deps/*.wasm</c> merges them back, and the whole
    /// graph's JSON must equal the original's.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void MultiPackageResolvesReassembleFromTheirPackageBinaries()
    {
        var skipped = new List<string>();
        var cases = CorpusCases.Load(skipped);
        if (cases.Count == 0) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        int total = 0, identical = 0;
        var failures = new List<string>();
        foreach (var c in cases.Where(c => c.Resolve.Packages.Count > 1))
        {
            total++;
            var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "witbindgen-merge-" + Guid.NewGuid().ToString("N"));
            try
            {
                System.IO.Directory.CreateDirectory(System.IO.Path.Combine(dir, "deps"));
                for (int p = 0; p < c.Resolve.Packages.Count; p++)
                    System.IO.File.WriteAllBytes(System.IO.Path.Combine(dir, "deps", $"p{p:D4}.wasm"), WitBinaryEncoder.EncodePackage(c.Resolve, p));
                // An empty root package: everything else comes from the binaries, in their file (arena) order.
                System.IO.File.WriteAllText(System.IO.Path.Combine(dir, "root.wit"), "package zz-test:root;\n");
                var load = WitBindgen.WitParser.WitLoader.LoadPath(dir, WitPackageFiles.Enable());
                if (!load.Success) { failures.Add($"{c.Name}: {load.Diagnostics[0].Message.Split('\n')[0]}"); continue; }
                load.Resolve!.Packages.RemoveAt(load.RootPackage);
                if (WitJsonWriter.Write(load.Resolve) == WitJsonWriter.Write(c.Resolve)) identical++;
                else
                {
                    failures.Add($"{c.Name}: JSON differs");
                    var dump = System.Environment.GetEnvironmentVariable("WITBINDGEN_DUMP");
                    if (dump is not null)
                    {
                        var stem = System.IO.Path.Combine(dump, "merged_" + c.Name.Replace('/', '_'));
                        System.IO.File.WriteAllText(stem + ".ejson", WitJsonWriter.Write(c.Resolve));
                        System.IO.File.WriteAllText(stem + ".ajson", WitJsonWriter.Write(load.Resolve));
                    }
                }
            }
            finally { System.IO.Directory.Delete(dir, true); }
        }
        _output.WriteLine($"multi-package resolves reassembled with identical JSON: {identical}/{total}");
        foreach (var f in failures) _output.WriteLine("  " + f);
        Assert.True(identical >= ExpectedMergedJson, $"reassembled JSON regressed: {identical} < {ExpectedMergedJson}\n" + string.Join("\n", failures));
    }

    internal static string WorldText(Resolve resolve, int world)
    {
        var w = resolve.Worlds[world];
        var copy = new Package(resolve.Packages[w.Package].Name);
        copy.Worlds[w.Name] = world;
        resolve.Packages.Add(copy);
        try { return WitPrinter.Print(resolve, resolve.Packages.Count - 1); }
        finally { resolve.Packages.RemoveAt(resolve.Packages.Count - 1); }
    }
}

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
    private const int ExpectedPrinted = 259;
    private const int ExpectedJson = 130;
    private const int ExpectedWorlds = 219;

    [Fact]
    [Trait("Category", "Slow")]
    public void EveryCorpusPackageRoundTripsThroughTheBinaryFormat()
    {
        var skipped = new List<string>();
        var cases = CorpusCases.Load(skipped);
        if (cases.Count == 0) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        int packages = 0, printed = 0, jsonCandidates = 0, json = 0, worlds = 0, worldsOk = 0;
        var failures = new List<string>();
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
        _output.WriteLine($"worlds round-tripping through component-type: {worldsOk}/{worlds}");
        foreach (var f in failures.Take(60)) _output.WriteLine(f);
        var names = string.Join("\n", failures.Select(f => f.Split('\n')[0]));
        Assert.True(printed >= ExpectedPrinted, $"printed round trips regressed: {printed} < {ExpectedPrinted}\n{names}");
        Assert.True(json >= ExpectedJson, $"JSON round trips regressed: {json} < {ExpectedJson}\n{names}");
        Assert.True(worldsOk >= ExpectedWorlds, $"world round trips regressed: {worldsOk} < {ExpectedWorlds}\n{names}");
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

using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Binary.Validation;

/// <summary>
/// No false rejections on real shapes: every WIT package and world of the corpus, encoded as a component, that
/// Wasmtime loads must also pass our validation (resources, interface instance types, outer aliases, names).
/// </summary>
public sealed class WasmtimeAgreementTests
{
    private readonly ITestOutputHelper _output;

    public WasmtimeAgreementTests(ITestOutputHelper output) => _output = output;

    /// <summary>Components jco (wit-component) made from the C fixtures: real adapter-linked shapes.</summary>
    [Fact]
    public void ComponentsMadeByJcoAreValid()
    {
        var dir = Componentize.ComponentFixtures.Directory;
        int read = 0;
        foreach (var program in Componentize.ComponentFixtures.Programs)
        {
            var path = Componentize.ComponentFixtures.Require(System.IO.Path.Combine(dir, program + ".jco.wasm"), _output.WriteLine);
            if (path is null) continue;
            var binary = ComponentReader.Read(System.IO.File.ReadAllBytes(path));
            Assert.NotEmpty(binary.Sections);
            read++;
        }
        _output.WriteLine($"jco components validated: {read}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void EveryEncodedPackageWasmtimeLoadsIsValid()
    {
        var skipped = new List<string>();
        var cases = CorpusCases.Load(skipped);
        if (cases.Count == 0) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        using var engine = new Wasmtime.Engine(new Wasmtime.Config().WithComponentModel(true));
        int loaded = 0, valid = 0;
        var rejected = new List<string>();
        var seen = new HashSet<string>();
        foreach (var c in cases)
        {
            for (int p = 0; p < c.Resolve.Packages.Count; p++)
            {
                var binaries = new List<(string, byte[])> { ($"{c.Name}#{c.Resolve.Packages[p].Name}", WitBinaryEncoder.EncodePackage(c.Resolve, p)) };
                foreach (var w in c.Resolve.Packages[p].Worlds.Values)
                    binaries.Add(($"{c.Name} world {c.Resolve.Worlds[w].Name}", WitBinaryEncoder.EncodeWorld(c.Resolve, w)));
                foreach (var (label, bytes) in binaries)
                {
                    if (!seen.Add(Convert.ToBase64String(bytes))) continue;
                    if (!WasmtimeAcceptanceTests.TryLoad(engine, bytes, out _)) continue;
                    loaded++;
                    try { ComponentReader.Read(bytes); valid++; }
                    catch (ComponentFormatException e) { rejected.Add($"{label}: {e.Message}"); }
                }
            }
        }
        _output.WriteLine($"binaries Wasmtime loads that we validate: {valid}/{loaded}");
        foreach (var r in rejected.Take(40)) _output.WriteLine("  " + r);
        Assert.True(loaded > 0);
        Assert.Empty(rejected);
    }
}

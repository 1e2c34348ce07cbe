using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.Tests;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Output;
using Xunit.Abstractions;

namespace WitBindgen.ComponentModel.Tests.Binary;

/// <summary>
/// Round trip of every package of the wit-parser ui success cases, taken from their reference JSON:
/// Resolve -> package binary -> decoded Resolve -> printed WIT must equal the printed original.
/// </summary>
public sealed class ReferenceRoundTripTests
{
    private readonly ITestOutputHelper _output;

    public ReferenceRoundTripTests(ITestOutputHelper output) => _output = output;

    // Raise as the decoder improves; never lower.
    private const int ExpectedPackageRoundTrips = 145;
    private const int ExpectedWorldRoundTrips = 101;

    [Fact]
    [Trait("Category", "Slow")]
    public void UiReferencePackagesRoundTripThroughTheBinaryFormat()
    {
        var ui = Conformance.PathOf("wit-parser", "ui");
        if (ui is null) return;
        int packages = 0, packageOk = 0, worlds = 0, worldOk = 0;
        var failures = new List<string>();
        foreach (var file in Directory.GetFiles(ui, "*.wit.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var resolve = ReferenceJsonReader.Read(File.ReadAllText(file));
            foreach (var p in resolve.Packages.Ids)
            {
                packages++;
                var label = $"{name}#{resolve.Packages[p].Name}";
                try
                {
                    var expected = WitPrinter.Print(resolve, p);
                    var bytes = WitBinaryEncoder.EncodePackage(resolve, p);
                    var decoded = WitBinaryDecoder.Decode(bytes);
                    var actual = WitPrinter.Print(decoded.Resolve, decoded.Packages[0]);
                    if (actual == expected) packageOk++;
                    else failures.Add($"{label}: printed WIT differs\n--- expected\n{expected}\n--- actual\n{actual}");
                }
                catch (Exception e)
                {
                    failures.Add($"{label}: {e.GetType().Name}: {e.Message}");
                }
                foreach (var w in resolve.Packages[p].Worlds.Values)
                {
                    worlds++;
                    try
                    {
                        var section = WitBinaryEncoder.EncodeWorld(resolve, w, StringEncoding.Utf16);
                        var (decoded, world, encoding) = WitBinaryDecoder.DecodeWorld(section);
                        Assert.Equal(StringEncoding.Utf16, encoding);
                        var expected = CorpusRoundTripTests.WorldText(resolve, w);
                        var actual = CorpusRoundTripTests.WorldText(decoded, world);
                        if (actual == expected) worldOk++;
                        else failures.Add($"{label} world {resolve.Worlds[w].Name}: differs\n--- expected\n{expected}\n--- actual\n{actual}");
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{label} world {resolve.Worlds[w].Name}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }
        _output.WriteLine($"packages: {packageOk}/{packages} print identically after the binary round trip");
        _output.WriteLine($"worlds (component-type form): {worldOk}/{worlds}");
        foreach (var f in failures.Take(40)) _output.WriteLine(f);
        Assert.True(packageOk >= ExpectedPackageRoundTrips, $"package round trips regressed: {packageOk} < {ExpectedPackageRoundTrips}\n" + string.Join("\n", failures.Select(f => f.Split('\n')[0])));
        Assert.True(worldOk >= ExpectedWorldRoundTrips, $"world round trips regressed: {worldOk} < {ExpectedWorldRoundTrips}");
    }
}

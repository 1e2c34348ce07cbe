using System.Collections.Generic;
using System.IO;
using System.Linq;
using WitBindgen.Tests;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Output;
using Xunit.Abstractions;

namespace WitBindgen.WitParser.Tests.Output;

/// <summary>print(resolve(x)) re-parses, and printing the re-parsed graph gives the same text.</summary>
public class PrinterRoundTripTests
{
    private static readonly WitOptions Active = new() { Features = new[] { "active" } };
    private readonly ITestOutputHelper _output;

    public PrinterRoundTripTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> SingleFileCases()
    {
        var ui = Conformance.PathOf("wit-parser", "ui");
        if (ui is null || !Directory.Exists(ui)) yield break;
        foreach (var file in Directory.GetFiles(ui, "*.wit").OrderBy(f => f, System.StringComparer.Ordinal))
            yield return new object[] { Path.GetFileName(file) };
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void EveryUiSuccessFileRoundTrips()
    {
        var ui = Conformance.PathOf("wit-parser", "ui");
        if (ui is null) { _output.WriteLine("SKIPPED: conformance corpora not found"); return; }
        var failures = new List<string>();
        int passed = 0;
        foreach (var file in Directory.GetFiles(ui, "*.wit").OrderBy(f => f, System.StringComparer.Ordinal))
        {
            var failure = RoundTrip(file);
            if (failure is null) passed++;
            else failures.Add($"{Path.GetFileName(file)}: {failure}");
        }
        _output.WriteLine($"round-trip: {passed} passed, {failures.Count} failed");
        foreach (var f in failures) _output.WriteLine(f);
        Assert.Empty(failures);
    }

    private static string? RoundTrip(string file)
    {
        var first = WitLoader.LoadPath(file, Active);
        if (!first.Success) return "original does not resolve";
        var text1 = WitPrinter.Print(first);
        var second = WitLoader.LoadText(file, text1, Active);
        if (!second.Success)
            return "printed text does not resolve: " + string.Join("; ", second.Diagnostics.Select(d => d.Message)) + "\n" + text1;
        var text2 = WitPrinter.Print(second);
        return text1 == text2 ? null : "second print differs:\n" + text1 + "\n----\n" + text2;
    }

    [Fact]
    public void PrintsDocsAttributesAndResources()
    {
        const string source = """
            package a:b@1.0.0;

            /// The interface.
            @since(version = 1.0.0)
            interface i {
              /// A resource.
              resource r {
                constructor(x: u32);
                /// Gets it.
                get: func() -> u32;
                make: static func() -> r;
              }
              variant v {
                a,
                b(list<option<string>>),
              }
              f: func(x: borrow<r>, y: result<_, string>) -> tuple<u8, s64>;
            }
            """;
        var load = WitLoader.LoadText("a.wit", source);
        Assert.True(load.Success, string.Join("\n", load.Diagnostics.Select(d => d.Message)));
        var text = WitPrinter.Print(load);
        Assert.Equal("""
            package a:b@1.0.0;

            /// The interface.
            @since(version = 1.0.0)
            interface i {
              /// A resource.
              resource r {
                constructor(x: u32);
                /// Gets it.
                get: func() -> u32;
                make: static func() -> r;
              }
              variant v {
                a,
                b(list<option<string>>),
              }
              f: func(x: borrow<r>, y: result<_, string>) -> tuple<u8, s64>;
            }

            """.Replace("\r\n", "\n"), text);
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Output;
using Xunit.Abstractions;
using Corpus = WitBindgen.Tests.Conformance;

namespace WitBindgen.WitParser.Tests.Corpora;

/// <summary>
/// wit-parser's ui tests: success cases must produce byte-identical JSON; parse-fail cases must be
/// rejected, ideally at the same location and with the same message.
/// </summary>
public sealed class UiConformanceTests
{
    // Component-encoded packages (`*.wat`, `deps/*.wasm`) are read with the decoder of the next stage, as the CLI does.
    private static readonly WitOptions Options = WitPackageFiles.Enable(new WitOptions { Features = new[] { "active" } });
    private readonly ITestOutputHelper _output;

    public UiConformanceTests(ITestOutputHelper output) => _output = output;

    /// <summary>Test entries of a folder as the reference harness enumerates them: subdirectories and .wit/.wat/.wasm/.md files.</summary>
    internal static List<string> Entries(string dir)
    {
        var list = new List<string>();
        foreach (var d in Directory.GetDirectories(dir))
            if (Path.GetFileName(d) != "parse-fail") list.Add(d);
        foreach (var f in Directory.GetFiles(dir))
        {
            var ext = Path.GetExtension(f);
            if (ext is ".wit" or ".wat" or ".wasm" or ".md") list.Add(f);
        }
        list.Sort(string.CompareOrdinal);
        return list;
    }

    private static string Normalize(string s) => s.Replace("\r\n", "\n").Trim();

    private static string ExpectedPath(string entry)
    {
        var name = Directory.Exists(entry) ? Path.GetFileName(entry) : Path.GetFileNameWithoutExtension(entry);
        return Path.Combine(Path.GetDirectoryName(entry)!, name + ".wit.json");
    }

    [Fact]
    public void SuccessCasesProduceTheReferenceJson()
    {
        var root = Corpus.PathOf("wit-parser", "ui");
        if (root is null) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        int total = 0, identical = 0;
        var failures = new List<string>();
        foreach (var entry in Entries(root))
        {
            total++;
            var name = Path.GetFileName(entry);
            var result = WitLoader.LoadPath(entry, Options);
            if (!result.Success)
            {
                failures.Add($"{name}: {result.Diagnostics[0].Message.Split('\n')[0]}");
                continue;
            }
            if (ResolveInvariants.Check(result.Resolve!) is { } problem) failures.Add($"{name}: invalid graph: {problem}");
            var actual = Normalize(WitJsonWriter.Write(result.Resolve!));
            var expected = Normalize(File.ReadAllText(ExpectedPath(entry)));
            if (actual == expected) identical++;
            else failures.Add($"{name}: JSON differs");
        }
        _output.WriteLine($"success cases: {identical}/{total} JSON-identical");
        foreach (var f in failures) _output.WriteLine("  " + f);
        Assert.Equal(74, total);
        Assert.True(identical >= 74, $"only {identical} of {total} success cases are JSON-identical");
    }

    [Fact]
    public void ParseFailCasesAreRejectedLikeTheReference()
    {
        var root = Corpus.PathOf("wit-parser", "ui");
        if (root is null) { _output.WriteLine("conformance corpus not found: skipped"); return; }
        var dir = Path.Combine(root, "parse-fail");
        int total = 0, rejected = 0, sameLocation = 0, sameMessage = 0, identical = 0;
        var notes = new List<string>();
        foreach (var entry in Entries(dir))
        {
            total++;
            var name = Path.GetFileName(entry);
            var stem = Directory.Exists(entry) ? name : Path.GetFileNameWithoutExtension(entry);
            var expectedFile = Path.Combine(dir, stem + ".wit.result");
            var expected = File.Exists(expectedFile) ? Normalize(File.ReadAllText(expectedFile)).Replace('\\', '/') : "";
            var result = WitLoader.LoadPath(entry, Options);
            if (result.Success)
            {
                notes.Add($"{name}: ACCEPTED");
                continue;
            }
            rejected++;
            var rendered = Normalize(DiagnosticRenderer.RenderReference(result.Diagnostics[0]).Replace(root, "tests/ui"));
            bool loc = ReferenceErrorFormatter.Location(rendered) == ReferenceErrorFormatter.Location(expected);
            bool msg = ReferenceErrorFormatter.FirstLine(rendered) == ReferenceErrorFormatter.FirstLine(expected);
            if (loc) sameLocation++;
            if (msg) sameMessage++;
            if (rendered == expected) identical++;
            else if (loc && msg) notes.Add($"{name}: rendering differs\n{rendered}\n  expected:\n{expected}");
            if (!loc || !msg)
                notes.Add($"{name}: {(loc ? "" : "LOCATION ")}{(msg ? "" : "MESSAGE ")}\n    got:      {ReferenceErrorFormatter.FirstLine(rendered)} @ {ReferenceErrorFormatter.Location(rendered)}\n    expected: {ReferenceErrorFormatter.FirstLine(expected)} @ {ReferenceErrorFormatter.Location(expected)}");
        }
        _output.WriteLine($"parse-fail cases: {rejected}/{total} rejected, {sameLocation} same location, {sameMessage} same message, {identical} identical rendering");
        foreach (var n in notes) _output.WriteLine("  " + n);
        Assert.Equal(150, total);
        Assert.Equal(total, rejected);
        Assert.True(sameLocation >= 135, $"only {sameLocation} of {total} parse-fail cases report the reference's location");
    }
}

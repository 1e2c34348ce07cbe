using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WitBindgen.Tests;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Syntax;
using Xunit.Abstractions;

namespace WitBindgen.WitParser.Tests.Syntax;

/// <summary>
/// The parser against the reference corpora: every valid file parses, and every parse-fail case
/// whose expected error comes from the reference's lexer or parser gets the same message at the
/// same line and column.
/// </summary>
public sealed class SyntaxConformanceTests
{
    // First-line prefixes of the messages the reference's lexer and parser produce.
    private static readonly string[] SyntaxMessagePrefixes =
    {
        "expected ", "unexpected character", "unexpected end of file", "unterminated ", "invalid character in identifier",
        "identifiers must have", "type nesting too deep", "package nesting too deep",
        "nested packages must be placed", "unknown attribute", "cannot place attributes", "Control code",
        "Codepoint", "Input contains", "invalid string", "invalid hex digit", "invalid unicode value",
    };

    private readonly ITestOutputHelper _output;

    public SyntaxConformanceTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void ValidFilesParse()
    {
        var roots = new[]
        {
            Conformance.PathOf("wit-parser", "ui"),
            Conformance.PathOf("wasi", "0.2"),
            Conformance.PathOf("wasi", "0.3"),
            Conformance.PathOf("wit-bindgen-codegen", "codegen"),
        };
        if (roots.Any(r => r is null)) return; // corpora absent outside CI
        var files = new List<string>();
        foreach (var root in roots)
            files.AddRange(Directory.EnumerateFiles(root!, "*.wit", SearchOption.AllDirectories)
                .Where(f => !f.Replace('\\', '/').Contains("/parse-fail/")));
        files.Sort(StringComparer.Ordinal);

        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                WitFileParser.Parse(file, File.ReadAllText(file));
            }
            catch (WitException e)
            {
                failures.Add($"{file}: {e.Diagnostic.Message}");
            }
        }
        _output.WriteLine($"valid files parsed: {files.Count - failures.Count}/{files.Count}");
        foreach (var f in failures) _output.WriteLine(f);
        Assert.True(files.Count > 250, $"expected the corpora to hold many files, found {files.Count}");
        Assert.Empty(failures);
    }

    [Fact]
    public void ParseFailCasesReportTheReferenceSyntaxErrors()
    {
        var dir = Conformance.PathOf("wit-parser", "ui", "parse-fail");
        if (dir is null) return;

        int syntaxCases = 0, exact = 0, semanticCases = 0;
        var mismatches = new List<string>();
        foreach (var result in Directory.EnumerateFiles(dir, "*.wit.result").OrderBy(p => p, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(result).Substring(0, Path.GetFileName(result).Length - ".wit.result".Length);
            var single = Path.Combine(dir, name + ".wit");
            var folder = Path.Combine(dir, name);
            List<string> inputs;
            if (File.Exists(single)) inputs = new List<string> { single };
            else if (Directory.Exists(folder))
                inputs = Directory.EnumerateFiles(folder, "*.wit", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).ToList();
            else continue; // an orphan .result without input

            var expected = Expected(File.ReadAllText(result).Replace("\r\n", "\n"));
            Diagnostic? actual = null;
            foreach (var input in inputs)
            {
                try { WitFileParser.Parse(input, File.ReadAllText(input)); }
                catch (WitException e) { actual = e.Diagnostic; break; }
            }

            if (!SyntaxMessagePrefixes.Any(p => expected.Message.StartsWith(p, StringComparison.Ordinal)))
            {
                semanticCases++;
                // A case rejected later by the resolver must get through the parser.
                if (actual is not null) mismatches.Add($"{name}: parser rejected a resolver-class case: {actual.Message}");
                continue;
            }

            syntaxCases++;
            if (actual is null) { mismatches.Add($"{name}: accepted, expected `{expected.Message}`"); continue; }
            var (line, col) = actual.Span is { } span ? span.File.LineColumn(span.Start) : (0, 0);
            var actualFile = actual.Span is { } s2 ? Path.GetFileName(s2.File.Path) : "";
            int width = actual.Span is { } s3 ? Math.Max(1, CodePoints(s3.Text)) : 0;
            if (actual.Message == expected.Message && line == expected.Line && col == expected.Column
                && (expected.FileName is null || expected.FileName == actualFile)
                && (expected.CaretWidth == 0 || expected.CaretWidth == width))
            {
                exact++;
                _output.WriteLine($"ok {name}: {actual.Message} at {actualFile}:{line}:{col}");
            }
            else
                mismatches.Add($"{name}: expected `{expected.Message}` at {expected.Line}:{expected.Column} (caret {expected.CaretWidth}), got `{actual.Message}` at {line}:{col} (caret {width})");
        }

        _output.WriteLine($"syntax-class parse-fail cases matching exactly: {exact}/{syntaxCases} ({semanticCases} resolver-class cases parsed)");
        foreach (var m in mismatches) _output.WriteLine(m);
        Assert.True(syntaxCases >= 25, $"classification found only {syntaxCases} syntax cases");
        Assert.Empty(mismatches);
    }

    private sealed record ExpectedError(string Message, string? FileName, int Line, int Column, int CaretWidth = 0);

    private static int CodePoints(string s) => s.Length - s.Count(char.IsLowSurrogate);

    // The caret line ends with `^` followed by one `-` per further character of the span.
    private static int CaretWidth(string[] lines)
    {
        var last = lines[lines.Length - 1].TrimEnd();
        int caret = last.LastIndexOf('^');
        if (caret < 0 || !last.TrimStart().StartsWith("|", StringComparison.Ordinal)) return 0;
        return last.Length - caret;
    }

    // The first line holds the message (directory cases prefix it with context); the `-->` line, or a
    // `path:line:col: message` line for very long source lines, holds the location.
    private static ExpectedError Expected(string text)
    {
        var lines = text.Split('\n');
        var message = lines[0];
        const string parsePackage = "failed to parse package: ";
        int ctx = message.IndexOf(parsePackage, StringComparison.Ordinal);
        if (ctx >= 0)
        {
            var rest = message.Substring(ctx + parsePackage.Length);
            int colon = rest.IndexOf(": ", StringComparison.Ordinal);
            message = colon >= 0 ? rest.Substring(colon + 2) : rest;
        }
        else if (message.StartsWith("failed to resolve directory", StringComparison.Ordinal))
        {
            int colon = message.IndexOf("]: ", StringComparison.Ordinal);
            if (colon >= 0) message = message.Substring(colon + 3);
        }

        string? location = lines.Skip(1).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("-->", StringComparison.Ordinal))?.Substring(3).Trim();
        if (location is null && message.StartsWith("tests/", StringComparison.Ordinal))
        {
            // `path:line:col: message`
            var parts = message.Split(new[] { ':' }, 4);
            location = string.Join(":", parts.Take(3));
            message = parts[3].TrimStart();
        }
        if (location is null) return new ExpectedError(message, null, 0, 0);
        var pieces = location.Split(':');
        int n = pieces.Length;
        return new ExpectedError(message, Path.GetFileName(string.Join(":", pieces.Take(n - 2))), int.Parse(pieces[n - 2]), int.Parse(pieces[n - 1]), CaretWidth(lines));
    }
}

using System;
using System.IO;
using System.Linq;
using System.Text;
using WitBindgen.Tests;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Syntax;
using Xunit.Abstractions;

namespace WitBindgen.WitParser.Tests.Syntax;

/// <summary>Bad input never crashes the parser: it either parses or throws <see cref="WitException"/> with a located diagnostic.</summary>
public sealed class ParserRobustnessTests
{
    private static readonly string[] Fragments =
    {
        "{", "}", "<", ">", "(", ")", ",", ";", ":", ".", "@", "/", "-", "+", "->", "=", "_", "%", "\"", "\\",
        "/*", "*/", "//", "\n", "\r", " ", "package", "interface", "world", "use", "type", "list", "result",
        "func", "async", "static", "constructor", "import", "export", "include", "with", "as", "1.0.0", "x",
        "Foo", "a-", "\u00e9", "\U0001F600", "0", "99999999999", "@since(version = 1.0.0)", "tuple<", "$",
    };

    private readonly ITestOutputHelper _output;

    public ParserRobustnessTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void MutatedCorpusFilesNeverCrash()
    {
        var ui = Conformance.PathOf("wit-parser", "ui");
        var seeds = ui is null
            ? new[] { "package a:b;\ninterface i { record r { a: list<u8, 4> } f: async func(x: borrow<r>) -> result<_, string>; }\nworld w { import i; export f: func(); include x with { a as b } }\n" }
            : Directory.EnumerateFiles(ui, "*.wit").OrderBy(p => p, StringComparer.Ordinal).Select(File.ReadAllText).ToArray();

        var random = new Random(1234);
        int accepted = 0, rejected = 0;
        for (int round = 0; round < 3000; round++)
        {
            var text = new StringBuilder(seeds[random.Next(seeds.Length)]);
            int edits = 1 + random.Next(4);
            for (int e = 0; e < edits && text.Length > 0; e++)
            {
                int at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0: text.Remove(at, Math.Min(text.Length - at, 1 + random.Next(8))); break;
                    case 1: text.Insert(at, Fragments[random.Next(Fragments.Length)]); break;
                    default: text.Insert(at, (char)random.Next(0x20, 0x7F)); break;
                }
            }
            try
            {
                WitFileParser.Parse("fuzz.wit", text.ToString());
                accepted++;
            }
            catch (WitException e)
            {
                rejected++;
                Assert.False(string.IsNullOrEmpty(e.Diagnostic.Message));
                if (e.Diagnostic.Span is { } span)
                    Assert.InRange(span.Start, 0, span.File.Text.Length);
            }
        }
        _output.WriteLine($"mutations: {accepted} accepted, {rejected} rejected with a diagnostic");
        Assert.True(rejected > 0);
    }
}

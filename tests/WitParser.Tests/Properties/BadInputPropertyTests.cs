using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CsCheck;
using WitBindgen.Tests;

namespace WitBindgen.WitParser.Tests.Properties;

/// <summary>
/// Whatever the input, the public API answers with a resolved graph or diagnostics: it never throws,
/// never returns both or neither, and never hangs (a generous bound that only a hang can exceed).
/// </summary>
public class BadInputPropertyTests
{
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(20);

    private static readonly string[] Tokens =
    {
        "package", "a:b", "a:b@1.0.0", "interface", "world", "use", "type", "func", "record", "flags", "variant",
        "enum", "resource", "constructor", "static", "async", "import", "export", "include", "with", "as", "from",
        "list", "option", "result", "tuple", "future", "stream", "own", "borrow", "map", "string", "u32", "char",
        "error-context", "_", "x", "y", "%type", "foo-bar", "A-B", "{", "}", "(", ")", "<", ">", ",", ";", ":",
        ".", "=", "->", "/", "@", "*", "@since(version = 1.0.0)", "@unstable(feature = f)", "@deprecated(version = 0.1.0)",
        "1", "0", "4294967296", "/// doc", "/* c */", "/*", "\n", "\"s\"",
    };

    [Fact]
    public void ArbitraryTextYieldsAGraphOrDiagnostics() =>
        Gen.String.Sample(AnswersProperly, iter: 2000, threads: 1);

    [Fact]
    public void TokenSoupYieldsAGraphOrDiagnostics() =>
        Gen.OneOfConst(Tokens).Array[0, 60]
            .Select(tokens => string.Join(" ", tokens))
            .Sample(AnswersProperly, iter: 3000, threads: 1);

    [Fact]
    [Trait("Category", "Slow")]
    public void MutatedCorpusYieldsAGraphOrDiagnostics()
    {
        var corpus = CorpusTexts();
        if (corpus.Count == 0) return; // absent corpora are reported by the conformance tests
        var mutation =
            from index in Gen.Int[0, corpus.Count - 1]
            from kind in Gen.Int[0, 4]
            from a in Gen.Int[0, int.MaxValue]
            from b in Gen.Int[0, 40]
            from token in Gen.OneOfConst(Tokens)
            select Mutate(corpus[index], kind, a, b, token);
        mutation.Sample(AnswersProperly, iter: 3000, threads: 1);
    }

    [Theory]
    [InlineData("list<", ">", 5000)]
    [InlineData("option<", ">", 5000)]
    [InlineData("tuple<", ">", 5000)]
    [InlineData("/*", "*/", 5000)]
    public void DeepNestingIsADiagnosticNotACrash(string open, string close, int depth)
    {
        var sb = new StringBuilder("package a:b;\ninterface i {\n  type t = ");
        for (int i = 0; i < depth; i++) sb.Append(open);
        sb.Append("u8");
        for (int i = 0; i < depth; i++) sb.Append(close);
        sb.Append(";\n}\n");
        var result = Load(sb.ToString());
        Assert.False(result.Success && open != "/*");
        Assert.True(result.Success || result.Diagnostics.Count > 0);
    }

    private static string Mutate(string text, int kind, int a, int b, string token)
    {
        int at = text.Length == 0 ? 0 : a % text.Length;
        int len = Math.Min(b, text.Length - at);
        return kind switch
        {
            0 => text.Remove(at, len),                                   // delete a range
            1 => text.Insert(at, " " + token + " "),                     // insert a token
            2 => text.Insert(at, text.Substring(at, len)),               // duplicate a range
            3 => text.Substring(0, at),                                  // truncate
            _ => len > 0 ? text.Remove(at, 1).Insert(at, ((char)(a % 128)).ToString()) : text, // replace a character
        };
    }

    private static bool AnswersProperly(string text)
    {
        var result = Load(text);
        return result.Success ? result.Diagnostics.All(d => d.Severity != Diagnostics.Severity.Error) : result.Diagnostics.Count > 0;
    }

    private static WitLoadResult Load(string text)
    {
        var task = Task.Run(() => WitLoader.LoadText("fuzz.wit", text));
        Assert.True(task.Wait(HangBound), "loading did not finish: " + Preview(text));
        return task.Result;
    }

    private static string Preview(string text) => text.Length > 200 ? text.Substring(0, 200) + "..." : text;

    private static List<string> CorpusTexts()
    {
        var ui = Conformance.PathOf("wit-parser", "ui");
        if (ui is null || !Directory.Exists(ui)) return new List<string>();
        return Directory.GetFiles(ui, "*.wit", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToList();
    }
}

using System.Linq;
using System.Text;
using WitBindgen.ComponentModel.Text;
using WitBindgen.CoreWasm.Text.Syntax;
using WitBindgen.Tests;
using WitBindgen.CoreWasm.Text;

namespace WitBindgen.ComponentModel.Tests.Text;

public class WatReaderTests
{
    private static WatAtom[] Atoms(string text) => ((WatList)WatReader.Read("(" + text + ")", null).Single()).Items.Cast<WatAtom>().ToArray();

    [Fact]
    public void Classifies_tokens()
    {
        var atoms = Atoms("func $f i32.add offset=4 \"s\" 42 -0x1F 1.5 inf -nan nan:0x1 0x1p3 1_000 A%x $\"odd id\" 1_");
        Assert.Equal(
            new[]
            {
                WatAtomKind.Keyword, WatAtomKind.Id, WatAtomKind.Keyword, WatAtomKind.Keyword, WatAtomKind.String,
                WatAtomKind.Integer, WatAtomKind.Integer, WatAtomKind.Float, WatAtomKind.Float, WatAtomKind.Float,
                WatAtomKind.Float, WatAtomKind.Float, WatAtomKind.Integer, WatAtomKind.Reserved, WatAtomKind.Id,
                WatAtomKind.Reserved,
            },
            atoms.Select(a => a.Kind));
        Assert.Equal("f", atoms[1].Text);
        Assert.Equal("odd id", atoms[14].Text);
    }

    [Fact]
    public void Skips_comments_and_keeps_annotations()
    {
        var nodes = WatReader.Read(";; line\n(a (; block (; nested ;) ;) b (@custom \"x\" \"y\") ;; tail\n)", null);
        var list = (WatList)Assert.Single(nodes);
        Assert.Equal(3, list.Items.Count);
        var annotation = Assert.IsType<WatList>(list.Items[2]);
        Assert.Equal("custom", annotation.AnnotationName);
        Assert.Equal(WatAtomKind.Annotation, ((WatAtom)annotation.Items[0]).Kind);
        Assert.Equal(3, annotation.Items.Count);
    }

    [Fact]
    public void Reads_punctuation_as_reserved_tokens_and_at_signs_without_id_as_lists()
    {
        var list = (WatList)WatReader.Read("(@a , ; ] [ }} }x{ ({) ,{{};}] (@) (@ x) (@\"s\" 1) ;)", null).Single();
        Assert.Equal("a", list.AnnotationName);
        Assert.Equal(new[] { ",", ";", "]", "[", "}}", "}x{" }, list.Items.Skip(1).Take(6).Cast<WatAtom>().Select(a => a.Text));
        Assert.All(list.Items.Skip(1).Take(6), a => Assert.Equal(WatAtomKind.Reserved, ((WatAtom)a).Kind));
        var empty = (WatList)list.Items[list.Items.Count - 4];
        Assert.Null(empty.AnnotationName);
        Assert.Equal("@", ((WatAtom)empty.Items.Single()).Text);
        Assert.Equal("s", ((WatList)list.Items[list.Items.Count - 2]).AnnotationName);
        Assert.Equal(";", ((WatAtom)list.Items[list.Items.Count - 1]).Text);
    }

    [Fact]
    public void Decodes_string_escapes()
    {
        var atom = Atoms("\"a\\n\\t\\r\\\"\\'\\\\\\41\\u{1F600}\\u{e9}\"").Single();
        Assert.Equal(new byte[] { (byte)'a', 10, 9, 13, (byte)'"', (byte)'\'', (byte)'\\', 0x41, 0xF0, 0x9F, 0x98, 0x80, 0xC3, 0xA9 }, atom.StringBytes);
        Assert.Equal("a\n\t\r\"'\\A\U0001F600é", atom.GetName());
    }

    [Fact]
    public void Non_utf8_string_keeps_bytes_but_is_no_name()
    {
        var atom = Atoms("\"\\ff\\00\"").Single();
        Assert.Equal(new byte[] { 0xff, 0 }, atom.StringBytes);
        var ex = Assert.Throws<WatException>(() => atom.GetName());
        Assert.Equal("malformed UTF-8 encoding", ex.Problem);
    }

    [Fact]
    public void Non_ascii_source_characters_become_utf8()
    {
        var atom = Atoms("\"héllo\"").Single();
        Assert.Equal(Encoding.UTF8.GetBytes("héllo"), atom.StringBytes);
    }

    [Theory]
    [InlineData("(a", 1, 3, "expected ')'")]
    [InlineData("(a))", 1, 4, "unexpected ')'")]
    [InlineData("(a\n  \"abc)", 2, 3, "unterminated string")]
    [InlineData("(a \"\\q\")", 1, 5, "invalid string escape")]
    [InlineData("(a \"\\u{d800}\")", 1, 5, "invalid unicode scalar value")]
    [InlineData("(a (; x)", 1, 4, "unterminated block comment")]
    [InlineData("(a\n $)", 2, 2, "empty identifier")]
    [InlineData("(a \u0001)", 1, 4, "unexpected character '\\u{1}'")]
    [InlineData("(a (@ x))", 1, 5, "empty annotation id")]
    [InlineData("(@)", 1, 2, "empty annotation id")]
    [InlineData("(@\"\")", 1, 2, "empty annotation id")]
    [InlineData("(@x (y)", 1, 8, "expected ')'")]
    public void Reports_errors_with_positions(string text, int line, int column, string problem)
    {
        var ex = Assert.Throws<WatException>(() => WatReader.Read(text, "x.wat"));
        Assert.Equal(problem, ex.Problem);
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.Equal($"x.wat:{line}:{column}: {problem}", ex.Message);
    }

    [Fact]
    public void Ill_formed_utf8_source_is_reported_where_it_starts()
    {
        var bytes = Encoding.UTF8.GetBytes("(a\n  é b").Concat(new byte[] { 0xC3, 0x28, (byte)')' }).ToArray();
        var ex = Assert.Throws<WatException>(() => WatReader.Read(bytes, "f.wat"));
        Assert.Equal(("malformed UTF-8 encoding", 2, 6), (ex.Problem, ex.Line, ex.Column));
        Assert.Throws<WatException>(() => WatReader.Read(new byte[] { 0xED, 0xA0, 0x80 }, null)); // a surrogate
        Assert.Throws<WatException>(() => WatReader.Read(new byte[] { 0xE0, 0x80, 0x80 }, null)); // overlong
        Assert.Single(WatReader.Read(Encoding.UTF8.GetBytes("(a \"\U0001F600\")"), null));
    }

    [Fact]
    public void Quoted_text_with_ill_formed_utf8_is_malformed()
    {
        var ex = Assert.Throws<WatException>(() => WatAssembler.Assemble("(component quote \"(type \\80)\")"));
        Assert.Equal("malformed UTF-8 encoding", ex.Problem);
    }

    [Fact]
    public void Spans_are_one_based_with_offsets()
    {
        var list = (WatList)WatReader.Read("\n  (a\n   $b)", null).Single();
        Assert.Equal((2, 3, 3), (list.Span.Line, list.Span.Column, list.Span.Offset));
        var b = list.Items[1];
        Assert.Equal((3, 4, 9), (b.Span.Line, b.Span.Column, b.Span.Offset));
    }

    [Theory]
    [InlineData("wasm-spec")]
    [InlineData("component-model", "test")]
    public void Reads_every_reference_script(params string[] corpus)
    {
        var root = Conformance.PathOf(corpus);
        if (root is null || !System.IO.Directory.Exists(root)) return;
        var files = System.IO.Directory.GetFiles(root, "*.wast", System.IO.SearchOption.AllDirectories);
        var failures = new System.Collections.Generic.List<string>();
        foreach (var file in files)
        {
            try { WatReader.ReadFile(file); }
            catch (WatException e) { failures.Add(e.Message); }
        }
        Assert.True(files.Length > 0);
        Assert.Empty(failures);
    }
}

using System.Linq;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Syntax;

namespace WitBindgen.WitParser.Tests.Syntax;

/// <summary>Lexical and syntax errors: the reference's wording, position and caret width.</summary>
public sealed class SyntaxErrorTests
{
    private static (string Message, int Line, int Column, int Width) Error(string text)
    {
        var e = Assert.Throws<WitException>(() => WitFileParser.Parse("test.wit", text));
        var span = e.Diagnostic.Span;
        if (span is null) return (e.Diagnostic.Message, 0, 0, 0);
        var (line, col) = span.Value.File.LineColumn(span.Value.Start);
        return (e.Diagnostic.Message, line, col, span.Value.Length);
    }

    [Theory]
    [InlineData("interface Foo {}", "invalid character in identifier 'o'", 1, 11, 3)]
    [InlineData("interface 1a {}", "expected an identifier or string, found an integer", 1, 11, 1)]
    [InlineData("interface XML-http {}", null, 0, 0, 0)]
    [InlineData("interface foo-bar- {}", "identifiers must have characters between '-'s", 1, 11, 8)]
    [InlineData("interface a_b {}", "invalid character in identifier '_'", 1, 11, 3)]
    [InlineData("interface %x {}", null, 0, 0, 0)]
    [InlineData("interface foo { $ }", "unexpected character '$'", 1, 17, 1)]
    [InlineData("interface foo {}\r", "unexpected character '\\r'", 1, 17, 1)]
    [InlineData("/* open /* nested */", "unterminated block comment", 1, 1, 1)]
    [InlineData("world w { import x }", "expected ';', found '}'", 1, 20, 1)]
    [InlineData("world w { import a:b }", "expected `/`, found '}'", 1, 22, 1)]
    [InlineData("world w { foo }", "expected `import`, `export`, `include`, `use`, or type definition, found an identifier", 1, 11, 3)]
    [InlineData("foo", "expected `world`, `interface` or `use`, found an identifier", 1, 1, 3)]
    [InlineData("interface i { record r { a: u32, ) } }", "expected an identifier or string, found ')'", 1, 34, 1)]
    [InlineData("interface i { record r { a: u32 ) } }", "expected '}', found ')'", 1, 33, 1)]
    [InlineData("interface i { f: func() }", "expected ';', found '}'", 1, 25, 1)]
    [InlineData("interface i { type t = tuple<u8, ; }", "expected a type, found ';'", 1, 34, 1)]
    [InlineData("interface i { enum e { a, , b } }", "expected an identifier or string, found ','", 1, 27, 1)]
    [InlineData("interface i { type t = tuple<u8,,u8>; }", "expected a type, found ','", 1, 33, 1)]
    [InlineData("interface i { enum e { , a } }", "expected an identifier or string, found ','", 1, 24, 1)]
    [InlineData("interface i { resource r }", "expected ';', found '}'", 1, 26, 1)]
    [InlineData("@foo(x = y) interface i {}", "unknown attribute `foo`", 1, 2, 3)]
    [InlineData("@since(version = x) interface i {}", "expected an integer, found an identifier", 1, 18, 1)]
    [InlineData("@unstable(feature = 1) interface i {}", "expected an identifier or string, found an integer", 1, 21, 1)]
    [InlineData("@since(version = 1.0.0) package a:b {}", "cannot place attributes on nested packages", 1, 25, 7)]
    [InlineData("interface i {}\npackage a:b;", "expected '{', found ';'", 2, 12, 1)]
    [InlineData("@external-id(\"\\q\") interface i {}", "invalid string escape 'q'", 1, 16, 1)]
    [InlineData("@external-id(\"a\nb\") interface i {}", "invalid string character '\\n'", 1, 16, 1)]
    [InlineData("@external-id(\"abc", "unexpected end of file", 1, 18, 0)]
    [InlineData("interface i { type t = list<u8, 99999999999>; }", "number too large to fit in target type", 0, 0, 0)]
    [InlineData("package a:b@01.0.0;", "invalid leading zero in major version number", 1, 13, 6)]
    public void ErrorsUseTheReferenceWording(string text, string? message, int line, int column, int width)
    {
        if (message is null)
        {
            WitFileParser.Parse("test.wit", text);
            return;
        }
        Assert.Equal((message, line, column, width), Error(text));
    }

    [Theory]
    [InlineData("\u202E", "Input contains bidirectional override codepoint EscapeUnicode(EscapeIterInner('\\u{202e}'))")]
    [InlineData("\u0149", "Codepoint EscapeUnicode(EscapeIterInner('\\u{149}')) is discouraged by Unicode")]
    [InlineData("\u001B", "Control code '\\u{1b}'")]
    public void PrechecksRejectForbiddenCharacters(string character, string message)
    {
        var e = Assert.Throws<WitException>(() => WitFileParser.Parse("test.wit", "package a:b;\n// " + character + "\n"));
        Assert.Equal(message, e.Diagnostic.Message);
        Assert.Equal((2, 4), e.Diagnostic.Span!.Value.File.LineColumn(e.Diagnostic.Span.Value.Start));
        Assert.Equal(DiagnosticCodes.InvalidCharacter, e.Diagnostic.Code);
    }

    [Fact]
    public void EarlierInvalidIdentifierWinsOverLaterSyntaxError()
    {
        var (message, _, column, _) = Error("interface Bad { ) }");
        Assert.Equal("invalid character in identifier 'a'", message);
        Assert.Equal(11, column);
    }

    [Fact]
    public void LongListsAndDeepCommentsDoNotExhaustTheStack()
    {
        var cases = string.Join(", ", System.Linq.Enumerable.Range(0, 100_000).Select(i => "c" + i));
        var file = WitFileParser.Parse("t.wit", $"interface i {{ enum e {{ {cases} }} }}");
        var e = Assert.IsType<EnumDecl>(Assert.Single(Assert.IsType<InterfaceDecl>(Assert.Single(file.Items)).Items));
        Assert.Equal(100_000, e.Cases.Count);

        var deep = string.Concat(System.Linq.Enumerable.Repeat("/*", 20_000)) + string.Concat(System.Linq.Enumerable.Repeat("*/", 20_000));
        Assert.Single(WitFileParser.Parse("t.wit", deep + " interface i {}").Items);
        Assert.Equal("unterminated block comment", Error(deep + "/*").Message);
    }

    [Fact]
    public void TypeNestingIsCapped()
    {
        string nested(int n) => string.Concat(System.Linq.Enumerable.Repeat("list<", n)) + "u8" + new string('>', n);
        WitFileParser.Parse("t.wit", $"interface i {{ type t = {nested(100)}; }}");
        Assert.Equal("type nesting too deep", Error($"interface i {{ type t = {nested(101)}; }}").Message);
    }
}

using Antlr4.Runtime;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Text;
using G = WitBindgen.WitParser.Generated.WitParser;

namespace WitBindgen.WitParser.Syntax;

/// <summary>The state shared by the lexer, the parser's eager checks, the error reporter and the AST builder.</summary>
internal sealed class ParseSession
{
    public ParseSession(SourceFile file, CommonTokenStream tokens)
    {
        File = file;
        Tokens = tokens;
        CodePoints = new CodePointMap(file.Text);
    }

    public SourceFile File { get; }

    public CommonTokenStream Tokens { get; }

    public CodePointMap CodePoints { get; }

    /// <summary>Set once an error is on its way out, so that rule exits during unwinding check nothing.</summary>
    public bool Failed { get; set; }

    /// <summary>The span of a whole token (an empty span at the end of the file for EOF).</summary>
    public Span TokenSpan(IToken token)
    {
        if (token.Type == TokenConstants.EOF) return EndOfFile;
        int start = CodePoints.ToUtf16(token.StartIndex);
        int end = CodePoints.ToUtf16(token.StopIndex + 1);
        return new Span(File, start, end < start ? start : end);
    }

    /// <summary>A one-character span at the start of a token: the reference's single caret.</summary>
    public Span CaretSpan(IToken token)
    {
        if (token.Type == TokenConstants.EOF) return EndOfFile;
        int start = CodePoints.ToUtf16(token.StartIndex);
        return CaretAt(start);
    }

    /// <summary>A one-character span at a UTF-16 offset.</summary>
    public Span CaretAt(int offset)
    {
        if (offset >= File.Text.Length) return EndOfFile;
        return new Span(File, offset, offset + File.Text.CodePointLength(offset));
    }

    /// <summary>From the start of <paramref name="first"/> to the end of <paramref name="last"/>.</summary>
    public Span SpanOf(IToken first, IToken last) => TokenSpan(first).To(TokenSpan(last));

    /// <summary>The span of a parse-tree node's tokens.</summary>
    public Span SpanOf(ParserRuleContext ctx) => SpanOf(ctx.Start, ctx.Stop ?? ctx.Start);

    public Span EndOfFile => new(File, File.Text.Length, File.Text.Length);

    /// <summary>Builds the exception for a diagnostic and marks the session as failed.</summary>
    public WitException Fail(string code, string message, Span? span)
    {
        Failed = true;
        return new WitException(new Diagnostic(code, message, span));
    }

    /// <summary>"expected X, found Y" pointing at the start of the found token (the reference's `expect`).</summary>
    public WitException Expected(string expected, IToken found) =>
        IsLexicalError(found)
            ? LexicalError(found)
            : Fail(DiagnosticCodes.Syntax, $"expected {expected}, found {TokenText.Describe(found.Type)}", CaretSpan(found));

    /// <summary>"expected X, found Y" spanning the found token (the reference's `err_expected`).</summary>
    public WitException ExpectedSpanning(string expected, IToken found) =>
        IsLexicalError(found)
            ? LexicalError(found)
            : Fail(DiagnosticCodes.Syntax, $"expected {expected}, found {TokenText.Describe(found.Type)}", TokenSpan(found));

    /// <summary>Whether reaching this token is a lexer error in the reference.</summary>
    public bool IsLexicalError(IToken token)
    {
        switch (token.Type)
        {
            case G.ERROR_CHAR:
            case G.UNTERMINATED_COMMENT:
            case G.UNTERMINATED_STRING:
                return true;
            case G.STRING:
                try { StringLiterals.Decode(File, CodePoints.ToUtf16(token.StartIndex)); return false; }
                catch (WitException) { return true; }
            default:
                return false;
        }
    }

    /// <summary>The reference lexer's error for an error token.</summary>
    public WitException LexicalError(IToken token)
    {
        int start = CodePoints.ToUtf16(token.StartIndex);
        switch (token.Type)
        {
            case G.UNTERMINATED_COMMENT:
                return Fail(DiagnosticCodes.InvalidCharacter, "unterminated block comment", CaretAt(start));
            case G.UNTERMINATED_STRING:
            case G.STRING:
                try
                {
                    StringLiterals.Decode(File, start);
                }
                catch (WitException e)
                {
                    Failed = true;
                    return e;
                }
                return Fail(DiagnosticCodes.InvalidCharacter, "unexpected end of file", EndOfFile);
            default:
                int c = File.Text.ConvertToUtf32OrSelf(start);
                return Fail(DiagnosticCodes.InvalidCharacter, "unexpected character " + TokenText.DebugChar(c), CaretAt(start));
        }
    }

    /// <summary>The last default-channel token before <paramref name="token"/>, or null at the start.</summary>
    public IToken? PreviousToken(IToken token)
    {
        for (int i = token.TokenIndex - 1; i >= 0; i--)
        {
            var t = Tokens.Get(i);
            if (t.Channel == TokenConstants.DefaultChannel) return t;
        }
        return null;
    }
}

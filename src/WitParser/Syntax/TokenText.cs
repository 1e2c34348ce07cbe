using System.Globalization;
using Antlr4.Runtime;
using G = WitBindgen.WitParser.Generated.WitParser;

namespace WitBindgen.WitParser.Syntax;

/// <summary>How the reference names tokens and characters in its messages.</summary>
internal static class TokenText
{
    /// <summary>The reference's description of a token kind ("keyword `type`", "'{'", "an identifier", "eof").</summary>
    public static string Describe(int tokenType)
    {
        switch (tokenType)
        {
            case TokenConstants.EOF: return "eof";
            case G.EQUALS: return "'='";
            case G.COMMA: return "','";
            case G.COLON: return "':'";
            case G.PERIOD: return "'.'";
            case G.SEMICOLON: return "';'";
            case G.LPAREN: return "'('";
            case G.RPAREN: return "')'";
            case G.LBRACE: return "'{'";
            case G.RBRACE: return "'}'";
            case G.LT: return "'<'";
            case G.GT: return "'>'";
            case G.RARROW: return "`->`";
            case G.STAR: return "`*`";
            case G.AT: return "`@`";
            case G.SLASH: return "`/`";
            case G.PLUS: return "`+`";
            case G.MINUS: return "`-`";
            case G.ID: return "an identifier";
            case G.EXPLICIT_ID: return "an '%' identifier";
            case G.INTEGER: return "an integer";
            case G.STRING: return "a string literal";
        }
        var literal = G.DefaultVocabulary.GetLiteralName(tokenType);
        if (literal is { Length: > 2 } && literal[0] == '\'')
            return "keyword `" + literal.Substring(1, literal.Length - 2) + "`";
        // Error tokens never reach a description (they are reported as lexer errors).
        return G.DefaultVocabulary.GetDisplayName(tokenType);
    }

    /// <summary>Rust's <c>{:?}</c> rendering of a char: quoted, with escapes for invisible characters.</summary>
    public static string DebugChar(int codePoint)
    {
        switch (codePoint)
        {
            case 0: return "'\\0'";
            case '\t': return "'\\t'";
            case '\r': return "'\\r'";
            case '\n': return "'\\n'";
            case '\'': return "'\\''";
            case '\\': return "'\\\\'";
        }
        if (codePoint < 0 || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            return "'\\u{" + codePoint.ToString("x") + "}'";
        string s = char.ConvertFromUtf32(codePoint);
        var category = CharUnicodeInfo.GetUnicodeCategory(s, 0);
        bool escape = category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.Surrogate or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            || (category == UnicodeCategory.SpaceSeparator && codePoint != ' ');
        return escape ? "'\\u{" + codePoint.ToString("x") + "}'" : "'" + s + "'";
    }
}

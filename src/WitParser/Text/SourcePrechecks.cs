using System.Text;
using WitBindgen.WitParser.Diagnostics;

namespace WitBindgen.WitParser.Text;

/// <summary>
/// Whole-file checks the reference lexer runs before tokenizing: it eats a leading BOM, folds CRLF
/// to LF, and rejects bidirectional overrides, deprecated code points and control characters other
/// than tab, CR and LF. A lone CR survives here; the lexer reports it as an unexpected character.
/// </summary>
internal static class SourcePrechecks
{
    /// <summary>Returns the normalized source, or throws <see cref="WitException"/> on a forbidden character.</summary>
    public static SourceFile Normalize(string path, string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);
        if (text.IndexOf('\r') >= 0) text = FoldCrlf(text);

        var file = new SourceFile(path, text);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n' || c == '\r' || c == '\t') continue;
            string? message = null;
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
                // Only reachable from a string that was not decoded from UTF-8 (the reference takes valid UTF-8).
                message = "input is not valid Unicode: unpaired surrogate";
            }
            else if (IsBidiOverride(c))
                message = $"Input contains bidirectional override codepoint {DebugEscapeUnicode(c)}";
            else if (IsDeprecated(c))
                message = $"Codepoint {DebugEscapeUnicode(c)} is discouraged by Unicode";
            else if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
                message = $"Control code '{EscapeUnicode(c)}'";
            if (message is not null)
                throw new WitException(new Diagnostic(DiagnosticCodes.InvalidCharacter, message, new Span(file, i, i + 1)));
        }
        return file;
    }

    private static string FoldCrlf(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') continue;
            sb.Append(text[i]);
        }
        return sb.ToString();
    }

    private static bool IsBidiOverride(char c) =>
        (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');

    private static bool IsDeprecated(char c) =>
        c is '\u0149' or '\u0673' or '\u0F77' or '\u0F79' or '\u17A3' or '\u17A4' or '\u17B4' or '\u17B5';

    // Rust's `char::escape_unicode()` Display form: \u{hex}.
    private static string EscapeUnicode(char c) => "\\u{" + ((int)c).ToString("x") + "}";

    // The reference formats `escape_unicode()` with `{:?}`, i.e. the iterator's Debug form.
    private static string DebugEscapeUnicode(char c) => "EscapeUnicode(EscapeIterInner('" + EscapeUnicode(c) + "'))";
}

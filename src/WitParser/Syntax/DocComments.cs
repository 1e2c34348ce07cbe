using System.Collections.Generic;
using System.Text;
using Antlr4.Runtime;
using WitBindgen.WitParser.Text;

namespace WitBindgen.WitParser.Syntax;

/// <summary>
/// Turns the comments in front of an item into its docs, as the reference does: every comment
/// counts; `/** */` loses its delimiters, other comments lose their leading slashes; lines are
/// right-trimmed, the common leading indentation is removed, and trailing newlines are dropped.
/// </summary>
internal static class DocComments
{
    /// <summary>The docs for the item starting at <paramref name="firstToken"/>.</summary>
    public static Docs Before(ParseSession session, IToken firstToken)
    {
        var hidden = session.Tokens.GetHiddenTokensToLeft(firstToken.TokenIndex, TokenConstants.HiddenChannel);
        if (hidden is null || hidden.Count == 0) return Docs.None;
        var comments = new List<string>(hidden.Count);
        foreach (var token in hidden) comments.Add(session.TokenSpan(token).Text);

        var first = session.TokenSpan(hidden[0]);
        var lastToken = hidden[hidden.Count - 1];
        var last = session.TokenSpan(lastToken);
        int end = last.End;
        while (end > last.Start && IsAsciiWhitespace(session.File.Text[end - 1])) end--;
        return new Docs(Process(comments)) { Span = new Span(session.File, first.Start, end) };
    }

    /// <summary>The reference's doc text for a run of raw comments.</summary>
    public static string Process(IReadOnlyList<string> comments)
    {
        var docs = new List<string>(comments.Count);
        foreach (var comment in comments)
        {
            string contents = comment.StartsWith("/**", System.StringComparison.Ordinal)
                ? StripSuffix(comment.Substring(3), "*/")
                : comment.TrimStart('/');
            docs.Add(TrimEnd(contents));
        }

        int minIndent = int.MaxValue;
        foreach (var doc in docs)
        {
            if (doc.Length == 0) continue;
            int n = 0;
            while (n < doc.Length && IsAsciiWhitespace(doc[n])) n++;
            if (n < minIndent) minIndent = n;
        }
        if (minIndent != int.MaxValue && minIndent > 0)
        {
            var pattern = new string(' ', minIndent);
            for (int i = 0; i < docs.Count; i++)
                if (docs[i].StartsWith(pattern, System.StringComparison.Ordinal)) docs[i] = docs[i].Substring(minIndent);
        }

        var sb = new StringBuilder();
        foreach (var doc in docs)
        {
            if (doc.Length == 0) { sb.Append('\n'); continue; }
            foreach (var line in Lines(doc)) sb.Append(line).Append('\n');
        }
        int length = sb.Length;
        while (length > 0 && sb[length - 1] == '\n') length--;
        return sb.ToString(0, length);
    }

    // Rust's str::lines: split on '\n', drop one trailing '\r' per line, no final empty line.
    private static IEnumerable<string> Lines(string s)
    {
        int start = 0;
        while (start < s.Length)
        {
            int nl = s.IndexOf('\n', start);
            int stop = nl < 0 ? s.Length : nl;
            int lineEnd = stop > start && s[stop - 1] == '\r' ? stop - 1 : stop;
            yield return s.Substring(start, lineEnd - start);
            if (nl < 0) yield break;
            start = nl + 1;
        }
    }

    private static string StripSuffix(string s, string suffix) =>
        s.EndsWith(suffix, System.StringComparison.Ordinal) ? s.Substring(0, s.Length - suffix.Length) : s;

    // Rust's trim_end: Unicode White_Space.
    private static string TrimEnd(string s)
    {
        int end = s.Length;
        while (end > 0 && char.IsWhiteSpace(s[end - 1])) end--;
        return s.Substring(0, end);
    }

    private static bool IsAsciiWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';
}

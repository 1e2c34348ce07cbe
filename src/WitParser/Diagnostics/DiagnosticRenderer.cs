using System.Text;
using WitBindgen.WitParser.Text;

namespace WitBindgen.WitParser.Diagnostics;

/// <summary>Renders diagnostics for people (the reference's layout with a source snippet) and for MSBuild/IDEs.</summary>
public static class DiagnosticRenderer
{
    // Lines longer than this are not quoted; the reference prints `path:line:col: message` instead.
    private const int MaxQuotedLineBytes = 500;

    /// <summary>
    /// For people: the message on the first line, then <c>--&gt; path:line:col</c>, the source line and a
    /// caret under the span (wit-parser's snippet layout). The outer <see cref="Diagnostic.Context"/> messages
    /// ("failed to resolve directory while parsing WIT for path ...") never come before the message: they are
    /// left out when the diagnostic has a location, and follow as <c>= note:</c> lines when it has none.
    /// </summary>
    public static string RenderHuman(Diagnostic diagnostic)
    {
        if (diagnostic.Span is not { } span)
        {
            var sb = new StringBuilder(diagnostic.Message);
            foreach (var outer in diagnostic.Context) sb.Append("\n  = note: ").Append(outer);
            return sb.ToString();
        }
        return Located(diagnostic.Message, span);
    }

    /// <summary>
    /// Exactly wit-parser's rendering (its error chain): the outer <see cref="Diagnostic.Context"/> messages
    /// joined with <c>": "</c> in front of the message, then the snippet as in <see cref="RenderHuman"/>.
    /// The conformance tests compare this with the reference's expected output.
    /// </summary>
    public static string RenderReference(Diagnostic diagnostic)
    {
        var prefix = new StringBuilder();
        foreach (var outer in diagnostic.Context) prefix.Append(outer).Append(": ");
        if (diagnostic.Span is not { } span) return prefix + diagnostic.Message;
        return Located(prefix + diagnostic.Message, span);
    }

    // `message`, then the location and a quoted source line with a caret underline; lines too long to
    // quote give `path:line:col: message` instead, as the reference does.
    private static string Located(string message, Span span)
    {
        var (line, column) = span.File.LineColumn(span.Start);
        var lineText = span.File.LineText(line);
        if (Encoding.UTF8.GetByteCount(lineText) > MaxQuotedLineBytes)
            return $"{span.File.Path}:{line}:{column}: {message}";

        var sb = new StringBuilder();
        sb.Append(message).Append('\n');
        sb.Append("     --> ").Append(span.File.Path).Append(':').Append(line).Append(':').Append(column).Append('\n');
        sb.Append("      |\n");
        sb.Append(' ').Append(line.ToString().PadLeft(4)).Append(" | ").Append(lineText).Append('\n');
        sb.Append("      | ").Append(new string(' ', column - 1)).Append('^');
        int width = CharCount(span);
        if (width > 1) sb.Append('-', width - 1);
        return sb.ToString();
    }

    /// <summary>
    /// The MSBuild/IDE layout: <c>path(line,col,endLine,endCol): error WIT0001: message</c>, or
    /// <c>wit-bindgen : error WIT0001: message (context)</c> when the diagnostic has no location; the
    /// <see cref="Diagnostic.Context"/> messages never come before the message.
    /// </summary>
    public static string RenderMsBuild(Diagnostic diagnostic)
    {
        var severity = diagnostic.Severity == Severity.Error ? "error" : "warning";
        var message = diagnostic.Message;
        if (diagnostic.Span is not { } span)
        {
            if (diagnostic.Context.Count > 0) message += " (" + string.Join(": ", diagnostic.Context) + ")";
            return $"wit-bindgen : {severity} {diagnostic.Code}: {message}";
        }
        var (line, column) = span.File.LineColumn(span.Start);
        var (endLine, endColumn) = span.File.LineColumn(span.End);
        return $"{span.File.Path}({line},{column},{endLine},{endColumn}): {severity} {diagnostic.Code}: {message}";
    }

    /// <summary><c>path:line:col</c> of the start of a span.</summary>
    public static string Location(Span span)
    {
        var (line, column) = span.File.LineColumn(span.Start);
        return $"{span.File.Path}:{line}:{column}";
    }

    // The caret underline counts characters (Unicode scalar values), not bytes or UTF-16 units.
    private static int CharCount(Span span)
    {
        int count = 0;
        for (int i = span.Start; i < span.End && i < span.File.Text.Length; i++)
            if (!char.IsLowSurrogate(span.File.Text[i])) count++;
        return count;
    }
}

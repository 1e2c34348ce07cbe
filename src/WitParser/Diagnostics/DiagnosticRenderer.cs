using System.Collections.Generic;
using System.Text;
using WitBindgen.WitParser.Text;

namespace WitBindgen.WitParser.Diagnostics;

/// <summary>Renders diagnostics for people (the reference's layout with a source snippet) and for MSBuild/IDEs.</summary>
public static class DiagnosticRenderer
{
    // Lines longer than this are not quoted; the reference prints `path:line:col: message` instead.
    private const int MaxQuotedLineBytes = 500;

    /// <summary>
    /// The reference layout: outer context messages joined with <c>": "</c>, then the message, then
    /// <c>--&gt; path:line:col</c>, the source line and a caret under the span.
    /// </summary>
    public static string RenderHuman(Diagnostic diagnostic)
    {
        var prefix = new StringBuilder();
        foreach (var outer in diagnostic.Context) prefix.Append(outer).Append(": ");

        if (diagnostic.Span is not { } span) return prefix + diagnostic.Message;

        var (line, column) = span.File.LineColumn(span.Start);
        var lineText = span.File.LineText(line);
        if (Encoding.UTF8.GetByteCount(lineText) > MaxQuotedLineBytes)
            return $"{prefix}{span.File.Path}:{line}:{column}: {diagnostic.Message}";

        var sb = new StringBuilder();
        sb.Append(prefix).Append(diagnostic.Message).Append('\n');
        sb.Append("     --> ").Append(span.File.Path).Append(':').Append(line).Append(':').Append(column).Append('\n');
        sb.Append("      |\n");
        sb.Append(' ').Append(line.ToString().PadLeft(4)).Append(" | ").Append(lineText).Append('\n');
        sb.Append("      | ").Append(new string(' ', column - 1)).Append('^');
        int width = CharCount(span);
        if (width > 1) sb.Append('-', width - 1);
        return sb.ToString();
    }

    /// <summary>The MSBuild/IDE layout: <c>path(line,col): error WIT0001: message</c>.</summary>
    public static string RenderMsBuild(Diagnostic diagnostic)
    {
        var severity = diagnostic.Severity == Severity.Error ? "error" : "warning";
        var message = string.Join(": ", new List<string>(diagnostic.Context) { diagnostic.Message });
        if (diagnostic.Span is not { } span) return $"wit-bindgen : {severity} {diagnostic.Code}: {message}";
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

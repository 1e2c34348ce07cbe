using System.Linq;
using System.Text;
using WitBindgen.WitParser.Diagnostics;

namespace WitBindgen.WitParser.Tests.Corpora;

/// <summary>Renders a diagnostic the way wit-parser prints errors (`ctx: ctx: msg` with a source snippet).</summary>
internal static class ReferenceErrorFormatter
{
    public static string Format(Diagnostic d)
    {
        var sb = new StringBuilder();
        foreach (var ctx in d.Context) sb.Append(ctx).Append(": ");
        if (d.Span is not { } span || span.File is null)
        {
            sb.Append(d.Message);
            return sb.ToString();
        }
        var (line, col) = span.File.LineColumn(span.Start);
        var text = span.File.LineText(line);
        if (Encoding.UTF8.GetByteCount(text) > 500)
        {
            sb.Append($"{span.File.Path}:{line}:{col}: {d.Message}");
            return sb.ToString();
        }
        sb.Append(d.Message).Append('\n');
        sb.Append($"     --> {span.File.Path}:{line}:{col}\n");
        sb.Append("      |\n");
        sb.Append($" {line,4} | {text}\n");
        sb.Append("      | ").Append(new string(' ', col - 1)).Append('^');
        int end = System.Math.Min(span.End, span.File.Text.Length);
        int start = System.Math.Min(span.Start, end);
        var covered = span.File.Text.Substring(start, end - start);
        int chars = 0;
        for (int i = 0; i < covered.Length; i++) { if (!char.IsLowSurrogate(covered[i])) chars++; }
        if (chars > 1) sb.Append('-', chars - 1);
        return sb.ToString();
    }

    /// <summary>The `file:line:col` after `--> ` (or of the long-line form), or null.</summary>
    public static string? Location(string rendered)
    {
        var m = System.Text.RegularExpressions.Regex.Match(rendered, @"--> (\S+:\d+:\d+)");
        if (m.Success) return m.Groups[1].Value;
        m = System.Text.RegularExpressions.Regex.Match(rendered, @"(\S+\.wit:\d+:\d+): ");
        return m.Success ? m.Groups[1].Value : null;
    }

    public static string FirstLine(string rendered) => rendered.Split('\n').First();
}

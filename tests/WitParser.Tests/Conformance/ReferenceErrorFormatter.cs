using System.Linq;

namespace WitBindgen.WitParser.Tests.Corpora;

/// <summary>Picks apart errors rendered in wit-parser's layout (ours via DiagnosticRenderer, or an expected .result).</summary>
internal static class ReferenceErrorFormatter
{
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

using System.Collections.Generic;
using System.Text;

namespace WitBindgen.Generator.Naming;

/// <summary>Turns WIT doc comments into escaped XML doc comment lines.</summary>
internal static class XmlDocs
{
    /// <summary>
    /// <c>/// &lt;summary&gt;</c> lines for <paramref name="docs"/>, or a single summary line with
    /// <paramref name="fallback"/> when the WIT has no docs. Text is XML-escaped, so <c>&lt;</c>,
    /// <c>&amp;</c> and <c>*/</c> cannot break the generated file.
    /// </summary>
    public static List<string> Summary(string? docs, string? fallback = null)
    {
        var lines = new List<string>();
        var text = string.IsNullOrWhiteSpace(docs) ? fallback : docs;
        if (text is null) return lines;
        lines.Add("/// <summary>");
        foreach (var raw in text!.Replace("\r\n", "\n").Split('\n'))
            lines.Add(("/// " + Escape(raw.TrimEnd())).TrimEnd());
        lines.Add("/// </summary>");
        return lines;
    }

    /// <summary>A <c>/// &lt;param&gt;</c> line (empty when there are no docs).</summary>
    public static List<string> Param(string name, string? docs)
    {
        var lines = new List<string>();
        if (string.IsNullOrWhiteSpace(docs)) return lines;
        var text = string.Join(" ", docs!.Replace("\r\n", "\n").Split('\n')).Trim();
        lines.Add($"/// <param name=\"{name}\">{Escape(text)}</param>");
        return lines;
    }

    /// <summary>XML-escapes text for a doc comment.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                default:
                    // Control characters other than tab are invalid in XML and in a comment line.
                    if (c < ' ' && c != '\t') sb.Append(' ');
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}

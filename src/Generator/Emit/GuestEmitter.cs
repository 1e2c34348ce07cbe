using System.Collections.Generic;
using WitBindgen.Generator.Model;

namespace WitBindgen.Generator.Emit;

/// <summary>Renders a <see cref="WorldBinding"/> into C# files, one per interface and direction.</summary>
internal static class GuestEmitter
{
    public static IReadOnlyList<GeneratedFile> Emit(WorldBinding binding)
    {
        var files = new List<GeneratedFile>();
        var used = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var iface in binding.Interfaces)
        {
            var hint = $"{iface.Namespace}.{iface.ClassName}";
            var unique = hint;
            for (int i = 2; !used.Add(unique); i++) unique = hint + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            files.Add(new GeneratedFile(unique + ".g.cs", Tidy(TemplateRenderer.Render("Interface.scriban", iface))));
        }
        return files;
    }

    /// <summary>
    /// Layout pass over rendered text: trims trailing whitespace, collapses blank runs and puts one blank
    /// line between members (after a closing brace or #endif followed by another member at the same depth).
    /// </summary>
    internal static string Tidy(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var output = new List<string>(lines.Length + lines.Length / 4);
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            var previous = output.Count > 0 ? output[output.Count - 1] : null;
            if (line.Length == 0)
            {
                if (previous is null || previous.Length == 0 || previous.EndsWith("{", System.StringComparison.Ordinal)) continue;
                output.Add(line);
                continue;
            }
            var trimmed = line.TrimStart();
            bool previousEndsMember = previous is { Length: > 0 } && (previous.Trim() == "}" || previous.Trim() == "#endif"
                || (previous.TrimStart().StartsWith("public sealed record", System.StringComparison.Ordinal) && previous.EndsWith(";", System.StringComparison.Ordinal)));
            if (previousEndsMember && previous is not null
                && Indent(previous) == Indent(line) && !trimmed.StartsWith("}", System.StringComparison.Ordinal)
                && !trimmed.StartsWith("else", System.StringComparison.Ordinal) && !trimmed.StartsWith("catch", System.StringComparison.Ordinal)
                && !trimmed.StartsWith("finally", System.StringComparison.Ordinal) && !trimmed.StartsWith("#", System.StringComparison.Ordinal))
                output.Add("");
            if (trimmed.StartsWith("}", System.StringComparison.Ordinal) && previous is { Length: 0 }) output.RemoveAt(output.Count - 1);
            output.Add(line);
        }
        while (output.Count > 0 && output[output.Count - 1].Length == 0) output.RemoveAt(output.Count - 1);
        return string.Join("\n", output) + "\n";
    }

    private static int Indent(string line)
    {
        int i = 0;
        while (i < line.Length && line[i] == ' ') i++;
        return i;
    }
}

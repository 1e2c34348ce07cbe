using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace WitBindgen.Tests;

/// <summary>The top-level forms of a .wast script, and the component text among them.</summary>
internal static class WastForms
{
    // `(component ...)` and `(component definition $X ...)` forms; instances and assertions are skipped.
    internal static string? ComponentText(string form)
    {
        var m = Regex.Match(form, @"^\(component(\s+definition)?(\s+\$[^\s()]+)?");
        if (!m.Success) return null;
        if (Regex.IsMatch(form, @"^\(component\s+instance\b")) return null;
        if (m.Groups[1].Success) return "(component" + m.Groups[2].Value + form.Substring(m.Length);
        return form;
    }

    internal static IEnumerable<string> TopLevelForms(string text)
    {
        int depth = 0, start = -1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == ';' && i + 1 < text.Length && text[i + 1] == ';')
            {
                while (i < text.Length && text[i] != '\n') i++;
                continue;
            }
            if (c == '(' && i + 1 < text.Length && text[i + 1] == ';')
            {
                int nest = 1;
                i += 2;
                while (i < text.Length && nest > 0)
                {
                    if (text[i] == '(' && i + 1 < text.Length && text[i + 1] == ';') { nest++; i += 2; continue; }
                    if (text[i] == ';' && i + 1 < text.Length && text[i + 1] == ')') { nest--; i += 2; continue; }
                    i++;
                }
                i--;
                continue;
            }
            if (c == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++) if (text[i] == '\\') i++;
                continue;
            }
            if (c == '(')
            {
                if (depth == 0) start = i;
                depth++;
            }
            else if (c == ')')
            {
                depth--;
                if (depth == 0 && start >= 0) { yield return text.Substring(start, i - start + 1); start = -1; }
            }
        }
    }
}

using System;
using System.IO;
using System.Text;

namespace WitBindgen.Cli.Commands;

/// <summary>
/// ANSI colours for printed WebAssembly text, as wasm-tools colours it on a terminal: field and instruction keywords,
/// <c>$id</c>s, strings, numbers and comments each in their own colour.
/// </summary>
internal static class WatColor
{
    private const string Keyword = "\u001b[35m", Id = "\u001b[36m", Literal = "\u001b[32m", Number = "\u001b[33m", Comment = "\u001b[90m", Reset = "\u001b[0m";

    /// <summary>
    /// Whether to colour: <c>always</c>, <c>never</c>, or for <c>auto</c> only when writing to the console's own
    /// output, that output is not redirected, and <c>NO_COLOR</c> is not set (no-color.org).
    /// </summary>
    public static bool Enabled(string mode, TextWriter stdout) => mode switch
    {
        "always" => true,
        "never" => false,
        _ => ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")),
    };

    /// <summary>The text with colour escapes around its tokens; removing them gives the text back.</summary>
    public static string Apply(string text)
    {
        var s = new StringBuilder(text.Length * 2);
        int i = 0;
        bool afterParen = false;
        while (i < text.Length)
        {
            char c = text[i];
            int start = i;
            if (c == '(' && i + 1 < text.Length && text[i + 1] == ';')
            {
                int end = text.IndexOf(";)", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
                Wrap(s, Comment, text, start, i);
                continue;
            }
            if (c == ';' && i + 1 < text.Length && text[i + 1] == ';')
            {
                while (i < text.Length && text[i] != '\n') i++;
                Wrap(s, Comment, text, start, i);
                continue;
            }
            if (c == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++) if (text[i] == '\\') i++;
                i = Math.Min(text.Length, i + 1);
                Wrap(s, Literal, text, start, i);
                afterParen = false;
                continue;
            }
            if (c is '(' or ')' or ' ' or '\n' or '\t')
            {
                s.Append(c);
                i++;
                if (c == '(') afterParen = true;
                else if (c != ' ') afterParen = false;
                continue;
            }
            while (i < text.Length && text[i] is not ('(' or ')' or ' ' or '\n' or '\t' or '"')) i++;
            string color = c == '$' ? Id
                : char.IsDigit(c) || ((c is '-' or '+') && i > start + 1 && char.IsDigit(text[start + 1])) ? Number
                : afterParen || IsInstruction(text, start, i) ? Keyword
                : "";
            Wrap(s, color, text, start, i);
            afterParen = false;
        }
        return s.ToString();
    }

    // An instruction or other bare keyword at the start of a line (function bodies are printed flat).
    private static bool IsInstruction(string text, int start, int end)
    {
        int k = start - 1;
        while (k >= 0 && text[k] == ' ') k--;
        return (k < 0 || text[k] == '\n') && end > start && char.IsLetter(text[start]);
    }

    private static void Wrap(StringBuilder s, string color, string text, int start, int end)
    {
        if (color.Length == 0) { s.Append(text, start, end - start); return; }
        s.Append(color).Append(text, start, end - start).Append(Reset);
    }
}

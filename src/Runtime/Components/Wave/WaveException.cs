using System;

namespace WitBindgen.Runtime.Components;

/// <summary>WAVE text that does not encode a value of the expected type. The message ends with the position,
/// e.g. <c>expected `,` or `]`, found `}` (at column 7)</c>.</summary>
public sealed class WaveException : FormatException
{
    /// <summary>Creates the exception for <paramref name="detail"/> at <paramref name="offset"/> of <paramref name="text"/>.</summary>
    public WaveException(string detail, string text, int offset)
        : base(detail + " " + Describe(text, offset, out var line, out var column))
    {
        Detail = detail;
        Text = text;
        Offset = offset;
        Line = line;
        Column = column;
    }

    /// <summary>The problem without the position.</summary>
    public string Detail { get; }

    /// <summary>The text being parsed.</summary>
    public string Text { get; }

    /// <summary>Zero-based offset (UTF-16 code units) of the problem in <see cref="Text"/>.</summary>
    public int Offset { get; }

    /// <summary>One-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>One-based column (in characters of the line) of the problem.</summary>
    public int Column { get; }

    private static string Describe(string text, int offset, out int line, out int column)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n') { line++; lineStart = i + 1; }
        }
        column = offset - lineStart + 1;
        return text.IndexOf('\n') < 0 ? $"(at column {column})" : $"(at line {line}, column {column})";
    }
}

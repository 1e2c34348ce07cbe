namespace WitBindgen.WitParser.Text;

/// <summary>One WIT source text with the path it was read from (as given by the caller).</summary>
public sealed class SourceFile
{
    private int[]? _lineStarts;

    /// <summary>Creates a source file. <paramref name="text"/> is the text after the whole-file prechecks (BOM eaten, CRLF folded).</summary>
    public SourceFile(string path, string text)
    {
        Path = path;
        Text = text;
    }

    /// <summary>The path used in diagnostics.</summary>
    public string Path { get; }

    /// <summary>The (normalized) text.</summary>
    public string Text { get; }

    /// <summary>1-based line and 1-based UTF-8 byte column of a character offset.</summary>
    public (int Line, int Column) LineColumn(int offset)
    {
        var starts = LineStarts();
        int line = System.Array.BinarySearch(starts, offset);
        if (line < 0) line = ~line - 1;
        int lineStart = starts[line];
        int end = System.Math.Min(offset, Text.Length);
        int bytes = System.Text.Encoding.UTF8.GetByteCount(Text.Substring(lineStart, end - lineStart));
        return (line + 1, bytes + 1);
    }

    /// <summary>The text of a 1-based line without its line terminator; empty past the end of the file.</summary>
    public string LineText(int line)
    {
        var starts = LineStarts();
        if (line < 1 || line > starts.Length) return string.Empty;
        int start = starts[line - 1];
        int end = line < starts.Length ? starts[line] - 1 : Text.Length;
        return Text.Substring(start, System.Math.Max(0, end - start));
    }

    private int[] LineStarts()
    {
        if (_lineStarts is { } cached) return cached;
        var list = new System.Collections.Generic.List<int> { 0 };
        for (int i = 0; i < Text.Length; i++)
            if (Text[i] == '\n') list.Add(i + 1);
        return _lineStarts = list.ToArray();
    }
}

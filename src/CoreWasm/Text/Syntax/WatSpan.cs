namespace WitBindgen.CoreWasm.Text.Syntax;

/// <summary>A position in WAT source: 1-based line and column, 0-based character offset.</summary>
internal readonly struct WatSpan
{
    public WatSpan(int line, int column, int offset, string? path = null)
    {
        Line = line;
        Column = column;
        Offset = offset;
        Path = path;
    }

    public int Line { get; }
    public int Column { get; }
    public int Offset { get; }
    /// <summary>The source file, carried so errors raised far from the reader still name it.</summary>
    public string? Path { get; }

    /// <summary>An exception for a problem at this position.</summary>
    public WatException Error(string problem) => new(problem, Path, Line, Column);

    public override string ToString() => $"{Path ?? "<input>"}:{Line}:{Column}";
}

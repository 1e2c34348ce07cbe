namespace WitBindgen.WitParser.Text;

/// <summary>A half-open range of character offsets [Start, End) in one <see cref="SourceFile"/>.</summary>
/// <param name="File">The source file the range lies in.</param>
/// <param name="Start">Offset of the first character covered.</param>
/// <param name="End">Offset just past the last character covered.</param>
public readonly record struct Span(SourceFile File, int Start, int End)
{
    /// <summary>Number of characters covered.</summary>
    public int Length => End - Start;

    /// <summary>The covered text.</summary>
    public string Text => File.Text.Substring(Start, End - Start);

    /// <summary>A span from the start of this one to the end of <paramref name="other"/>.</summary>
    public Span To(Span other) => new(File, Start, other.End);
}

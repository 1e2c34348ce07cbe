using System;

namespace WitBindgen.CoreWasm.Text;

/// <summary>
/// WebAssembly text (WAT) that cannot be read or assembled. The message has the form
/// <c>path:line:column: problem</c>; <see cref="Problem"/> holds the problem alone.
/// </summary>
public sealed class WatException : Exception
{
    /// <summary>Creates the exception for a problem at a 1-based line and column.</summary>
    public WatException(string problem, string? path, int line, int column)
        : base($"{path ?? "<input>"}:{line}:{column}: {problem}")
    {
        Problem = problem;
        Path = path;
        Line = line;
        Column = column;
    }

    /// <summary>What is wrong, without location.</summary>
    public string Problem { get; }
    /// <summary>The file the text came from, if known.</summary>
    public string? Path { get; }
    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }
    /// <summary>1-based column of the problem.</summary>
    public int Column { get; }

    /// <inheritdoc />
    public override string ToString() => Message;
}

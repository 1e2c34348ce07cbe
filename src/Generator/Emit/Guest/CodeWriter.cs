using System.Collections.Generic;
using System.Globalization;

namespace WitBindgen.Generator.Emit.Guest;

/// <summary>
/// Collects indented statement lines and hands out unique local names. Layout is decided here, while
/// writing: a statement that follows a closed block at the same depth is separated by one blank line
/// (except the block's own continuations: <c>else</c>, <c>catch</c>, <c>finally</c>).
/// </summary>
internal sealed class CodeWriter
{
    private readonly List<string> _lines = new();
    private int _indent;
    private int _temp;
    private int _closedAt = -1;

    public List<string> Lines => _lines;

    public void Line(string text)
    {
        if (_closedAt == _indent && !IsContinuation(text)) _lines.Add("");
        _closedAt = -1;
        _lines.Add(new string(' ', _indent * 4) + text);
    }

    public void Open(string header)
    {
        if (header.Length > 0) Line(header);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        _closedAt = -1;
        Line("}" + suffix);
        _closedAt = _indent;
    }

    /// <summary>Closes a block and opens the next on the same line (<c>}, next =&gt;</c> then <c>{</c>).</summary>
    public void Reopen(string between)
    {
        _indent--;
        _closedAt = -1;
        Line("}" + between);
        Line("{");
        _indent++;
    }

    public void Indent() { _indent++; _closedAt = -1; }
    public void Dedent() { _indent--; _closedAt = -1; }

    /// <summary>A fresh local name.</summary>
    public string Temp(string prefix) => "__" + prefix + (_temp++).ToString(CultureInfo.InvariantCulture);

    private static bool IsContinuation(string text) =>
        text.StartsWith("else", System.StringComparison.Ordinal) || text.StartsWith("catch", System.StringComparison.Ordinal)
        || text.StartsWith("finally", System.StringComparison.Ordinal) || text.StartsWith("}", System.StringComparison.Ordinal)
        || text.StartsWith("#", System.StringComparison.Ordinal);
}

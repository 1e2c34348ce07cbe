using System.Collections.Generic;
using System.Globalization;

namespace WitBindgen.Generator.Abi;

/// <summary>Collects indented statement lines and hands out unique local names.</summary>
internal sealed class CodeWriter
{
    private readonly List<string> _lines = new();
    private int _indent;
    private int _temp;

    public List<string> Lines => _lines;

    public void Line(string text) => _lines.Add(new string(' ', _indent * 4) + text);

    public void Open(string header)
    {
        if (header.Length > 0) Line(header);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    public void Indent() => _indent++;
    public void Dedent() => _indent--;

    /// <summary>A fresh local name.</summary>
    public string Temp(string prefix) => "__" + prefix + (_temp++).ToString(CultureInfo.InvariantCulture);
}

using System.Text;
using WitBindgen.WitParser.Model;

namespace WitBindgen.WitParser.Output;

/// <summary>Line-oriented text output with two-space indentation, docs and stability attributes.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public IndentedWriter Indent() { _depth++; return this; }
    public IndentedWriter Dedent() { _depth--; return this; }

    public IndentedWriter Line(string text = "")
    {
        if (text.Length > 0) _text.Append(' ', _depth * 2).Append(text);
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes docs as <c>///</c> lines (an empty doc line stays as a bare <c>///</c>).</summary>
    public void Docs(string? docs)
    {
        if (docs is null) return;
        foreach (var line in docs.Split('\n')) Line(line.Length == 0 ? "///" : "/// " + line);
    }

    /// <summary>Writes <c>@since</c>/<c>@unstable</c>/<c>@deprecated</c>/<c>@external-id</c> lines.</summary>
    public void Attributes(Stability stability, string? externalId)
    {
        switch (stability)
        {
            case StableStability s:
                Line($"@since(version = {s.Since})");
                break;
            case UnstableStability u:
                Line($"@unstable(feature = {WitNames.Escape(u.Feature)})");
                break;
        }
        if (stability.Deprecated is { } deprecated) Line($"@deprecated(version = {deprecated})");
        if (externalId is not null) Line($"@external-id(\"{externalId.Replace("\\", "\\\\").Replace("\"", "\\\"")}\")");
    }

    public override string ToString() => _text.ToString();
}

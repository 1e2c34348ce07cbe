using System.Collections.Generic;
using System.Text;

namespace WitBindgen.CoreWasm.Text.Syntax;

/// <summary>One s-expression: a parenthesised <see cref="WatList"/> or a single token <see cref="WatAtom"/>.</summary>
internal abstract class WatNode
{
    protected WatNode(WatSpan span) => Span = span;

    /// <summary>Where the node starts (the '(' of a list).</summary>
    public WatSpan Span { get; }

    /// <summary>An exception for a problem at this node.</summary>
    public WatException Error(string problem) => Span.Error(problem);
}

/// <summary>A parenthesised list. An annotation <c>(@name ...)</c> is a list whose first item is an <see cref="WatAtomKind.Annotation"/> atom.</summary>
internal sealed class WatList : WatNode
{
    public WatList(WatSpan span, IReadOnlyList<WatNode> items, WatSpan end) : base(span)
    {
        Items = items;
        End = end;
    }

    public IReadOnlyList<WatNode> Items { get; }
    /// <summary>Position of the closing ')'.</summary>
    public WatSpan End { get; }

    /// <summary>The keyword the list starts with, or null.</summary>
    public string? Head => Items.Count > 0 && Items[0] is WatAtom { Kind: WatAtomKind.Keyword } a ? a.Text : null;

    /// <summary>The annotation name when this is <c>(@name ...)</c>, else null.</summary>
    public string? AnnotationName => Items.Count > 0 && Items[0] is WatAtom { Kind: WatAtomKind.Annotation } a ? a.Text : null;

    public override string ToString()
    {
        var sb = new StringBuilder("(");
        for (int i = 0; i < Items.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(Items[i]);
        }
        return sb.Append(')').ToString();
    }
}

/// <summary>Kinds of tokens.</summary>
internal enum WatAtomKind
{
    /// <summary>Starts with a lowercase letter: <c>func</c>, <c>i32.add</c>, <c>offset=4</c>.</summary>
    Keyword,
    /// <summary><c>$x</c> or <c>$"x"</c>; <see cref="WatAtom.Text"/> is without the '$'.</summary>
    Id,
    /// <summary>A string literal; <see cref="WatAtom.StringBytes"/> holds its bytes.</summary>
    String,
    /// <summary>An integer literal (decimal or hex, optional sign and '_' separators); Text is the source text.</summary>
    Integer,
    /// <summary>A float literal (incl. <c>inf</c>, <c>nan</c>, <c>nan:0x..</c>, hex floats); Text is the source text.</summary>
    Float,
    /// <summary>Any other token.</summary>
    Reserved,
    /// <summary>The head of an annotation <c>(@name ...)</c>; Text is the name.</summary>
    Annotation,
}

/// <summary>One token.</summary>
internal sealed class WatAtom : WatNode
{
    public WatAtom(WatSpan span, WatAtomKind kind, string text, byte[]? stringBytes = null, bool validUtf8 = true) : base(span)
    {
        Kind = kind;
        Text = text;
        StringBytes = stringBytes;
        IsValidUtf8 = validUtf8;
    }

    public WatAtomKind Kind { get; }
    /// <summary>Source text, or for strings/ids the UTF-8 decoding of the value (invalid sequences replaced).</summary>
    public string Text { get; }
    /// <summary>Decoded bytes of a string literal (or of a <c>$"..."</c> id); null otherwise.</summary>
    public byte[]? StringBytes { get; }
    /// <summary>Whether <see cref="StringBytes"/> (if any) are well-formed UTF-8.</summary>
    public bool IsValidUtf8 { get; }

    /// <summary>The string as a name: throws "malformed UTF-8 encoding" when its bytes are not valid UTF-8.</summary>
    public string GetName()
    {
        if (!IsValidUtf8) throw Error("malformed UTF-8 encoding");
        return Text;
    }

    public bool IsKeyword(string keyword) => Kind == WatAtomKind.Keyword && Text == keyword;

    public override string ToString() => Kind switch
    {
        WatAtomKind.Id => "$" + Text,
        WatAtomKind.String => "\"" + Text + "\"",
        WatAtomKind.Annotation => "@" + Text,
        _ => Text,
    };
}

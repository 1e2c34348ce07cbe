using System.Collections.Generic;

namespace WitBindgen.CoreWasm.Text.Syntax;

/// <summary>
/// Walks the items of one list left to right with the small look-ahead the text format needs.
/// Annotations other than the ones a caller asks for are skipped, as the text format allows them anywhere.
/// </summary>
internal sealed class WatCursor
{
    private readonly IReadOnlyList<WatNode> _items;
    private int _pos;

    public WatCursor(WatList list, int start = 0)
    {
        List = list;
        _items = list.Items;
        _pos = start;
        SkipAnnotations();
    }

    /// <summary>The list being walked.</summary>
    public WatList List { get; }

    public bool AtEnd => _pos >= _items.Count;

    /// <summary>Where the next item starts (the closing ')' at the end).</summary>
    public WatSpan Here => AtEnd ? List.End : _items[_pos].Span;

    public WatNode? Peek() => AtEnd ? null : _items[_pos];

    /// <summary>The item after the next one.</summary>
    public WatNode? Peek2()
    {
        int p = _pos + 1;
        while (p < _items.Count && _items[p] is WatList { AnnotationName: not null }) p++;
        return p < _items.Count ? _items[p] : null;
    }

    public WatNode Next()
    {
        if (AtEnd) throw Here.Error("unexpected end of list");
        var node = _items[_pos++];
        SkipAnnotations();
        return node;
    }

    private void SkipAnnotations()
    {
        while (_pos < _items.Count && _items[_pos] is WatList { AnnotationName: not null }) _pos++;
    }

    public bool PeekKeyword(string keyword) => Peek() is WatAtom a && a.IsKeyword(keyword);

    public bool PeekKind(WatAtomKind kind) => Peek() is WatAtom a && a.Kind == kind;

    public bool TryKeyword(string keyword)
    {
        if (!PeekKeyword(keyword)) return false;
        Next();
        return true;
    }

    public void ExpectKeyword(string keyword)
    {
        if (!TryKeyword(keyword)) throw Here.Error($"expected keyword `{keyword}`");
    }

    /// <summary>The next keyword or null (nothing is consumed when it is not a keyword).</summary>
    public WatAtom? TryAnyKeyword() => Peek() is WatAtom { Kind: WatAtomKind.Keyword } ? (WatAtom)Next() : null;

    public WatAtom? TryId() => PeekKind(WatAtomKind.Id) ? (WatAtom)Next() : null;

    public WatAtom? TryString() => PeekKind(WatAtomKind.String) ? (WatAtom)Next() : null;

    public WatAtom ExpectString() => TryString() ?? throw Here.Error("expected a string");

    public WatAtom? TryInteger() => PeekKind(WatAtomKind.Integer) ? (WatAtom)Next() : null;

    public uint ExpectU32() => WatNumbers.ParseU32(TryInteger() ?? throw Here.Error("expected a u32"));

    /// <summary>Whether the next item is a list starting with <paramref name="head"/>.</summary>
    public bool PeekList(string head) => Peek() is WatList l && l.Head == head;

    /// <summary>Whether the next item is a list whose first two keywords are <paramref name="head"/> <paramref name="second"/>.</summary>
    public bool PeekList(string head, string second) =>
        Peek() is WatList l && l.Head == head && l.Items.Count > 1 && l.Items[1] is WatAtom a && a.IsKeyword(second);

    public WatList? TryList(string head) => PeekList(head) ? (WatList)Next() : null;

    public WatList? TryList() => Peek() is WatList ? (WatList)Next() : null;

    public WatList ExpectList() => TryList() ?? throw Here.Error("expected '('");

    public WatList ExpectList(string head) => TryList(head) ?? throw Here.Error($"expected `({head} ...)`");

    public void ExpectEnd()
    {
        if (!AtEnd) throw Here.Error(Peek() is WatList ? "unexpected '('" : $"unexpected token `{Peek()}`, expected ')'");
    }

    /// <summary>A cursor over a nested list, positioned after its head keyword(s).</summary>
    public static WatCursor Inside(WatList list, int skip = 1) => new(list, skip);
}

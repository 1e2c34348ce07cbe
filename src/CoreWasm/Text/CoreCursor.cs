using System.Collections.Generic;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.CoreWasm.Text;

/// <summary>A read position inside one list's items, with the small look-ahead helpers the grammar needs.</summary>
internal sealed class CoreCursor
{
    public CoreCursor(WatList owner, int start = 1)
    {
        Owner = owner;
        Items = owner.Items;
        Pos = start;
    }

    public WatList Owner { get; }
    public IReadOnlyList<WatNode> Items { get; }
    public int Pos { get; set; }

    public bool AtEnd => Pos >= Items.Count;

    public WatNode? Peek(int ahead = 0) => Pos + ahead < Items.Count ? Items[Pos + ahead] : null;

    public WatNode Next()
    {
        if (AtEnd) throw Owner.End.Error("unexpected end of list");
        return Items[Pos++];
    }

    public bool PeekKeyword(string keyword, int ahead = 0) => Peek(ahead) is WatAtom a && a.IsKeyword(keyword);

    public bool PeekKind(WatAtomKind kind, int ahead = 0) => Peek(ahead) is WatAtom a && a.Kind == kind;

    /// <summary>Whether the next item is a list headed by <paramref name="head"/>.</summary>
    public bool PeekList(string head, int ahead = 0) => Peek(ahead) is WatList l && l.Head == head;

    public bool TakeKeyword(string keyword)
    {
        if (!PeekKeyword(keyword)) return false;
        Pos++;
        return true;
    }

    public WatList? TakeList(string head)
    {
        if (!PeekList(head)) return null;
        return (WatList)Items[Pos++];
    }

    /// <summary>An optional <c>$id</c>.</summary>
    public WatAtom? TakeId()
    {
        if (!PeekKind(WatAtomKind.Id)) return null;
        return (WatAtom)Items[Pos++];
    }

    /// <summary>An optional index: an integer or an <c>$id</c>.</summary>
    public WatAtom? TakeIndex()
    {
        if (Peek() is WatAtom { Kind: WatAtomKind.Integer or WatAtomKind.Id } a)
        {
            Pos++;
            return a;
        }
        return null;
    }

    public WatAtom ExpectIndex(string what)
    {
        return TakeIndex() ?? throw Unexpected(what);
    }

    /// <summary>
    /// The error for a missing immediate. Like the reference parser, a keyword where an immediate belongs is
    /// read as the next instruction, so it is reported as an unknown operator when it is not one.
    /// </summary>
    public WatException Unexpected(string what)
    {
        if (Peek() is WatAtom { Kind: WatAtomKind.Keyword or WatAtomKind.Reserved } a)
            return a.Error($"unknown operator {a.Text} (expected {what})");
        return Error("unexpected token, expected " + what);
    }

    public WatAtom ExpectString(string what)
    {
        if (Peek() is WatAtom { Kind: WatAtomKind.String } a)
        {
            Pos++;
            return a;
        }
        throw Error("expected " + what);
    }

    public WatList ExpectList(string head)
    {
        return TakeList(head) ?? throw Error("expected (" + head + " ...)");
    }

    /// <summary>An error at the next item, or at the closing paren when there is none.</summary>
    public WatException Error(string problem) => Peek() is { } node ? node.Error(problem) : Owner.End.Error(problem);

    /// <summary>Fails when items are left over.</summary>
    public void ExpectEnd()
    {
        if (!AtEnd) throw Error("unexpected token");
    }
}

using System.Collections.Generic;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.CoreWasm.Text;

/// <summary>One index space (types, functions, locals, ...): the count so far and the <c>$id</c>s bound in it.</summary>
internal sealed class CoreIndexSpace
{
    private readonly Dictionary<string, uint> _ids = new();

    public CoreIndexSpace(string kind) => Kind = kind;

    /// <summary>The word errors use: "func", "local", "type", ...</summary>
    public string Kind { get; }

    public uint Count { get; private set; }

    /// <summary>The id bound to each index (null when none), for the name section.</summary>
    public List<string?> Names { get; } = new();

    /// <summary>Appends an item and binds its id; a second binding of the same id is an error.</summary>
    public uint Add(WatAtom? id)
    {
        uint index = Count++;
        Names.Add(id?.Text);
        if (id is not null)
        {
            if (_ids.ContainsKey(id.Text)) throw id.Error($"duplicate {Kind} ${id.Text}");
            _ids.Add(id.Text, index);
        }
        return index;
    }

    public bool TryGet(string id, out uint index) => _ids.TryGetValue(id, out index);

    /// <summary>A numeric index as written, or the index an <c>$id</c> is bound to.</summary>
    public uint Resolve(WatAtom atom)
    {
        if (atom.Kind == WatAtomKind.Integer) return WatNumbers.ParseU32(atom);
        if (atom.Kind != WatAtomKind.Id) throw atom.Error($"expected a {Kind} index");
        if (_ids.TryGetValue(atom.Text, out uint index)) return index;
        throw atom.Error($"unknown {Kind} ${atom.Text}");
    }

    public uint Resolve(CoreRef reference) => reference.Atom is { } atom ? Resolve(atom) : reference.Fixed;
}

using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>How an index-space entry was created.</summary>
public enum IndexOrigin
{
    /// <summary>An import.</summary>
    Import,
    /// <summary>An export that also defines an index (a component-level export).</summary>
    Export,
    /// <summary>An alias of an instance export or an outer definition.</summary>
    Alias,
    /// <summary>A core module definition.</summary>
    CoreModule,
    /// <summary>A core instance definition.</summary>
    CoreInstance,
    /// <summary>A core type definition.</summary>
    CoreType,
    /// <summary>A nested component definition.</summary>
    Component,
    /// <summary>A component instance definition.</summary>
    Instance,
    /// <summary>A component type definition.</summary>
    Type,
    /// <summary>A canonical definition (lift, lower or a built-in).</summary>
    Canon,
    /// <summary>A start function's results.</summary>
    Start,
}

/// <summary>One entry of an index space: its origin and the position of the definition (section, item).</summary>
/// <param name="Origin">How the entry was created.</param>
/// <param name="Section">The position of the defining section.</param>
/// <param name="Item">The position of the definition within its section.</param>
public readonly record struct IndexEntry(IndexOrigin Origin, int Section, int Item);

/// <summary>The 13 index spaces of a component (8 core, 5 component), filled in definition order.</summary>
public sealed class ComponentIndexSpaces
{
    private readonly List<IndexEntry>[] _spaces = new List<IndexEntry>[13];

    /// <summary>Creates empty spaces.</summary>
    public ComponentIndexSpaces()
    {
        for (int i = 0; i < _spaces.Length; i++) _spaces[i] = new List<IndexEntry>();
    }

    /// <summary>The entries of one space.</summary>
    public IReadOnlyList<IndexEntry> this[Sort sort] => _spaces[(int)sort];

    /// <summary>Number of entries in a space.</summary>
    public int Count(Sort sort) => _spaces[(int)sort].Count;

    internal uint Add(Sort sort, IndexEntry entry)
    {
        var list = _spaces[(int)sort];
        list.Add(entry);
        return (uint)(list.Count - 1);
    }
}

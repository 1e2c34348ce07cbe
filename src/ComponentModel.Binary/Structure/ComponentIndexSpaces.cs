using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>How an index-space entry was created.</summary>
public enum IndexOrigin
{
    Import, Export, Alias, CoreModule, CoreInstance, CoreType, Component, Instance, Type, Canon, Start,
}

/// <summary>One entry of an index space: its origin and the position of the definition (section, item).</summary>
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

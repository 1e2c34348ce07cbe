using System.Collections;
using System.Collections.Generic;

namespace WitBindgen.WitParser.Model;

/// <summary>
/// A list of <typeparamref name="T"/> addressed by typed ids (<see cref="Id{T}"/>): the arenas of a
/// <see cref="Resolve"/>. Enumerates the items in id order.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class Arena<T> : IEnumerable<T> where T : class
{
    private readonly List<T> _items = new();

    /// <summary>Number of items.</summary>
    public int Count => _items.Count;

    /// <summary>The item with id <paramref name="id"/>.</summary>
    /// <param name="id">An id of this arena.</param>
    public T this[Id<T> id]
    {
        get => _items[id.Index];
        set => _items[id.Index] = value;
    }

    /// <summary>Whether <paramref name="id"/> names an item of this arena.</summary>
    /// <param name="id">The id to check.</param>
    public bool Contains(Id<T> id) => (uint)id.Index < (uint)_items.Count;

    /// <summary>The id the next <see cref="Add"/> returns.</summary>
    public Id<T> NextId => new(_items.Count);

    /// <summary>Appends an item; returns its id.</summary>
    /// <param name="item">The item to append.</param>
    public Id<T> Add(T item)
    {
        var id = NextId;
        _items.Add(item);
        return id;
    }

    /// <summary>Removes all items.</summary>
    public void Clear() => _items.Clear();

    /// <summary>The ids of all items, in order.</summary>
    public IEnumerable<Id<T>> Ids
    {
        get { for (int i = 0; i < _items.Count; i++) yield return new Id<T>(i); }
    }

    /// <summary>The items with their ids, in order.</summary>
    public IEnumerable<(Id<T> Id, T Item)> Entries
    {
        get { for (int i = 0; i < _items.Count; i++) yield return (new Id<T>(i), _items[i]); }
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

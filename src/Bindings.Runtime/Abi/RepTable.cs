using System;
using System.Collections.Generic;

namespace WitBindgen.Bindings.Abi;

/// <summary>
/// Maps the canonical ABI "rep" (an i32 the component chooses for each exported resource object) to
/// the object. Reps start at 1; freed slots are reused.
/// </summary>
public sealed class RepTable<T> where T : class
{
    private readonly List<T?> _items = new() { null };
    private readonly Stack<int> _free = new();

    /// <summary>Adds an object and returns its rep.</summary>
    public int Add(T item)
    {
        if (_free.Count > 0)
        {
            int rep = _free.Pop();
            _items[rep] = item;
            return rep;
        }
        _items.Add(item);
        return _items.Count - 1;
    }

    /// <summary>The object for a rep.</summary>
    public T Get(int rep) => rep > 0 && rep < _items.Count && _items[rep] is { } item
        ? item : throw new InvalidOperationException($"invalid resource rep {rep}");

    /// <summary>Removes and returns the object for a rep.</summary>
    public T Remove(int rep)
    {
        var item = Get(rep);
        _items[rep] = null;
        _free.Push(rep);
        return item;
    }
}

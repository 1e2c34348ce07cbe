using System.Collections;
using System.Collections.Generic;

namespace WitBindgen.WitParser.Model;

/// <summary>A dictionary that remembers insertion order (the reference's IndexMap); order decides JSON output.</summary>
public sealed class OrderedMap<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>> where TKey : notnull
{
    private readonly List<KeyValuePair<TKey, TValue>> _entries = new();
    private readonly Dictionary<TKey, int> _index = new();

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>Keys in insertion order.</summary>
    public IEnumerable<TKey> Keys { get { foreach (var e in _entries) yield return e.Key; } }

    /// <summary>Values in insertion order.</summary>
    public IEnumerable<TValue> Values { get { foreach (var e in _entries) yield return e.Value; } }

    /// <summary>Gets a value, or replaces it in place (keeping its position), or appends a new entry.</summary>
    public TValue this[TKey key]
    {
        get => _entries[_index[key]].Value;
        set
        {
            if (_index.TryGetValue(key, out var i)) _entries[i] = new(key, value);
            else { _index[key] = _entries.Count; _entries.Add(new(key, value)); }
        }
    }

    /// <summary>The entry at a position.</summary>
    public KeyValuePair<TKey, TValue> At(int position) => _entries[position];

    /// <summary>Adds an entry; returns false (and changes nothing) if the key exists.</summary>
    public bool TryAdd(TKey key, TValue value)
    {
        if (_index.ContainsKey(key)) return false;
        _index[key] = _entries.Count;
        _entries.Add(new(key, value));
        return true;
    }

    /// <summary>Whether the key is present.</summary>
    public bool ContainsKey(TKey key) => _index.ContainsKey(key);

    /// <summary>Looks a key up.</summary>
    public bool TryGetValue(TKey key, out TValue value)
    {
        if (_index.TryGetValue(key, out var i)) { value = _entries[i].Value; return true; }
        value = default!;
        return false;
    }

    /// <summary>Position of a key, or -1.</summary>
    public int IndexOf(TKey key) => _index.TryGetValue(key, out var i) ? i : -1;

    /// <summary>Removes a key, shifting later entries (IndexMap's shift_remove).</summary>
    public bool Remove(TKey key)
    {
        if (!_index.TryGetValue(key, out var i)) return false;
        _entries.RemoveAt(i);
        _index.Remove(key);
        for (int j = i; j < _entries.Count; j++) _index[_entries[j].Key] = j;
        return true;
    }

    /// <summary>Removes all entries.</summary>
    public void Clear() { _entries.Clear(); _index.Clear(); }

    /// <summary>Reorders the entries with a stable sort.</summary>
    public void StableSort(System.Comparison<KeyValuePair<TKey, TValue>> comparison)
    {
        var sorted = new List<(KeyValuePair<TKey, TValue> Entry, int Position)>();
        for (int i = 0; i < _entries.Count; i++) sorted.Add((_entries[i], i));
        sorted.Sort((a, b) => { int c = comparison(a.Entry, b.Entry); return c != 0 ? c : a.Position.CompareTo(b.Position); });
        Clear();
        foreach (var (e, _) in sorted) { _index[e.Key] = _entries.Count; _entries.Add(e); }
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => _entries.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

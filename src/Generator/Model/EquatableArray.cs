using System;
using System.Collections;
using System.Collections.Generic;

namespace WitBindgen.Generator.Model;

/// <summary>
/// An immutable array with structural equality, so binding models compare by value and the
/// incremental source generator can cache on them.
/// </summary>
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly T[]? _items;

    /// <summary>Wraps a copy of <paramref name="items"/>.</summary>
    public EquatableArray(IEnumerable<T> items) => _items = new List<T>(items).ToArray();

    /// <summary>The empty array.</summary>
    public static EquatableArray<T> Empty => default;

    /// <inheritdoc/>
    public int Count => _items?.Length ?? 0;

    /// <inheritdoc/>
    public T this[int index] => (_items ?? Array.Empty<T>())[index];

    /// <inheritdoc/>
    public bool Equals(EquatableArray<T> other)
    {
        if (Count != other.Count) return false;
        var cmp = EqualityComparer<T>.Default;
        for (int i = 0; i < Count; i++)
            if (!cmp.Equals(_items![i], other._items![i])) return false;
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        unchecked
        {
            int h = 17;
            var cmp = EqualityComparer<T>.Default;
            for (int i = 0; i < Count; i++) h = h * 31 + (_items![i] is { } item ? cmp.GetHashCode(item) : 0);
            return h;
        }
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Value equality.</summary>
    public static bool operator ==(EquatableArray<T> a, EquatableArray<T> b) => a.Equals(b);
    /// <summary>Value inequality.</summary>
    public static bool operator !=(EquatableArray<T> a, EquatableArray<T> b) => !a.Equals(b);
}

/// <summary>Helpers to build <see cref="EquatableArray{T}"/>.</summary>
public static class EquatableArray
{
    /// <summary>Copies a sequence into an equatable array.</summary>
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) => new(items);
}

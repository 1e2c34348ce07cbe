using System;

namespace WitBindgen.WitParser.Model;

/// <summary>
/// An id into one arena of a <see cref="Resolve"/> (wit-parser's <c>Id&lt;T&gt;</c>): <c>Id&lt;TypeDef&gt;</c> for
/// <see cref="Resolve.Types"/>. Each arena's ids are their own type, so a type id cannot be passed where an id of
/// another arena is expected. A wrapped <see cref="int"/>: no allocation.
/// </summary>
/// <typeparam name="T">The item type of the arena the id points into.</typeparam>
/// <param name="Index">Position in the arena (also the number the JSON output writes).</param>
public readonly record struct Id<T>(int Index) : IComparable<Id<T>> where T : class
{
    private static readonly string Kind = typeof(T) == typeof(TypeDef) ? "type" : typeof(T).Name.ToLowerInvariant();

    /// <summary>Orders by <see cref="Index"/> (arena order).</summary>
    /// <param name="other">The id to compare with.</param>
    public int CompareTo(Id<T> other) => Index.CompareTo(other.Index);

    /// <summary>The arena and position, e.g. <c>type#12</c>, for diagnostics.</summary>
    public override string ToString() => $"{Kind}#{Index}";
}

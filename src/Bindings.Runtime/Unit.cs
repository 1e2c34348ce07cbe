using System;

namespace WitBindgen.Bindings;

/// <summary>The absent side of a <c>result</c> (<c>result&lt;_, E&gt;</c>, <c>result&lt;T&gt;</c>, <c>result</c>).</summary>
public readonly struct Unit : IEquatable<Unit>
{
    /// <summary>The only value.</summary>
    public static Unit Value => default;
    /// <inheritdoc/>
    public bool Equals(Unit other) => true;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Unit;
    /// <inheritdoc/>
    public override int GetHashCode() => 0;
    /// <inheritdoc/>
    public override string ToString() => "()";
    /// <summary>Always true.</summary>
    public static bool operator ==(Unit a, Unit b) => true;
    /// <summary>Always false.</summary>
    public static bool operator !=(Unit a, Unit b) => false;
}

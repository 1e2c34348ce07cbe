using System;
using System.Collections.Generic;

namespace WitBindgen.Bindings;

/// <summary>
/// The outer level of a nested WIT option (<c>option&lt;option&lt;T&gt;&gt;</c> maps to <c>Option&lt;T?&gt;</c>),
/// where a bare nullable could not tell "none" from "some(none)". Single-level options are plain <c>T?</c>.
/// </summary>
public readonly struct Option<T> : IEquatable<Option<T>>
{
    private readonly T _value;

    private Option(T value)
    {
        _value = value; HasValue = true;
    }

    /// <summary>The <c>none</c> value.</summary>
    public static Option<T> None => default;
    /// <summary>A <c>some</c> value.</summary>
    public static Option<T> Some(T value) => new(value);

    /// <summary>Whether this is <c>some</c>.</summary>
    public bool HasValue { get; }
    /// <summary>The payload; throws <see cref="InvalidOperationException"/> for <c>none</c>.</summary>
    public T Value => HasValue ? _value : throw new InvalidOperationException("the option is none");

    /// <summary>A <c>some</c> value.</summary>
    public static implicit operator Option<T>(T value) => Some(value);

    /// <inheritdoc/>
    public bool Equals(Option<T> other) => HasValue == other.HasValue && (!HasValue || EqualityComparer<T>.Default.Equals(_value, other._value));
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Option<T> other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => HasValue ? (_value?.GetHashCode() ?? 1) : 0;
    /// <inheritdoc/>
    public override string ToString() => HasValue ? $"Some({_value})" : "None";
    /// <summary>Value equality.</summary>
    public static bool operator ==(Option<T> a, Option<T> b) => a.Equals(b);
    /// <summary>Value inequality.</summary>
    public static bool operator !=(Option<T> a, Option<T> b) => !a.Equals(b);
}

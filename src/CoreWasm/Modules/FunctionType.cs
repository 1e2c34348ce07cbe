using System;
using System.Collections.Immutable;
using System.Linq;

namespace WitBindgen.CoreWasm.Modules;

/// <summary>A function signature with value equality.</summary>
internal sealed class FunctionType : IEquatable<FunctionType>
{
    /// <summary>The empty signature [] -> [].</summary>
    public static readonly FunctionType Empty = new(ImmutableArray<ValueType>.Empty, ImmutableArray<ValueType>.Empty);

    /// <summary>Creates a signature.</summary>
    public FunctionType(ImmutableArray<ValueType> parameters, ImmutableArray<ValueType> results)
    {
        Params = parameters.IsDefault ? ImmutableArray<ValueType>.Empty : parameters;
        Results = results.IsDefault ? ImmutableArray<ValueType>.Empty : results;
    }

    /// <summary>Creates a signature from arrays.</summary>
    public FunctionType(ValueType[] parameters, ValueType[] results)
        : this(ImmutableArray.Create(parameters), ImmutableArray.Create(results))
    {
    }

    /// <summary>Parameter types.</summary>
    public ImmutableArray<ValueType> Params { get; }

    /// <summary>Result types.</summary>
    public ImmutableArray<ValueType> Results { get; }

    /// <inheritdoc/>
    public bool Equals(FunctionType? other) =>
        other is not null && Params.SequenceEqual(other.Params) && Results.SequenceEqual(other.Results);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FunctionType);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = 17;
        foreach (var p in Params) hash = unchecked(hash * 31 + (int)p);
        hash = unchecked(hash * 31 - 1);
        foreach (var r in Results) hash = unchecked(hash * 31 + (int)r);
        return hash;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        "[" + string.Join(" ", Params.Select(p => p.Name())) + "] -> [" + string.Join(" ", Results.Select(r => r.Name())) + "]";
}

using System;

namespace WitBindgen.Bindings;

/// <summary>
/// The error of a WIT <c>result</c> for functions bound in exception style: imports throw it when the
/// callee returns <c>err</c>; exports throw it to return <c>err</c>.
/// </summary>
public abstract class WitException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected WitException(string message) : base(message) { }

    /// <summary>The error payload, boxed.</summary>
    public abstract object? ErrorValue { get; }
}

/// <summary>A WIT <c>result</c> error with payload <typeparamref name="TErr"/>.</summary>
public sealed class WitException<TErr> : WitException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public WitException(TErr error) : base($"WIT error: {error}") => Error = error;

    /// <summary>The error payload.</summary>
    public TErr Error { get; }

    /// <inheritdoc/>
    public override object? ErrorValue => Error;
}

using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace WitBindgen.Bindings;

/// <summary>
/// A WIT <c>result&lt;T, E&gt;</c>: either <see cref="Ok(TOk)"/> or <see cref="Err(TErr)"/>. A struct, so
/// returning one does not allocate. Missing sides use <see cref="Unit"/>.
/// </summary>
public readonly struct Result<TOk, TErr> : IEquatable<Result<TOk, TErr>>
{
    private readonly TOk _ok;
    private readonly TErr _err;

    private Result(bool isOk, TOk ok, TErr err)
    {
        IsOk = isOk; _ok = ok; _err = err;
    }

    /// <summary>A success.</summary>
    public static Result<TOk, TErr> Ok(TOk value) => new(true, value, default!);
    /// <summary>A failure.</summary>
    public static Result<TOk, TErr> Err(TErr error) => new(false, default!, error);

    /// <summary>Whether this is a success.</summary>
    public bool IsOk { get; }
    /// <summary>Whether this is a failure.</summary>
    public bool IsErr => !IsOk;

    /// <summary>The success value; throws <see cref="WitException{TErr}"/> carrying the error otherwise.</summary>
    public TOk Value => IsOk ? _ok : throw new WitException<TErr>(_err);
    /// <summary>The error; throws <see cref="InvalidOperationException"/> on success.</summary>
    public TErr Error => !IsOk ? _err : throw new InvalidOperationException("the result is a success");

    /// <summary>Gets the success value.</summary>
    public bool TryGetValue([MaybeNullWhen(false)] out TOk value)
    {
        value = _ok;
        return IsOk;
    }

    /// <summary>Gets the error.</summary>
    public bool TryGetError([MaybeNullWhen(false)] out TErr error)
    {
        error = _err;
        return !IsOk;
    }

    /// <summary>Calls one of two functions.</summary>
    public T Match<T>(Func<TOk, T> ok, Func<TErr, T> err) => IsOk ? ok(_ok) : err(_err);

    /// <summary>A success.</summary>
    public static implicit operator Result<TOk, TErr>(TOk value) => Ok(value);

    /// <inheritdoc/>
    public bool Equals(Result<TOk, TErr> other) => IsOk == other.IsOk
        && (IsOk ? EqualityComparer<TOk>.Default.Equals(_ok, other._ok) : EqualityComparer<TErr>.Default.Equals(_err, other._err));
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Result<TOk, TErr> other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => IsOk ? (_ok?.GetHashCode() ?? 0) : ~(_err?.GetHashCode() ?? 0);
    /// <inheritdoc/>
    public override string ToString() => IsOk ? $"Ok({_ok})" : $"Err({_err})";
    /// <summary>Value equality.</summary>
    public static bool operator ==(Result<TOk, TErr> a, Result<TOk, TErr> b) => a.Equals(b);
    /// <summary>Value inequality.</summary>
    public static bool operator !=(Result<TOk, TErr> a, Result<TOk, TErr> b) => !a.Equals(b);
}

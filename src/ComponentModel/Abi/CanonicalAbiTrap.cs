using System;

namespace WitBindgen.ComponentModel.Abi;

/// <summary>What went wrong in a canonical ABI trap.</summary>
public enum TrapKind
{
    UnalignedPointer,
    PointerOutOfBounds,
    StringOutOfBounds,
    ListOutOfBounds,
    StringTooLong,
    ListTooLong,
    InvalidUtf8,
    IncompleteUtf8,
    InvalidUtf16,
    InvalidChar,
    InvalidDiscriminant,
    ReallocNotAligned,
    ReallocOutOfBounds,
    MissingMemory,
    MissingRealloc,
    UnknownHandle,
    WrongHandleType,
    HandleBorrowed,
    OwnFromBorrow,
    BorrowsRemain,
    HandleTableFull,
}

/// <summary>A trap raised by the canonical ABI (lift, lower, handle tables). <see cref="Exception.Message"/> follows wasmtime's wording where one exists.</summary>
public sealed class CanonicalAbiTrap : Exception
{
    /// <summary>Creates a trap.</summary>
    public CanonicalAbiTrap(TrapKind kind, string message) : base(message) => Kind = kind;

    /// <summary>The trap's cause.</summary>
    public TrapKind Kind { get; }

    internal static CanonicalAbiTrap Of(TrapKind kind) => new(kind, DefaultMessage(kind));

    /// <summary>The message used for <paramref name="kind"/> when no detail is added.</summary>
    public static string DefaultMessage(TrapKind kind) => kind switch
    {
        TrapKind.UnalignedPointer => "unaligned pointer",
        TrapKind.PointerOutOfBounds => "pointer out of bounds of memory",
        TrapKind.StringOutOfBounds => "string pointer/length out of bounds of memory",
        TrapKind.ListOutOfBounds => "list pointer/length out of bounds of memory",
        TrapKind.StringTooLong => "string length too large",
        TrapKind.ListTooLong => "list length too large",
        TrapKind.InvalidUtf8 => "invalid utf-8 sequence",
        TrapKind.IncompleteUtf8 => "incomplete utf-8 byte sequence",
        TrapKind.InvalidUtf16 => "invalid utf-16: unpaired surrogate",
        TrapKind.InvalidChar => "invalid `char` bit pattern",
        TrapKind.InvalidDiscriminant => "invalid variant discriminant",
        TrapKind.ReallocNotAligned => "realloc return: result not aligned",
        TrapKind.ReallocOutOfBounds => "realloc return: beyond end of memory",
        TrapKind.MissingMemory => "canonical option `memory` is required",
        TrapKind.MissingRealloc => "canonical option `realloc` is required",
        TrapKind.UnknownHandle => "unknown handle index",
        TrapKind.WrongHandleType => "handle index used with the wrong type",
        TrapKind.HandleBorrowed => "cannot remove owned resource while borrowed",
        TrapKind.OwnFromBorrow => "cannot lift own resource from a borrow handle",
        TrapKind.BorrowsRemain => "borrow handles still remain at the end of the call",
        TrapKind.HandleTableFull => "handle table is full",
        _ => kind.ToString(),
    };
}

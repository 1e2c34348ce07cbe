using System;

namespace WitBindgen.ComponentModel.Abi;

/// <summary>What went wrong in a canonical ABI trap.</summary>
public enum TrapKind
{
    /// <summary>A pointer is not aligned for the type read or written through it.</summary>
    UnalignedPointer,
    /// <summary>A pointer and size reach past the end of linear memory.</summary>
    PointerOutOfBounds,
    /// <summary>A string's pointer and byte length reach past the end of linear memory.</summary>
    StringOutOfBounds,
    /// <summary>A list's pointer and byte length reach past the end of linear memory.</summary>
    ListOutOfBounds,
    /// <summary>A string's length exceeds the largest the canonical ABI allows.</summary>
    StringTooLong,
    /// <summary>A list's length times its element size exceeds the largest the canonical ABI allows.</summary>
    ListTooLong,
    /// <summary>A lifted string holds bytes that are not valid UTF-8.</summary>
    InvalidUtf8,
    /// <summary>A lifted string ends in the middle of a UTF-8 sequence.</summary>
    IncompleteUtf8,
    /// <summary>A lifted UTF-16 string holds an unpaired surrogate.</summary>
    InvalidUtf16,
    /// <summary>A lifted <c>char</c> is a surrogate or above U+10FFFF.</summary>
    InvalidChar,
    /// <summary>A variant, enum, option or result discriminant names no case.</summary>
    InvalidDiscriminant,
    /// <summary><c>realloc</c> returned a pointer not aligned as requested.</summary>
    ReallocNotAligned,
    /// <summary><c>realloc</c> returned a block reaching past the end of linear memory.</summary>
    ReallocOutOfBounds,
    /// <summary>The call needs the <c>memory</c> canonical option, which was not given.</summary>
    MissingMemory,
    /// <summary>The call needs the <c>realloc</c> canonical option, which was not given.</summary>
    MissingRealloc,
    /// <summary>A handle index names no live entry of the handle table.</summary>
    UnknownHandle,
    /// <summary>A handle index names an entry of another resource type.</summary>
    WrongHandleType,
    /// <summary>An owned handle was dropped or moved while borrows of it are outstanding.</summary>
    HandleBorrowed,
    /// <summary>An <c>own</c> was lifted from an index holding a borrow handle.</summary>
    OwnFromBorrow,
    /// <summary>A call returned while borrow handles it received were not yet dropped.</summary>
    BorrowsRemain,
    /// <summary>No more handles fit in the handle table.</summary>
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

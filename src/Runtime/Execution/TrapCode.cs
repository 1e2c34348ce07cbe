namespace WitBindgen.Runtime;

/// <summary>Why WebAssembly execution trapped.</summary>
public enum TrapCode
{
    /// <summary>The <c>unreachable</c> instruction was executed.</summary>
    Unreachable,
    /// <summary>A load, store or bulk memory operation was out of bounds.</summary>
    MemoryOutOfBounds,
    /// <summary>A table access or bulk table operation was out of bounds.</summary>
    TableOutOfBounds,
    /// <summary><c>call_indirect</c> through a null table element.</summary>
    IndirectCallToNull,
    /// <summary><c>call_indirect</c> to a function of another signature.</summary>
    BadSignature,
    /// <summary>Signed division overflow or an out-of-range float to integer conversion.</summary>
    IntegerOverflow,
    /// <summary>Integer division or remainder by zero.</summary>
    IntegerDivisionByZero,
    /// <summary>Conversion of NaN to an integer.</summary>
    BadConversionToInteger,
    /// <summary>The call stack was exhausted (too deep recursion).</summary>
    StackOverflow,
    /// <summary><c>call_indirect</c> with an index outside the table.</summary>
    UndefinedElement,
    /// <summary>The store ran out of fuel.</summary>
    OutOfFuel,
    /// <summary>Execution was interrupted (deadline passed or <see cref="Store.Interrupt"/>).</summary>
    Interrupted,
    /// <summary>A host function reported an error.</summary>
    HostError,
    /// <summary><c>call_ref</c> or <c>return_call_ref</c> on a null function reference.</summary>
    NullFunctionReference,
    /// <summary><c>ref.as_non_null</c> on a null reference.</summary>
    NullReference,
    /// <summary><c>throw_ref</c> on a null exception reference.</summary>
    NullExceptionReference,
    /// <summary><c>ref.cast</c> (or a cast in a host check) of a reference that is not of the target type.</summary>
    CastFailure,
    /// <summary>A struct access through a null reference.</summary>
    NullStructReference,
    /// <summary>An array access through a null reference.</summary>
    NullArrayReference,
    /// <summary><c>i31.get_s</c>/<c>i31.get_u</c> on a null reference.</summary>
    NullI31Reference,
    /// <summary>An array access, fill, copy or init out of the array's bounds (or a new array too large).</summary>
    ArrayOutOfBounds,
}

/// <summary>Spec wording of trap codes.</summary>
public static class TrapCodeExtensions
{
    /// <summary>The message used by the spec interpreter's <c>assert_trap</c> for this code.</summary>
    public static string Message(this TrapCode code) => code switch
    {
        TrapCode.Unreachable => "unreachable",
        TrapCode.MemoryOutOfBounds => "out of bounds memory access",
        TrapCode.TableOutOfBounds => "out of bounds table access",
        TrapCode.IndirectCallToNull => "uninitialized element",
        TrapCode.BadSignature => "indirect call type mismatch",
        TrapCode.IntegerOverflow => "integer overflow",
        TrapCode.IntegerDivisionByZero => "integer divide by zero",
        TrapCode.BadConversionToInteger => "invalid conversion to integer",
        TrapCode.StackOverflow => "call stack exhausted",
        TrapCode.UndefinedElement => "undefined element",
        TrapCode.OutOfFuel => "all fuel consumed",
        TrapCode.Interrupted => "interrupted",
        TrapCode.NullFunctionReference => "null function reference",
        TrapCode.NullReference => "null reference",
        TrapCode.NullExceptionReference => "null exception reference",
        TrapCode.CastFailure => "cast failure",
        TrapCode.NullStructReference => "null structure reference",
        TrapCode.NullArrayReference => "null array reference",
        TrapCode.NullI31Reference => "null i31 reference",
        TrapCode.ArrayOutOfBounds => "out of bounds array access",
        _ => "host error",
    };
}

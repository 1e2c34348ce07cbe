using System;
using System.Runtime.CompilerServices;

namespace WitBindgen.Runtime.Execution;

/// <summary>Materializes NaN constants at run time so their payload bits are exact.</summary>
internal static class ConstantHelpers
{
    // Mutable statics the JIT cannot treat as constants: x*1, x/1, x-0, x+(-0) must not fold to x,
    // because wasm requires a NaN operand to come out quieted (arithmetic NaN).
#pragma warning disable CA2211 // read by generated code
    public static float F32One = 1f, F32MinusOne = -1f, F32Zero = 0f, F32NegativeZero = -0f;
    public static double F64One = 1d, F64MinusOne = -1d, F64Zero = 0d, F64NegativeZero = -0d;
#pragma warning restore CA2211

    /// <summary>The field holding <paramref name="bits"/> when it is a constant the JIT could fold away, else null.</summary>
    public static string? FoldableF32(int bits) => bits switch
    {
        0x3F800000 => nameof(F32One),
        unchecked((int)0xBF800000) => nameof(F32MinusOne),
        0 => nameof(F32Zero),
        int.MinValue => nameof(F32NegativeZero),
        _ => null,
    };

    public static string? FoldableF64(long bits) => bits switch
    {
        0x3FF0000000000000 => nameof(F64One),
        unchecked((long)0xBFF0000000000000) => nameof(F64MinusOne),
        0 => nameof(F64Zero),
        long.MinValue => nameof(F64NegativeZero),
        _ => null,
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float F32FromBits(int bits) => BitConverter.Int32BitsToSingle(bits);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double F64FromBits(long bits) => BitConverter.Int64BitsToDouble(bits);
}

namespace WitBindgen.CoreWasm.Modules;

/// <summary>A WebAssembly value type. The numeric values are the binary-format type codes.</summary>
internal enum ValueType : byte
{
    /// <summary>32-bit integer.</summary>
    I32 = 0x7F,
    /// <summary>64-bit integer.</summary>
    I64 = 0x7E,
    /// <summary>32-bit IEEE float.</summary>
    F32 = 0x7D,
    /// <summary>64-bit IEEE float.</summary>
    F64 = 0x7C,
    /// <summary>128-bit vector (SIMD).</summary>
    V128 = 0x7B,
    /// <summary>Nullable function reference.</summary>
    FuncRef = 0x70,
    /// <summary>Nullable host reference.</summary>
    ExternRef = 0x6F,
}

/// <summary>Helpers over <see cref="ValueType"/>.</summary>
internal static class ValueTypes
{
    /// <summary>Whether the type is a reference type (funcref or externref).</summary>
    public static bool IsReference(this ValueType type) => type is ValueType.FuncRef or ValueType.ExternRef;

    /// <summary>Whether the type is a number type (i32, i64, f32, f64).</summary>
    public static bool IsNumber(this ValueType type) => type is ValueType.I32 or ValueType.I64 or ValueType.F32 or ValueType.F64;

    /// <summary>The text-format name (i32, funcref...).</summary>
    public static string Name(this ValueType type) => type switch
    {
        ValueType.I32 => "i32",
        ValueType.I64 => "i64",
        ValueType.F32 => "f32",
        ValueType.F64 => "f64",
        ValueType.V128 => "v128",
        ValueType.FuncRef => "funcref",
        ValueType.ExternRef => "externref",
        _ => "?",
    };
}

namespace WitBindgen.ComponentModel.Types;

/// <summary>A core WebAssembly value type used by flattened signatures.</summary>
public enum CoreValType : byte
{
    /// <summary>A 32-bit integer.</summary>
    I32,
    /// <summary>A 64-bit integer.</summary>
    I64,
    /// <summary>A 32-bit IEEE 754 float.</summary>
    F32,
    /// <summary>A 64-bit IEEE 754 float.</summary>
    F64,
}

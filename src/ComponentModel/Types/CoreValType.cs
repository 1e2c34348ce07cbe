namespace WitBindgen.ComponentModel.Types;

/// <summary>A core WebAssembly value type used by flattened signatures.</summary>
public enum CoreValType : byte
{
    I32, I64, F32, F64,
}

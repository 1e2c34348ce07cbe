namespace WitBindgen.Runtime;

/// <summary>A WebAssembly value type. The numeric values are the binary-format type codes.</summary>
public enum ValueKind : byte
{
    /// <summary>32-bit integer (C# <c>int</c>).</summary>
    I32 = 0x7F,
    /// <summary>64-bit integer (C# <c>long</c>).</summary>
    I64 = 0x7E,
    /// <summary>32-bit IEEE float (C# <c>float</c>).</summary>
    F32 = 0x7D,
    /// <summary>64-bit IEEE float (C# <c>double</c>).</summary>
    F64 = 0x7C,
    /// <summary>128-bit vector (C# <c>Vector128&lt;byte&gt;</c>).</summary>
    V128 = 0x7B,
    /// <summary>Nullable function reference (a <see cref="Function"/> or null).</summary>
    FuncRef = 0x70,
    /// <summary>Nullable host reference (any object or null).</summary>
    ExternRef = 0x6F,
}

/// <summary>Helpers over <see cref="ValueKind"/>.</summary>
public static class ValueKinds
{
    /// <summary>Whether the kind is a reference type (funcref or externref).</summary>
    public static bool IsReference(this ValueKind kind) => kind is ValueKind.FuncRef or ValueKind.ExternRef;

    /// <summary>The text-format name (i32, funcref...).</summary>
    public static string Name(this ValueKind kind) => kind switch
    {
        ValueKind.I32 => "i32",
        ValueKind.I64 => "i64",
        ValueKind.F32 => "f32",
        ValueKind.F64 => "f64",
        ValueKind.V128 => "v128",
        ValueKind.FuncRef => "funcref",
        ValueKind.ExternRef => "externref",
        _ => "?",
    };
}

/// <summary>What an import or export is: a function, table, memory, global or tag (types in <see cref="Types"/>).</summary>
public enum ExternKind
{
    /// <summary>A function (<see cref="Types.FuncType"/>).</summary>
    Function,
    /// <summary>A table (<see cref="Types.TableType"/>).</summary>
    Table,
    /// <summary>A linear memory (<see cref="Types.MemoryType"/>).</summary>
    Memory,
    /// <summary>A global (<see cref="Types.GlobalType"/>).</summary>
    Global,
    /// <summary>An exception tag (<see cref="Types.TagType"/>).</summary>
    Tag,
}


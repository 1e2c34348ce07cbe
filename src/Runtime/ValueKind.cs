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
    /// <summary>Nullable reference of the GC hierarchy's top, <c>(ref null any)</c>: an <see cref="Runtime.AnyRef"/>
    /// (struct, array or i31) or a host reference the guest internalized (<c>any.convert_extern</c>).</summary>
    AnyRef = 0x6E,
    /// <summary>Nullable reference comparable with <c>ref.eq</c>: a struct, an array or an i31.</summary>
    EqRef = 0x6D,
    /// <summary>Nullable i31 reference (an <see cref="Runtime.I31Ref"/>).</summary>
    I31Ref = 0x6C,
    /// <summary>Nullable struct reference (a <see cref="Runtime.StructRef"/>); also the kind of a reference to a
    /// concrete struct type.</summary>
    StructRef = 0x6B,
    /// <summary>Nullable array reference (an <see cref="Runtime.ArrayRef"/>); also the kind of a reference to a
    /// concrete array type.</summary>
    ArrayRef = 0x6A,
    /// <summary>The GC hierarchy's bottom, <c>(ref null none)</c>: only null.</summary>
    NullRef = 0x71,
}

/// <summary>Helpers over <see cref="ValueKind"/>.</summary>
public static class ValueKinds
{
    /// <summary>Whether the kind is a reference type (funcref, externref or one of the GC hierarchy).</summary>
    public static bool IsReference(this ValueKind kind) => kind is ValueKind.FuncRef or ValueKind.ExternRef || kind.IsAnyHierarchy();

    /// <summary>Whether the kind is in the GC hierarchy (anyref and its subtypes).</summary>
    internal static bool IsAnyHierarchy(this ValueKind kind) =>
        kind is ValueKind.AnyRef or ValueKind.EqRef or ValueKind.I31Ref or ValueKind.StructRef or ValueKind.ArrayRef or ValueKind.NullRef;

    /// <summary>The decoded model's value type of a kind (a GC kind is the nullable reference to its abstract heap type).</summary>
    internal static CoreWasm.Modules.ValueType ToCore(this ValueKind kind) =>
        kind.IsAnyHierarchy() ? CoreWasm.Modules.ValueTypes.Ref(true, CoreWasm.Modules.ValueTypes.AbstractFlag | (int)kind) : (CoreWasm.Modules.ValueType)kind;

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
        ValueKind.AnyRef => "anyref",
        ValueKind.EqRef => "eqref",
        ValueKind.I31Ref => "i31ref",
        ValueKind.StructRef => "structref",
        ValueKind.ArrayRef => "arrayref",
        ValueKind.NullRef => "nullref",
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


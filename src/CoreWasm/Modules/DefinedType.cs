using System.Collections.Immutable;

namespace WitBindgen.CoreWasm.Modules;

/// <summary>The kind of a defined type's composite type.</summary>
internal enum CompositeKind
{
    /// <summary>A function type.</summary>
    Func,
    /// <summary>A struct type (GC).</summary>
    Struct,
    /// <summary>An array type (GC).</summary>
    Array,
}

/// <summary>A struct field or array element: a storage type (a value type, or packed <see cref="ValueTypes.I8"/>/<see cref="ValueTypes.I16"/>) and its mutability.</summary>
internal readonly record struct FieldType(ValueType Storage, bool Mutable);

/// <summary>
/// One entry of the type section (GC): a sub type (its declared supertype, whether final) over a function, struct or
/// array type, and the recursion group it belongs to (the group's first type index and size; a type outside any
/// <c>rec</c> is a group of one).
/// </summary>
internal sealed class DefinedType
{
    /// <summary>The composite type's kind.</summary>
    public CompositeKind Kind { get; init; }

    /// <summary>The function type (<see cref="FunctionType.Empty"/> for struct and array types).</summary>
    public FunctionType Function { get; init; } = FunctionType.Empty;

    /// <summary>Struct fields, or the array's single element type.</summary>
    public ImmutableArray<FieldType> Fields { get; init; } = ImmutableArray<FieldType>.Empty;

    /// <summary>Whether no type may declare this one as its supertype (<c>sub final</c>, or no <c>sub</c> at all).</summary>
    public bool Final { get; init; } = true;

    /// <summary>The declared supertype's index, or -1.</summary>
    public int Supertype { get; init; } = -1;

    /// <summary>Number of declared supertypes (more than one is invalid).</summary>
    public int SupertypeCount { get; init; }

    /// <summary>The first type index of this type's recursion group.</summary>
    public int RecStart { get; init; }

    /// <summary>The number of types in this type's recursion group.</summary>
    public int RecSize { get; init; } = 1;

    /// <summary>A plain function type (final, no supertype, a group of its own).</summary>
    public static DefinedType OfFunction(FunctionType function, int index) => new() { Function = function, RecStart = index };
}

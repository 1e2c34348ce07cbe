using System;

namespace WitBindgen.WitParser.Model;

/// <summary>The kinds of type reference: primitives, or <see cref="Id"/> for a <see cref="TypeDef"/> in the resolve.</summary>
public enum WitTypeKind
{
    /// <summary><c>bool</c>.</summary>
    Bool,
    /// <summary><c>u8</c>, an unsigned 8-bit integer.</summary>
    U8,
    /// <summary><c>u16</c>, an unsigned 16-bit integer.</summary>
    U16,
    /// <summary><c>u32</c>, an unsigned 32-bit integer.</summary>
    U32,
    /// <summary><c>u64</c>, an unsigned 64-bit integer.</summary>
    U64,
    /// <summary><c>s8</c>, a signed 8-bit integer.</summary>
    S8,
    /// <summary><c>s16</c>, a signed 16-bit integer.</summary>
    S16,
    /// <summary><c>s32</c>, a signed 32-bit integer.</summary>
    S32,
    /// <summary><c>s64</c>, a signed 64-bit integer.</summary>
    S64,
    /// <summary><c>f32</c>, a 32-bit IEEE float.</summary>
    F32,
    /// <summary><c>f64</c>, a 64-bit IEEE float.</summary>
    F64,
    /// <summary><c>char</c>, a Unicode scalar value.</summary>
    Char,
    /// <summary><c>string</c>, Unicode text.</summary>
    String,
    /// <summary><c>error-context</c> (WASI Preview 3).</summary>
    ErrorContext,
    /// <summary>A reference to <see cref="Resolve.Types"/>[<see cref="WitType.TypeId"/>].</summary>
    Id,
}

/// <summary>A type reference: a primitive or the id of a type definition.</summary>
/// <param name="Kind">A primitive, or <see cref="WitTypeKind.Id"/> for a type definition.</param>
/// <param name="TypeId">The type definition when <paramref name="Kind"/> is <see cref="WitTypeKind.Id"/>; <c>default</c> (and meaningless) otherwise.</param>
public readonly record struct WitType(WitTypeKind Kind, Id<TypeDef> TypeId = default)
{
    /// <summary>A reference to type definition <paramref name="id"/>.</summary>
    public static WitType Id(Id<TypeDef> id) => new(WitTypeKind.Id, id);

    /// <summary>Whether this refers to a type definition.</summary>
    public bool IsId => Kind == WitTypeKind.Id;

    /// <summary>The WIT spelling of a primitive (<c>u8</c>, <c>error-context</c>...); throws for ids.</summary>
    public string PrimitiveName => Kind switch
    {
        WitTypeKind.Bool => "bool",
        WitTypeKind.U8 => "u8", WitTypeKind.U16 => "u16", WitTypeKind.U32 => "u32", WitTypeKind.U64 => "u64",
        WitTypeKind.S8 => "s8", WitTypeKind.S16 => "s16", WitTypeKind.S32 => "s32", WitTypeKind.S64 => "s64",
        WitTypeKind.F32 => "f32", WitTypeKind.F64 => "f64",
        WitTypeKind.Char => "char", WitTypeKind.String => "string", WitTypeKind.ErrorContext => "error-context",
        _ => throw new InvalidOperationException("not a primitive"),
    };

    /// <inheritdoc/>
    public override string ToString() => IsId ? $"#{TypeId.Index}" : PrimitiveName;
}

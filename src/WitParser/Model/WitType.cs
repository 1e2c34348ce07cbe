using System;

namespace WitBindgen.WitParser.Model;

/// <summary>The kinds of type reference: primitives, or <see cref="Id"/> for a <see cref="TypeDef"/> in the resolve.</summary>
public enum WitTypeKind
{
    Bool, U8, U16, U32, U64, S8, S16, S32, S64, F32, F64, Char, String, ErrorContext,
    /// <summary>A reference to <see cref="Resolve.Types"/>[<see cref="WitType.TypeId"/>].</summary>
    Id,
}

/// <summary>A type reference: a primitive or the id of a type definition.</summary>
public readonly record struct WitType(WitTypeKind Kind, int TypeId = -1)
{
    /// <summary>A reference to type definition <paramref name="id"/>.</summary>
    public static WitType Id(int id) => new(WitTypeKind.Id, id);

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
    public override string ToString() => IsId ? $"#{TypeId}" : PrimitiveName;
}

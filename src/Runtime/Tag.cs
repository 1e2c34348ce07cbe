using System;
using WitBindgen.Runtime.Compilation;
using WitBindgen.Runtime.Types;
using Core = WitBindgen.CoreWasm.Modules;

namespace WitBindgen.Runtime;

/// <summary>
/// An exception tag (exception handling): the identity wasm's <c>catch</c> clauses match and the type of the
/// payload an exception carries. Importing or exporting a tag shares it; two tags are the same only when they
/// are the same object, whatever their types.
/// </summary>
public sealed class Tag : Extern
{
    private TagType? _type;

    /// <summary>Creates a tag whose exceptions carry values of <paramref name="type"/>'s parameter types
    /// (<paramref name="type"/> must have no results).</summary>
    /// <exception cref="ArgumentException">The type has results.</exception>
    public Tag(Store store, FuncType type)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(type);
        if (type.Results.Length != 0) throw new ArgumentException("a tag's type has no results", nameof(type));
        CoreType = type.Core;
        TypeId = TypeRegistry.IdOf(type.Core);
    }

    internal Tag(Core.FunctionType coreType, int typeId)
    {
        CoreType = coreType;
        TypeId = typeId;
    }

    /// <summary>The tag's type: the payload's types as parameters.</summary>
    public TagType Type => _type ??= new TagType(FuncType.From(CoreType));

    internal Core.FunctionType CoreType { get; }

    /// <summary>The canonical id of the type (imports must match it).</summary>
    internal int TypeId { get; }

    /// <inheritdoc/>
    public override string ToString() => $"tag {CoreType}";
}

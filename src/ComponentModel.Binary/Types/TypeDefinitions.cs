using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>A definition in a component type section (or a type declarator inside a component/instance type).</summary>
public abstract record TypeDefinition;

/// <summary>A named value type (record field, function parameter).</summary>
public sealed record NamedValType(string Name, ValType Type);

/// <summary>A variant case.</summary>
public sealed record CaseType(string Name, ValType? Type);

/// <summary>A primitive used as a defined type (<c>(type u32)</c>).</summary>
public sealed record PrimitiveDefinedType(PrimitiveValType Primitive) : TypeDefinition;
/// <summary><c>record</c> (0x72).</summary>
public sealed record RecordType(IReadOnlyList<NamedValType> Fields) : TypeDefinition;
/// <summary><c>variant</c> (0x71).</summary>
public sealed record VariantType(IReadOnlyList<CaseType> Cases) : TypeDefinition;
/// <summary><c>list</c> (0x70).</summary>
public sealed record ListType(ValType Element) : TypeDefinition;
/// <summary>Fixed-length <c>list&lt;T, N&gt;</c> (0x67).</summary>
public sealed record FixedListType(ValType Element, uint Length) : TypeDefinition;
/// <summary><c>tuple</c> (0x6f).</summary>
public sealed record TupleType(IReadOnlyList<ValType> Types) : TypeDefinition;
/// <summary><c>flags</c> (0x6e).</summary>
public sealed record FlagsType(IReadOnlyList<string> Names) : TypeDefinition;
/// <summary><c>enum</c> (0x6d).</summary>
public sealed record EnumType(IReadOnlyList<string> Names) : TypeDefinition;
/// <summary><c>option</c> (0x6b).</summary>
public sealed record OptionType(ValType Element) : TypeDefinition;
/// <summary><c>result</c> (0x6a).</summary>
public sealed record ResultType(ValType? Ok, ValType? Err) : TypeDefinition;
/// <summary><c>own</c> (0x69) of a resource type index.</summary>
public sealed record OwnType(uint Resource) : TypeDefinition;
/// <summary><c>borrow</c> (0x68) of a resource type index.</summary>
public sealed record BorrowType(uint Resource) : TypeDefinition;
/// <summary><c>stream</c> (0x66).</summary>
public sealed record StreamType(ValType? Element) : TypeDefinition;
/// <summary><c>future</c> (0x65).</summary>
public sealed record FutureType(ValType? Element) : TypeDefinition;
/// <summary><c>map</c> (0x63).</summary>
public sealed record MapType(ValType Key, ValType Value) : TypeDefinition;

/// <summary>A function type (0x40, async 0x43).</summary>
public sealed record FuncType(bool IsAsync, IReadOnlyList<NamedValType> Params, ValType? Result) : TypeDefinition;

/// <summary>A component type (0x41).</summary>
public sealed record ComponentTypeDefinition(IReadOnlyList<Declaration> Declarations) : TypeDefinition;

/// <summary>An instance type (0x42).</summary>
public sealed record InstanceTypeDefinition(IReadOnlyList<Declaration> Declarations) : TypeDefinition;

/// <summary>A resource type (0x3f sync destructor, 0x3e async destructor with optional callback).</summary>
public sealed record ResourceTypeDefinition(uint? Destructor, bool IsAsync = false, uint? Callback = null) : TypeDefinition;

/// <summary>What an import or export describes.</summary>
public enum ExternKind {
    /// <summary>A core module.</summary>
    Module,
    /// <summary>A component function.</summary>
    Func,
    /// <summary>A value.</summary>
    Value,
    /// <summary>A type.</summary>
    Type,
    /// <summary>A component.</summary>
    Component,
    /// <summary>A component instance.</summary>
    Instance,
}

/// <summary>A type bound: equal to a type index, or a fresh abstract resource.</summary>
public readonly record struct TypeBound(bool IsSubResource, uint Index)
{
    /// <summary><c>(eq i)</c>.</summary>
    public static TypeBound Eq(uint index) => new(false, index);
    /// <summary><c>(sub resource)</c>.</summary>
    public static readonly TypeBound SubResource = new(true, 0);
}

/// <summary>An extern descriptor; <see cref="Index"/> is a (core) type index except for values and types.</summary>
public sealed record ExternDesc(ExternKind Kind, uint Index = 0, TypeBound Bound = default, ValType Value = default)
{
    /// <summary><c>(func (type i))</c>.</summary>
    public static ExternDesc Func(uint type) => new(ExternKind.Func, type);
    /// <summary><c>(instance (type i))</c>.</summary>
    public static ExternDesc Instance(uint type) => new(ExternKind.Instance, type);
    /// <summary><c>(component (type i))</c>.</summary>
    public static ExternDesc Component(uint type) => new(ExternKind.Component, type);
    /// <summary><c>(type bound)</c>.</summary>
    public static ExternDesc Type(TypeBound bound) => new(ExternKind.Type, 0, bound);
}

/// <summary>An alias target.</summary>
public abstract record AliasTarget;
/// <summary><c>export i "name"</c> of a component instance.</summary>
public sealed record InstanceExportAlias(uint Instance, string Name) : AliasTarget;
/// <summary><c>core export i "name"</c> of a core instance.</summary>
public sealed record CoreInstanceExportAlias(uint Instance, string Name) : AliasTarget;
/// <summary><c>outer ct idx</c>.</summary>
public sealed record OuterAlias(uint Count, uint Index) : AliasTarget;

/// <summary>An alias definition.</summary>
public sealed record Alias(Sort Sort, AliasTarget Target);

/// <summary>A declarator inside a component or instance type.</summary>
public abstract record Declaration;
/// <summary>A core type declarator (kept as parsed core type).</summary>
public sealed record CoreTypeDeclaration(CoreType Type) : Declaration;
/// <summary>A type declarator.</summary>
public sealed record TypeDeclaration(TypeDefinition Type) : Declaration;
/// <summary>An alias declarator.</summary>
public sealed record AliasDeclaration(Alias Alias) : Declaration;
/// <summary>An import declarator (component types only).</summary>
public sealed record ImportDeclaration(ExternName Name, ExternDesc Desc) : Declaration;
/// <summary>An export declarator.</summary>
public sealed record ExportDeclaration(ExternName Name, ExternDesc Desc) : Declaration;

/// <summary>
/// An import/export name: the plain forms 0x00/0x01, or 0x02 with options (0x00 <c>implements</c> interface
/// name, 0x01 version suffix, 0x02 <c>external-id</c>).
/// </summary>
public sealed record ExternName(string Name, string? Implements = null, string? VersionSuffix = null, string? ExternalId = null)
{
    /// <summary>Implicit conversion from a plain name.</summary>
    public static implicit operator ExternName(string name) => new(name);
    /// <inheritdoc/>
    public override string ToString() => Name;
}

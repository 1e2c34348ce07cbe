using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>A definition in a component type section (or a type declarator inside a component/instance type).</summary>
public abstract record TypeDefinition;

/// <summary>A named value type (record field, function parameter).</summary>
/// <param name="Name">The name.</param>
/// <param name="Type">The type.</param>
public sealed record NamedValType(string Name, ValType Type);

/// <summary>A variant case.</summary>
/// <param name="Name">The case name.</param>
/// <param name="Type">The case payload, or null for none.</param>
public sealed record CaseType(string Name, ValType? Type);

/// <summary>A primitive used as a defined type (<c>(type u32)</c>).</summary>
/// <param name="Primitive">The primitive type.</param>
public sealed record PrimitiveDefinedType(PrimitiveValType Primitive) : TypeDefinition;
/// <summary><c>record</c> (0x72).</summary>
/// <param name="Fields">The fields, in order.</param>
public sealed record RecordType(IReadOnlyList<NamedValType> Fields) : TypeDefinition;
/// <summary><c>variant</c> (0x71).</summary>
/// <param name="Cases">The cases, in order.</param>
public sealed record VariantType(IReadOnlyList<CaseType> Cases) : TypeDefinition;
/// <summary><c>list</c> (0x70).</summary>
/// <param name="Element">The element type.</param>
public sealed record ListType(ValType Element) : TypeDefinition;
/// <summary>Fixed-length <c>list&lt;T, N&gt;</c> (0x67).</summary>
/// <param name="Element">The element type.</param>
/// <param name="Length">The fixed length.</param>
public sealed record FixedListType(ValType Element, uint Length) : TypeDefinition;
/// <summary><c>tuple</c> (0x6f).</summary>
/// <param name="Types">The element types, in order.</param>
public sealed record TupleType(IReadOnlyList<ValType> Types) : TypeDefinition;
/// <summary><c>flags</c> (0x6e).</summary>
/// <param name="Names">The flag names, in bit order.</param>
public sealed record FlagsType(IReadOnlyList<string> Names) : TypeDefinition;
/// <summary><c>enum</c> (0x6d).</summary>
/// <param name="Names">The case names, in order.</param>
public sealed record EnumType(IReadOnlyList<string> Names) : TypeDefinition;
/// <summary><c>option</c> (0x6b).</summary>
/// <param name="Element">The payload type.</param>
public sealed record OptionType(ValType Element) : TypeDefinition;
/// <summary><c>result</c> (0x6a).</summary>
/// <param name="Ok">The success payload, or null for none.</param>
/// <param name="Err">The error payload, or null for none.</param>
public sealed record ResultType(ValType? Ok, ValType? Err) : TypeDefinition;
/// <summary><c>own</c> (0x69) of a resource type index.</summary>
/// <param name="Resource">The type index of the resource.</param>
public sealed record OwnType(uint Resource) : TypeDefinition;
/// <summary><c>borrow</c> (0x68) of a resource type index.</summary>
/// <param name="Resource">The type index of the resource.</param>
public sealed record BorrowType(uint Resource) : TypeDefinition;
/// <summary><c>stream</c> (0x66).</summary>
/// <param name="Element">The element type, or null for none.</param>
public sealed record StreamType(ValType? Element) : TypeDefinition;
/// <summary><c>future</c> (0x65).</summary>
/// <param name="Element">The payload type, or null for none.</param>
public sealed record FutureType(ValType? Element) : TypeDefinition;
/// <summary><c>map</c> (0x63).</summary>
/// <param name="Key">The key type.</param>
/// <param name="Value">The value type.</param>
public sealed record MapType(ValType Key, ValType Value) : TypeDefinition;

/// <summary>A function type (0x40, async 0x43).</summary>
/// <param name="IsAsync">Whether the function is async.</param>
/// <param name="Params">The named parameters.</param>
/// <param name="Result">The result type, or null for none.</param>
public sealed record FuncType(bool IsAsync, IReadOnlyList<NamedValType> Params, ValType? Result) : TypeDefinition;

/// <summary>A component type (0x41).</summary>
/// <param name="Declarations">The declarators, in order.</param>
public sealed record ComponentTypeDefinition(IReadOnlyList<Declaration> Declarations) : TypeDefinition;

/// <summary>An instance type (0x42).</summary>
/// <param name="Declarations">The declarators, in order.</param>
public sealed record InstanceTypeDefinition(IReadOnlyList<Declaration> Declarations) : TypeDefinition;

/// <summary>A resource type (0x3f sync destructor, 0x3e async destructor with optional callback).</summary>
/// <param name="Destructor">The core function index of the destructor, if any.</param>
/// <param name="IsAsync">Whether the destructor is async.</param>
/// <param name="Callback">The core function index of the async destructor's callback, if any.</param>
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
/// <param name="IsSubResource">Whether the bound is <c>(sub resource)</c>.</param>
/// <param name="Index">The type index of an <c>(eq i)</c> bound.</param>
public readonly record struct TypeBound(bool IsSubResource, uint Index)
{
    /// <summary><c>(eq i)</c>.</summary>
    public static TypeBound Eq(uint index) => new(false, index);
    /// <summary><c>(sub resource)</c>.</summary>
    public static readonly TypeBound SubResource = new(true, 0);
}

/// <summary>An extern descriptor; <see cref="Index"/> is a (core) type index except for values and types.</summary>
/// <param name="Kind">What the import or export is.</param>
/// <param name="Index">The (core) type index, for kinds other than values and types.</param>
/// <param name="Bound">The bound of a type.</param>
/// <param name="Value">The type of a value.</param>
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
/// <param name="Instance">The component instance index.</param>
/// <param name="Name">The export name.</param>
public sealed record InstanceExportAlias(uint Instance, string Name) : AliasTarget;
/// <summary><c>core export i "name"</c> of a core instance.</summary>
/// <param name="Instance">The core instance index.</param>
/// <param name="Name">The export name.</param>
public sealed record CoreInstanceExportAlias(uint Instance, string Name) : AliasTarget;
/// <summary><c>outer ct idx</c>.</summary>
/// <param name="Count">How many enclosing components out the definition is.</param>
/// <param name="Index">The index of the definition in that component.</param>
public sealed record OuterAlias(uint Count, uint Index) : AliasTarget;

/// <summary>An alias definition.</summary>
/// <param name="Sort">The sort of the aliased definition.</param>
/// <param name="Target">What is aliased.</param>
public sealed record Alias(Sort Sort, AliasTarget Target);

/// <summary>A declarator inside a component or instance type.</summary>
public abstract record Declaration;
/// <summary>A core type declarator (kept as parsed core type).</summary>
/// <param name="Type">The core type.</param>
public sealed record CoreTypeDeclaration(CoreType Type) : Declaration;
/// <summary>A type declarator.</summary>
/// <param name="Type">The type definition.</param>
public sealed record TypeDeclaration(TypeDefinition Type) : Declaration;
/// <summary>An alias declarator.</summary>
/// <param name="Alias">The alias.</param>
public sealed record AliasDeclaration(Alias Alias) : Declaration;
/// <summary>An import declarator (component types only).</summary>
/// <param name="Name">The import name.</param>
/// <param name="Desc">What is imported.</param>
public sealed record ImportDeclaration(ExternName Name, ExternDesc Desc) : Declaration;
/// <summary>An export declarator.</summary>
/// <param name="Name">The export name.</param>
/// <param name="Desc">What is exported.</param>
public sealed record ExportDeclaration(ExternName Name, ExternDesc Desc) : Declaration;

/// <summary>
/// An import/export name: the plain forms 0x00/0x01, or 0x02 with options (0x00 <c>implements</c> interface
/// name, 0x01 version suffix, 0x02 <c>external-id</c>).
/// </summary>
/// <param name="Name">The name.</param>
/// <param name="Implements">The interface named by <c>implements</c>, if any.</param>
/// <param name="VersionSuffix">The version suffix, if any.</param>
/// <param name="ExternalId">The <c>external-id</c>, if any.</param>
public sealed record ExternName(string Name, string? Implements = null, string? VersionSuffix = null, string? ExternalId = null)
{
    /// <summary>Implicit conversion from a plain name.</summary>
    public static implicit operator ExternName(string name) => new(name);
    /// <inheritdoc/>
    public override string ToString() => Name;
}

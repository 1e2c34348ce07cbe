using System.Collections.Generic;

namespace WitBindgen.WitParser.Model;

/// <summary>Who defines a type: an interface, a world, or nobody (anonymous types of a world are owned by it too).</summary>
public abstract record TypeOwner
{
    /// <summary>No owner.</summary>
    public static readonly TypeOwner None = new NoOwner();
}
/// <summary>No owner.</summary>
public sealed record NoOwner : TypeOwner;
/// <summary>Owned by interface <paramref name="Id"/>.</summary>
/// <param name="Id">The interface.</param>
public sealed record InterfaceOwner(Id<Interface> Id) : TypeOwner;
/// <summary>Owned by world <paramref name="Id"/>.</summary>
/// <param name="Id">The world.</param>
public sealed record WorldOwner(Id<World> Id) : TypeOwner;

/// <summary>A type definition in <see cref="Resolve.Types"/>.</summary>
public sealed class TypeDef
{
    /// <summary>Creates a type definition.</summary>
    public TypeDef(string? name, TypeDefKind kind, TypeOwner owner)
    {
        Name = name; Kind = kind; Owner = owner;
    }

    /// <summary>Name, or null for anonymous types (list&lt;T&gt;, option&lt;T&gt;...).</summary>
    public string? Name { get; set; }
    /// <summary>What the type is: an alias, a resource, a record, a list... (one of the <see cref="TypeDefKind"/> records).</summary>
    public TypeDefKind Kind { get; set; }
    /// <summary>Defining interface or world.</summary>
    public TypeOwner Owner { get; set; }
    /// <summary>The <c>///</c> doc comment, without the slashes; null when there is none.</summary>
    public string? Docs { get; set; }
    /// <summary>The <c>@since</c> / <c>@unstable</c> / <c>@deprecated</c> attributes of the type.</summary>
    public Stability Stability { get; set; } = Stability.Unknown;
    /// <summary><c>@external-id</c>, if any.</summary>
    public string? ExternalId { get; set; }
}

/// <summary>The shape of a type definition.</summary>
public abstract record TypeDefKind;
/// <summary><c>type x = T</c> or a <c>use</c>d name.</summary>
/// <param name="Target">The aliased type.</param>
public sealed record AliasKind(WitType Target) : TypeDefKind;
/// <summary>A resource; its methods live in the owning interface or world as <see cref="Function"/>s whose <see cref="Function.Resource"/> is this type.</summary>
public sealed record ResourceKind : TypeDefKind
{
    /// <summary>The single instance (a resource kind carries no data).</summary>
    public static readonly ResourceKind Instance = new();
}
/// <summary><c>own&lt;R&gt;</c> / <c>borrow&lt;R&gt;</c>; <paramref name="Resource"/> is a type id.</summary>
/// <param name="IsBorrow">True for <c>borrow&lt;R&gt;</c>, false for <c>own&lt;R&gt;</c>.</param>
/// <param name="Resource">The resource type.</param>
public sealed record HandleKind(bool IsBorrow, Id<TypeDef> Resource) : TypeDefKind;
/// <summary>A record.</summary>
/// <param name="Fields">The fields, in declaration order.</param>
public sealed record RecordKind(IReadOnlyList<Field> Fields) : TypeDefKind;
/// <summary>A flags type.</summary>
/// <param name="Flags">The flags, in declaration order (bit 0 first).</param>
public sealed record FlagsKind(IReadOnlyList<NamedCase> Flags) : TypeDefKind;
/// <summary>A variant.</summary>
/// <param name="Cases">The cases, in declaration order (discriminant 0 first).</param>
public sealed record VariantKind(IReadOnlyList<VariantCase> Cases) : TypeDefKind;
/// <summary>An enum.</summary>
/// <param name="Cases">The cases, in declaration order (discriminant 0 first).</param>
public sealed record EnumKind(IReadOnlyList<NamedCase> Cases) : TypeDefKind;
/// <summary><c>option&lt;T&gt;</c>.</summary>
/// <param name="Element">The type of the present value.</param>
public sealed record OptionKind(WitType Element) : TypeDefKind;
/// <summary><c>result&lt;Ok, Err&gt;</c> with either side optional.</summary>
/// <param name="Ok">The success payload; null for <c>result&lt;_, E&gt;</c> or a bare <c>result</c>.</param>
/// <param name="Err">The error payload; null when the result has none.</param>
public sealed record ResultKind(WitType? Ok, WitType? Err) : TypeDefKind;
/// <summary><c>list&lt;T&gt;</c>.</summary>
/// <param name="Element">The element type.</param>
public sealed record ListKind(WitType Element) : TypeDefKind;
/// <summary><c>list&lt;T, N&gt;</c>.</summary>
/// <param name="Element">The element type.</param>
/// <param name="Length">The number of elements.</param>
public sealed record FixedListKind(WitType Element, uint Length) : TypeDefKind;
/// <summary><c>map&lt;K, V&gt;</c>.</summary>
/// <param name="Key">The key type.</param>
/// <param name="Value">The value type.</param>
public sealed record MapKind(WitType Key, WitType Value) : TypeDefKind;
/// <summary><c>tuple&lt;...&gt;</c>.</summary>
/// <param name="Types">The element types, in order.</param>
public sealed record TupleKind(IReadOnlyList<WitType> Types) : TypeDefKind;
/// <summary><c>future[&lt;T&gt;]</c>.</summary>
/// <param name="Element">The type of the eventual value; null for a bare <c>future</c>.</param>
public sealed record FutureKind(WitType? Element) : TypeDefKind;
/// <summary><c>stream[&lt;T&gt;]</c>.</summary>
/// <param name="Element">The element type; null for a bare <c>stream</c>.</param>
public sealed record StreamKind(WitType? Element) : TypeDefKind;

/// <summary>A record field.</summary>
/// <param name="Name">The field name as written in WIT (kebab-case).</param>
/// <param name="Type">The field type.</param>
/// <param name="Docs">The field's doc comment, if any.</param>
public sealed record Field(string Name, WitType Type, string? Docs);
/// <summary>A flags member or enum case.</summary>
/// <param name="Name">The name as written in WIT (kebab-case).</param>
/// <param name="Docs">The doc comment, if any.</param>
public sealed record NamedCase(string Name, string? Docs);
/// <summary>A variant case.</summary>
/// <param name="Name">The case name as written in WIT (kebab-case).</param>
/// <param name="Type">The payload type; null for a case without payload.</param>
/// <param name="Docs">The case's doc comment, if any.</param>
public sealed record VariantCase(string Name, WitType? Type, string? Docs);

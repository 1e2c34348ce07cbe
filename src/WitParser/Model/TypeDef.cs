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
public sealed record InterfaceOwner(int Id) : TypeOwner;
/// <summary>Owned by world <paramref name="Id"/>.</summary>
public sealed record WorldOwner(int Id) : TypeOwner;

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
    /// <summary>What the type is.</summary>
    public TypeDefKind Kind { get; set; }
    /// <summary>Defining interface or world.</summary>
    public TypeOwner Owner { get; set; }
    /// <summary>Doc comment.</summary>
    public string? Docs { get; set; }
    /// <summary>Stability.</summary>
    public Stability Stability { get; set; } = Stability.Unknown;
    /// <summary><c>@external-id</c>, if any.</summary>
    public string? ExternalId { get; set; }
}

/// <summary>The shape of a type definition.</summary>
public abstract record TypeDefKind;
/// <summary><c>type x = T</c> or a <c>use</c>d name.</summary>
public sealed record AliasKind(WitType Target) : TypeDefKind;
/// <summary>A resource.</summary>
public sealed record ResourceKind : TypeDefKind
{
    /// <summary>The single instance.</summary>
    public static readonly ResourceKind Instance = new();
}
/// <summary><c>own&lt;R&gt;</c> / <c>borrow&lt;R&gt;</c>; <paramref name="Resource"/> is a type id.</summary>
public sealed record HandleKind(bool IsBorrow, int Resource) : TypeDefKind;
/// <summary>A record.</summary>
public sealed record RecordKind(IReadOnlyList<Field> Fields) : TypeDefKind;
/// <summary>A flags type.</summary>
public sealed record FlagsKind(IReadOnlyList<NamedCase> Flags) : TypeDefKind;
/// <summary>A variant.</summary>
public sealed record VariantKind(IReadOnlyList<VariantCase> Cases) : TypeDefKind;
/// <summary>An enum.</summary>
public sealed record EnumKind(IReadOnlyList<NamedCase> Cases) : TypeDefKind;
/// <summary><c>option&lt;T&gt;</c>.</summary>
public sealed record OptionKind(WitType Element) : TypeDefKind;
/// <summary><c>result&lt;Ok, Err&gt;</c> with either side optional.</summary>
public sealed record ResultKind(WitType? Ok, WitType? Err) : TypeDefKind;
/// <summary><c>list&lt;T&gt;</c>.</summary>
public sealed record ListKind(WitType Element) : TypeDefKind;
/// <summary><c>list&lt;T, N&gt;</c>.</summary>
public sealed record FixedListKind(WitType Element, uint Length) : TypeDefKind;
/// <summary><c>map&lt;K, V&gt;</c>.</summary>
public sealed record MapKind(WitType Key, WitType Value) : TypeDefKind;
/// <summary><c>tuple&lt;...&gt;</c>.</summary>
public sealed record TupleKind(IReadOnlyList<WitType> Types) : TypeDefKind;
/// <summary><c>future[&lt;T&gt;]</c>.</summary>
public sealed record FutureKind(WitType? Element) : TypeDefKind;
/// <summary><c>stream[&lt;T&gt;]</c>.</summary>
public sealed record StreamKind(WitType? Element) : TypeDefKind;

/// <summary>A record field.</summary>
public sealed record Field(string Name, WitType Type, string? Docs);
/// <summary>A flags member or enum case.</summary>
public sealed record NamedCase(string Name, string? Docs);
/// <summary>A variant case.</summary>
public sealed record VariantCase(string Name, WitType? Type, string? Docs);

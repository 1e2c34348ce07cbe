using System.Collections.Generic;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Text;

namespace WitBindgen.WitParser.Resolution;

/// <summary>A placeholder kind for types imported from another package, filled in when the package is merged.</summary>
internal sealed record UnknownKind : TypeDefKind
{
    public static readonly UnknownKind Instance = new();
}

/// <summary>A reference to an interface or a world in a package's local arenas: exactly one of the two is set.</summary>
internal readonly record struct ItemRef(Id<Interface>? Interface, Id<World>? World)
{
    public static ItemRef Of(Id<Interface> id) => new(id, null);
    public static ItemRef Of(Id<World> id) => new(null, id);
    public bool IsWorld => World is not null;
}

/// <summary>Where an interface and its functions were declared.</summary>
internal sealed class InterfaceSpans
{
    public InterfaceSpans(Span span) => Span = span;
    public Span Span { get; }
    public List<Span> Functions { get; } = new();
}

/// <summary>Where a world, its imports, exports and includes were declared.</summary>
internal sealed class WorldSpans
{
    public WorldSpans(Span span) => Span = span;
    public Span Span { get; }
    public List<Span> Imports { get; } = new();
    public List<Span> Exports { get; } = new();
    public List<Span> Includes { get; } = new();
}

/// <summary>One <c>a as b</c> of an <c>include ... with</c>.</summary>
internal sealed record IncludeRename(string Name, string As);

/// <summary>An <c>include</c> of a world, not yet applied.</summary>
internal sealed record PendingInclude(Stability Stability, Id<World> World, IReadOnlyList<IncludeRename> Names);

/// <summary>An interface or world of another package referenced by this one.</summary>
internal sealed class ForeignItem
{
    public ForeignItem(ItemRef item) => Item = item;
    public ItemRef Item { get; }
    public List<Stability> Stabilities { get; } = new();
}

/// <summary>Another package referenced by this one, with the items used from it in first-reference order.</summary>
internal sealed class ForeignPackage
{
    public ForeignPackage(PackageId name, Span span) { Name = name; Span = span; }
    public PackageId Name { get; }
    /// <summary>Where the package was first referenced.</summary>
    public Span Span { get; }
    public OrderedMap<string, ForeignItem> Items { get; } = new();
}

/// <summary>
/// One package after name resolution but before it joins a <see cref="Resolve"/>: local arenas whose
/// first entries are placeholders for foreign interfaces, worlds and types (the reference's UnresolvedPackage).
/// </summary>
internal sealed class UnresolvedPackage
{
    public UnresolvedPackage(PackageId name, Span nameSpan) { Name = name; NameSpan = nameSpan; }

    public PackageId Name { get; }
    public Span NameSpan { get; }
    public string? Docs { get; set; }

    public Arena<TypeDef> Types { get; } = new();
    public List<Span> TypeSpans { get; } = new();
    /// <summary>Spans of record fields by type id: errors about a field's type point at the field.</summary>
    public Dictionary<Id<TypeDef>, List<Span>> FieldSpans { get; } = new();
    public Arena<Interface> Interfaces { get; } = new();
    public List<InterfaceSpans> InterfaceSpans { get; } = new();
    public Arena<World> Worlds { get; } = new();
    public List<WorldSpans> WorldSpans { get; } = new();
    public List<List<PendingInclude>> WorldIncludes { get; } = new();

    public OrderedMap<PackageId, ForeignPackage> ForeignDeps { get; } = new();
    /// <summary>Name spans of the placeholder types (same index as <see cref="Types"/>).</summary>
    public Dictionary<Id<TypeDef>, Span> UnknownTypeSpans { get; } = new();
    /// <summary>Placeholder types used in handles: they must turn out to be resources.</summary>
    public List<(Id<TypeDef> Type, Span Span)> RequiredResourceTypes { get; } = new();
}

/// <summary>The packages of one source group (a file or a directory): nested packages and the main one.</summary>
internal sealed class UnresolvedPackageGroup
{
    public UnresolvedPackageGroup(UnresolvedPackage main, List<UnresolvedPackage> nested) { Main = main; Nested = nested; }
    public UnresolvedPackage Main { get; }
    public List<UnresolvedPackage> Nested { get; }
}

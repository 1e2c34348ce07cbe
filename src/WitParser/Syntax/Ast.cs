using System.Collections.Generic;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Text;

namespace WitBindgen.WitParser.Syntax;

// The syntax tree of one WIT file, as written: no name resolution, no feature gating.
// Spans point at the construct's name where the reference reports errors there.

/// <summary>An identifier as written, with <c>%</c> already stripped.</summary>
internal sealed record Identifier(string Name, Span Span);

/// <summary>Doc comment text already processed by the reference's rules, or null when there is none.</summary>
internal sealed record Docs(string? Contents)
{
    /// <summary>No docs.</summary>
    public static readonly Docs None = new((string?)null);

    /// <summary>
    /// From the start of the first comment to the end of the last one (trailing whitespace excluded),
    /// or null when there are no comments. The reference reports "found doc comments on multiple
    /// 'package' items" there.
    /// </summary>
    public Span? Span { get; init; }
}

/// <summary><c>ns:name[@version]</c>.</summary>
internal sealed record PackageName(Identifier Namespace, Identifier Name, SemVersion? Version, Span Span);

/// <summary><c>@since</c>, <c>@unstable</c>, <c>@deprecated</c> or <c>@external-id</c>.</summary>
internal abstract record Attribute(Span Span);
/// <summary><c>@since(version = V)</c>.</summary>
internal sealed record SinceAttribute(SemVersion Version, Span Span) : Attribute(Span);
/// <summary><c>@unstable(feature = F)</c>.</summary>
internal sealed record UnstableAttribute(Identifier Feature, Span Span) : Attribute(Span);
/// <summary><c>@deprecated(version = V)</c>.</summary>
internal sealed record DeprecatedAttribute(SemVersion Version, Span Span) : Attribute(Span);
/// <summary><c>@external-id("...")</c>.</summary>
internal sealed record ExternalIdAttribute(string Value, Span Span) : Attribute(Span);

/// <summary>One parsed .wit file.</summary>
internal sealed record WitFile(
    SourceFile Source,
    PackageDecl? Package,
    IReadOnlyList<TopLevelItem> Items,
    IReadOnlyList<NestedPackage> NestedPackages);

/// <summary><c>package ns:name@v;</c> at the top of a file.</summary>
internal sealed record PackageDecl(Docs Docs, PackageName Name);

/// <summary><c>package ns:name@v { ... }</c>.</summary>
internal sealed record NestedPackage(Docs Docs, PackageName Name, IReadOnlyList<TopLevelItem> Items);

/// <summary>An item at the top of a file or a nested package.</summary>
internal abstract record TopLevelItem;

/// <summary><c>interface name { ... }</c>.</summary>
internal sealed record InterfaceDecl(Docs Docs, IReadOnlyList<Attribute> Attributes, Identifier Name, IReadOnlyList<InterfaceItem> Items) : TopLevelItem;

/// <summary><c>world name { ... }</c>.</summary>
internal sealed record WorldDecl(Docs Docs, IReadOnlyList<Attribute> Attributes, Identifier Name, IReadOnlyList<WorldItem> Items) : TopLevelItem;

/// <summary>Top-level <c>use path [as name];</c>.</summary>
internal sealed record TopLevelUse(IReadOnlyList<Attribute> Attributes, UsePath Path, Identifier? As) : TopLevelItem;

/// <summary>A reference to an interface or world: a local name or <c>ns:pkg/name[@v]</c>.</summary>
internal abstract record UsePath(Span Span);
/// <summary>A name in the current package (or a top-level <c>use</c> of the file).</summary>
internal sealed record LocalPath(Identifier Name) : UsePath(Name.Span);
/// <summary><c>ns:pkg/name[@version]</c>.</summary>
internal sealed record PackagePath(PackageName Package, Identifier Name, Span Span) : UsePath(Span);

/// <summary>An item inside an interface (or inline interface).</summary>
internal abstract record InterfaceItem;

/// <summary>An item inside a world.</summary>
internal abstract record WorldItem;

/// <summary><c>use path.{a, b as c};</c> (in interfaces and worlds).</summary>
internal sealed record UseDecl(IReadOnlyList<Attribute> Attributes, UsePath From, IReadOnlyList<UseName> Names, Span Span) : InterfaceItem
{
    /// <summary>The same declaration seen as a world item.</summary>
    public WorldUse AsWorldItem() => new(this);
}

/// <summary>A <see cref="UseDecl"/> inside a world.</summary>
internal sealed record WorldUse(UseDecl Use) : WorldItem;

/// <summary><c>a</c> or <c>a as b</c> inside <c>use ... .{ }</c>.</summary>
internal sealed record UseName(Identifier Name, Identifier? As);

/// <summary>A named type definition (in an interface or world).</summary>
internal abstract record TypeDecl(Docs Docs, IReadOnlyList<Attribute> Attributes, Identifier Name) : InterfaceItem;

/// <summary>A <see cref="TypeDecl"/> inside a world.</summary>
internal sealed record WorldTypeDecl(TypeDecl Type) : WorldItem;

/// <summary><c>type name = T;</c>.</summary>
internal sealed record TypeAliasDecl(Docs Docs, IReadOnlyList<Attribute> Attributes, Identifier Name, TypeRef Type) : TypeDecl(Docs, Attributes, Name);
/// <summary><c>record name { field: T, ... }</c>.</summary>
internal sealed record RecordDecl(Docs Docs, IReadOnlyList<Attribute> Attributes, Identifier Name, IReadOnlyList<FieldDecl> Fields) : TypeDecl(Docs, Attributes, Name);
/// <summary><c>flags name { a, b }</c>.</summary>
internal sealed record FlagsDecl(Docs Docs, IReadOnlyList<Attribute> Attributes, Identifier Name, IReadOnlyList<CaseName> Flags) : TypeDecl(Docs, Attributes, Name);
/// <summary><c>variant name { a, b(T) }</c>.</summary>
internal sealed record VariantDecl(Docs Docs, IReadOnlyList<Attribute> Attributes, Identifier Name, IReadOnlyList<VariantCaseDecl> Cases) : TypeDecl(Docs, Attributes, Name);
/// <summary><c>enum name { a, b }</c>.</summary>
internal sealed record EnumDecl(Docs Docs, IReadOnlyList<Attribute> Attributes, Identifier Name, IReadOnlyList<CaseName> Cases) : TypeDecl(Docs, Attributes, Name);
/// <summary><c>resource name;</c> or <c>resource name { ... }</c>.</summary>
internal sealed record ResourceDecl(Docs Docs, IReadOnlyList<Attribute> Attributes, Identifier Name, IReadOnlyList<ResourceFunc> Functions) : TypeDecl(Docs, Attributes, Name);

/// <summary>A record field.</summary>
internal sealed record FieldDecl(Docs Docs, Identifier Name, TypeRef Type);
/// <summary>A flags member or enum case.</summary>
internal sealed record CaseName(Docs Docs, Identifier Name);
/// <summary>A variant case with an optional payload.</summary>
internal sealed record VariantCaseDecl(Docs Docs, Identifier Name, TypeRef? Type);

/// <summary>A function inside a resource.</summary>
internal abstract record ResourceFunc(Docs Docs, IReadOnlyList<Attribute> Attributes, Identifier Name, FuncSignature Signature);
/// <summary><c>name: [async] func(...)</c>: a method with an implicit <c>self</c>.</summary>
internal sealed record MethodDecl(Docs Docs, IReadOnlyList<Attribute> Attributes, Identifier Name, FuncSignature Signature) : ResourceFunc(Docs, Attributes, Name, Signature);
/// <summary><c>name: static [async] func(...)</c>.</summary>
internal sealed record StaticDecl(Docs Docs, IReadOnlyList<Attribute> Attributes, Identifier Name, FuncSignature Signature) : ResourceFunc(Docs, Attributes, Name, Signature);
/// <summary><c>constructor(...)[ -> result]</c>; <see cref="ResourceFunc.Name"/> is the <c>constructor</c> keyword's span with name "constructor".</summary>
internal sealed record ConstructorDecl(Docs Docs, IReadOnlyList<Attribute> Attributes, Identifier Name, FuncSignature Signature) : ResourceFunc(Docs, Attributes, Name, Signature);

/// <summary><c>name: [async] func(...) [-> T];</c> in an interface.</summary>
internal sealed record FuncDecl(Docs Docs, IReadOnlyList<Attribute> Attributes, Identifier Name, FuncSignature Signature) : InterfaceItem;

/// <summary>The part after <c>name:</c>: <c>[async] func(params) [-> result]</c>.</summary>
internal sealed record FuncSignature(bool IsAsync, IReadOnlyList<ParamDecl> Params, TypeRef? Result, Span Span);

/// <summary>A function parameter.</summary>
internal sealed record ParamDecl(Identifier Name, TypeRef Type);

/// <summary><c>import ...</c> or <c>export ...</c> in a world.</summary>
internal sealed record ImportExportDecl(bool IsImport, Docs Docs, IReadOnlyList<Attribute> Attributes, ExternSpec Spec, Span Span) : WorldItem;

/// <summary>What an import or export names.</summary>
internal abstract record ExternSpec;
/// <summary><c>name: interface { ... }</c>.</summary>
internal sealed record InlineInterfaceExtern(Identifier Name, IReadOnlyList<InterfaceItem> Items) : ExternSpec;
/// <summary><c>name: [async] func(...)</c>.</summary>
internal sealed record FuncExtern(Identifier Name, FuncSignature Signature) : ExternSpec;
/// <summary><c>path;</c>: an interface by name.</summary>
internal sealed record PathExtern(UsePath Path) : ExternSpec;
/// <summary><c>label: path;</c>: an interface imported under a plain name ("implements").</summary>
internal sealed record LabeledPathExtern(Identifier Label, UsePath Path) : ExternSpec;

/// <summary><c>include path [with { a as b }]</c>.</summary>
internal sealed record IncludeDecl(IReadOnlyList<Attribute> Attributes, UsePath From, IReadOnlyList<IncludeName> Names, Span Span) : WorldItem;
/// <summary><c>a as b</c> inside <c>include ... with { }</c>.</summary>
internal sealed record IncludeName(Identifier Name, Identifier As);

/// <summary>A type as written in a definition or signature.</summary>
internal abstract record TypeRef(Span Span);

/// <summary>The primitive types of WIT (and error-context, which has no parameters).</summary>
internal enum PrimitiveKind
{
    /// <summary><c>bool</c></summary>
    Bool, U8, U16, U32, U64, S8, S16, S32, S64, F32, F64, Char, String, ErrorContext,
}

/// <summary>A primitive type.</summary>
internal sealed record PrimitiveTypeRef(PrimitiveKind Kind, Span Span) : TypeRef(Span);
/// <summary>A type by name.</summary>
internal sealed record NamedTypeRef(Identifier Name) : TypeRef(Name.Span);
/// <summary><c>list&lt;T&gt;</c>.</summary>
internal sealed record ListTypeRef(TypeRef Element, Span Span) : TypeRef(Span);
/// <summary><c>list&lt;T, N&gt;</c>; <see cref="LengthSpan"/> covers N.</summary>
internal sealed record FixedListTypeRef(TypeRef Element, uint Length, Span LengthSpan, Span Span) : TypeRef(Span);
/// <summary><c>map&lt;K, V&gt;</c>.</summary>
internal sealed record MapTypeRef(TypeRef Key, TypeRef Value, Span Span) : TypeRef(Span);
/// <summary><c>option&lt;T&gt;</c>.</summary>
internal sealed record OptionTypeRef(TypeRef Element, Span Span) : TypeRef(Span);
/// <summary><c>result</c>, <c>result&lt;T&gt;</c>, <c>result&lt;_, E&gt;</c>, <c>result&lt;T, E&gt;</c>.</summary>
internal sealed record ResultTypeRef(TypeRef? Ok, TypeRef? Err, Span Span) : TypeRef(Span);
/// <summary><c>tuple&lt;...&gt;</c>.</summary>
internal sealed record TupleTypeRef(IReadOnlyList<TypeRef> Elements, Span Span) : TypeRef(Span);
/// <summary><c>future</c> or <c>future&lt;T&gt;</c>.</summary>
internal sealed record FutureTypeRef(TypeRef? Element, Span Span) : TypeRef(Span);
/// <summary><c>stream</c> or <c>stream&lt;T&gt;</c>.</summary>
internal sealed record StreamTypeRef(TypeRef? Element, Span Span) : TypeRef(Span);
/// <summary><c>own&lt;r&gt;</c> or <c>borrow&lt;r&gt;</c>.</summary>
internal sealed record HandleTypeRef(bool IsBorrow, Identifier Resource, Span Span) : TypeRef(Span);

using System;
using System.Collections.Generic;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Resolution;
using WitBindgen.WitParser.Syntax;
using WitBindgen.WitParser.Text;
using Attribute = WitBindgen.WitParser.Syntax.Attribute;

namespace WitBindgen.WitParser.Tests.Resolution;

/// <summary>Builds syntax trees by hand so the resolver can be tested without the parser.</summary>
internal sealed class AstBuilder
{
    public AstBuilder(string path = "test.wit") => File = new SourceFile(path, "// hand-built\n");

    public SourceFile File { get; }
    public Span At => new(File, 0, 2);
    public static readonly IReadOnlyList<Attribute> NoAttributes = Array.Empty<Attribute>();

    public Identifier Id(string name) => new(name, At);
    public PackageName Package(string ns, string name, string? version = null) =>
        new(Id(ns), Id(name), version is null ? null : SemVersion.TryParse(version), At);
    public TypeRef Prim(PrimitiveKind kind) => new PrimitiveTypeRef(kind, At);
    public TypeRef Named(string name) => new NamedTypeRef(Id(name));
    public TypeRef List(TypeRef element) => new ListTypeRef(element, At);
    public TypeRef Borrow(string resource) => new HandleTypeRef(true, Id(resource), At);
    public FuncSignature Sig(TypeRef? result, params (string Name, TypeRef Type)[] ps)
    {
        var list = new List<ParamDecl>();
        foreach (var (n, t) in ps) list.Add(new ParamDecl(Id(n), t));
        return new FuncSignature(false, list, result, At);
    }
    public UseDecl Use(string from, params string[] names)
    {
        var list = new List<UseName>();
        foreach (var n in names) list.Add(new UseName(Id(n), null));
        return new UseDecl(NoAttributes, new LocalPath(Id(from)), list, At);
    }
    public InterfaceDecl Interface(string name, params InterfaceItem[] items) => new(Docs.None, NoAttributes, Id(name), items);
    public WorldDecl World(string name, params WitBindgen.WitParser.Syntax.WorldItem[] items) => new(Docs.None, NoAttributes, Id(name), items);
    public TypeAliasDecl Alias(string name, TypeRef type) => new(Docs.None, NoAttributes, Id(name), type);
    public FuncDecl Func(string name, FuncSignature sig) => new(Docs.None, NoAttributes, Id(name), sig);
    public ImportExportDecl ImportFunc(string name, FuncSignature sig) => new(true, Docs.None, NoAttributes, new FuncExtern(Id(name), sig), At);
    public ImportExportDecl Import(string iface) => new(true, Docs.None, NoAttributes, new PathExtern(new LocalPath(Id(iface))), At);
    public ImportExportDecl Export(string iface) => new(false, Docs.None, NoAttributes, new PathExtern(new LocalPath(Id(iface))), At);

    /// <summary>Resolves one package made of <paramref name="items"/> into a fresh <see cref="Resolve"/>.</summary>
    public Resolve Resolve(PackageName name, params TopLevelItem[] items)
    {
        var resolver = new PackageResolver();
        resolver.Push(File, name, Docs.None, items);
        var builder = new ResolveBuilder(new[] { "active" }, false);
        PackageSorter.Push(builder, new UnresolvedPackageGroup(resolver.Resolve(), new List<UnresolvedPackage>()), Array.Empty<UnresolvedPackageGroup>());
        return builder.Resolve;
    }
}

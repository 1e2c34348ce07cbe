using System.Collections.Generic;
using Antlr4.Runtime;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;
using WitBindgen.WitParser.Text;
using G = WitBindgen.WitParser.Generated.WitParser;

namespace WitBindgen.WitParser.Syntax;

/// <summary>
/// Builds the AST (the records in Ast.cs) from a parse tree that the parser and the eager
/// checks accepted. Spans follow the reference: names for declarations, the keyword for
/// constructed types, the resource name for handles.
/// </summary>
internal sealed partial class AstBuilder
{
    private readonly ParseSession _session;

    public AstBuilder(ParseSession session) => _session = session;

    private SourceFile File => _session.File;

    public WitFile BuildFile(G.WitFileContext ctx)
    {
        PackageDecl? header = null;
        var items = new List<TopLevelItem>();
        var nested = new List<NestedPackage>();
        var declItems = ctx.declItem();
        for (int i = 0; i < declItems.Length; i++)
        {
            var item = declItems[i];
            var kind = item.declKind();
            if (kind.packageDecl() is { } package)
            {
                var docs = Docs(item);
                var name = PackageName(package.packageName());
                if (package.packageBody().SEMICOLON() is not null)
                {
                    header = new PackageDecl(docs, name);
                }
                else
                {
                    nested.Add(NestedPackage(docs, name, package.packageBody()));
                }
                continue;
            }
            items.Add(TopLevelItem(item));
        }
        return new WitFile(File, header, items, nested);
    }

    private NestedPackage NestedPackage(Docs docs, PackageName name, G.PackageBodyContext body)
    {
        var items = new List<TopLevelItem>();
        foreach (var item in body.declItem())
        {
            if (item.declKind().packageDecl() is { } inner)
            {
                // Nested packages are one level deep only; the reference reports the first inner one
                // (parsing succeeded, the nesting itself is rejected).
                throw _session.Fail(DiagnosticCodes.Syntax, "nested packages must be placed at the top-level",
                    PackageName(inner.packageName()).Span);
            }
            items.Add(TopLevelItem(item));
        }
        return new NestedPackage(docs, name, items);
    }

    private TopLevelItem TopLevelItem(G.DeclItemContext item)
    {
        var attributes = Attributes(item.attribute());
        var kind = item.declKind();
        if (kind.interfaceDecl() is { } iface)
            return new InterfaceDecl(Docs(item), attributes, Identifier(iface.id()), InterfaceItems(iface.interfaceBody()));
        if (kind.worldDecl() is { } world)
            return new WorldDecl(Docs(item), attributes, Identifier(world.id()), WorldItems(world.worldBody()));
        var use = kind.topUse();
        return new TopLevelUse(attributes, UsePath(use.usePath()), use.id() is { } alias ? Identifier(alias) : null);
    }

    // ---- packages, paths, versions ------------------------------------------------------------

    private PackageName PackageName(G.PackageNameContext ctx)
    {
        var ids = ctx.id();
        var ns = Identifier(ids[0]);
        var name = Identifier(ids[1]);
        var version = ctx.version() is { } v ? Version(v.versionCore()) : null;
        var end = ctx.version() is { } vv ? _session.SpanOf(vv.versionCore()) : name.Span;
        return new PackageName(ns, name, version, ns.Span.To(end));
    }

    private UsePath UsePath(G.UsePathContext ctx)
    {
        var ids = ctx.id();
        if (ids.Length == 1) return new LocalPath(Identifier(ids[0]));
        return PackagePath(ids[0], ids[1], ids[2], ctx.version());
    }

    // `ns:pkg/name[@v]`: the package name spans `ns:pkg` (as the reference's use paths do).
    private PackagePath PackagePath(G.IdContext nsCtx, G.IdContext pkgCtx, G.IdContext nameCtx, G.VersionContext? versionCtx)
    {
        var ns = Identifier(nsCtx);
        var pkg = Identifier(pkgCtx);
        var name = Identifier(nameCtx);
        var version = versionCtx is not null ? Version(versionCtx.versionCore()) : null;
        var end = versionCtx is not null ? _session.SpanOf(versionCtx.versionCore()) : name.Span;
        return new PackagePath(new PackageName(ns, pkg, version, ns.Span.To(pkg.Span)), name, ns.Span.To(end));
    }

    private SemVersion Version(G.VersionCoreContext ctx) => AstValues.Version(_session, ctx);

    private Identifier Identifier(G.IdContext ctx) =>
        new(AstValues.IdentifierName(ctx), _session.TokenSpan(ctx.Start));

    private Docs Docs(ParserRuleContext item) => DocComments.Before(_session, item.Start);

    // ---- attributes --------------------------------------------------------------------------

    private IReadOnlyList<Attribute> Attributes(G.AttributeContext[] attributes)
    {
        if (attributes.Length == 0) return System.Array.Empty<Attribute>();
        var list = new List<Attribute>(attributes.Length);
        foreach (var attribute in attributes)
        {
            var nameCtx = attribute.attributeName();
            var name = AstValues.IdentifierName(nameCtx.id());
            // The reference's attribute span is the attribute's name.
            var span = _session.SpanOf(nameCtx);
            var body = attribute.attributeBody();
            switch (name)
            {
                case "since":
                    list.Add(new SinceAttribute(Version(body.attributeValue().versionCore()), span));
                    break;
                case "deprecated":
                    list.Add(new DeprecatedAttribute(Version(body.attributeValue().versionCore()), span));
                    break;
                case "unstable":
                    list.Add(new UnstableAttribute(Identifier(body.attributeValue().id()), span));
                    break;
                default:
                    var literal = body.STRING().Symbol;
                    list.Add(new ExternalIdAttribute(StringLiterals.Decode(File, _session.CodePoints.ToUtf16(literal.StartIndex)), span));
                    break;
            }
        }
        return list;
    }
}

using System.Collections.Generic;
using G = WitBindgen.WitParser.Generated.WitParser;

namespace WitBindgen.WitParser.Syntax;

// Interface, world and resource items.
internal sealed partial class AstBuilder
{
    private IReadOnlyList<InterfaceItem> InterfaceItems(G.InterfaceBodyContext body)
    {
        var items = new List<InterfaceItem>();
        foreach (var item in body.interfaceItem())
        {
            var attributes = Attributes(item.attribute());
            var kind = item.interfaceItemKind();
            if (kind.funcItem() is { } func)
            {
                items.Add(new FuncDecl(Docs(item), attributes, Identifier(func.id()), Signature(func.funcSignature())));
            }
            else if (kind.useItem() is { } use)
            {
                items.Add(Use(attributes, use));
            }
            else
            {
                items.Add(TypeDecl(Docs(item), attributes, kind.GetChild(0)));
            }
        }
        return items;
    }

    private IReadOnlyList<WorldItem> WorldItems(G.WorldBodyContext body)
    {
        var items = new List<WorldItem>();
        foreach (var item in body.worldItem())
        {
            var attributes = Attributes(item.attribute());
            var kind = item.worldItemKind();
            if (kind.importItem() is { } import)
                items.Add(Extern(true, item, attributes, import.externSpec()));
            else if (kind.exportItem() is { } export)
                items.Add(Extern(false, item, attributes, export.externSpec()));
            else if (kind.useItem() is { } use)
                items.Add(Use(attributes, use).AsWorldItem());
            else if (kind.includeItem() is { } include)
                items.Add(Include(attributes, include));
            else
                items.Add(new WorldTypeDecl(TypeDecl(Docs(item), attributes, kind.GetChild(0))));
        }
        return items;
    }

    private ImportExportDecl Extern(bool isImport, G.WorldItemContext item, IReadOnlyList<Attribute> attributes, G.ExternSpecContext spec)
    {
        var first = Identifier(spec.id());
        var tail = spec.externSpecTail();
        ExternSpec kind;
        Text.Span span;
        switch (tail.externAfterColon())
        {
            case null:
                // `import name;`
                kind = new PathExtern(new LocalPath(first));
                span = first.Span;
                break;
            case G.ExternFuncContext func:
                kind = new FuncExtern(first, Signature(func.funcSignature()));
                span = first.Span;
                break;
            case G.ExternInterfaceContext iface:
                kind = new InlineInterfaceExtern(first, InterfaceItems(iface.interfaceBody()));
                span = first.Span;
                break;
            case G.ExternPathContext path:
                var second = path.id();
                switch (path.externPathTail())
                {
                    case G.PackagePathTailContext pkg:
                        // `ns:pkg/name[@v]`: the reference points at the interface name.
                        var packagePath = PackagePath(spec.id(), second, pkg.id(), pkg.version());
                        kind = new PathExtern(packagePath);
                        span = packagePath.Name.Span;
                        break;
                    case G.LabeledPackageTailContext labeled:
                        var ids = labeled.id();
                        kind = new LabeledPathExtern(first, PackagePath(second, ids[0], ids[1], labeled.version()));
                        span = first.Span;
                        break;
                    default:
                        kind = new LabeledPathExtern(first, new LocalPath(Identifier(second)));
                        span = first.Span;
                        break;
                }
                break;
            default:
                throw new System.InvalidOperationException("unexpected extern form");
        }
        return new ImportExportDecl(isImport, Docs(item), attributes, kind, span);
    }

    private UseDecl Use(IReadOnlyList<Attribute> attributes, G.UseItemContext use)
    {
        var names = new List<UseName>();
        foreach (var name in use.useNames()?.useName() ?? System.Array.Empty<G.UseNameContext>())
        {
            var ids = name.id();
            names.Add(new UseName(Identifier(ids[0]), ids.Length > 1 ? Identifier(ids[1]) : null));
        }
        return new UseDecl(attributes, UsePath(use.usePath()), names, _session.SpanOf(use));
    }

    private IncludeDecl Include(IReadOnlyList<Attribute> attributes, G.IncludeItemContext include)
    {
        var names = new List<IncludeName>();
        foreach (var name in include.includeTail().includeNames()?.includeName() ?? System.Array.Empty<G.IncludeNameContext>())
        {
            var ids = name.id();
            names.Add(new IncludeName(Identifier(ids[0]), Identifier(ids[1])));
        }
        return new IncludeDecl(attributes, UsePath(include.usePath()), names, _session.SpanOf(include));
    }

    private FuncSignature Signature(G.FuncSignatureContext ctx) =>
        new(ctx.ASYNC() is not null, Params(ctx.paramList()), ctx.typeRef() is { } result ? Type(result) : null,
            _session.TokenSpan(ctx.FUNC().Symbol));

    private IReadOnlyList<ParamDecl> Params(G.ParamListContext? list)
    {
        var result = new List<ParamDecl>();
        foreach (var param in list?.param() ?? System.Array.Empty<G.ParamContext>())
        {
            result.Add(new ParamDecl(Identifier(param.id()), Type(param.typeRef())));
        }
        return result;
    }

    private TypeDecl TypeDecl(Docs docs, IReadOnlyList<Attribute> attributes, Antlr4.Runtime.Tree.IParseTree kind)
    {
        switch (kind)
        {
            case G.TypeAliasContext alias:
                return new TypeAliasDecl(docs, attributes, Identifier(alias.id()), Type(alias.typeRef()));
            case G.RecordDeclContext record:
            {
                var fields = new List<FieldDecl>();
                foreach (var field in record.fieldList()?.field() ?? System.Array.Empty<G.FieldContext>())
                {
                    fields.Add(new FieldDecl(Docs(field), Identifier(field.id()), Type(field.typeRef())));
                }
                return new RecordDecl(docs, attributes, Identifier(record.id()), fields);
            }
            case G.FlagsDeclContext flags:
                return new FlagsDecl(docs, attributes, Identifier(flags.id()), CaseNames(flags.caseNames()));
            case G.EnumDeclContext @enum:
                return new EnumDecl(docs, attributes, Identifier(@enum.id()), CaseNames(@enum.caseNames()));
            case G.VariantDeclContext variant:
            {
                var cases = new List<VariantCaseDecl>();
                foreach (var c in variant.variantCases()?.variantCase() ?? System.Array.Empty<G.VariantCaseContext>())
                {
                    cases.Add(new VariantCaseDecl(Docs(c), Identifier(c.id()), c.typeRef() is { } t ? Type(t) : null));
                }
                return new VariantDecl(docs, attributes, Identifier(variant.id()), cases);
            }
            case G.ResourceDeclContext resource:
                return new ResourceDecl(docs, attributes, Identifier(resource.id()), ResourceFuncs(resource.resourceBody()));
            default:
                throw new System.InvalidOperationException("unexpected type definition");
        }
    }

    private IReadOnlyList<CaseName> CaseNames(G.CaseNamesContext? list)
    {
        var result = new List<CaseName>();
        foreach (var c in list?.caseName() ?? System.Array.Empty<G.CaseNameContext>())
        {
            result.Add(new CaseName(Docs(c), Identifier(c.id())));
        }
        return result;
    }

    private IReadOnlyList<ResourceFunc> ResourceFuncs(G.ResourceBodyContext body)
    {
        var result = new List<ResourceFunc>();
        foreach (var item in body.resourceItem())
        {
            var docs = Docs(item);
            var attributes = Attributes(item.attribute());
            switch (item.resourceFunc())
            {
                case G.ConstructorFuncContext ctor:
                {
                    var keyword = _session.TokenSpan(ctor.CONSTRUCTOR().Symbol);
                    var signature = new FuncSignature(false, Params(ctor.paramList()),
                        ctor.typeRef() is { } result2 ? Type(result2) : null, keyword);
                    result.Add(new ConstructorDecl(docs, attributes, new Identifier("constructor", keyword), signature));
                    break;
                }
                case G.NamedResourceFuncContext named:
                {
                    var name = Identifier(named.id());
                    var signature = Signature(named.funcSignature());
                    result.Add(named.STATIC() is not null
                        ? new StaticDecl(docs, attributes, name, signature)
                        : new MethodDecl(docs, attributes, name, signature));
                    break;
                }
            }
        }
        return result;
    }
}

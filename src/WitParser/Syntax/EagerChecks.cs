using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using WitBindgen.WitParser.Diagnostics;
using G = WitBindgen.WitParser.Generated.WitParser;

namespace WitBindgen.WitParser.Syntax;

/// <summary>
/// Checks the reference performs while it parses (identifiers, attribute names and keys, versions,
/// nesting depth...), run as the parser consumes tokens so that they are reported in the same order
/// relative to syntax errors later in the file.
/// </summary>
internal sealed class EagerChecks : IParseTreeListener
{
    /// <summary>Deepest type nesting the reference accepts.</summary>
    public const int MaxTypeDepth = 100;

    /// <summary>Deepest package nesting the reference accepts.</summary>
    public const int MaxPackageDepth = 100;

    private readonly ParseSession _session;
    private readonly Parser _parser;

    public EagerChecks(ParseSession session, Parser parser)
    {
        _session = session;
        _parser = parser;
    }

    public void VisitTerminal(ITerminalNode node)
    {
        if (_session.Failed) return;
        var token = node.Symbol;
        switch (token.Type)
        {
            case G.ID:
            case G.EXPLICIT_ID:
                if (node.Parent is G.IdContext) CheckIdentifier(token);
                break;
            case G.STRING:
                if (_session.IsLexicalError(token)) throw _session.LexicalError(token);
                break;
            case G.PACKAGE:
                CheckPackage(node, token);
                break;
            case G.COMMA:
                CheckListComma(node, token);
                break;
            case G.SEMICOLON:
                if (node.Parent is G.PackageBodyContext body) CheckPackageHeader(body, token);
                break;
            case G.TUPLE:
            case G.LIST:
            case G.MAP:
            case G.OPTION:
            case G.RESULT:
            case G.FUTURE:
            case G.STREAM:
                if (node.Parent is G.TypeRefContext type) CheckTypeDepth(type, token);
                break;
        }
    }

    public void VisitErrorNode(IErrorNode node)
    {
    }

    public void EnterEveryRule(ParserRuleContext ctx)
    {
        if (_session.Failed) return;
        switch (ctx)
        {
            case G.AttributeBodyContext body:
                CheckAttributeBody(body);
                break;
            case G.AttributeValueContext value:
                CheckAttributeValue(value);
                break;
        }
    }

    public void ExitEveryRule(ParserRuleContext ctx)
    {
        if (_session.Failed) return;
        switch (ctx)
        {
            case G.AttributeNameContext name:
                CheckAttributeName(name);
                break;
            case G.AttributeKeyContext key:
                CheckAttributeKey(key);
                break;
            case G.VersionCoreContext version:
                AstValues.Version(_session, version);
                break;
            case G.FixedLengthContext length:
                AstValues.FixedLength(_session, length);
                break;
        }
    }

    private void CheckIdentifier(IToken token)
    {
        string text = token.Text;
        if (token.Type == G.EXPLICIT_ID) text = text.Substring(1);
        var error = IdentifierRules.Validate(text);
        if (error is not null) throw _session.Fail(DiagnosticCodes.InvalidName, error, _session.TokenSpan(token));
    }

    // `package` as an item: no attributes, and at most MaxPackageDepth packages around it.
    private void CheckPackage(ITerminalNode node, IToken token)
    {
        if (node.Parent is not G.PackageDeclContext decl) return;
        if (decl.Parent?.Parent is G.DeclItemContext item && item.attribute().Length > 0)
            throw _session.Fail(DiagnosticCodes.Syntax, "cannot place attributes on nested packages", _session.TokenSpan(token));
        int enclosing = 0;
        for (var p = decl.Parent; p is not null; p = p.Parent)
            if (p is G.PackageDeclContext) enclosing++;
        if (enclosing >= MaxPackageDepth)
            throw _session.Fail(DiagnosticCodes.TooDeep, "package nesting too deep", _session.TokenSpan(token));
    }

    // `package a:b;` is a header only as the very first item of a file; elsewhere the reference
    // parses a nested package and wants its `{`.
    private void CheckPackageHeader(G.PackageBodyContext body, IToken semicolon)
    {
        if (body.Parent is G.PackageDeclContext decl && decl.Parent?.Parent is G.DeclItemContext item
            && item.Parent is G.WitFileContext file && file.GetChild(0) == item)
            return;
        throw _session.Expected(TokenText.Describe(G.LBRACE), semicolon);
    }

    // In `a, , b` the reference wants an item (or the closing token) after the first comma.
    private void CheckListComma(ITerminalNode node, IToken comma)
    {
        if (node.Parent is not ParserRuleContext list || list.ChildCount < 2) return;
        if (list.GetChild(list.ChildCount - 2) is not ITerminalNode previous || previous.Symbol.Type != G.COMMA) return;
        switch (list)
        {
            case G.TupleTypesContext:
                throw _session.ExpectedSpanning("a type", comma);
            case G.ParamListContext or G.UseNamesContext or G.FieldListContext or G.CaseNamesContext
                or G.VariantCasesContext or G.IncludeNamesContext:
                throw _session.ExpectedSpanning("an identifier or string", comma);
        }
    }

    private void CheckTypeDepth(G.TypeRefContext type, IToken token)
    {
        int depth = 0;
        for (RuleContext? p = type; p is not null; p = p.Parent)
            if (p is G.TypeRefContext) depth++;
        if (depth > MaxTypeDepth)
            throw _session.Fail(DiagnosticCodes.TooDeep, "type nesting too deep", _session.TokenSpan(token));
    }

    private void CheckAttributeName(G.AttributeNameContext name)
    {
        var id = AstValues.IdentifierName(name.id());
        if (id is "since" or "unstable" or "deprecated" or "external-id") return;
        throw _session.Fail(DiagnosticCodes.Syntax, $"unknown attribute `{id}`", _session.SpanOf(name));
    }

    private void CheckAttributeKey(G.AttributeKeyContext key)
    {
        var name = AttributeName(key);
        string expected = name == "unstable" ? "feature" : "version";
        var found = AstValues.IdentifierName(key.id());
        if (found != expected)
            throw _session.Fail(DiagnosticCodes.Syntax, $"expected `{expected}`, found `{found}`", _session.SpanOf(key));
    }

    // After `(`: `key = value` for since/unstable/deprecated, a string literal for external-id.
    private void CheckAttributeBody(G.AttributeBodyContext body)
    {
        var next = _parser.TokenStream.LT(1);
        if (AttributeName(body) == "external-id")
        {
            if (next.Type != G.STRING) throw _session.Expected(TokenText.Describe(G.STRING), next);
        }
        else if (next.Type != G.ID && next.Type != G.EXPLICIT_ID)
        {
            throw _session.ExpectedSpanning("an identifier or string", next);
        }
    }

    // After `=`: a version for since/deprecated, an identifier for unstable.
    private void CheckAttributeValue(G.AttributeValueContext value)
    {
        var next = _parser.TokenStream.LT(1);
        if (AttributeName(value) == "unstable")
        {
            if (next.Type != G.ID && next.Type != G.EXPLICIT_ID) throw _session.ExpectedSpanning("an identifier or string", next);
        }
        else if (next.Type != G.INTEGER)
        {
            throw _session.Expected(TokenText.Describe(G.INTEGER), next);
        }
    }

    private static string AttributeName(RuleContext inner)
    {
        for (var p = inner; p is not null; p = p.Parent)
            if (p is G.AttributeContext attribute)
                return AstValues.IdentifierName(attribute.attributeName().id());
        return string.Empty;
    }
}

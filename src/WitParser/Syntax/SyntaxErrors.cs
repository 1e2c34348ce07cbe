using Antlr4.Runtime;
using Antlr4.Runtime.Misc;
using WitBindgen.WitParser.Diagnostics;
using G = WitBindgen.WitParser.Generated.WitParser;

namespace WitBindgen.WitParser.Syntax;

/// <summary>
/// Words the parser's first error the way the reference does. The grammar mirrors the reference's
/// parser, so the rule the parser was in, the tokens it expected and the token before the offending
/// one tell which of the reference's `expect` (single caret) or `err_expected` (whole token)
/// messages applies.
/// </summary>
internal static class SyntaxErrors
{
    private const string TopLevelItem = "`world`, `interface` or `use`";
    private const string InterfaceItem = "`type`, `resource` or `func`";
    private const string WorldItem = "`import`, `export`, `include`, `use`, or type definition";
    private const string ResourceItem = "`constructor` or identifier";
    private const string Identifier = "an identifier or string";
    private const string Type = "a type";

    public static WitException From(ParseSession session, RecognitionException e)
    {
        var found = e.OffendingToken ?? session.Tokens.LT(1);
        if (session.IsLexicalError(found)) return session.LexicalError(found);

        var expected = e.GetExpectedTokens() ?? new IntervalSet();
        var ctx = e.Context as ParserRuleContext;
        int rule = ctx?.RuleIndex ?? -1;
        bool several = expected.Count > 1;

        // Decisions where the reference reports a described set of alternatives.
        if (several)
        {
            switch (rule)
            {
                case G.RULE_declKind: return session.ExpectedSpanning(TopLevelItem, found);
                case G.RULE_interfaceItemKind: return session.ExpectedSpanning(InterfaceItem, found);
                case G.RULE_worldItemKind: return session.ExpectedSpanning(WorldItem, found);
                case G.RULE_resourceFunc: return session.ExpectedSpanning(ResourceItem, found);
                case G.RULE_typeRef:
                case G.RULE_resultArgs: return session.ExpectedSpanning(Type, found);
                case G.RULE_externAfterColon:
                case G.RULE_attributeBody:
                case G.RULE_attributeValue: return session.ExpectedSpanning(Identifier, found);
                // Alternatives where the reference eats the optional one and expects the other.
                case G.RULE_packageBody: return session.Expected(TokenText.Describe(G.LBRACE), found);
                case G.RULE_externPathTail: return session.Expected(TokenText.Describe(G.SLASH), found);
                case G.RULE_externSpecTail:
                case G.RULE_resourceBody:
                case G.RULE_includeTail: return session.Expected(TokenText.Describe(G.SEMICOLON), found);
            }
        }

        switch (rule)
        {
            case G.RULE_id: return session.ExpectedSpanning(Identifier, found);
            case G.RULE_fixedLength: return session.ExpectedSpanning("fixed-length", found);
        }

        if (!several && expected.Count == 1)
        {
            int end = expected.MinElement;
            var itemMessage = ItemAtListEnd(session, rule, end, found);
            if (itemMessage is not null) return session.ExpectedSpanning(itemMessage, found);
            return session.Expected(TokenText.Describe(end), found);
        }

        // Not reached with the current grammar; keep a deterministic message.
        int fallback = expected.Count > 0 ? expected.MaxElement : TokenConstants.EOF;
        return session.Expected(TokenText.Describe(fallback), found);
    }

    // The reference parses lists as "eat the end token, else parse an item", so a bad token where an
    // item may start is reported as a bad item, not as a missing end token.
    private static string? ItemAtListEnd(ParseSession session, int rule, int end, IToken found)
    {
        switch (rule)
        {
            case G.RULE_witFile when end == TokenConstants.EOF:
            case G.RULE_packageBody when end == G.RBRACE:
                return TopLevelItem;
            case G.RULE_interfaceBody when end == G.RBRACE:
                return InterfaceItem;
            case G.RULE_worldBody when end == G.RBRACE:
                return WorldItem;
            case G.RULE_resourceBody when end == G.RBRACE:
                return ResourceItem;
        }

        int? opener = rule switch
        {
            G.RULE_recordDecl or G.RULE_flagsDecl or G.RULE_enumDecl or G.RULE_variantDecl
                or G.RULE_useItem or G.RULE_includeTail when end == G.RBRACE => G.LBRACE,
            G.RULE_funcSignature or G.RULE_resourceFunc when end == G.RPAREN => G.LPAREN,
            G.RULE_typeRef when end == G.GT => G.LT,
            _ => null,
        };
        if (opener is null) return null;
        var previous = session.PreviousToken(found);
        if (previous is null || (previous.Type != opener && previous.Type != G.COMMA)) return null;
        return rule == G.RULE_typeRef ? Type : Identifier;
    }
}

using Antlr4.Runtime;
using Antlr4.Runtime.Atn;
using Antlr4.Runtime.Misc;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Generated;
using WitBindgen.WitParser.Text;
using G = WitBindgen.WitParser.Generated.WitParser;

namespace WitBindgen.WitParser.Syntax;

/// <summary>
/// Text to AST for one WIT file. Throws <see cref="WitException"/> with the reference's wording on
/// the first lexical, syntax or parse-time error.
/// </summary>
internal static class WitFileParser
{
    /// <summary>Runs the whole-file prechecks, then parses.</summary>
    public static WitFile Parse(string path, string text) => Parse(SourcePrechecks.Normalize(path, text));

    /// <summary>Parses a file whose text already went through <see cref="SourcePrechecks"/>.</summary>
    public static WitFile Parse(SourceFile file)
    {
        // The grammar is LL(1) almost everywhere, so SLL prediction is exact; LL is the safety net.
        try
        {
            return Parse(file, PredictionMode.SLL);
        }
        catch (ParseCanceledException)
        {
            return Parse(file, PredictionMode.LL);
        }
    }

    private static WitFile Parse(SourceFile file, PredictionMode mode)
    {
        var lexer = new WitLexer(CharStreams.fromString(file.Text));
        lexer.RemoveErrorListeners();
        var tokens = new CommonTokenStream(lexer);
        var session = new ParseSession(file, tokens);
        var parser = new G(tokens);
        parser.RemoveErrorListeners();
        parser.ErrorHandler = new BailOnFirstError(session);
        parser.Interpreter.PredictionMode = mode;
        parser.AddParseListener(new EagerChecks(session, parser));

        G.WitFileContext tree;
        try
        {
            tree = parser.witFile();
        }
        catch (ParseCanceledException e) when (mode == PredictionMode.LL || e.InnerException is not RecognitionException)
        {
            if (e.InnerException is RecognitionException recognition) throw SyntaxErrors.From(session, recognition);
            throw new WitException(new Diagnostic(DiagnosticCodes.Syntax, e.Message, null));
        }
        return new AstBuilder(session).BuildFile(tree);
    }
}

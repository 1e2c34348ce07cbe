using Antlr4.Runtime;

namespace WitBindgen.WitParser.Syntax;

/// <summary>
/// Stops at the first syntax error (no recovery) and marks the session failed first, so that the
/// rule exits run while the exception unwinds do not report anything else.
/// </summary>
internal sealed class BailOnFirstError : BailErrorStrategy
{
    private readonly ParseSession _session;

    public BailOnFirstError(ParseSession session) => _session = session;

    public override void Recover(Parser recognizer, RecognitionException e)
    {
        _session.Failed = true;
        base.Recover(recognizer, e);
    }

    public override IToken RecoverInline(Parser recognizer)
    {
        _session.Failed = true;
        return base.RecoverInline(recognizer);
    }

    public override void ReportError(Parser recognizer, RecognitionException e)
    {
        // Errors are worded by SyntaxErrors from the exception; nothing is printed.
    }
}

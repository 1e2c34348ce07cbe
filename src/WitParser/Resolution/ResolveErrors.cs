using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Text;

namespace WitBindgen.WitParser.Resolution;

/// <summary>Builds the exceptions that abandon resolution with a diagnostic.</summary>
internal static class ResolveErrors
{
    public static WitException At(Span span, string code, string message) => new(new Diagnostic(code, message, span));

    public static WitException At(Span? span, string code, string message) => new(new Diagnostic(code, message, span));

    public static WitException Unlocated(string code, string message) => new(new Diagnostic(code, message, null));
}

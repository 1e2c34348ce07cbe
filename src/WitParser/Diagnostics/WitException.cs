namespace WitBindgen.WitParser.Diagnostics;

/// <summary>
/// Thrown inside the front end to abandon the current input with a diagnostic. It never escapes the
/// public API: entry points catch it and return the diagnostic.
/// </summary>
internal sealed class WitException : System.Exception
{
    public WitException(Diagnostic diagnostic) : base(diagnostic.Message) => Diagnostic = diagnostic;

    public Diagnostic Diagnostic { get; }
}

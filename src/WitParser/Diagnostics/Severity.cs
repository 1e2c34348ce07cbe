namespace WitBindgen.WitParser.Diagnostics;

/// <summary>How serious a diagnostic is.</summary>
public enum Severity
{
    /// <summary>The input is rejected.</summary>
    Error,
    /// <summary>The input is accepted but suspicious.</summary>
    Warning,
}

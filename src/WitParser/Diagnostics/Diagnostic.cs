using WitBindgen.WitParser.Text;

namespace WitBindgen.WitParser.Diagnostics;

/// <summary>
/// A problem found in WIT input: a stable code (<c>WIT0001</c>...), the reference implementation's
/// message, and where it is. <see cref="Context"/> holds outer messages (outermost first) that the
/// reference prints before the located message, joined by <c>": "</c>; show <see cref="Message"/> first
/// (as <see cref="DiagnosticRenderer.RenderHuman"/> does), the context adds nothing when there is a location.
/// </summary>
/// <param name="Code">The stable diagnostic code, e.g. <c>WIT0101</c> (see <see cref="DiagnosticCodes"/>).</param>
/// <param name="Message">The message, worded as wit-parser words it.</param>
/// <param name="Span">Where the problem is; null when it has no location in a source file.</param>
/// <param name="Severity">Error or warning.</param>
public sealed record Diagnostic(string Code, string Message, Span? Span, Severity Severity = Severity.Error)
{
    /// <summary>Outer context messages, outermost first (e.g. "failed to resolve directory while parsing WIT for path [x]").</summary>
    public System.Collections.Generic.IReadOnlyList<string> Context { get; init; } = System.Array.Empty<string>();

    /// <summary>Returns a copy with one more outer context message.</summary>
    internal Diagnostic WithContext(string outer)
    {
        var list = new System.Collections.Generic.List<string> { outer };
        list.AddRange(Context);
        return this with { Context = list };
    }
}

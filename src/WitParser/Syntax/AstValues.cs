using System.Globalization;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;
using G = WitBindgen.WitParser.Generated.WitParser;

namespace WitBindgen.WitParser.Syntax;

/// <summary>Values read from tokens, with the reference's errors. Shared by the eager checks and the AST builder.</summary>
internal static class AstValues
{
    /// <summary>An identifier's name with the <c>%</c> stripped.</summary>
    public static string IdentifierName(G.IdContext id)
    {
        var text = id.Start.Text;
        return id.Start.Type == G.EXPLICIT_ID ? text.Substring(1) : text;
    }

    /// <summary>The semantic version spelled by the tokens of <paramref name="ctx"/> (whitespace included, as the reference reads it).</summary>
    public static SemVersion Version(ParseSession session, G.VersionCoreContext ctx)
    {
        var span = session.SpanOf(ctx);
        var version = SemVersion.TryParse(span.Text);
        if (version is null)
            throw session.Fail(DiagnosticCodes.InvalidName, SemVersionErrors.Describe(span.Text), span);
        return version;
    }

    /// <summary>The length of a fixed-length list (a u32).</summary>
    public static uint FixedLength(ParseSession session, G.FixedLengthContext ctx)
    {
        if (uint.TryParse(ctx.Start.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        // The reference converts the integer error without a location.
        throw session.Fail(DiagnosticCodes.InvalidName, "number too large to fit in target type", null);
    }
}

using System;
using System.Reflection;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Syntax;
using WitBindgen.WitParser.Text;

namespace WitBindgen.WitParser.Resolution;

/// <summary>
/// Calls the WIT file parser (Syntax.WitFileParser, developed on its own branch). Looked up by name so the
/// resolver builds before the parser lands; replaced by a direct call once both are merged.
/// </summary>
internal static class ParserGateway
{
    private static readonly Func<SourceFile, WitFile>? Parser = Find();

    public static bool Available => Parser is not null;

    public static WitFile Parse(SourceFile file)
    {
        if (Parser is null)
            throw ResolveErrors.Unlocated(DiagnosticCodes.Syntax, "the WIT parser is not available in this build");
        try
        {
            return Parser(file);
        }
        catch (TargetInvocationException e) when (e.InnerException is WitException inner)
        {
            throw inner;
        }
    }

    private static Func<SourceFile, WitFile>? Find()
    {
        var type = typeof(ParserGateway).Assembly.GetType("WitBindgen.WitParser.Syntax.WitFileParser");
        var method = type?.GetMethod("Parse", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, null, new[] { typeof(SourceFile) }, null);
        if (method is null) return null;
        return file => (WitFile)method.Invoke(null, new object[] { file })!;
    }
}

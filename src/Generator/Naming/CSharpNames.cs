using System.Collections.Generic;
using System.Text;

namespace WitBindgen.Generator.Naming;

/// <summary>Turns WIT kebab-case identifiers into C# identifiers.</summary>
internal static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new()
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary><c>get-http-value</c> → <c>GetHttpValue</c>; all-caps segments (<c>HTTP</c>) become <c>Http</c>.</summary>
    public static string Pascal(string witName)
    {
        var sb = new StringBuilder(witName.Length);
        foreach (var segment in Segments(witName)) AppendSegment(sb, segment, upperFirst: true);
        return Finish(sb, "_");
    }

    /// <summary><c>get-http-value</c> → <c>getHttpValue</c>, keywords escaped with <c>@</c>.</summary>
    public static string Camel(string witName)
    {
        var sb = new StringBuilder(witName.Length);
        bool first = true;
        foreach (var segment in Segments(witName))
        {
            AppendSegment(sb, segment, upperFirst: !first);
            first = false;
        }
        var name = Finish(sb, "_");
        return Keywords.Contains(name) ? "@" + name : name;
    }

    /// <summary>Whether a name is a C# keyword (needs <c>@</c>).</summary>
    public static bool IsKeyword(string name) => Keywords.Contains(name);

    private static IEnumerable<string> Segments(string witName)
    {
        var name = witName.StartsWith("%", System.StringComparison.Ordinal) ? witName.Substring(1) : witName;
        foreach (var part in name.Split('-', '.', '/', ':', '@', '_'))
            if (part.Length > 0) yield return part;
    }

    private static void AppendSegment(StringBuilder sb, string segment, bool upperFirst)
    {
        bool allUpper = true;
        foreach (var c in segment) if (char.IsLower(c)) { allUpper = false; break; }
        for (int i = 0; i < segment.Length; i++)
        {
            char c = segment[i];
            if (!char.IsLetterOrDigit(c)) continue;
            if (i == 0) sb.Append(upperFirst ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            else sb.Append(allUpper ? char.ToLowerInvariant(c) : c);
        }
    }

    private static string Finish(StringBuilder sb, string fallback)
    {
        if (sb.Length == 0) return fallback;
        if (char.IsDigit(sb[0])) sb.Insert(0, '_');
        return sb.ToString();
    }
}

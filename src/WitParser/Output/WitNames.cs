using System.Collections.Generic;

namespace WitBindgen.WitParser.Output;

/// <summary>WIT identifier spelling: names that are keywords need a <c>%</c> prefix.</summary>
internal static class WitNames
{
    private static readonly HashSet<string> Keywords = new()
    {
        "use", "type", "func", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64",
        "char", "resource", "own", "borrow", "record", "flags", "variant", "enum", "bool", "string",
        "option", "result", "future", "stream", "error-context", "list", "map", "_", "as", "from",
        "static", "interface", "tuple", "import", "export", "world", "package", "constructor",
        "include", "with", "async",
    };

    /// <summary>The identifier as it must be written in WIT source.</summary>
    public static string Escape(string name) => Keywords.Contains(name) ? "%" + name : name;
}

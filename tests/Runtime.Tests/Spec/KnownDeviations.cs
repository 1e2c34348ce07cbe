using System;
using System.Collections.Generic;
using System.Linq;

namespace WitBindgen.Runtime.Tests.Spec;

/// <summary>
/// Spec assertions we knowingly do not pass, each with a reason. Matched by file name and the failure line.
/// Keep this list honest and short: fix the engine instead of adding entries.
/// </summary>
internal static class KnownDeviations
{
    /// <summary>One deviation: file, line of the command, why.</summary>
    internal sealed record Deviation(string File, int Line, string Reason);

    public static readonly IReadOnlyList<Deviation> All = new Deviation[]
    {
        // (file, line, reason) entries go here.
    };

    public static Deviation? Find(string file, int line) =>
        All.FirstOrDefault(d => string.Equals(d.File, file, StringComparison.Ordinal) && d.Line == line);
}

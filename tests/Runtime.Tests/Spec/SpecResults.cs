using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace WitBindgen.Runtime.Tests.Spec;

/// <summary>Counts for one command kind (assert_return, assert_invalid, ...).</summary>
internal sealed class SpecCounts
{
    public int Passed;
    public int Failed;
    /// <summary>Failed but listed in <see cref="KnownDeviations"/>.</summary>
    public int Deviations;
    /// <summary>Skipped because the module uses an unsupported proposal.</summary>
    public int Skipped;
    /// <summary>Execution commands while no engine is available.</summary>
    public int NotRun;
    /// <summary>assert_invalid/module text that the assembler (ConvertText) rejects.</summary>
    public int NotAssemblable;
    /// <summary>assert_malformed text/quote cases: a text-format property, not the binary decoder's.</summary>
    public int TextLevel;

    public void Add(SpecCounts other)
    {
        Passed += other.Passed;
        Failed += other.Failed;
        Deviations += other.Deviations;
        Skipped += other.Skipped;
        NotRun += other.NotRun;
        NotAssemblable += other.NotAssemblable;
        TextLevel += other.TextLevel;
    }

    public int Total => Passed + Failed + Deviations + Skipped + NotRun + NotAssemblable + TextLevel;
}

/// <summary>The outcome of one .wast file.</summary>
internal sealed class SpecFileResult
{
    public SpecFileResult(string file) => File = file;

    public string File { get; }

    /// <summary>Set when the whole file is skipped (e.g. "feature memory64").</summary>
    public string? SkippedReason { get; set; }

    public SortedDictionary<string, SpecCounts> ByCommand { get; } = new(System.StringComparer.Ordinal);

    /// <summary>Failure descriptions ("line N: ...").</summary>
    public List<string> Failures { get; } = new();

    /// <summary>Why commands were skipped, with counts.</summary>
    public SortedDictionary<string, int> SkipReasons { get; } = new(System.StringComparer.Ordinal);

    public SpecCounts For(string command)
    {
        if (!ByCommand.TryGetValue(command, out var counts)) ByCommand[command] = counts = new SpecCounts();
        return counts;
    }

    public SpecCounts Totals()
    {
        var total = new SpecCounts();
        foreach (var c in ByCommand.Values) total.Add(c);
        return total;
    }

    public static string Table(IEnumerable<(string Name, SpecCounts Counts)> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{"",-34} {"pass",7} {"fail",6} {"dev",5} {"skip",7} {"notrun",7} {"n/asm",6} {"textlvl",7}");
        foreach (var (name, c) in rows)
            sb.AppendLine($"{name,-34} {c.Passed,7} {c.Failed,6} {c.Deviations,5} {c.Skipped,7} {c.NotRun,7} {c.NotAssemblable,6} {c.TextLevel,7}");
        return sb.ToString();
    }

    public string Describe()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"== {File}" + (SkippedReason is null ? "" : $" (skipped: {SkippedReason})"));
        if (ByCommand.Count > 0)
        {
            sb.Append(Table(ByCommand.Select(p => (p.Key, p.Value)).Append(("total", Totals()))));
        }
        foreach (var reason in SkipReasons) sb.AppendLine($"  skipped {reason.Value}x: {reason.Key}");
        foreach (var failure in Failures.Take(60)) sb.AppendLine("  FAIL " + failure);
        if (Failures.Count > 60) sb.AppendLine($"  ... {Failures.Count - 60} more failures");
        return sb.ToString();
    }
}

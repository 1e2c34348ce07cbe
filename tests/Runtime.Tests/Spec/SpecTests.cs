using System.Collections.Generic;
using System.Linq;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Spec;

/// <summary>The WebAssembly spec test suite (.wast scripts) run through our decoder, validator and engine.</summary>
public sealed class SpecTests
{
    private readonly ITestOutputHelper _output;

    public SpecTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> WastFiles()
    {
        var files = SpecSuite.Files();
        if (files.Count == 0) return new[] { new object[] { "(corpus absent)" } };
        return files.Select(f => new object[] { f });
    }

    [Theory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(WastFiles))]
    public void WastFile(string file)
    {
        if (SpecSuite.Directory is null)
        {
            _output.WriteLine("conformance corpus absent");
            return;
        }
        var result = SpecSuite.Run(file);
        _output.WriteLine(result.Describe());
        if (result.SkippedReason is not null) return;
        var totals = result.Totals();
        Assert.True(totals.Failed == 0, $"{file}: {totals.Failed} failing assertions:\n" + string.Join("\n", result.Failures.Take(20)));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Summary()
    {
        var files = SpecSuite.Files();
        if (files.Count == 0)
        {
            _output.WriteLine("conformance corpus absent");
            return;
        }
        var byCommand = new SortedDictionary<string, SpecCounts>(System.StringComparer.Ordinal);
        var skippedFiles = new SortedDictionary<string, List<string>>(System.StringComparer.Ordinal);
        var perFile = new List<(string, SpecCounts)>();
        var skipReasons = new SortedDictionary<string, int>(System.StringComparer.Ordinal);
        foreach (var file in files)
        {
            var result = SpecSuite.Run(file);
            if (result.SkippedReason is { } reason)
            {
                if (!skippedFiles.TryGetValue(reason, out var list)) skippedFiles[reason] = list = new List<string>();
                list.Add(file);
                continue;
            }
            foreach (var (command, counts) in result.ByCommand)
            {
                if (!byCommand.TryGetValue(command, out var total)) byCommand[command] = total = new SpecCounts();
                total.Add(counts);
            }
            perFile.Add((file, result.Totals()));
            foreach (var (why, count) in result.SkipReasons) skipReasons[why] = skipReasons.GetValueOrDefault(why) + count;
        }
        var grand = new SpecCounts();
        foreach (var c in byCommand.Values) grand.Add(c);
        _output.WriteLine($"{files.Count} files, {perFile.Count} run, {files.Count - perFile.Count} skipped");
        _output.WriteLine(SpecFileResult.Table(perFile));
        _output.WriteLine("Totals by command:");
        _output.WriteLine(SpecFileResult.Table(byCommand.Select(p => (p.Key, p.Value)).Append(("TOTAL", grand))));
        _output.WriteLine("Skipped commands in run files, by reason:");
        foreach (var (reason, count) in skipReasons.OrderByDescending(p => p.Value)) _output.WriteLine($"  {count,6}  {reason}");
        foreach (var (reason, list) in skippedFiles) _output.WriteLine($"skipped ({reason}): {list.Count} files: {string.Join(", ", list)}");
        Assert.True(grand.Passed > 0, "no assertion passed");
        Assert.Equal(0, grand.Failed);
    }
}

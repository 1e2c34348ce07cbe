using System;
using System.IO;
using Microsoft.Build.Utilities;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Model;

namespace WitBindgen.MSBuild;

/// <summary>Loads the WIT of a task and reports its diagnostics as located MSBuild errors.</summary>
internal static class WitInputs
{
    /// <summary>Loads <paramref name="wit"/> with the <c>@unstable</c> features listed in <paramref name="features"/> (<c>a;b</c>, <c>*</c>: all) and selects <paramref name="world"/>.</summary>
    public static (Resolve Resolve, Id<World> World)? LoadWorld(Task task, string wit, string? world, string? features)
    {
        if (!File.Exists(wit) && !Directory.Exists(wit))
        {
            task.Log.LogError(null, "WITB010", null, wit, 0, 0, 0, 0, $"no such WIT file or directory: {wit}");
            return null;
        }
        var load = WitLoader.LoadPath(wit, WitPackageFiles.Enable().WithFeatures(new[] { features }));
        foreach (var d in load.Diagnostics)
        {
            if (d.Span is { } span)
            {
                var (line, column) = span.File.LineColumn(span.Start);
                var (endLine, endColumn) = span.File.LineColumn(span.End);
                if (d.Severity == WitParser.Diagnostics.Severity.Error)
                    task.Log.LogError(null, d.Code, null, span.File.Path, line, column, endLine, endColumn, d.Message);
                else
                    task.Log.LogWarning(null, d.Code, null, span.File.Path, line, column, endLine, endColumn, d.Message);
            }
            else if (d.Severity == WitParser.Diagnostics.Severity.Error) task.Log.LogError(null, d.Code, null, wit, 0, 0, 0, 0, d.Message);
            else task.Log.LogWarning(null, d.Code, null, wit, 0, 0, 0, 0, d.Message);
        }
        if (!load.Success) return null;
        if (load.Resolve!.SelectWorld(load.RootPackage, string.IsNullOrEmpty(world) ? null : world, out var problem) is not { } id)
        {
            task.Log.LogError(null, problem?.Code ?? "WITB011", null, wit, 0, 0, 0, 0, problem?.Message ?? $"no world {world}");
            return null;
        }
        return (load.Resolve!, id);
    }
}

using System.Collections.Generic;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;

namespace WitBindgen.WitParser;

/// <summary>The outcome of loading WIT: the resolved graph, or the diagnostics that prevented it.</summary>
public sealed class WitLoadResult
{
    internal WitLoadResult(Resolve? resolve, IReadOnlyList<int> mainPackages, IReadOnlyList<Diagnostic> diagnostics)
    {
        Resolve = resolve;
        MainPackages = mainPackages;
        Diagnostics = diagnostics;
    }

    /// <summary>The resolved package graph; null on failure.</summary>
    public Resolve? Resolve { get; }

    /// <summary>Ids of the packages of the given path (its main package and nested packages), in arena order.</summary>
    public IReadOnlyList<int> MainPackages { get; }

    /// <summary>Errors (and warnings) found while loading.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Whether loading succeeded (<see cref="Resolve"/> is not null).</summary>
    public bool Success => Resolve is not null;
}

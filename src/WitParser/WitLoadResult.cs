using System.Collections.Generic;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;

namespace WitBindgen.WitParser;

/// <summary>The outcome of loading WIT: the resolved graph, or the diagnostics that prevented it.</summary>
public sealed class WitLoadResult
{
    internal WitLoadResult(Resolve? resolve, IReadOnlyList<int> mainPackages, int rootPackage, IReadOnlyList<Diagnostic> diagnostics)
    {
        RootPackage = rootPackage;
        Resolve = resolve;
        MainPackages = mainPackages;
        Diagnostics = diagnostics;
    }

    /// <summary>The resolved package graph; null on failure.</summary>
    public Resolve? Resolve { get; }

    /// <summary>Ids of the packages of the given path (its main package and nested packages), in arena order.</summary>
    public IReadOnlyList<int> MainPackages { get; }

    /// <summary>
    /// The package declared at the top of the given file(s): the one whose items are not inside a nested
    /// <c>package x { }</c> block. One of <see cref="MainPackages"/>; -1 on failure.
    /// </summary>
    public int RootPackage { get; }

    /// <summary>Errors (and warnings) found while loading.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Whether loading succeeded (<see cref="Resolve"/> is not null).</summary>
    public bool Success => Resolve is not null;
}

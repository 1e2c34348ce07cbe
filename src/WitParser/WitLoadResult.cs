using System.Collections.Generic;
using WitBindgen.WitParser.Diagnostics;
using WitBindgen.WitParser.Model;

namespace WitBindgen.WitParser;

/// <summary>The outcome of loading WIT: the resolved graph, or the diagnostics that prevented it.</summary>
public sealed class WitLoadResult
{
    private readonly Id<Package>? _rootPackage;

    internal WitLoadResult(Resolve? resolve, IReadOnlyList<Id<Package>> mainPackages, Id<Package>? rootPackage, IReadOnlyList<Diagnostic> diagnostics)
    {
        _rootPackage = rootPackage;
        Resolve = resolve;
        MainPackages = mainPackages;
        Diagnostics = diagnostics;
    }

    /// <summary>The resolved package graph; null on failure.</summary>
    public Resolve? Resolve { get; }

    /// <summary>Ids of the packages of the given path (its main package and nested packages), in arena order.</summary>
    public IReadOnlyList<Id<Package>> MainPackages { get; }

    /// <summary>
    /// The package declared at the top of the given file(s): the one whose items are not inside a nested
    /// <c>package x { }</c> block. One of <see cref="MainPackages"/>.
    /// </summary>
    /// <exception cref="System.InvalidOperationException">Loading failed (<see cref="Success"/> is false): there is no package.</exception>
    public Id<Package> RootPackage => _rootPackage ?? throw new System.InvalidOperationException("loading WIT failed: there is no root package; check Success and Diagnostics first");

    /// <summary>Errors (and warnings) found while loading.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Whether loading succeeded (<see cref="Resolve"/> is not null).</summary>
    public bool Success => Resolve is not null;
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace WitBindgen.WitParser;

/// <summary>Options for loading WIT: which <c>@unstable</c> features are enabled, and how component-encoded packages are read.</summary>
public sealed class WitOptions
{
    /// <summary>Features whose <c>@unstable(feature = ...)</c> items are kept; others are dropped.</summary>
    public IReadOnlyCollection<string> Features { get; init; } = Array.Empty<string>();

    /// <summary>Keep every <c>@unstable</c> item regardless of <see cref="Features"/>.</summary>
    public bool AllFeatures { get; init; }

    /// <summary>
    /// Reads WIT packages encoded as components (a <c>.wasm</c>/<c>.wat</c> path, or such files in <c>deps/</c>).
    /// When null those files are reported with diagnostic WIT0203.
    /// </summary>
    public WitPackageDecoder? PackageDecoder { get; init; }

    /// <summary>
    /// These options with the features named in <paramref name="lists"/> enabled: each entry is one or more names
    /// separated by <c>,</c> or <c>;</c>, and <c>*</c> enables every feature (the CLI's <c>--features</c>, a
    /// <c>&lt;Wit&gt;</c> item's <c>Features</c> metadata). Names add to <see cref="Features"/>.
    /// </summary>
    public WitOptions WithFeatures(IEnumerable<string?> lists)
    {
        var names = lists
            .SelectMany(list => (list ?? "").Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
            .Select(name => name.Trim())
            .Where(name => name.Length > 0)
            .ToList();
        return new WitOptions
        {
            Features = Features.Concat(names.Where(name => name != "*")).Distinct(StringComparer.Ordinal).ToList(),
            AllFeatures = AllFeatures || names.Contains("*"),
            PackageDecoder = PackageDecoder,
        };
    }
}

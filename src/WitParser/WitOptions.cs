using System;
using System.Collections.Generic;

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
}

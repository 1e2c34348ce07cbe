namespace WitBindgen.WitParser.Model;

/// <summary>Stability of an item: unknown (no attribute), stable since a version, or unstable behind a feature.</summary>
public abstract record Stability
{
    /// <summary>No stability attribute.</summary>
    public static readonly Stability Unknown = new UnknownStability();

    /// <summary>Version of <c>@deprecated</c>, if any.</summary>
    public abstract SemVersion? Deprecated { get; }
}

/// <summary>No stability attribute given.</summary>
public sealed record UnknownStability : Stability
{
    /// <inheritdoc/>
    public override SemVersion? Deprecated => null;
}

/// <summary><c>@since(version = Since)</c> with optional <c>@deprecated</c>.</summary>
/// <param name="Since">The version of <c>@since</c>.</param>
/// <param name="DeprecatedVersion">The version of <c>@deprecated</c>, if any.</param>
public sealed record StableStability(SemVersion Since, SemVersion? DeprecatedVersion) : Stability
{
    /// <inheritdoc/>
    public override SemVersion? Deprecated => DeprecatedVersion;
}

/// <summary><c>@unstable(feature = Feature)</c> with optional <c>@deprecated</c>.</summary>
/// <param name="Feature">The feature name of <c>@unstable</c>.</param>
/// <param name="DeprecatedVersion">The version of <c>@deprecated</c>, if any.</param>
public sealed record UnstableStability(string Feature, SemVersion? DeprecatedVersion) : Stability
{
    /// <inheritdoc/>
    public override SemVersion? Deprecated => DeprecatedVersion;
}

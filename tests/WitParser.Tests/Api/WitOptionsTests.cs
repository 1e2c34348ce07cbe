namespace WitBindgen.WitParser.Tests.Api;

/// <summary>
/// <see cref="WitOptions.WithFeatures"/>: the one reader of feature lists (CLI <c>--features</c>, <c>&lt;Wit Features&gt;</c>).
/// </summary>
public sealed class WitOptionsTests
{
    [Fact]
    public void ListsSplitOnCommasAndSemicolonsTrimAndDeduplicate()
    {
        var options = new WitOptions { Features = new[] { "a" } }.WithFeatures(new[] { " b , a;c ", null, ";;", "c" });
        Assert.Equal(new[] { "a", "b", "c" }, options.Features);
        Assert.False(options.AllFeatures);
    }

    [Fact]
    public void StarEnablesEveryFeatureAndKeepsTheDecoder()
    {
        WitPackageDecoder decoder = (_, _) => throw new System.InvalidOperationException("not called");
        var options = new WitOptions { PackageDecoder = decoder }.WithFeatures(new[] { "x;*" });
        Assert.True(options.AllFeatures);
        Assert.Equal(new[] { "x" }, options.Features);
        Assert.Same(decoder, options.PackageDecoder);
    }

    [Fact]
    public void NoListsChangeNothing()
    {
        var options = new WitOptions { AllFeatures = true }.WithFeatures(System.Array.Empty<string?>());
        Assert.True(options.AllFeatures);
        Assert.Empty(options.Features);
    }
}

using System.IO;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.Tests;
using WitBindgen.WitParser;

namespace WitBindgen.Cli.Tests;

/// <summary>
/// tests/fixtures/components/http/proxy.c (built by scripts/build-fixtures.sh) with the world wasi:http/proxy@0.2.3
/// of the conformance corpus's WASI WIT (read in place) embedded, componentized by our <c>component new</c>.
/// </summary>
internal static class HttpFixture
{
    private static readonly object s_lock = new();
    private static byte[]? s_bytes;
    private static string? s_missing;

    /// <summary>The proxy component compiled, or null (the reason written to <paramref name="output"/>) when a prerequisite is absent.</summary>
    public static WitBindgen.Runtime.Components.Component? ProxyComponent(Xunit.Abstractions.ITestOutputHelper output)
    {
        var bytes = Proxy(out var missing);
        if (bytes is null) { Conformance.Skipped(output.WriteLine, missing!); return null; }
        return WitBindgen.Runtime.Components.Component.FromBytes(new WitBindgen.Runtime.Engine(), bytes);
    }

    /// <summary>A client for the test servers on 127.0.0.1 (no proxy, a bounded timeout).</summary>
    public static System.Net.Http.HttpClient Client() =>
        new(new System.Net.Http.SocketsHttpHandler { UseProxy = false }) { Timeout = System.TimeSpan.FromSeconds(60) };

    /// <summary>The component's bytes, or null (with the reason in <paramref name="missing"/>) when a prerequisite is absent.</summary>
    public static byte[]? Proxy(out string? missing)
    {
        lock (s_lock)
        {
            if (s_bytes is null && s_missing is null) Build();
            missing = s_missing;
            return s_bytes;
        }
    }

    private static void Build()
    {
        var core = Path.Combine(Conformance.RepoRoot, ".fixtures", "components", "http-proxy.core.wasm");
        if (!File.Exists(core)) { s_missing = $"fixture {core} not built (run scripts/build-fixtures.sh)"; return; }
        var wit = Conformance.PathOf("wasi", "0.2");
        if (wit is null) { s_missing = "conformance corpus (WASI WIT) not found"; return; }
        var load = WitLoader.LoadPath(wit);
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var package = load.Resolve!.FindPackage("wasi", "http");
        Assert.True(package is not null, "package wasi:http not found");
        var world = load.Resolve.SelectWorld(package.Value, "proxy", out var problem);
        Assert.True(world is not null, problem?.Message);
        var embedded = ComponentTypeSection.Embed(File.ReadAllBytes(core), load.Resolve, world.Value);
        s_bytes = Componentizer.Create(embedded);
    }
}

using System.IO;

namespace WitBindgen.Cli.Tests;

/// <summary><c>wit-bindgen run FILE --allow-net ADDR:PORT --allow-ip-name-lookup</c>: the WASI network policy options.</summary>
public sealed class RunNetworkOptionsTests
{
    private static string Hello => CliRunner.Example(Path.Combine("hello-wasi", "hello.wat"));

    [Fact]
    public void WellFormedRulesAreAccepted()
    {
        var (exit, stdout, stderr) = CliRunner.Run("run", Hello, "--allow-net", "127.0.0.1:8080", "--allow-net", "127.0.0.0/8:*", "--allow-net", "[::1]:*", "--allow-ip-name-lookup");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.StartsWith("Hello from a WebAssembly component", stdout);
    }

    [Fact]
    public void MalformedRulesAreRejected()
    {
        foreach (var rule in new[] { "localhost:80", "127.0.0.1", "127.0.0.1:99999", "10.0.0.0/40:1" })
        {
            var (exit, stdout, stderr) = CliRunner.Run("run", Hello, "--allow-net", rule);
            Assert.Equal(1, exit);
            Assert.Equal("", stdout);
            Assert.Contains($"error: --allow-net: network rule `{rule}`", stderr);
        }
    }

    [Fact]
    public void NetworkOptionsNeedAWasiRun()
    {
        var (exit, _, stderr) = CliRunner.Run("run", Hello, "--invoke", "run()", "--allow-ip-name-lookup");
        Assert.Equal(1, exit);
        Assert.Contains("--allow-net and --allow-ip-name-lookup configure WASI", stderr);
    }
}

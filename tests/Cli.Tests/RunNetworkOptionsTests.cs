using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.Tests;
using Xunit.Abstractions;

namespace WitBindgen.Cli.Tests;

/// <summary><c>wit-bindgen run FILE --allow-net ADDR:PORT --allow-ip-name-lookup</c>: the WASI network policy options.</summary>
public sealed class RunNetworkOptionsTests
{
    private readonly ITestOutputHelper _output;

    public RunNetworkOptionsTests(ITestOutputHelper output) => _output = output;

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

    /// <summary>
    /// tests/fixtures/components/worlds/sockets.c as a command (its wasi:cli/run export), embedded and componentized
    /// by the CLI's own <c>component embed</c>/<c>component new</c>; null when the fixture or WASI WIT is missing.
    /// </summary>
    private string? SocketsCommand(string dir)
    {
        var core = Path.Combine(Conformance.RepoRoot, ".fixtures", "components", "sockets.core.wasm");
        var wasi = Conformance.PathOf("wasi", "0.2", "deps");
        if (!File.Exists(core) || wasi is null || !Directory.Exists(wasi))
        {
            Conformance.Skipped(_output.WriteLine, "sockets.core.wasm (scripts/build-fixtures.sh) or ../shared/conformance/wasi/0.2 missing");
            return null;
        }
        var wit = Directory.CreateDirectory(Path.Combine(dir, "wit"));
        File.Copy(Path.Combine(Conformance.RepoRoot, "tests", "fixtures", "components", "worlds", "sockets.wit"), Path.Combine(wit.FullName, "sockets.wit"));
        var deps = Directory.CreateDirectory(Path.Combine(wit.FullName, "deps"));
        foreach (var pkg in new[] { "io", "clocks", "sockets", "cli", "filesystem", "random" })
            Directory.CreateSymbolicLink(Path.Combine(deps.FullName, pkg), Path.Combine(wasi, pkg));
        string embedded = Path.Combine(dir, "embedded.wasm"), component = Path.Combine(dir, "sockets.wasm");
        var (exit, _, stderr) = CliRunner.Run("component", "embed", core, "--wit", wit.FullName, "--world", "sockets", "-o", embedded);
        Assert.True(exit == 0, stderr);
        (exit, _, stderr) = CliRunner.Run("component", "new", embedded, "-o", component);
        Assert.True(exit == 0, stderr);
        return component;
    }

    [Fact]
    public async Task AllowNetLetsACommandConnectAndItsAbsenceDenies()
    {
        var dir = Directory.CreateTempSubdirectory("run-allow-net-").FullName;
        try
        {
            var component = SocketsCommand(dir);
            if (component is null) return;
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var server = Task.Run(async () =>
            {
                using var client = await listener.AcceptTcpClientAsync(cts.Token);
                var stream = client.GetStream();
                var buffer = new byte[5];
                await stream.ReadExactlyAsync(buffer, cts.Token);
                await stream.WriteAsync(buffer, cts.Token);
            });
            var (exit, stdout, stderr) = CliRunner.Run("run", component, "--allow-net", $"127.0.0.1:{port}", "--", "echo", port.ToString(), "hello");
            _output.WriteLine(stdout + stderr);
            Assert.Equal("", stderr);
            Assert.Equal("ok hello\n", stdout);
            Assert.Equal(0, exit);
            await server.WaitAsync(TimeSpan.FromSeconds(30));

            // Without --allow-net (or for another port) the connect is access-denied (error-code case 1).
            (exit, stdout, _) = CliRunner.Run("run", component, "--", "echo", port.ToString(), "hello");
            Assert.Equal(("err 1\n", 0), (stdout, exit));
            (exit, stdout, _) = CliRunner.Run("run", component, "--allow-net", $"127.0.0.1:{(port == 65535 ? 1 : port + 1)}", "--", "echo", port.ToString(), "hello");
            Assert.Equal("err 1\n", stdout);
            Assert.False(listener.Pending());

            (exit, stdout, _) = CliRunner.Run("run", component, "--", "lookup", "localhost");
            Assert.Equal("err 1\n", stdout);
            (exit, stdout, _) = CliRunner.Run("run", component, "--allow-ip-name-lookup", "--", "lookup", "127.0.0.1");
            Assert.Equal("ok 7f000001\n", stdout);
        }
        finally { Directory.Delete(dir, true); }
    }
}

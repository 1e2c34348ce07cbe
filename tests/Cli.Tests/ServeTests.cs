using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WitBindgen.Cli.Commands;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using WitBindgen.Tests;
using Xunit.Abstractions;

namespace WitBindgen.Cli.Tests;

/// <summary>
/// wasi:http on 127.0.0.1 only: the proxy.c guest served by Kestrel (an instance per request), its outgoing requests
/// to a local upstream server (GET and POST with a body, headers, status, a denied host, a refused connection), a trap
/// answering 500 while the next request still works, and <c>wit-bindgen serve</c> itself.
/// </summary>
public sealed class ServeTests
{
    private readonly ITestOutputHelper _output;

    public ServeTests(ITestOutputHelper output) => _output = output;

    private Component? Proxy() => HttpFixture.ProxyComponent(_output);

    private static readonly IPEndPoint s_anyPort = new(IPAddress.Loopback, 0);

    private static HttpClient Client() => HttpFixture.Client();

    /// <summary>A plain Kestrel server answering 201 and what it received (method, path, a header, the body).</summary>
    internal static async Task<WebApplication> Upstream()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async http =>
        {
            if (http.Request.Path == "/slow")
            {
                try { await Task.Delay(TimeSpan.FromSeconds(10), http.RequestAborted); } catch (OperationCanceledException) { return; }
            }
            if (http.Request.Path == "/trickle")
            {
                http.Response.StatusCode = 201;
                await http.Response.WriteAsync("part1");
                await http.Response.Body.FlushAsync();
                try { await Task.Delay(TimeSpan.FromSeconds(10), http.RequestAborted); } catch (OperationCanceledException) { }
                return;
            }
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            http.Response.StatusCode = 201;
            http.Response.Headers["x-upstream"] = "yes";
            await http.Response.WriteAsync($"got {http.Request.Method} {http.Request.Path}{http.Request.QueryString} x-from-guest={http.Request.Headers["x-from-guest"]} body={body}");
        });
        await app.StartAsync();
        return app;
    }

    internal static Uri AddressOf(WebApplication app) => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    [Fact]
    public async Task GuestAnswersWithABodyThatDependsOnTheRequest()
    {
        var component = Proxy();
        if (component is null) return;
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder(), s_anyPort, TextWriter.Null);
        Assert.Equal("127.0.0.1", server.Address.Host);
        using var client = Client();

        var get = await client.GetAsync(new Uri(server.Address, "/hello?name=world"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("proxy.c", get.Headers.GetValues("x-guest").Single());
        Assert.Equal("text/plain", get.Content.Headers.ContentType!.MediaType);
        Assert.Equal("GET /hello?name=world 0\n", await get.Content.ReadAsStringAsync());

        var payload = string.Concat(Enumerable.Range(0, 5000).Select(i => (char)('a' + i % 26)));
        var post = await client.PostAsync(new Uri(server.Address, "/echo"), new StringContent(payload));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal($"POST /echo {payload.Length}\n{payload}", await post.Content.ReadAsStringAsync());

        var put = await client.SendAsync(new HttpRequestMessage(new HttpMethod("PURGE"), new Uri(server.Address, "/x")));
        Assert.Equal("PURGE /x 0\n", await put.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TrapAnswers500AndTheNextRequestStillWorks()
    {
        var component = Proxy();
        if (component is null) return;
        var log = new StringWriter();
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder(), s_anyPort, log);
        using var client = Client();
        for (int i = 0; i < 3; i++)
        {
            var trap = await client.GetAsync(new Uri(server.Address, "/trap"));
            Assert.Equal(HttpStatusCode.InternalServerError, trap.StatusCode);
            var ok = await client.GetAsync(new Uri(server.Address, "/after"));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("GET /after 0\n", await ok.Content.ReadAsStringAsync());
        }
        Assert.Equal(3, server.Traps);
        lock (log) Assert.Contains("error: GET /trap: trap:", log.ToString());
    }

    [Fact]
    public async Task GuestSendsOutgoingRequestsToAnAllowedHost()
    {
        var component = Proxy();
        if (component is null) return;
        await using var upstream = await Upstream();
        var up = AddressOf(upstream);
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder().AllowHttp($"127.0.0.1:{up.Port}"), s_anyPort, TextWriter.Null);
        using var client = Client();

        var get = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "/fetch"));
        get.Headers.Add("x-forward-to", $"127.0.0.1:{up.Port}");
        get.Headers.Add("x-forward-path", "/up?q=1");
        var got = await client.SendAsync(get);
        Assert.Equal(HttpStatusCode.Created, got.StatusCode);
        Assert.Equal("upstream:got GET /up?q=1 x-from-guest=1 body=", await got.Content.ReadAsStringAsync());

        var body = string.Concat(Enumerable.Repeat("0123456789", 2000));
        var post = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "/fetch")) { Content = new StringContent(body) };
        post.Headers.Add("x-forward-to", $"127.0.0.1:{up.Port}");
        post.Headers.Add("x-forward-path", "/submit");
        var posted = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal($"upstream:got POST /submit x-from-guest=1 body={body}", await posted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OutgoingRequestsAreDeniedUnlessAllowed()
    {
        var component = Proxy();
        if (component is null) return;
        await using var upstream = await Upstream();
        var up = AddressOf(upstream);
        // Allowed: another port of the same host only; the upstream's port is denied, so is every other host.
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder().AllowHttp("127.0.0.1:1"), s_anyPort, TextWriter.Null);
        using var client = Client();
        foreach (var target in new[] { $"127.0.0.1:{up.Port}", $"localhost:{up.Port}", "example.com" })
        {
            var req = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "/fetch"));
            req.Headers.Add("x-forward-to", target);
            var res = await client.SendAsync(req);
            Assert.Equal(HttpStatusCode.BadGateway, res.StatusCode);
            Assert.Equal("error-code 15", await res.Content.ReadAsStringAsync()); // HTTP-request-denied
        }
    }

    [Fact]
    public async Task FirstByteTimeoutFromRequestOptions()
    {
        var component = Proxy();
        if (component is null) return;
        await using var upstream = await Upstream();
        var up = AddressOf(upstream);
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder().AllowHttp("127.0.0.1"), s_anyPort, TextWriter.Null);
        using var client = Client();
        var req = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "/fetch"));
        req.Headers.Add("x-forward-to", $"127.0.0.1:{up.Port}");
        req.Headers.Add("x-forward-path", "/slow");
        req.Headers.Add("x-first-byte-timeout-ms", "200");
        var res = await client.SendAsync(req);
        Assert.Equal(HttpStatusCode.BadGateway, res.StatusCode);
        Assert.Equal("error-code 9", await res.Content.ReadAsStringAsync()); // connection-read-timeout
    }

    [Fact]
    public async Task BetweenBytesTimeoutFailsTheBodyRead()
    {
        var component = Proxy();
        if (component is null) return;
        await using var upstream = await Upstream();
        var up = AddressOf(upstream);
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder().AllowHttp("127.0.0.1"), s_anyPort, TextWriter.Null);
        using var client = Client();
        var req = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "/fetch"));
        req.Headers.Add("x-forward-to", $"127.0.0.1:{up.Port}");
        req.Headers.Add("x-forward-path", "/trickle");
        req.Headers.Add("x-between-bytes-timeout-ms", "300");
        var res = await client.SendAsync(req);
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        Assert.Equal("upstream:part1[read failed: error-code 9]", await res.Content.ReadAsStringAsync()); // connection-read-timeout
    }

    [Fact]
    public async Task RefusedConnectionIsAnErrorCode()
    {
        var component = Proxy();
        if (component is null) return;
        // A port that was free a moment ago: nothing listens there.
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder().AllowHttp("127.0.0.1"), s_anyPort, TextWriter.Null);
        using var client = Client();
        var req = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "/fetch"));
        req.Headers.Add("x-forward-to", $"127.0.0.1:{port}");
        var res = await client.SendAsync(req);
        Assert.Equal(HttpStatusCode.BadGateway, res.StatusCode);
        Assert.Equal("error-code 6", await res.Content.ReadAsStringAsync()); // connection-refused
    }

    [Fact]
    public async Task ConcurrentRequestsEachGetTheirOwnInstance()
    {
        var component = Proxy();
        if (component is null) return;
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder(), s_anyPort, TextWriter.Null);
        using var client = Client();
        var tasks = Enumerable.Range(0, 200).Select(async i =>
        {
            var path = i % 10 == 0 ? $"/trap{i}" : $"/n{i}";
            var res = await client.PostAsync(new Uri(server.Address, path), new StringContent(new string('x', i)));
            return (i, res.StatusCode, await res.Content.ReadAsStringAsync());
        }).ToArray();
        foreach (var (i, status, text) in await Task.WhenAll(tasks))
        {
            if (i % 10 == 0) Assert.Equal(HttpStatusCode.InternalServerError, status);
            else Assert.Equal($"POST /n{i} {i}\n{new string('x', i)}", text);
        }
        Assert.Equal(20, server.Traps);
    }

    [Fact]
    public async Task ServeCommandServesUntilStopped()
    {
        var stdout = await ServeCommandAsync(file => new ServeSettings(file, "127.0.0.1:0", Env: new[] { "A=1" }), async uri =>
        {
            using var client = Client();
            Assert.Equal("GET /via-cli 0\n", await client.GetStringAsync(new Uri(uri, "/via-cli")));
        }, _output);
        if (stdout is null) return;
        Assert.StartsWith("Serving HTTP on http://127.0.0.1:", stdout);
    }

    /// <summary>Runs <c>serve</c> on the proxy fixture (written to a temporary file) with the settings, calls
    /// <paramref name="use"/> with its address, stops it, checks its exit code 0 and returns its stdout (null when the
    /// fixture is not built).</summary>
    internal static async Task<string?> ServeCommandAsync(Func<string, ServeSettings> settings, Func<Uri, Task> use, ITestOutputHelper output)
    {
        if (HttpFixture.Proxy(out var missing) is not { } bytes) { Conformance.Skipped(output.WriteLine, missing!); return null; }
        var file = Path.Combine(Path.GetTempPath(), "witbindgen-serve-" + Path.GetRandomFileName() + ".wasm");
        File.WriteAllBytes(file, bytes);
        try
        {
            using var stop = new CancellationTokenSource();
            var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var run = Task.Run(() => ServeCommand.Execute(settings(file), stdout, stderr, stop.Token, a => address.TrySetResult(a)));
            await use(await address.Task.WaitAsync(TimeSpan.FromSeconds(60)));
            stop.Cancel();
            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(60)));
            return stdout.ToString();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ServeRejectsBadArguments()
    {
        var (exit, _, err) = CliRunner.Run("serve", "does-not-exist.wasm", "--addr", "127.0.0.1:0");
        Assert.Equal(1, exit);
        Assert.Contains("does-not-exist.wasm", err);
        (exit, _, err) = CliRunner.Run("serve", "x.wasm", "--addr", "not-an-address");
        Assert.Equal(1, exit);
        Assert.Contains("is not IP:PORT", err);
        var wat = CliRunner.TempTree(("c.wat", "(component)"));
        (exit, _, err) = CliRunner.Run("serve", Path.Combine(wat, "c.wat"), "--addr", "127.0.0.1:0");
        Assert.Equal(1, exit);
        Assert.Contains("does not export wasi:http/incoming-handler", err);
    }
}

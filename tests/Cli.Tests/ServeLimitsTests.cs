using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.Cli.Commands;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using Xunit.Abstractions;

namespace WitBindgen.Cli.Tests;

/// <summary>
/// <c>wit-bindgen serve</c> under a demanding client, on 127.0.0.1 only: the request timeout (a spinning guest and a
/// guest waiting for body bytes that never come are interrupted and answer 503), the body size limit (413 by
/// Content-Length and by a chunked body), the concurrency limit (requests beyond it wait), a failing host answering
/// 500 without stopping the server, and the options' validation (trailers: <see cref="ServeTrailersTests"/>).
/// </summary>
public sealed class ServeLimitsTests
{
    private static readonly IPEndPoint s_anyPort = new(IPAddress.Loopback, 0);
    private readonly ITestOutputHelper _output;

    public ServeLimitsTests(ITestOutputHelper output) => _output = output;

    private Component? Proxy() => HttpFixture.ProxyComponent(_output);

    private static HttpClient Client() => HttpFixture.Client();

    private static ServeLimits Limits(double timeoutSeconds = 30, long maxBody = 16 << 20, int concurrency = 64) =>
        new(TimeSpan.FromSeconds(timeoutSeconds), maxBody, concurrency);

    /// <summary>Sends raw HTTP/1.1 bytes and returns everything the server answers until it closes (bounded).</summary>
    internal static async Task<string> Raw(Uri server, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, bounded.Token)) > 0)
            {
                answer.Write(buffer, 0, n);
                // A complete response to a request whose body never ends: the server need not close.
                if (Encoding.ASCII.GetString(answer.ToArray()).Contains("\r\n\r\n") && request.Contains("Content-Length: 100\r\n")) break;
            }
        }
        catch (IOException)
        {
            // The server may reset the connection after answering.
        }
        return Encoding.ASCII.GetString(answer.ToArray());
    }

    [Fact]
    public async Task SpinningGuestIsInterruptedWith503AndOthersAreUnharmed()
    {
        var component = Proxy();
        if (component is null) return;
        var log = new StringWriter();
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder(), s_anyPort, log, Limits(timeoutSeconds: 5));
        using var client = Client();
        var spin = client.GetAsync(new Uri(server.Address, "/spin"));
        var ok = await client.GetAsync(new Uri(server.Address, "/during"));
        Assert.Equal("GET /during 0\n", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await spin).StatusCode);
        var after = await client.GetAsync(new Uri(server.Address, "/after"));
        Assert.Equal("GET /after 0\n", await after.Content.ReadAsStringAsync());
        Assert.Equal(1, server.Timeouts);
        Assert.Equal(0, server.Traps);
        lock (log) Assert.Contains("error: GET /spin: no answer within 5 s; interrupted", log.ToString());
    }

    [Fact]
    public async Task GuestWaitingForBodyBytesThatNeverComeIsInterrupted()
    {
        var component = Proxy();
        if (component is null) return;
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder(), s_anyPort, TextWriter.Null, Limits(timeoutSeconds: 5));
        // 10 of the 100 bytes announced: the guest blocks in blocking-read until the timeout interrupts the wait (5 s: far
        // above a normal request even on a loaded machine).
        var answer = await Raw(server.Address, "POST /wait HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789");
        Assert.StartsWith("HTTP/1.1 503", answer);
        Assert.Equal(1, server.Timeouts);
        using var client = Client();
        Assert.Equal("GET /after 0\n", await client.GetStringAsync(new Uri(server.Address, "/after")));
    }

    [Fact]
    public async Task BodiesOverTheLimitAnswer413()
    {
        var component = Proxy();
        if (component is null) return;
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder(), s_anyPort, TextWriter.Null, Limits(maxBody: 1000));
        using var client = Client();
        var big = new string('x', 5000);

        // Content-Length says so: 413 before any guest runs.
        var declared = await client.PostAsync(new Uri(server.Address, "/declared"), new StringContent(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);

        // Chunked: the guest's read beyond 1000 bytes fails (HTTP-request-body-size) and the client gets 413.
        var chunked = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes(big)));
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "/chunked")) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(request)).StatusCode);

        var fits = await client.PostAsync(new Uri(server.Address, "/fits"), new StringContent(new string('y', 1000)));
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        Assert.Equal($"POST /fits 1000\n{new string('y', 1000)}", await fits.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RequestsBeyondTheConcurrencyLimitWaitForASlot()
    {
        var component = Proxy();
        if (component is null) return;
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder(), s_anyPort, TextWriter.Null, Limits(concurrency: 1));
        // The one slot: a guest reading a body that arrives in two parts.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /first HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 10\r\n\r\n01234"));
        for (int i = 0; i < 600 && server.Busy == 0; i++) await Task.Delay(50);
        Assert.Equal(1, server.Busy);

        using var client = Client();
        var queued = client.GetAsync(new Uri(server.Address, "/queued"));
        for (int i = 0; i < 600 && server.Waiting == 0; i++) await Task.Delay(50);
        Assert.Equal(1, server.Waiting);
        Assert.False(queued.IsCompleted);

        // The rest of the body: the first request answers and frees the slot, then the queued one runs.
        await stream.WriteAsync(Encoding.ASCII.GetBytes("56789"));
        var first = await new StreamReader(stream).ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 200", first);
        Assert.Contains("POST /first 10\n0123456789", first);
        var answer = await queued;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("GET /queued 0\n", await answer.Content.ReadAsStringAsync());
        Assert.Equal(0, server.Timeouts);
    }

    [Fact]
    public async Task FailingHostCodeAnswers500AndTheServerGoesOn()
    {
        var component = Proxy();
        if (component is null) return;
        int calls = 0;
        var log = new StringWriter();
        await using var server = await WasiHttpServer.StartAsync(component, () =>
            Interlocked.Increment(ref calls) == 2 ? throw new InvalidOperationException("host failure on purpose") : new WasiContextBuilder(), s_anyPort, log);
        using var client = Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(server.Address, "/one"))).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync(new Uri(server.Address, "/two"))).StatusCode);
        Assert.Equal("GET /three 0\n", await client.GetStringAsync(new Uri(server.Address, "/three")));
        lock (log) Assert.Contains("error: GET /two: host failure on purpose", log.ToString());
    }

    [Fact]
    public async Task TlsFailureIsItsErrorCode()
    {
        var component = Proxy();
        if (component is null) return;
        await using var upstream = await ServeTests.Upstream();
        var up = ServeTests.AddressOf(upstream);
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder().AllowHttp("127.0.0.1"), s_anyPort, TextWriter.Null);
        using var client = Client();
        // https to a plain HTTP server: the TLS handshake fails.
        var req = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "/fetch"));
        req.Headers.Add("x-forward-to", $"127.0.0.1:{up.Port}");
        req.Headers.Add("x-forward-scheme", "https");
        var res = await client.SendAsync(req);
        Assert.Equal(HttpStatusCode.BadGateway, res.StatusCode);
        Assert.Equal("error-code 12", await res.Content.ReadAsStringAsync()); // TLS-protocol-error
    }

    [Fact]
    public void OptionsAreValidated()
    {
        foreach (var (option, value, message) in new[]
        {
            ("--request-timeout", "0", "--request-timeout `0` is not a duration above 0"),
            ("--request-timeout", "soon", "--request-timeout `soon` is not a duration"),
            ("--max-body-size", "12XB", "--max-body-size `12XB` is not a size"),
            ("--max-concurrency", "0", "--max-concurrency must be 1-100000, got 0"),
        })
        {
            var (exit, _, err) = CliRunner.Run("serve", "x.wasm", "--addr", "127.0.0.1:0", option, value);
            Assert.Equal(1, exit);
            Assert.Contains(message, err);
        }
        var limits = ServeCommand.Limits(new ServeSettings("x.wasm", RequestTimeout: "250ms", MaxBodySize: "64KiB", MaxConcurrency: 8), out var error);
        Assert.Null(error);
        Assert.Equal(new ServeLimits(TimeSpan.FromMilliseconds(250), 64 << 10, 8), limits);
        Assert.Equal(ServeLimits.Default, ServeCommand.Limits(new ServeSettings("x.wasm"), out _));
        Assert.True(ServeCommand.TryParseSize("16M", out var sixteen) && sixteen == 16 << 20);
        Assert.True(ServeCommand.TryParseSize("0", out var zero) && zero == 0);
    }
}

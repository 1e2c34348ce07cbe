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
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using Xunit.Abstractions;

namespace WitBindgen.Cli.Tests;

/// <summary>
/// HTTP trailers through <c>wit-bindgen serve</c> on 127.0.0.1: request trailers reach the guest; the trailers the
/// guest finishes its response with reach an HTTP/1.1 client that accepts them (<c>TE: trailers</c>: serve chunks the
/// body itself) and an HTTP/2 client, and are dropped for an HTTP/1.1 client that does not ask for them; through
/// <c>wasi:http/outgoing-handler</c> an upstream's response trailers reach the guest while the trailers the guest
/// finishes its request body with are dropped (HttpClient cannot send request trailers).
/// </summary>
public sealed class ServeTrailersTests
{
    private static readonly IPEndPoint s_anyPort = new(IPAddress.Loopback, 0);
    private readonly ITestOutputHelper _output;

    public ServeTrailersTests(ITestOutputHelper output) => _output = output;

    private Component? Proxy() => HttpFixture.ProxyComponent(_output);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RequestTrailersReachTheGuestAndItsTrailersComeBackOverHttp11WhenAskedFor(bool teTrailers)
    {
        var component = Proxy();
        if (component is null) return;
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder(), s_anyPort, TextWriter.Null);
        var answer = await ServeLimitsTests.Raw(server.Address,
            $"POST /trailers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{(teTrailers ? "TE: trailers\r\n" : "")}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nx-checksum: abc\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200", answer);
        Assert.Contains("\r\ntransfer-encoding: chunked\r\n", answer, StringComparison.OrdinalIgnoreCase);
        // The body names the request's trailer (the guest read it from incoming-body.finish).
        Assert.Contains("POST /trailers 5\nhellotrailer x-checksum: abc\n", answer);
        // The last chunk carries the guest's trailer for a client that asked for trailers; without TE: trailers it is
        // dropped and the response still ends normally.
        Assert.EndsWith(teTrailers ? "\r\n0\r\nx-guest-trailer: done\r\n\r\n" : "\r\n0\r\n\r\n", answer);
        if (!teTrailers) Assert.DoesNotContain("x-guest-trailer", answer);
    }

    [Fact]
    public async Task HttpClientReadsTheGuestsTrailersOverHttp11()
    {
        var component = Proxy();
        if (component is null) return;
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder(), s_anyPort, TextWriter.Null);
        using var client = HttpFixture.Client();
        for (int i = 0; i < 3; i++) // one kept-alive connection: each response's framing ends where the next starts
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "/trailers")) { Content = new StringContent("hi" + i) };
            request.Headers.TE.ParseAdd("trailers");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpVersion.Version11, response.Version);
            Assert.Equal($"POST /trailers 3\nhi{i}", await response.Content.ReadAsStringAsync());
            Assert.Equal(new[] { "done" }, response.TrailingHeaders.GetValues("x-guest-trailer").ToArray());
        }
        // A HEAD request has no body to end with trailers.
        var head = new HttpRequestMessage(HttpMethod.Head, new Uri(server.Address, "/trailers"));
        head.Headers.TE.ParseAdd("trailers");
        using var headResponse = await client.SendAsync(head);
        Assert.Equal(HttpStatusCode.OK, headResponse.StatusCode);
        Assert.Empty(headResponse.TrailingHeaders);
    }

    [Fact]
    public async Task ResponseTrailersReachAnHttp2Client()
    {
        var component = Proxy();
        if (component is null) return;
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder(), s_anyPort, TextWriter.Null, http2: true);
        using var client = HttpFixture.Client();
        // HTTP/2 over cleartext with prior knowledge (serve --http2).
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "/trailers"))
        {
            Content = new StringContent("hi"),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST /trailers 2\nhi", await response.Content.ReadAsStringAsync());
        Assert.True(response.TrailingHeaders.TryGetValues("x-guest-trailer", out var values));
        Assert.Equal(new[] { "done" }, values.ToArray());

        // A request without trailers gets a response without them.
        using var plain = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "/plain"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        Assert.Equal("GET /plain 0\n", await plain.Content.ReadAsStringAsync());
        Assert.Empty(plain.TrailingHeaders);
    }

    [Fact]
    public async Task ServeCommandWithHttp2SendsResponseTrailers() =>
        await ServeTests.ServeCommandAsync(file => new ServeSettings(file, "127.0.0.1:0", Http2: true), async uri =>
        {
            using var client = HttpFixture.Client();
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(uri, "/trailers"))
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            });
            Assert.Equal("GET /trailers 0\n", await response.Content.ReadAsStringAsync());
            Assert.Equal(new[] { "done" }, response.TrailingHeaders.GetValues("x-guest-trailer").ToArray());
        }, _output);

    [Fact]
    public async Task UpstreamResponseTrailersReachTheGuestAndRequestTrailersAreDropped()
    {
        var component = Proxy();
        if (component is null) return;
        using var upstream = new TcpListener(IPAddress.Loopback, 0);
        upstream.Start();
        var port = ((IPEndPoint)upstream.LocalEndpoint).Port;
        var received = AnswerOnceAsync(upstream,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: x-upstream-trailer\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\nx-upstream-trailer: yes\r\n\r\n");
        await using var server = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder().AllowHttp("127.0.0.1"), s_anyPort, TextWriter.Null);
        using var client = HttpFixture.Client();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "/fetch")) { Content = new StringContent("abc") };
        request.Headers.Add("x-forward-to", $"127.0.0.1:{port}");
        request.Headers.Add("x-forward-trailer", "sent");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("upstream:hellotrailer x-upstream-trailer: yes\n", await response.Content.ReadAsStringAsync());
        // The guest finished the forwarded body with a trailer: the request went out whole, without it.
        var sent = await received;
        Assert.StartsWith("POST / HTTP/1.1\r\n", sent);
        Assert.Contains("\r\n3\r\nabc\r\n0\r\n\r\n", sent);
        Assert.DoesNotContain("x-forward-trailer", sent);
    }

    // Accepts one connection, reads one request with a chunked body (bounded), answers with raw bytes and closes.
    private static async Task<string> AnswerOnceAsync(TcpListener listener, string answer)
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var tcp = await listener.AcceptTcpClientAsync(bounded.Token);
        var stream = tcp.GetStream();
        var request = new StringBuilder();
        var buffer = new byte[4096];
        while (!ChunkedRequestComplete(request.ToString()))
        {
            var n = await stream.ReadAsync(buffer, bounded.Token);
            if (n == 0) break;
            request.Append(Encoding.Latin1.GetString(buffer, 0, n));
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), bounded.Token);
        return request.ToString();
    }

    // Whether the text holds a header section and a chunked body through its last chunk and trailer section.
    private static bool ChunkedRequestComplete(string text)
    {
        var head = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (head < 0) return false;
        var body = text[(head + 4)..];
        var last = body.StartsWith("0\r\n", StringComparison.Ordinal) ? 0 : body.IndexOf("\r\n0\r\n", StringComparison.Ordinal);
        return last >= 0 && body.EndsWith("\r\n\r\n", StringComparison.Ordinal) && body.Length >= last + 5;
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WitBindgen.Cli.Commands;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using WitBindgen.Tests;
using Xunit.Abstractions;

namespace WitBindgen.Cli.Tests;

/// <summary>
/// A bounded load test on 127.0.0.1: 10,000 POST requests, 64 at a time, to the proxy.c guest served by
/// <see cref="WasiHttpServer"/> (an instance per request), beside a plain ASP.NET Core endpoint doing the same work
/// (read the body, answer <c>METHOD PATH LENGTH\n</c> and the body) as the upper bound. Zero failures are required;
/// requests per second and p99 latency are printed.
/// </summary>
public sealed class ServeLoadTests
{
    private const int Requests = 10_000, Concurrency = 64;
    private readonly ITestOutputHelper _output;

    public ServeLoadTests(ITestOutputHelper output) => _output = output;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task TenThousandRequests64ConcurrentWithoutFailures()
    {
        if (HttpFixture.Proxy(out var missing) is not { } bytes) { Conformance.Skipped(_output.WriteLine, missing!); return; }
        // As `serve` makes it (freed linear memories kept for later requests), and an engine without the memory pool.
        var component = Component.FromBytes(new Engine(ServeCommand.ServeEngineOptions(ServeLimits.Default)), bytes);
        var unpooled = Component.FromBytes(new Engine(), bytes);
        await using var guest = await WasiHttpServer.StartAsync(component, () => new WasiContextBuilder(), new IPEndPoint(IPAddress.Loopback, 0), TextWriter.Null);
        await using var guestUnpooled = await WasiHttpServer.StartAsync(unpooled, () => new WasiContextBuilder(), new IPEndPoint(IPAddress.Loopback, 0), TextWriter.Null);
        await using var plain = await PlainServer();
        var plainAddress = ServeTests.AddressOf(plain);

        // Warm-up (JIT, connection pools), then the measured runs.
        await Run(guest.Address, 500);
        await Run(guestUnpooled.Address, 500);
        await Run(plainAddress, 500);
        var u = await Run(guestUnpooled.Address, Requests);
        var g = await Run(guest.Address, Requests);
        var p = await Run(plainAddress, Requests);
        _output.WriteLine($"guest, no memory pool:     {u.PerSecond:F0} requests/s, p50 {u.P50:F2} ms, p99 {u.P99:F2} ms, {u.Failures} failures");
        _output.WriteLine($"guest (wit-bindgen serve): {g.PerSecond:F0} requests/s, p50 {g.P50:F2} ms, p99 {g.P99:F2} ms, {g.Failures} failures");
        _output.WriteLine($"plain ASP.NET Core:        {p.PerSecond:F0} requests/s, p50 {p.P50:F2} ms, p99 {p.P99:F2} ms, {p.Failures} failures");
        _output.WriteLine($"ratio (plain/guest): throughput {p.PerSecond / g.PerSecond:F2}x, p99 {g.P99 / p.P99:F2}x");
        Assert.Equal(0, u.Failures);
        Assert.Equal(0, g.Failures);
        Assert.Equal(0, p.Failures);
        Assert.Equal(0, guest.Traps);
        Assert.Equal(0, guestUnpooled.Traps);
    }

    internal static async Task<WebApplication> PlainServer()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => { o.AddServerHeader = false; o.Listen(IPAddress.Loopback, 0); });
        var app = builder.Build();
        app.Run(async http =>
        {
            var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            http.Response.StatusCode = 200;
            http.Response.ContentType = "text/plain";
            http.Response.Headers["x-guest"] = "proxy.c";
            var head = System.Text.Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString} {body.Length}\n");
            await http.Response.Body.WriteAsync(head);
            await http.Response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length));
        });
        await app.StartAsync();
        return app;
    }

    private sealed record Result(double PerSecond, double P50, double P99, int Failures);

    private static async Task<Result> Run(Uri address, int count)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = Concurrency }) { Timeout = TimeSpan.FromSeconds(60) };
        var latencies = new double[count];
        int next = -1, failures = 0;
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var sw = Stopwatch.StartNew();
                try
                {
                    using var res = await client.PostAsync(new Uri(address, $"/load/{i}"), new StringContent("payload-" + i));
                    var text = await res.Content.ReadAsStringAsync();
                    var expected = $"POST /load/{i} {("payload-" + i).Length}\npayload-{i}";
                    if (res.StatusCode != HttpStatusCode.OK || text != expected) Interlocked.Increment(ref failures);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }
                latencies[i] = sw.Elapsed.TotalMilliseconds;
            }
        }).ToArray();
        await Task.WhenAll(workers);
        total.Stop();
        Array.Sort(latencies);
        return new Result(count / total.Elapsed.TotalSeconds, latencies[count / 2], latencies[(int)(count * 0.99)], failures);
    }
}

/// <summary>Where one request's time goes in <see cref="WasiHttpServer"/>, measured phase by phase (sequentially).</summary>
public sealed class ServeProfileTests
{
    private readonly ITestOutputHelper _output;

    public ServeProfileTests(ITestOutputHelper output) => _output = output;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task PerRequestPhases()
    {
        if (HttpFixture.Proxy(out var missing) is not { } bytes) { Conformance.Skipped(_output.WriteLine, missing!); return; }
        var component = Component.FromBytes(new Engine(ServeCommand.ServeEngineOptions(ServeLimits.Default)), bytes);
        var linker = new ComponentLinker(component.Engine);
        Wasi.AddToLinker(linker, s => ((Store<WasiContext>)s).Data);
        WitBindgen.Runtime.Wasi.Http.WasiHttp.AddToLinker(linker, s => ((Store<WasiContext>)s).Data);
        var pre = linker.InstantiatePre(component);
        const int N = 2000;
        double Measure(string name, Action step)
        {
            for (int i = 0; i < 200; i++) step();
            int gen2 = GC.CollectionCount(2), gen0 = GC.CollectionCount(0);
            var pause = GC.GetTotalPauseDuration();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < N; i++) step();
            double us = sw.Elapsed.TotalMilliseconds * 1000 / N;
            // Managed bytes of all threads (the guest's, Kestrel's and the client's included).
            double bytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)N;
            // CPU time of the whole process (GC and finalizer threads included): less sensitive than wall time to
            // the other processes on a shared machine.
            double cpuUs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / N;
            _output.WriteLine($"{name,-40} {us,8:F1} us wall, {cpuUs,8:F1} us CPU, {bytes,8:F0} B allocated  (GCs: {GC.CollectionCount(0) - gen0} gen0, {GC.CollectionCount(2) - gen2} gen2, paused {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds / N * 1000:F1} us/request)");
            return cpuUs;
        }
        var builder = new WasiContextBuilder();
        Measure("context Build", () => builder.Build());
        Measure("WASI + HTTP definitions, new linker", () =>
        {
            var scratch = new ComponentLinker(component.Engine);
            var c = builder.Build();
            Wasi.AddToLinker(scratch, c);
            WitBindgen.Runtime.Wasi.Http.WasiHttp.AddToLinker(scratch, c);
        });
        // Interleaved rounds, so that a change in the machine's load touches both variants alike.
        // The same component in an engine without the memory pool (serve's engine keeps freed memories).
        var unpooled = Component.FromBytes(new Engine(), bytes);
        var unpooledLinker = new ComponentLinker(unpooled.Engine);
        Wasi.AddToLinker(unpooledLinker, s => ((Store<WasiContext>)s).Data);
        WitBindgen.Runtime.Wasi.Http.WasiHttp.AddToLinker(unpooledLinker, s => ((Store<WasiContext>)s).Data);
        var unpooledPre = unpooledLinker.InstantiatePre(unpooled);
        var kept = new List<double>();
        var disposed = new List<double>();
        var disposedUnpooled = new List<double>();
        for (int round = 0; round < 3; round++)
        {
            kept.Add(Measure("Build + store + Instantiate", () => pre.Instantiate(new Store<WasiContext>(component.Engine, builder.Build()))));
            disposed.Add(Measure("... + store Dispose (as serve does)", () =>
            {
                using var store = new Store<WasiContext>(component.Engine, builder.Build());
                pre.Instantiate(store);
            }));
            disposedUnpooled.Add(Measure("... the same without the memory pool", () =>
            {
                using var store = new Store<WasiContext>(unpooled.Engine, builder.Build());
                unpooledPre.Instantiate(store);
            }));
        }
        kept.Sort();
        disposed.Sort();
        disposedUnpooled.Sort();
        _output.WriteLine($"instantiate, median CPU per request: store left to the GC {kept[1]:F0} us, disposed {disposed[1]:F0} us, disposed without the memory pool {disposedUnpooled[1]:F0} us");
        Measure("... + HandleAsync + read body", () =>
        {
            var ctx = builder.Build();
            using var store = new Store<WasiContext>(component.Engine, ctx);
            var instance = pre.Instantiate(store);
            var request = new WitBindgen.Runtime.Wasi.Http.WasiHttpRequest("POST", "/p") { Body = new MemoryStream(new byte[12]) };
            var response = WitBindgen.Runtime.Wasi.Http.WasiHttp.HandleAsync(instance, ctx, request).GetAwaiter().GetResult();
            response.Body.CopyTo(Stream.Null);
            response.Body.Dispose();
            response.Completion.GetAwaiter().GetResult();
        });
        await using var server = await WasiHttpServer.StartAsync(component, () => builder, new IPEndPoint(IPAddress.Loopback, 0), TextWriter.Null);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        Measure("HTTP round trip through serve", () => client.PostAsync(new Uri(server.Address, "/p"), new StringContent("payload-1234")).GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult());
        // The same round trip to the plain endpoint: what Kestrel and HttpClient allocate without a guest.
        await using var plain = await ServeLoadTests.PlainServer();
        var plainAddress = ServeTests.AddressOf(plain);
        Measure("HTTP round trip, plain ASP.NET Core", () => client.PostAsync(new Uri(plainAddress, "/p"), new StringContent("payload-1234")).GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }
}

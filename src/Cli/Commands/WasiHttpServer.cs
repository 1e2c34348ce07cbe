using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using WitBindgen.Runtime.Wasi.Http;

namespace WitBindgen.Cli.Commands;

/// <summary>The limits of <see cref="WasiHttpServer"/>.</summary>
/// <param name="RequestTimeout">How long a guest may take for a request (answering and writing the body); then it is
/// interrupted and the client gets 503 (or, once the response started, a connection cut short).</param>
/// <param name="MaxBodySize">The most bytes of a request body; more answers 413 (at once when Content-Length says so,
/// else when the guest's read goes beyond, without buffering the rest).</param>
/// <param name="MaxConcurrency">The most requests in guests at once; more wait in line for a free slot, at most
/// <paramref name="RequestTimeout"/>, then get 503.</param>
internal sealed record ServeLimits(TimeSpan RequestTimeout, long MaxBodySize, int MaxConcurrency)
{
    /// <summary>30 s, 16 MiB, 256 requests at once.</summary>
    public static ServeLimits Default { get; } = new(TimeSpan.FromSeconds(30), 16 << 20, 256);
}

/// <summary>
/// Serves a <c>wasi:http/incoming-handler</c> component with Kestrel. The component is compiled once and linked once
/// (one shared linker whose WASI host finds each request's context in the store, and one
/// <see cref="ComponentInstancePre"/>); every request gets its own WASI context, store and instance, so requests run
/// concurrently and a trap in one answers 500 without touching any other. <see cref="ServeLimits"/> bound each
/// request's time and body and the requests in guests at once; no exception of a request escapes to Kestrel.
/// </summary>
internal sealed class WasiHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Component _component;
    private readonly Func<WasiContextBuilder> _context;
    private readonly TextWriter _log;
    private readonly ComponentInstancePre? _pre;
    private readonly ComponentLinkException? _linkError;
    private readonly ServeLimits _limits;
    private readonly SemaphoreSlim _slots;
    private long _traps, _timeouts;
    private int _waiting;

    private WasiHttpServer(WebApplication app, Component component, Func<WasiContextBuilder> context, TextWriter log, ServeLimits limits)
    {
        _app = app;
        _limits = limits;
        _slots = new SemaphoreSlim(limits.MaxConcurrency, limits.MaxConcurrency);
        _component = component;
        _context = context;
        _log = log;
        var linker = new ComponentLinker(component.Engine);
        WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, ContextOf);
        WasiHttp.AddToLinker(linker, ContextOf);
        try
        {
            _pre = linker.InstantiatePre(component);
        }
        catch (ComponentLinkException e)
        {
            // Reported per request (500), as before linking was shared.
            _linkError = e;
        }
    }

    private static WasiContext ContextOf(Store store) => ((Store<WasiContext>)store).Data;

    /// <summary>The address Kestrel listens on, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>How many requests trapped (timeouts not included).</summary>
    public long Traps => Interlocked.Read(ref _traps);

    /// <summary>How many requests ran out of time (in a guest, or waiting for a slot).</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>How many requests hold a slot (are in guests) now.</summary>
    internal int Busy => _limits.MaxConcurrency - _slots.CurrentCount;

    /// <summary>How many requests wait for a slot now.</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Completes when the server stops.</summary>
    public Task Stopped => _app.WaitForShutdownAsync();

    /// <summary>Starts listening on <paramref name="endpoint"/> (port 0 picks a free port).</summary>
    /// <param name="component">The compiled component.</param>
    /// <param name="context">Makes each request's WASI configuration (called once per request).</param>
    /// <param name="endpoint">Where to listen.</param>
    /// <param name="log">Where request failures are reported.</param>
    /// <param name="limits">Time, body size and concurrency limits (null: <see cref="ServeLimits.Default"/>).</param>
    /// <param name="http2">Serve HTTP/2 with prior knowledge only (Kestrel answers a cleartext HTTP/2 preface with
    /// HTTP_1_1_REQUIRED unless the endpoint is HTTP/2 only); else HTTP/1.1, whose responses carry the guest's trailers to
    /// clients that send <c>TE: trailers</c> (<see cref="ChunkedBody"/>).</param>
    public static async Task<WasiHttpServer> StartAsync(Component component, Func<WasiContextBuilder> context, IPEndPoint endpoint, TextWriter log, ServeLimits? limits = null, bool http2 = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            // The body limit is ours (413 from the guest's read or Content-Length), not Kestrel's 30 MB default.
            o.Limits.MaxRequestBodySize = null;
            o.Listen(endpoint, l => l.Protocols = http2 ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2);
        });
        var app = builder.Build();
        var server = new WasiHttpServer(app, component, context, log, limits ?? ServeLimits.Default);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    private async Task HandleAsync(HttpContext http)
    {
        if (http.Request.ContentLength > _limits.MaxBodySize)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        bool admitted;
        Interlocked.Increment(ref _waiting);
        try { admitted = await _slots.WaitAsync(_limits.RequestTimeout, http.RequestAborted).ConfigureAwait(false); }
        catch (OperationCanceledException) { return; }
        finally { Interlocked.Decrement(ref _waiting); }
        if (!admitted)
        {
            Interlocked.Increment(ref _timeouts);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "1";
            return;
        }
        try
        {
            await RunGuestAsync(http).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A failure of the host's own code: this request answers 500 (or ends early), the server goes on.
            Report(http, e);
            if (!http.Response.HasStarted) http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            else http.Abort();
        }
        finally
        {
            _slots.Release();
        }
    }

    // In a slot: one instance answers the request, within the request timeout (then its store is interrupted, its
    // blocking WASI waits trap, and the client gets 503 or a response cut short). Returns once the guest has ended.
    private async Task RunGuestAsync(HttpContext http)
    {
        var store = new Store<WasiContext>(_component.Engine, _context().Build());
        var running = new StrongBox<Task?>();
        try
        {
            await AnswerAsync(http, store, running).ConfigureAwait(false);
        }
        finally
        {
            // The instance's linear memory goes back at once, not at some later full collection; only once nothing
            // runs in the store (before the guest answered, HandleAsync returns or throws only after its end).
            if (running.Value is not { IsCompleted: false } guest) store.Dispose();
            else _ = guest.ContinueWith(static (_, s) => ((Store)s!).Dispose(), store, TaskScheduler.Default);
        }
    }

    // Sets running to the guest's end once it answered (it may still write the body).
    private async Task AnswerAsync(HttpContext http, Store<WasiContext> store, StrongBox<Task?> running)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        deadline.CancelAfter(_limits.RequestTimeout);
        var ctx = store.Data;
        var request = new WasiHttpRequest(http.Request.Method, http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent())
        {
            Scheme = http.Request.Scheme,
            Authority = http.Request.Host.HasValue ? http.Request.Host.Value : null,
            Body = http.Request.Body,
            MaxBodySize = _limits.MaxBodySize,
            Trailers = () => RequestTrailers(http),
        };
        foreach (var (name, values) in http.Request.Headers)
            foreach (var v in values) request.Headers.Add(new(name, v ?? ""));
        WasiHttpResponse response;
        using var interrupt = deadline.Token.Register(static s => ((Store)s!).Interrupt(), store);
        try
        {
            if (_linkError is not null) throw new ComponentLinkException(_linkError.Message);
            var instance = _pre!.Instantiate(store);
            response = await WasiHttp.HandleAsync(instance, ctx, request, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Trap or WasiHttpException or ComponentLinkException or LinkException or WasiTrapException or OperationCanceledException)
        {
            if (http.RequestAborted.IsCancellationRequested) return;
            if (request.BodyTooLarge) { http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge; return; }
            if (deadline.IsCancellationRequested)
            {
                Interlocked.Increment(ref _timeouts);
                lock (_log) _log.WriteLine($"error: {http.Request.Method} {http.Request.Path}: no answer within {_limits.RequestTimeout.TotalSeconds:0.###} s; interrupted");
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            if (e is Trap or WasiTrapException) Interlocked.Increment(ref _traps);
            Report(http, e);
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }
        running.Value = response.Completion;
        if (request.BodyTooLarge)
        {
            // The guest answered although its body read failed: 413 instead, and its response body is not wanted.
            await response.Body.DisposeAsync().ConfigureAwait(false);
            await response.Completion.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        http.Response.StatusCode = response.StatusCode;
        bool hasLength = false;
        foreach (var (name, value) in response.Headers)
        {
            hasLength |= name == "content-length";
            http.Response.Headers.Append(name, Encoding.Latin1.GetString(value));
        }
        // Kestrel sends response trailers over HTTP/2 (and 3) only: for an HTTP/1.1 client that accepts them we chunk
        // the body ourselves and end it with the guest's trailers.
        var chunked = !hasLength && ChunkedBody.Applies(http) ? new ChunkedBody(http.Response) : null;
        try
        {
            await using (response.Body.ConfigureAwait(false))
            {
                if (chunked is not null) await chunked.CopyAsync(response.Body, deadline.Token).ConfigureAwait(false);
                else await response.Body.CopyToAsync(http.Response.Body, deadline.Token).ConfigureAwait(false);
            }
            await response.Completion.ConfigureAwait(false);
            if (chunked is not null) await chunked.EndAsync(response.Trailers, deadline.Token).ConfigureAwait(false);
            else if (response.Trailers is { } trailers && http.Response.SupportsTrailers())
                foreach (var (name, value) in trailers) http.Response.AppendTrailer(name, Encoding.Latin1.GetString(value));
        }
        catch (Exception e) when (e is IOException or Trap or OperationCanceledException or WasiTrapException)
        {
            // The response has started: the client sees the connection end early.
            if (deadline.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
            {
                Interlocked.Increment(ref _timeouts);
                lock (_log) _log.WriteLine($"error: {http.Request.Method} {http.Request.Path}: body not finished within {_limits.RequestTimeout.TotalSeconds:0.###} s; interrupted");
            }
            else if (e is not OperationCanceledException) { Interlocked.Increment(ref _traps); Report(http, e); }
            http.Abort();
            await response.Completion.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    // Trailers of a chunked HTTP/1.1 or an HTTP/2 request body, once it was read to its end.
    private static IReadOnlyList<KeyValuePair<string, string>>? RequestTrailers(HttpContext http)
    {
        if (!http.Request.SupportsTrailers() || !http.Request.CheckTrailersAvailable()) return null;
        var feature = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestTrailersFeature>();
        if (feature?.Trailers is not { Count: > 0 } trailers) return null;
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in trailers)
            foreach (var v in values) list.Add(new(name, v ?? ""));
        return list;
    }

    private void Report(HttpContext http, Exception e)
    {
        lock (_log) _log.WriteLine($"error: {http.Request.Method} {http.Request.Path}: {(e is Trap t ? "trap: " + t.Message : e.Message)}");
    }

    /// <summary>Stops accepting requests and waits for those in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using WitBindgen.Runtime.Wasi.Http;

namespace WitBindgen.Cli.Commands;

/// <summary>
/// Serves a <c>wasi:http/incoming-handler</c> component with Kestrel. The component is compiled once and linked once
/// (one shared linker whose WASI host finds each request's context in the store, and one
/// <see cref="ComponentInstancePre"/>); every request gets its own WASI context, store and instance, so requests run
/// concurrently and a trap in one answers 500 without touching any other.
/// </summary>
internal sealed class WasiHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Component _component;
    private readonly Func<WasiContextBuilder> _context;
    private readonly TextWriter _log;
    private readonly ComponentInstancePre? _pre;
    private readonly ComponentLinkException? _linkError;
    private long _traps;

    private WasiHttpServer(WebApplication app, Component component, Func<WasiContextBuilder> context, TextWriter log)
    {
        _app = app;
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

    /// <summary>How many requests trapped.</summary>
    public long Traps => Interlocked.Read(ref _traps);

    /// <summary>Completes when the server stops.</summary>
    public Task Stopped => _app.WaitForShutdownAsync();

    /// <summary>Starts listening on <paramref name="endpoint"/> (port 0 picks a free port).</summary>
    /// <param name="component">The compiled component.</param>
    /// <param name="context">Makes each request's WASI configuration (called once per request).</param>
    /// <param name="endpoint">Where to listen.</param>
    /// <param name="log">Where request failures are reported.</param>
    public static async Task<WasiHttpServer> StartAsync(Component component, Func<WasiContextBuilder> context, IPEndPoint endpoint, TextWriter log)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Listen(endpoint);
        });
        var app = builder.Build();
        var server = new WasiHttpServer(app, component, context, log);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var ctx = _context().Build();
        WasiHttpResponse response;
        try
        {
            if (_linkError is not null) throw new ComponentLinkException(_linkError.Message);
            var instance = _pre!.Instantiate(new Store<WasiContext>(_component.Engine, ctx));
            var request = new WasiHttpRequest(http.Request.Method, http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent())
            {
                Scheme = http.Request.Scheme,
                Authority = http.Request.Host.HasValue ? http.Request.Host.Value : null,
                Body = http.Request.Body,
            };
            foreach (var (name, values) in http.Request.Headers)
                foreach (var v in values) request.Headers.Add(new(name, v ?? ""));
            response = await WasiHttp.HandleAsync(instance, ctx, request).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Trap or WasiHttpException or ComponentLinkException or LinkException or WasiTrapException)
        {
            if (e is Trap or WasiTrapException) Interlocked.Increment(ref _traps);
            Report(http, e);
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }
        http.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
            http.Response.Headers.Append(name, Encoding.Latin1.GetString(value));
        try
        {
            await using (response.Body.ConfigureAwait(false))
                await response.Body.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
            await response.Completion.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or Trap or OperationCanceledException or WasiTrapException)
        {
            // The response has started: the client sees the connection end early.
            if (e is not OperationCanceledException) { Interlocked.Increment(ref _traps); Report(http, e); }
            http.Abort();
        }
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

using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Http.OutgoingHandler;
using HttpTypes = WitBindgen.Runtime.Wasi.Bindings.Wasi.Http.Types;
using static WitBindgen.Runtime.Wasi.Wasi;

namespace WitBindgen.Runtime.Wasi.Http;

/// <summary>
/// <c>wasi:http</c> 0.2.x: <see cref="AddToLinker(ComponentLinker, WasiContext)"/> defines <c>wasi:http/types</c> and
/// <c>wasi:http/outgoing-handler</c> (over <see cref="System.Net.Http.HttpClient"/>, to the hosts allowed by
/// <see cref="WasiContextBuilder.AllowHttp(string)"/> only); <see cref="HandleAsync"/> calls a guest's
/// <c>wasi:http/incoming-handler</c>. Added separately from <see cref="Wasi.AddToLinker(ComponentLinker, WasiContext)"/> (which adds no HTTP).
/// </summary>
public static class WasiHttp
{
    /// <summary>Defines <c>wasi:http/types</c> and <c>wasi:http/outgoing-handler</c> over <paramref name="ctx"/>.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx) => AddToLinker(linker, Fixed(ctx));

    /// <summary>
    /// Defines <c>wasi:http/types</c> and <c>wasi:http/outgoing-handler</c> in a linker shared by many stores, each host
    /// function working over the context <paramref name="context"/> returns for the calling instance's store (see
    /// <see cref="Wasi.AddToLinker(ComponentLinker, Func{Store, WasiContext})"/>).
    /// </summary>
    public static void AddToLinker(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        // The generated typed bindings. The resources are the host's classes deriving from the generated ones
        // (Fields.cs, Messages.cs, Bodies.cs); the constructors, static functions and handle are the caller's context
        // (WasiContext.Http.cs).
        var host = PerStore(context);
        HttpTypes.TypesImports.AddToLinker(linker, host);
        OutgoingHandlerImports.AddToLinker(linker, host);
    }

    /// <summary>The instance's <c>wasi:http/incoming-handler@0.2.x#handle</c>, or null.</summary>
    public static ComponentFunction? FindHandler(ComponentInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        foreach (var name in instance.ExportNames)
            if (name.StartsWith("wasi:http/incoming-handler@0.2.", StringComparison.Ordinal) && instance.GetFunction(name, "handle") is { } f)
                return f;
        return null;
    }

    /// <summary>
    /// Hands <paramref name="request"/> to the guest's incoming handler as an <c>incoming-request</c> and a
    /// <c>response-outparam</c>, running the guest on one of a set of reused guest threads (never the thread pool's).
    /// Completes when the guest sets the response; its body streams while the guest writes it. When this throws, the
    /// guest's handler has returned (or trapped): nothing of the request runs any more.
    /// </summary>
    /// <param name="instance">An instance whose imports were linked with <see cref="AddToLinker(ComponentLinker, WasiContext)"/> over <paramref name="ctx"/>; it handles this request only.</param>
    /// <param name="ctx">The instance's context.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Interrupts the guest: its blocking WASI waits (poll, blocking reads and writes)
    /// trap with <see cref="TrapCode.Interrupted"/>. Guest code that computes without waiting stops only when its store
    /// is interrupted too (<see cref="Store.Interrupt"/>; <c>wit-bindgen serve</c> does both on its request timeout).</param>
    /// <exception cref="InvalidOperationException">The component exports no <c>wasi:http/incoming-handler</c>.</exception>
    /// <exception cref="WasiHttpException">The guest answered with an <c>error-code</c> or never set a response.</exception>
    /// <exception cref="Trap">The guest trapped before setting the response.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the guest set the response.</exception>
    public static async Task<WasiHttpResponse> HandleAsync(ComponentInstance instance, WasiContext ctx, WasiHttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(request);
        var handle = FindHandler(instance) ?? throw new InvalidOperationException("the component does not export wasi:http/incoming-handler@0.2.x#handle");
        var headers = new List<KeyValuePair<string, byte[]>>(request.Headers.Count);
        foreach (var (k, v) in request.Headers) headers.Add(new(k, System.Text.Encoding.Latin1.GetBytes(v)));
        var limit = request.MaxBodySize is { } max ? new BodyLimit(max, new HttpTypes.ErrorCode.HttpRequestBodySize((ulong)max), () => request.BodyTooLarge = true) : null;
        ctx.Cancellation = cancellationToken;
        var body = new IncomingBody(request.Body ?? Stream.Null, ownsSource: false, null, () => TrailersOf(request), cancellationToken, limit);
        var incoming = new IncomingRequest(request.Method, request.Scheme, request.Authority, request.PathWithQuery, Fields.FromHost(headers), body);
        var outparam = new ResponseOutparam();
        uint reqRep = ctx.Table.Push(incoming), outRep = ctx.Table.Push(outparam);

        // The guest blocks its thread while it waits for body bytes or responses: one of the reused guest threads, so
        // waiting guests never starve the thread pool that delivers those bytes.
        var guest = GuestThreads.Run(() => handle.Call(ComponentValue.Own(reqRep), ComponentValue.Own(outRep)));
        var done = guest.ContinueWith(g =>
        {
            // After the guest returns nothing more runs in it: an unset outparam or an unfinished body ends here.
            outparam.Dispose();
            if (outparam.Task.Result.Response is { } r)
                r.ResponseBody.Pipe.Complete(g.IsFaulted ? new IOException("the guest trapped while writing the body", g.Exception!.GetBaseException())
                    : r.BodyTaken ? new IOException("the guest did not finish the body") : null);
        }, TaskScheduler.Default);

        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static c => ((TaskCompletionSource)c!).TrySetResult(), cancelled))
            await Task.WhenAny(outparam.Task, guest, cancelled.Task).ConfigureAwait(false);
        if (!outparam.Task.IsCompleted || outparam.Task.Result.Response is null)
        {
            // No response: wait for the guest's end (a cancelled guest traps at its next wait or interrupt check), so
            // that the caller knows nothing of the request runs any more.
            await done.ConfigureAwait(false);
            if (guest.IsFaulted && !cancellationToken.IsCancellationRequested) await guest.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (guest.IsFaulted) await guest.ConfigureAwait(false);
            var error = outparam.Task.Result.Error;
            int? errorCase = error is null ? null : ErrorCodes.CaseIndex(error);
            throw new WasiHttpException(errorCase is { } c ? $"the guest answered error-code case {c}" : "the guest set no response", errorCase);
        }
        var response = outparam.Task.Result.Response;
        return new WasiHttpResponse(response.StatusCode(), response.HeaderFields.Items, response.ResponseBody, Task.WhenAll(guest, done));
    }

    private static Fields? TrailersOf(WasiHttpRequest request)
    {
        if (request.Trailers?.Invoke() is not { Count: > 0 } trailers) return null;
        var entries = new List<KeyValuePair<string, byte[]>>(trailers.Count);
        foreach (var (k, v) in trailers) entries.Add(new(k, System.Text.Encoding.Latin1.GetBytes(v)));
        return Fields.FromHost(entries);
    }
}

/// <summary>A request for <see cref="WasiHttp.HandleAsync"/>, independent of the server that received it.</summary>
public sealed class WasiHttpRequest
{
    /// <summary>Creates a request.</summary>
    public WasiHttpRequest(string method, string pathWithQuery)
    {
        Method = method ?? throw new ArgumentNullException(nameof(method));
        PathWithQuery = pathWithQuery ?? throw new ArgumentNullException(nameof(pathWithQuery));
    }

    /// <summary>The method, e.g. <c>GET</c>.</summary>
    public string Method { get; }
    /// <summary>The path and query, e.g. <c>/items?id=3</c>.</summary>
    public string PathWithQuery { get; }
    /// <summary>The scheme (<c>http</c> unless set).</summary>
    public string? Scheme { get; init; } = "http";
    /// <summary>The authority (host and port), if known.</summary>
    public string? Authority { get; init; }
    /// <summary>The headers, one entry per value.</summary>
    public IList<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();
    /// <summary>The body (read as the guest reads it; not disposed), or null for none.</summary>
    public Stream? Body { get; init; }
    /// <summary>The most bytes the guest may read from the body: the read beyond fails with
    /// <c>error-code.HTTP-request-body-size</c> and sets <see cref="BodyTooLarge"/>. Null: no limit.</summary>
    public long? MaxBodySize { get; init; }
    /// <summary>Whether the body turned out larger than <see cref="MaxBodySize"/>.</summary>
    public bool BodyTooLarge { get; internal set; }
    /// <summary>Gives the body's trailers (one entry per value, or null for none) once the guest finished reading the
    /// body; null when the request has none.</summary>
    public Func<IReadOnlyList<KeyValuePair<string, string>>?>? Trailers { get; init; }
}

/// <summary>The guest's response from <see cref="WasiHttp.HandleAsync"/>.</summary>
public sealed class WasiHttpResponse
{
    private readonly OutgoingBody _body;

    internal WasiHttpResponse(int statusCode, IReadOnlyList<KeyValuePair<string, byte[]>> headers, OutgoingBody body, Task completion)
    {
        StatusCode = statusCode;
        Headers = headers;
        _body = body;
        Body = body.Pipe.OpenReader();
        Completion = completion;
    }

    /// <summary>The status code.</summary>
    public int StatusCode { get; }
    /// <summary>The headers (lower-case names, one entry per value).</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Headers { get; }
    /// <summary>The body as the guest writes it; reading fails with an <see cref="IOException"/> when the guest traps or drops the body unfinished. Dispose it when done.</summary>
    public Stream Body { get; }
    /// <summary>Completes when the guest's handler returned (faulted with the <see cref="Trap"/> when it trapped).</summary>
    public Task Completion { get; }
    /// <summary>The trailers the guest gave to <c>outgoing-body.finish</c> (lower-case names, one entry per value), or
    /// null for none; known once <see cref="Body"/> was read to its end.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>>? Trailers => _body.Trailers?.Items;
}

/// <summary>The guest's incoming handler answered with a <c>wasi:http/types.error-code</c>, or set no response.</summary>
public sealed class WasiHttpException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WasiHttpException(string message, int? errorCode = null) : base(message) => ErrorCode = errorCode;

    /// <summary>The case index of the guest's <c>error-code</c>, if it gave one.</summary>
    public int? ErrorCode { get; }
}

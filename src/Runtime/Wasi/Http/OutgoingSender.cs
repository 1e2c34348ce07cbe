using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HttpTypes = WitBindgen.Runtime.Wasi.Bindings.Wasi.Http.Types;

namespace WitBindgen.Runtime.Wasi.Http;

/// <summary>
/// Sends the guest's outgoing requests with one shared <see cref="HttpClient"/> over <see cref="SocketsHttpHandler"/>
/// (no redirects, cookies, proxies or decompression: the guest sees the wire). Bodies stream both ways; the
/// request-options timeouts apply per request (connect in the handler's connect callback, first byte around the
/// send, between bytes on each read of the response body).
/// </summary>
internal static class OutgoingSender
{
    private static readonly HttpRequestOptionsKey<TimeSpan> s_connectTimeout = new("wasi-http.connect-timeout");
    private static readonly TimeSpan s_defaultConnectTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lazy<HttpClient> s_client = new(CreateClient);

    private static HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static async ValueTask<System.IO.Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var timeout = context.InitialRequestMessage.Options.TryGetValue(s_connectTimeout, out var t) ? t : s_defaultConnectTimeout;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cts.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts <paramref name="request"/>; returns null and sets <paramref name="error"/> when it cannot be sent at all.</summary>
    /// <param name="request">The guest's request.</param>
    /// <param name="options">Its timeouts, if given.</param>
    /// <param name="policy">The hosts the guest may reach.</param>
    /// <param name="cancel">The cancellation of the guest's context: it interrupts the blocking waits on the future and the response body.</param>
    /// <param name="error">Why the request was not sent.</param>
    public static FutureIncomingResponse? Send(OutgoingRequest request, RequestOptions? options, HttpPolicy policy, CancellationToken cancel, out HttpTypes.ErrorCode? error)
    {
        error = null;
        var scheme = (request.SchemeName ?? "https").ToLowerInvariant();
        if (scheme is not ("http" or "https")) { error = new HttpTypes.ErrorCode.HttpProtocolError(); return null; }
        var authority = request.Authority();
        if (string.IsNullOrEmpty(authority)) { error = new HttpTypes.ErrorCode.HttpRequestUriInvalid(); return null; }
        var path = request.PathWithQuery() ?? "/";
        if (!path.StartsWith('/') && path != "*") path = "/" + path;
        if (!Uri.TryCreate(scheme + "://" + authority + path, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0)
        {
            error = new HttpTypes.ErrorCode.HttpRequestUriInvalid();
            return null;
        }
        if (!policy.Allows(uri.IdnHost, uri.Port)) { error = new HttpTypes.ErrorCode.HttpRequestDenied(); return null; }
        if (!HttpValues.ValidMethod(request.MethodName)) { error = new HttpTypes.ErrorCode.HttpRequestMethodInvalid(); return null; }

        var message = new HttpRequestMessage(new HttpMethod(request.MethodName), uri) { Version = System.Net.HttpVersion.Version11 };
        if (request.RequestBody is { } body) message.Content = new StreamContent(body.Pipe.OpenReader());
        foreach (var (name, value) in request.HeaderFields.Items)
        {
            var text = Encoding.Latin1.GetString(value);
            if (message.Headers.TryAddWithoutValidation(name, text)) continue;
            if (message.Content is null && name == "content-length" && text.Trim() == "0") continue;
            message.Content ??= new ByteArrayContent(Array.Empty<byte>());
            message.Content.Headers.TryAddWithoutValidation(name, text);
        }
        if (RequestOptions.Span(options?.ConnectTimeout()) is { } connect) message.Options.Set(s_connectTimeout, connect);
        var abandon = new CancellationTokenSource();
        var task = SendAsync(message, abandon, RequestOptions.Span(options?.FirstByteTimeout()), RequestOptions.Span(options?.BetweenBytesTimeout()), cancel);
        return new FutureIncomingResponse(task, abandon, cancel);
    }

    private static async Task<(IncomingResponse? Response, HttpTypes.ErrorCode? Error)> SendAsync(HttpRequestMessage message, CancellationTokenSource cancel, TimeSpan? firstByte, TimeSpan? betweenBytes, CancellationToken guestCancel)
    {
        using var firstByteCts = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
        if (firstByte is { } fb) firstByteCts.CancelAfter(fb);
        HttpResponseMessage response;
        try
        {
            response = await s_client.Value.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, firstByteCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (firstByteCts.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            return (null, new HttpTypes.ErrorCode.ConnectionReadTimeout());
        }
        catch (Exception e)
        {
            return (null, ErrorCodes.FromException(e));
        }
        try
        {
            var headers = Fields.FromHost(HostHeaders(response.Headers, response.Content.Headers));
            var stream = await response.Content.ReadAsStreamAsync(cancel.Token).ConfigureAwait(false);
            var body = new IncomingBody(stream, ownsSource: true, betweenBytes, () =>
                response.TrailingHeaders is { } tr && HostHeaders(tr, null) is { Count: > 0 } list ? Fields.FromHost(list) : null, guestCancel);
            return (new IncomingResponse((ushort)response.StatusCode, headers, body), null);
        }
        catch (Exception e)
        {
            response.Dispose();
            return (null, ErrorCodes.FromException(e));
        }
    }

    /// <summary>Header entries as the guest sees them: one entry per value, hop-by-hop headers left out.</summary>
    internal static List<KeyValuePair<string, byte[]>> HostHeaders(HttpHeaders headers, HttpHeaders? more)
    {
        var list = new List<KeyValuePair<string, byte[]>>();
        foreach (var set in more is null ? new[] { headers } : new[] { headers, more })
            foreach (var (name, values) in set.NonValidated)
            {
                var lower = name.ToLowerInvariant();
                if (lower is "connection" or "keep-alive" or "transfer-encoding" or "upgrade" or "proxy-connection") continue;
                foreach (var v in values) list.Add(new(lower, Encoding.Latin1.GetBytes(v)));
            }
        return list;
    }
}

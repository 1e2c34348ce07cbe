using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.ComponentModel.Abi;

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
    public static FutureIncomingResponse? Send(OutgoingRequest request, RequestOptions? options, HttpPolicy policy, out ComponentValue? error)
    {
        error = null;
        var scheme = (request.Scheme ?? "https").ToLowerInvariant();
        if (scheme is not ("http" or "https")) { error = ErrorCodes.Of(ErrorCodes.HttpProtocolError); return null; }
        if (string.IsNullOrEmpty(request.Authority)) { error = ErrorCodes.Of(ErrorCodes.HttpRequestUriInvalid); return null; }
        var path = request.PathWithQuery ?? "/";
        if (!path.StartsWith('/') && path != "*") path = "/" + path;
        if (!Uri.TryCreate(scheme + "://" + request.Authority + path, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0)
        {
            error = ErrorCodes.Of(ErrorCodes.HttpRequestUriInvalid);
            return null;
        }
        if (!policy.Allows(uri.IdnHost, uri.Port)) { error = ErrorCodes.Of(ErrorCodes.HttpRequestDenied); return null; }
        if (!HttpValues.ValidMethod(request.Method)) { error = ErrorCodes.Of(ErrorCodes.HttpRequestMethodInvalid); return null; }

        var message = new HttpRequestMessage(new HttpMethod(request.Method), uri) { Version = System.Net.HttpVersion.Version11 };
        if (request.Body is { } body) message.Content = new StreamContent(body.Pipe.OpenReader());
        foreach (var (name, value) in request.Headers.Entries)
        {
            var text = Encoding.Latin1.GetString(value);
            if (message.Headers.TryAddWithoutValidation(name, text)) continue;
            if (message.Content is null && name == "content-length" && text.Trim() == "0") continue;
            message.Content ??= new ByteArrayContent(Array.Empty<byte>());
            message.Content.Headers.TryAddWithoutValidation(name, text);
        }
        if (RequestOptions.Span(options?.ConnectTimeout) is { } connect) message.Options.Set(s_connectTimeout, connect);
        var cancel = new CancellationTokenSource();
        var task = SendAsync(message, cancel, RequestOptions.Span(options?.FirstByteTimeout), RequestOptions.Span(options?.BetweenBytesTimeout));
        return new FutureIncomingResponse(task, cancel);
    }

    private static async Task<(IncomingResponse? Response, ComponentValue? Error)> SendAsync(HttpRequestMessage message, CancellationTokenSource cancel, TimeSpan? firstByte, TimeSpan? betweenBytes)
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
            return (null, ErrorCodes.Of(ErrorCodes.ConnectionReadTimeout));
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
                response.TrailingHeaders is { } tr && HostHeaders(tr, null) is { Count: > 0 } list ? Fields.FromHost(list) : null);
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

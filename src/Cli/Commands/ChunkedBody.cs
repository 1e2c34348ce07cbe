using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace WitBindgen.Cli.Commands;

/// <summary>
/// An HTTP/1.1 response body in chunked transfer coding written by <see cref="WasiHttpServer"/> itself, so that it can
/// end with the trailers the guest finished its body with (Kestrel's own chunking sends no trailers over HTTP/1.1). A
/// response whose <c>Transfer-Encoding</c> the application sets is passed through by Kestrel as written.
/// </summary>
internal sealed class ChunkedBody
{
    private readonly HttpResponse _response;

    /// <summary>Declares the coding on <paramref name="response"/> (before it starts).</summary>
    public ChunkedBody(HttpResponse response)
    {
        _response = response;
        response.Headers.TransferEncoding = "chunked";
    }

    /// <summary>
    /// Whether to chunk this response: an HTTP/1.1 request whose client accepts trailers (<c>TE: trailers</c>; other
    /// clients keep Kestrel's chunking, without trailers) and a response that has a body.
    /// </summary>
    public static bool Applies(HttpContext http)
    {
        if (!HttpProtocol.IsHttp11(http.Request.Protocol) || HttpMethods.IsHead(http.Request.Method)) return false;
        var status = http.Response.StatusCode;
        if (status < 200 || status is 204 or 304) return false;
        foreach (var te in http.Request.Headers.TE)
            foreach (var coding in (te ?? "").Split(','))
                if (coding.Trim().Split(';')[0].Trim().Equals("trailers", StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Copies <paramref name="body"/> as one chunk per read.</summary>
    public async Task CopyAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int n;
            while ((n = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var writer = _response.BodyWriter;
                Write(writer, $"{n:x}\r\n");
                writer.Write(buffer.AsSpan(0, n));
                Write(writer, "\r\n");
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes the last chunk and the trailer section (names lower-case, values as the guest gave them).</summary>
    public async Task EndAsync(IReadOnlyList<KeyValuePair<string, byte[]>>? trailers, CancellationToken cancellationToken)
    {
        var writer = _response.BodyWriter;
        Write(writer, "0\r\n");
        foreach (var (name, value) in trailers ?? Array.Empty<KeyValuePair<string, byte[]>>())
        {
            // Framing fields have no place in a trailer section (RFC 9110 6.5.1); the rest were checked by wasi:http fields.
            if (name == "content-length") continue;
            Write(writer, name + ": ");
            writer.Write(value);
            Write(writer, "\r\n");
        }
        Write(writer, "\r\n");
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Write(PipeWriter writer, string ascii) => writer.Advance(Encoding.ASCII.GetBytes(ascii, writer.GetSpan(ascii.Length)));
}

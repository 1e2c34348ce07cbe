using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Sockets;
using HttpTypes = WitBindgen.Runtime.Wasi.Bindings.Wasi.Http.Types;

namespace WitBindgen.Runtime.Wasi.Http;

/// <summary>Conversions between <c>wasi:http/types</c> values (method, scheme) and .NET strings.</summary>
internal static class HttpValues
{
    // The cases without payload carry nothing: one instance each, so answering a method or scheme allocates nothing.
    private static readonly (string Name, HttpTypes.Method Case)[] s_methods =
    {
        ("GET", new HttpTypes.Method.Get()), ("HEAD", new HttpTypes.Method.Head()), ("POST", new HttpTypes.Method.Post()),
        ("PUT", new HttpTypes.Method.Put()), ("DELETE", new HttpTypes.Method.Delete()), ("CONNECT", new HttpTypes.Method.Connect()),
        ("OPTIONS", new HttpTypes.Method.Options()), ("TRACE", new HttpTypes.Method.Trace()), ("PATCH", new HttpTypes.Method.Patch()),
    };
    private static readonly HttpTypes.Scheme s_http = new HttpTypes.Scheme.Http(), s_https = new HttpTypes.Scheme.Https();

    public static string MethodName(HttpTypes.Method method)
    {
        if (method is HttpTypes.Method.Other other) return other.Value;
        foreach (var (name, c) in s_methods) if (c == method) return name;
        throw new ArgumentOutOfRangeException(nameof(method));
    }

    public static HttpTypes.Method Method(string name)
    {
        foreach (var (n, c) in s_methods) if (n == name) return c;
        return new HttpTypes.Method.Other(name);
    }

    public static bool ValidMethod(string name) => Fields.ValidName(name);

    /// <summary>The scheme's text (<c>http</c>, <c>https</c> or the other case's string).</summary>
    public static string SchemeName(HttpTypes.Scheme scheme) => scheme switch
    {
        HttpTypes.Scheme.Http => "http",
        HttpTypes.Scheme.Https => "https",
        HttpTypes.Scheme.Other other => other.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(scheme)),
    };

    public static HttpTypes.Scheme Scheme(string name) => name.ToLowerInvariant() switch
    {
        "http" => s_http,
        "https" => s_https,
        _ => new HttpTypes.Scheme.Other(name),
    };
}

/// <summary>The <c>wasi:http/types.error-code</c> values the host produces, and the mapping from .NET failures.</summary>
internal static class ErrorCodes
{
    // The cases in their WIT order: an error code's case index, as WasiHttpException reports it.
    private static readonly Type[] s_cases =
    {
        typeof(HttpTypes.ErrorCode.DnsTimeout), typeof(HttpTypes.ErrorCode.DnsError), typeof(HttpTypes.ErrorCode.DestinationNotFound),
        typeof(HttpTypes.ErrorCode.DestinationUnavailable), typeof(HttpTypes.ErrorCode.DestinationIpProhibited), typeof(HttpTypes.ErrorCode.DestinationIpUnroutable),
        typeof(HttpTypes.ErrorCode.ConnectionRefused), typeof(HttpTypes.ErrorCode.ConnectionTerminated), typeof(HttpTypes.ErrorCode.ConnectionTimeout),
        typeof(HttpTypes.ErrorCode.ConnectionReadTimeout), typeof(HttpTypes.ErrorCode.ConnectionWriteTimeout), typeof(HttpTypes.ErrorCode.ConnectionLimitReached),
        typeof(HttpTypes.ErrorCode.TlsProtocolError), typeof(HttpTypes.ErrorCode.TlsCertificateError), typeof(HttpTypes.ErrorCode.TlsAlertReceived),
        typeof(HttpTypes.ErrorCode.HttpRequestDenied), typeof(HttpTypes.ErrorCode.HttpRequestLengthRequired), typeof(HttpTypes.ErrorCode.HttpRequestBodySize),
        typeof(HttpTypes.ErrorCode.HttpRequestMethodInvalid), typeof(HttpTypes.ErrorCode.HttpRequestUriInvalid), typeof(HttpTypes.ErrorCode.HttpRequestUriTooLong),
        typeof(HttpTypes.ErrorCode.HttpRequestHeaderSectionSize), typeof(HttpTypes.ErrorCode.HttpRequestHeaderSize), typeof(HttpTypes.ErrorCode.HttpRequestTrailerSectionSize),
        typeof(HttpTypes.ErrorCode.HttpRequestTrailerSize), typeof(HttpTypes.ErrorCode.HttpResponseIncomplete), typeof(HttpTypes.ErrorCode.HttpResponseHeaderSectionSize),
        typeof(HttpTypes.ErrorCode.HttpResponseHeaderSize), typeof(HttpTypes.ErrorCode.HttpResponseBodySize), typeof(HttpTypes.ErrorCode.HttpResponseTrailerSectionSize),
        typeof(HttpTypes.ErrorCode.HttpResponseTrailerSize), typeof(HttpTypes.ErrorCode.HttpResponseTransferCoding), typeof(HttpTypes.ErrorCode.HttpResponseContentCoding),
        typeof(HttpTypes.ErrorCode.HttpResponseTimeout), typeof(HttpTypes.ErrorCode.HttpUpgradeFailed), typeof(HttpTypes.ErrorCode.HttpProtocolError),
        typeof(HttpTypes.ErrorCode.LoopDetected), typeof(HttpTypes.ErrorCode.ConfigurationError), typeof(HttpTypes.ErrorCode.InternalError),
    };

    /// <summary>The generated case classes in their WIT order.</summary>
    internal static IReadOnlyList<Type> Cases => s_cases;

    /// <summary>The index of <paramref name="code"/>'s case in the WIT variant.</summary>
    public static int CaseIndex(HttpTypes.ErrorCode code) => Array.IndexOf(s_cases, code.GetType());

    public static HttpTypes.ErrorCode Internal(string? message) => new HttpTypes.ErrorCode.InternalError(message);

    /// <summary>
    /// The error code for a failed <see cref="HttpClient"/> send or body read: the innermost cause that says what
    /// failed (the OS socket error, a TLS failure, a protocol or framing error), else the client's own category.
    /// </summary>
    public static HttpTypes.ErrorCode FromException(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SocketException se:
                    return se.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => new HttpTypes.ErrorCode.ConnectionRefused(),
                        SocketError.HostNotFound => Dns("NXDOMAIN"),
                        SocketError.NoData => Dns(null),
                        SocketError.TryAgain => new HttpTypes.ErrorCode.DnsTimeout(),
                        SocketError.TimedOut => new HttpTypes.ErrorCode.ConnectionTimeout(),
                        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.Disconnecting => new HttpTypes.ErrorCode.ConnectionTerminated(),
                        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.AddressNotAvailable => new HttpTypes.ErrorCode.DestinationIpUnroutable(),
                        SocketError.HostDown or SocketError.NetworkDown => new HttpTypes.ErrorCode.DestinationUnavailable(),
                        SocketError.AccessDenied => new HttpTypes.ErrorCode.DestinationIpProhibited(),
                        _ => Internal(se.Message),
                    };
                case System.Security.Authentication.AuthenticationException ae:
                    // .NET reports a rejected certificate (name, chain, expiry) as "...remote certificate...".
                    return ae.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase) ? new HttpTypes.ErrorCode.TlsCertificateError() : new HttpTypes.ErrorCode.TlsProtocolError();
                case TimeoutException:
                    return new HttpTypes.ErrorCode.HttpResponseTimeout();
            }
        }
        var category = e switch
        {
            HttpRequestException hre => hre.HttpRequestError,
            HttpIOException hio => hio.HttpRequestError,
            _ => (e.InnerException as HttpIOException)?.HttpRequestError ?? HttpRequestError.Unknown,
        };
        return category switch
        {
            HttpRequestError.NameResolutionError => Dns(null),
            HttpRequestError.ConnectionError => new HttpTypes.ErrorCode.DestinationUnavailable(),
            HttpRequestError.SecureConnectionError => new HttpTypes.ErrorCode.TlsProtocolError(),
            HttpRequestError.ResponseEnded => new HttpTypes.ErrorCode.HttpResponseIncomplete(),
            HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError or HttpRequestError.VersionNegotiationError => new HttpTypes.ErrorCode.HttpProtocolError(),
            HttpRequestError.ConfigurationLimitExceeded => new HttpTypes.ErrorCode.HttpResponseHeaderSectionSize(null),
            _ when e is System.IO.IOException => new HttpTypes.ErrorCode.ConnectionTerminated(),
            _ => Internal(e.Message),
        };
    }

    private static HttpTypes.ErrorCode Dns(string? rcode) => new HttpTypes.ErrorCode.DnsError(new HttpTypes.DnsErrorPayload(rcode, null));
}

using System;
using System.Net.Http;
using System.Net.Sockets;
using WitBindgen.ComponentModel.Abi;

namespace WitBindgen.Runtime.Wasi.Http;

/// <summary>Conversions between <c>wasi:http/types</c> values (method, scheme) and .NET strings.</summary>
internal static class HttpValues
{
    private static readonly string[] s_methods = { "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH" };

    public static string MethodName(ComponentValue method) =>
        method.CaseIndex < s_methods.Length ? s_methods[method.CaseIndex] : method.Payload!.Value.AsString();

    public static ComponentValue Method(string name)
    {
        int i = Array.IndexOf(s_methods, name);
        return i >= 0 ? ComponentValue.Variant(i) : ComponentValue.Variant(s_methods.Length, ComponentValue.String(name));
    }

    public static bool ValidMethod(string name) => Fields.ValidName(name);

    /// <summary>The scheme's text (<c>http</c>, <c>https</c> or the other case's string).</summary>
    public static string SchemeName(ComponentValue scheme) => scheme.CaseIndex switch
    {
        0 => "http",
        1 => "https",
        _ => scheme.Payload!.Value.AsString(),
    };

    public static ComponentValue Scheme(string name) => name.ToLowerInvariant() switch
    {
        "http" => ComponentValue.Variant(0),
        "https" => ComponentValue.Variant(1),
        _ => ComponentValue.Variant(2, ComponentValue.String(name)),
    };

    public static ComponentValue OptionalString(string? s) => s is null ? ComponentValue.None : ComponentValue.Some(ComponentValue.String(s));

    public static string? OptionString(ComponentValue option) => option.CaseIndex == 1 ? option.Payload!.Value.AsString() : null;
}

/// <summary>The cases of <c>wasi:http/types.error-code</c> the host produces, and the mapping from .NET failures.</summary>
internal static class ErrorCodes
{
    public const int DnsTimeout = 0, DnsError = 1, DestinationUnavailable = 3, DestinationIpProhibited = 4, DestinationIpUnroutable = 5, ConnectionRefused = 6, ConnectionTerminated = 7, ConnectionTimeout = 8, ConnectionReadTimeout = 9,
        TlsProtocolError = 12, TlsCertificateError = 13, HttpRequestDenied = 15, HttpRequestBodySize = 17, HttpRequestMethodInvalid = 18,
        HttpRequestUriInvalid = 19, HttpResponseIncomplete = 25, HttpResponseHeaderSectionSize = 26, HttpResponseBodySize = 28, HttpResponseTimeout = 33, HttpProtocolError = 35,
        InternalError = 38;

    public static ComponentValue Of(int code) => code switch
    {
        DnsError => Dns(null),
        HttpResponseHeaderSectionSize => ComponentValue.Variant(code, ComponentValue.None),
        InternalError => Internal(null),
        _ => ComponentValue.Variant(code),
    };

    /// <summary>HTTP-request-body-size or HTTP-response-body-size with the limit.</summary>
    public static ComponentValue BodySize(int code, long limit) => ComponentValue.Variant(code, ComponentValue.Some(ComponentValue.U64((ulong)limit)));

    public static ComponentValue Internal(string? message) => ComponentValue.Variant(InternalError, HttpValues.OptionalString(message));

    /// <summary>
    /// The error code for a failed <see cref="HttpClient"/> send or body read: the innermost cause that says what
    /// failed (the OS socket error, a TLS failure, a protocol or framing error), else the client's own category.
    /// </summary>
    public static ComponentValue FromException(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SocketException se:
                    return se.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => Of(ConnectionRefused),
                        SocketError.HostNotFound => Dns("NXDOMAIN"),
                        SocketError.NoData => Dns(null),
                        SocketError.TryAgain => Of(DnsTimeout),
                        SocketError.TimedOut => Of(ConnectionTimeout),
                        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.Disconnecting => Of(ConnectionTerminated),
                        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.AddressNotAvailable => Of(DestinationIpUnroutable),
                        SocketError.HostDown or SocketError.NetworkDown => Of(DestinationUnavailable),
                        SocketError.AccessDenied => Of(DestinationIpProhibited),
                        _ => Internal(se.Message),
                    };
                case System.Security.Authentication.AuthenticationException ae:
                    // .NET reports a rejected certificate (name, chain, expiry) as "...remote certificate...".
                    return Of(ae.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase) ? TlsCertificateError : TlsProtocolError);
                case TimeoutException:
                    return Of(HttpResponseTimeout);
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
            HttpRequestError.ConnectionError => Of(DestinationUnavailable),
            HttpRequestError.SecureConnectionError => Of(TlsProtocolError),
            HttpRequestError.ResponseEnded => Of(HttpResponseIncomplete),
            HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError or HttpRequestError.VersionNegotiationError => Of(HttpProtocolError),
            HttpRequestError.ConfigurationLimitExceeded => Of(HttpResponseHeaderSectionSize),
            _ when e is System.IO.IOException => Of(ConnectionTerminated),
            _ => Internal(e.Message),
        };
    }

    private static ComponentValue Dns(string? rcode) =>
        ComponentValue.Variant(DnsError, ComponentValue.Record(HttpValues.OptionalString(rcode), ComponentValue.None));
}

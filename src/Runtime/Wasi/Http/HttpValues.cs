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
        return i >= 0 ? ComponentValue.Variant(i) : ComponentValue.Variant(s_methods.Length, ComponentValue.StringUtf8(name));
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
        _ => ComponentValue.Variant(2, ComponentValue.StringUtf8(name)),
    };

    public static ComponentValue OptionalString(string? s) => s is null ? ComponentValue.None : ComponentValue.Some(ComponentValue.StringUtf8(s));

    public static string? OptionString(ComponentValue option) => option.CaseIndex == 1 ? option.Payload!.Value.AsString() : null;
}

/// <summary>The cases of <c>wasi:http/types.error-code</c> the host produces, and the mapping from .NET failures.</summary>
internal static class ErrorCodes
{
    public const int DnsError = 1, ConnectionRefused = 6, ConnectionTerminated = 7, ConnectionTimeout = 8, ConnectionReadTimeout = 9,
        TlsProtocolError = 12, HttpRequestDenied = 15, HttpRequestMethodInvalid = 18, HttpRequestUriInvalid = 19,
        HttpResponseIncomplete = 25, HttpResponseTimeout = 33, HttpProtocolError = 35, InternalError = 38;

    public static ComponentValue Of(int code) => code switch
    {
        DnsError => ComponentValue.Variant(DnsError, ComponentValue.Record(ComponentValue.None, ComponentValue.None)),
        InternalError => Internal(null),
        _ => ComponentValue.Variant(code),
    };

    public static ComponentValue Internal(string? message) => ComponentValue.Variant(InternalError, HttpValues.OptionalString(message));

    /// <summary>The error code for a failed <see cref="HttpClient"/> send or body read.</summary>
    public static ComponentValue FromException(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException se)
            {
                return se.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => Of(ConnectionRefused),
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => Of(DnsError),
                    SocketError.TimedOut => Of(ConnectionTimeout),
                    SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => Of(ConnectionTerminated),
                    _ => Internal(se.Message),
                };
            }
        }
        if (e is HttpRequestException hre)
        {
            return hre.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => Of(DnsError),
                HttpRequestError.ConnectionError => Of(ConnectionRefused),
                HttpRequestError.SecureConnectionError => Of(TlsProtocolError),
                HttpRequestError.ResponseEnded => Of(HttpResponseIncomplete),
                HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => Of(HttpProtocolError),
                _ => Internal(hre.Message),
            };
        }
        if (e is System.IO.IOException) return Of(ConnectionTerminated);
        return Internal(e.Message);
    }
}

using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>The <c>wasi:sockets/network.network</c> resource: a token for the instance's network.</summary>
internal sealed class Network
{
}

/// <summary>
/// A <c>resolve-address-stream</c>: a lookup on .NET's <see cref="Dns"/> running in the background; its completion
/// is the readiness <c>subscribe</c> reports.
/// </summary>
internal sealed class ResolveAddressStream : IDisposable
{
    private readonly Task<IPAddress[]> _lookup;
    private int _next;

    private ResolveAddressStream(Task<IPAddress[]> lookup) => _lookup = lookup;

    /// <summary>Starts resolving <paramref name="name"/> (an IP address literal resolves to itself).</summary>
    public static ResolveAddressStream Start(string name, NetworkPolicy policy)
    {
        if (!policy.NameLookup) throw new NetworkException(NetworkErrorCode.AccessDenied, "name lookup is not allowed");
        if (AddressLiteral(name) is { } literal)
            return new ResolveAddressStream(Task.FromResult(new[] { literal }));
        if (name.Length == 0 || name.Length > 253 || Uri.CheckHostName(name) != UriHostNameType.Dns)
            throw NetworkException.InvalidArgument($"`{name}` is not a syntactically valid domain name or IP address");
        return new ResolveAddressStream(Dns.GetHostAddressesAsync(name));
    }

    /// <summary>
    /// An IPv4 address in dotted-decimal form (four parts) or an IPv6 address without a zone; not .NET's lenient
    /// forms such as <c>127.1</c> or <c>1</c>, which are looked up as names.
    /// </summary>
    private static IPAddress? AddressLiteral(string name)
    {
        if (name.Contains(':'))
            return !name.Contains('%') && IPAddress.TryParse(name, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        var parts = name.Split('.');
        if (parts.Length != 4) return null;
        foreach (var p in parts)
        {
            if (p.Length is 0 or > 3) return null;
            foreach (var c in p) if (c is < '0' or > '9') return null;
        }
        return IPAddress.TryParse(name, out var v4) ? v4 : null;
    }

    public bool Ready => _lookup.IsCompleted;

    public WaitHandle? ReadyHandle => _lookup.IsCompleted ? null : ((IAsyncResult)_lookup).AsyncWaitHandle;

    /// <summary>The next address, null at the end; would-block while the lookup runs.</summary>
    public IPAddress? Next()
    {
        if (!_lookup.IsCompleted) throw NetworkException.WouldBlock();
        if (!_lookup.IsCompletedSuccessfully)
        {
            var e = _lookup.Exception?.InnerException;
            var code = e is SocketException s ? NetworkException.Map(s.SocketErrorCode) : NetworkErrorCode.PermanentResolverFailure;
            if (code is not (NetworkErrorCode.NameUnresolvable or NetworkErrorCode.TemporaryResolverFailure)) code = NetworkErrorCode.PermanentResolverFailure;
            throw new NetworkException(code, e?.Message);
        }
        var all = _lookup.Result;
        while (_next < all.Length)
        {
            var a = all[_next++];
            if (a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6) return a;
        }
        return null;
    }

    public void Dispose() => _lookup.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
}

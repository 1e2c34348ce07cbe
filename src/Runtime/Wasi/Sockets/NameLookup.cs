using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.Bindings;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network;
using static WitBindgen.Runtime.Wasi.Sockets.NetworkResult;
using NetworkResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network.Network;
using PollableResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Poll.Pollable;
using ResolveAddressStreamResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.IpNameLookup.ResolveAddressStream;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>The <c>wasi:sockets/network.network</c> resource: a token for the instance's network.</summary>
internal sealed class Network : NetworkResource
{
}

/// <summary>
/// A <c>resolve-address-stream</c> of the typed bindings: a lookup on .NET's <see cref="Dns"/> running in the
/// background; its completion is the readiness <c>subscribe</c> reports.
/// </summary>
internal sealed class ResolveAddressStream : ResolveAddressStreamResource, ISocketReadiness
{
    private readonly Task<IPAddress[]> _lookup;
    private readonly CancellationToken _cancel;
    private int _next;

    private ResolveAddressStream(Task<IPAddress[]> lookup, CancellationToken cancel) { _lookup = lookup; _cancel = cancel; }

    /// <summary>Starts resolving <paramref name="name"/> (an IP address literal resolves to itself); <paramref name="cancel"/> interrupts waits on its pollables.</summary>
    public static ResolveAddressStream Start(string name, NetworkPolicy policy, CancellationToken cancel)
    {
        if (!policy.NameLookup) throw new NetworkException(ErrorCode.AccessDenied, "name lookup is not allowed");
        if (AddressLiteral(name) is { } literal)
            return new ResolveAddressStream(Task.FromResult(new[] { literal }), cancel);
        if (name.Length == 0 || name.Length > 253 || Uri.CheckHostName(name) != UriHostNameType.Dns)
            throw NetworkException.InvalidArgument($"`{name}` is not a syntactically valid domain name or IP address");
        return new ResolveAddressStream(Dns.GetHostAddressesAsync(name), cancel);
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

    /// <summary>The next address, none at the end; would-block while the lookup runs.</summary>
    public override Result<IpAddress?, ErrorCode> ResolveNextAddress()
    {
        if (!_lookup.IsCompleted) return Err<IpAddress?>(ErrorCode.WouldBlock);
        if (!_lookup.IsCompletedSuccessfully)
        {
            var e = _lookup.Exception?.InnerException;
            var code = e is SocketException s ? NetworkException.Map(s.SocketErrorCode) : ErrorCode.PermanentResolverFailure;
            return Err<IpAddress?>(code is ErrorCode.NameUnresolvable or ErrorCode.TemporaryResolverFailure ? code : ErrorCode.PermanentResolverFailure);
        }
        var all = _lookup.Result;
        while (_next < all.Length)
        {
            var a = all[_next++];
            if (a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6) return SocketAddresses.FromAddress(a);
        }
        return (IpAddress?)null;
    }

    public override PollableResource Subscribe() => new SocketPollable(this, _cancel);

    public override void Dispose() => _lookup.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
}

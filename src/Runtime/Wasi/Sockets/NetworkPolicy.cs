using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>What a guest wants to do with a socket address (the question a network policy answers).</summary>
public enum SocketUse
{
    /// <summary><c>tcp-socket.start-bind</c> to a local address.</summary>
    TcpBind,
    /// <summary><c>tcp-socket.start-connect</c> to a remote address.</summary>
    TcpConnect,
    /// <summary><c>udp-socket.start-bind</c> to a local address.</summary>
    UdpBind,
    /// <summary><c>udp-socket.stream</c> with a remote address, or a datagram sent to one.</summary>
    UdpSend,
}

/// <summary>
/// The network a guest may use: deny by default; allow rules (address or CIDR block, port or any port) and
/// callbacks; name lookup separately.
/// </summary>
internal sealed class NetworkPolicy
{
    private readonly List<AllowRule> _rules = new();
    private readonly List<Func<IPEndPoint, SocketUse, bool>> _callbacks = new();

    public bool NameLookup { get; set; }

    public void Add(AllowRule rule) => _rules.Add(rule);

    public void Add(Func<IPEndPoint, SocketUse, bool> callback) => _callbacks.Add(callback);

    public bool Allows(IPEndPoint endpoint, SocketUse use)
    {
        foreach (var r in _rules) if (r.Matches(endpoint)) return true;
        foreach (var c in _callbacks) if (c(endpoint, use)) return true;
        return false;
    }

    /// <summary>Throws access-denied unless <paramref name="endpoint"/> is allowed for <paramref name="use"/>.</summary>
    public void Check(IPEndPoint endpoint, SocketUse use)
    {
        if (!Allows(endpoint, use)) throw new NetworkException(ErrorCode.AccessDenied, $"the network policy does not allow {use} {endpoint}");
    }

    public NetworkPolicy Clone()
    {
        var p = new NetworkPolicy { NameLookup = NameLookup };
        p._rules.AddRange(_rules);
        p._callbacks.AddRange(_callbacks);
        return p;
    }
}

/// <summary>
/// One allow rule: <c>ADDR:PORT</c> where ADDR is an IPv4 address, <c>[IPv6]</c>, either with a <c>/prefix</c>
/// (CIDR), or <c>*</c>; PORT is a number or <c>*</c>. Examples: <c>127.0.0.1:8080</c>, <c>127.0.0.0/8:*</c>,
/// <c>[::1]:443</c>, <c>*:53</c>.
/// </summary>
internal sealed class AllowRule
{
    private readonly IPAddress? _network;
    private readonly int _prefix;
    private readonly int? _port;

    private AllowRule(IPAddress? network, int prefix, int? port) { _network = network; _prefix = prefix; _port = port; }

    public static bool TryParse(string text, out AllowRule? rule, out string? error)
    {
        rule = null;
        error = null;
        text = text.Trim();
        string addr, port;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']');
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':') { error = "expected [IPV6]:PORT"; return false; }
            addr = text.Substring(1, close - 1);
            port = text[(close + 2)..];
        }
        else
        {
            int colon = text.LastIndexOf(':');
            if (colon < 0) { error = "expected ADDR:PORT (PORT may be *)"; return false; }
            addr = text[..colon];
            port = text[(colon + 1)..];
        }
        int? p = null;
        if (port != "*")
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 65535) { error = $"bad port `{port}`"; return false; }
            p = n;
        }
        if (addr == "*") { rule = new AllowRule(null, 0, p); return true; }
        int prefix = -1;
        int slash = addr.IndexOf('/');
        if (slash >= 0)
        {
            if (!int.TryParse(addr[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix)) { error = $"bad prefix length in `{addr}`"; return false; }
            addr = addr[..slash];
        }
        if (!IPAddress.TryParse(addr, out var ip)) { error = $"bad address `{addr}`"; return false; }
        int bits = ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefix < 0) prefix = bits;
        if (prefix > bits) { error = $"prefix length {prefix} is longer than the address"; return false; }
        rule = new AllowRule(ip, prefix, p);
        return true;
    }

    public bool Matches(IPEndPoint ep)
    {
        if (_port is { } port && ep.Port != port) return false;
        if (_network is null) return true;
        if (_network.AddressFamily != ep.AddressFamily) return false;
        var a = _network.GetAddressBytes();
        var b = ep.Address.GetAddressBytes();
        int full = _prefix / 8, rest = _prefix % 8;
        for (int i = 0; i < full; i++) if (a[i] != b[i]) return false;
        if (rest == 0) return true;
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[full] & mask) == (b[full] & mask);
    }
}

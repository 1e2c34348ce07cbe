using System;
using System.Net;
using System.Net.Sockets;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>Converts between .NET addresses and <c>ip-address</c>, <c>ip-socket-address</c>, <c>ip-address-family</c>.</summary>
internal static class SocketAddresses
{
    public static AddressFamily Family(IpAddressFamily family) => family == IpAddressFamily.Ipv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;

    public static IpAddressFamily FamilyOf(AddressFamily family) => family == AddressFamily.InterNetwork ? IpAddressFamily.Ipv4 : IpAddressFamily.Ipv6;

    /// <summary>An <c>ip-socket-address</c> as an endpoint.</summary>
    public static IPEndPoint ToEndPoint(IpSocketAddress address)
    {
        if (address is IpSocketAddress.Ipv4 { Value: var v4 })
        {
            var (a, b, c, d) = v4.Address;
            return new IPEndPoint(new IPAddress(new[] { a, b, c, d }), v4.Port);
        }
        var v6 = ((IpSocketAddress.Ipv6)address).Value;
        var s = v6.Address;
        Span<ushort> segments = stackalloc ushort[] { s.Item1, s.Item2, s.Item3, s.Item4, s.Item5, s.Item6, s.Item7, s.Item8 };
        var bytes = new byte[16];
        for (int i = 0; i < 8; i++) { bytes[2 * i] = (byte)(segments[i] >> 8); bytes[2 * i + 1] = (byte)segments[i]; }
        return new IPEndPoint(new IPAddress(bytes, v6.ScopeId), v6.Port);
    }

    /// <summary>An endpoint as an <c>ip-socket-address</c>.</summary>
    public static IpSocketAddress FromEndPoint(IPEndPoint ep)
    {
        var port = (ushort)ep.Port;
        if (ep.AddressFamily == AddressFamily.InterNetwork)
            return new IpSocketAddress.Ipv4(new Ipv4SocketAddress(port, Address4(ep.Address)));
        return new IpSocketAddress.Ipv6(new Ipv6SocketAddress(port, 0, Address6(ep.Address), (uint)ep.Address.ScopeId));
    }

    /// <summary>An address as an <c>ip-address</c>.</summary>
    public static IpAddress FromAddress(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork ? new IpAddress.Ipv4(Address4(address)) : new IpAddress.Ipv6(Address6(address));

    private static (byte, byte, byte, byte) Address4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return (b[0], b[1], b[2], b[3]);
    }

    private static (ushort, ushort, ushort, ushort, ushort, ushort, ushort, ushort) Address6(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        Span<ushort> s = stackalloc ushort[8];
        for (int i = 0; i < 8; i++) s[i] = (ushort)(b[2 * i] << 8 | b[2 * i + 1]);
        return (s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
    }

    /// <summary>Checks a local address for <c>start-bind</c> (family, unicast, not IPv4-mapped).</summary>
    public static void CheckLocal(IPEndPoint ep, AddressFamily family)
    {
        if (ep.AddressFamily != family) throw NetworkException.InvalidArgument("the address has the wrong address family");
        if (IsMulticastOrBroadcast(ep.Address)) throw NetworkException.InvalidArgument("the address is not a unicast address");
        if (ep.Address.IsIPv4MappedToIPv6) throw NetworkException.InvalidArgument("the address is an IPv4-mapped IPv6 address");
    }

    /// <summary>Checks a remote address (as <see cref="CheckLocal"/>, and neither the unspecified address nor port 0).</summary>
    public static void CheckRemote(IPEndPoint ep, AddressFamily family)
    {
        CheckLocal(ep, family);
        if (ep.Address.Equals(IPAddress.Any) || ep.Address.Equals(IPAddress.IPv6Any)) throw NetworkException.InvalidArgument("the remote address is unspecified");
        if (ep.Port == 0) throw NetworkException.InvalidArgument("the remote port is 0");
    }

    private static bool IsMulticastOrBroadcast(IPAddress a)
    {
        if (a.AddressFamily == AddressFamily.InterNetworkV6) return a.IsIPv6Multicast;
        Span<byte> b = stackalloc byte[4];
        a.TryWriteBytes(b, out _);
        return b[0] >= 224 && b[0] <= 239 || a.Equals(IPAddress.Broadcast);
    }
}

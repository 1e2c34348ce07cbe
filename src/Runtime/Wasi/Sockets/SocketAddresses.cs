using System;
using System.Net;
using System.Net.Sockets;
using WitBindgen.ComponentModel.Abi;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>Converts between .NET addresses and <c>ip-address</c>, <c>ip-socket-address</c>, <c>ip-address-family</c>.</summary>
internal static class SocketAddresses
{
    public static AddressFamily Family(ComponentValue family) => family.CaseIndex == 0 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;

    public static ComponentValue FamilyValue(AddressFamily family) => ComponentValue.Enum(family == AddressFamily.InterNetwork ? 0 : 1);

    /// <summary>An <c>ip-socket-address</c> as an endpoint.</summary>
    public static IPEndPoint ToEndPoint(ComponentValue v)
    {
        var fields = v.Payload!.Value.Items;
        var port = (int)fields[0].AsUInt64();
        if (v.CaseIndex == 0)
        {
            var a = fields[1].Items;
            return new IPEndPoint(new IPAddress(new[] { (byte)a[0].AsUInt64(), (byte)a[1].AsUInt64(), (byte)a[2].AsUInt64(), (byte)a[3].AsUInt64() }), port);
        }
        var segments = fields[2].Items;
        var bytes = new byte[16];
        for (int i = 0; i < 8; i++) { var s = segments[i].AsUInt64(); bytes[2 * i] = (byte)(s >> 8); bytes[2 * i + 1] = (byte)s; }
        return new IPEndPoint(new IPAddress(bytes, (long)fields[3].AsUInt64()), port);
    }

    /// <summary>An endpoint as an <c>ip-socket-address</c>.</summary>
    public static ComponentValue FromEndPoint(IPEndPoint ep)
    {
        var port = ComponentValue.U16((ushort)ep.Port);
        if (ep.AddressFamily == AddressFamily.InterNetwork)
            return ComponentValue.Variant(0, ComponentValue.Record(port, Address4(ep.Address)));
        return ComponentValue.Variant(1, ComponentValue.Record(port, ComponentValue.U32(0), Address6(ep.Address), ComponentValue.U32((uint)ep.Address.ScopeId)));
    }

    /// <summary>An address as an <c>ip-address</c>.</summary>
    public static ComponentValue FromAddress(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork ? ComponentValue.Variant(0, Address4(address)) : ComponentValue.Variant(1, Address6(address));

    private static ComponentValue Address4(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return ComponentValue.Tuple(ComponentValue.U8(b[0]), ComponentValue.U8(b[1]), ComponentValue.U8(b[2]), ComponentValue.U8(b[3]));
    }

    private static ComponentValue Address6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        var items = new ComponentValue[8];
        for (int i = 0; i < 8; i++) items[i] = ComponentValue.U16((ushort)(b[2 * i] << 8 | b[2 * i + 1]));
        return ComponentValue.Tuple(items);
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
        var b = a.GetAddressBytes();
        return b[0] >= 224 && b[0] <= 239 || a.Equals(IPAddress.Broadcast);
    }
}

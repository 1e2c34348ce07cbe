using System;
using System.Net.Sockets;
using WitBindgen.Bindings;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network;
using static WitBindgen.Runtime.Wasi.Sockets.NetworkResult;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>
/// What <c>tcp-socket</c> and <c>udp-socket</c> share: making the .NET socket, and the options both resources have
/// (hop limit, buffer sizes), OS failures as error codes.
/// </summary>
internal static class SocketOptions
{
    /// <summary>A new socket of <paramref name="family"/>; IPv6 sockets are IPv6 only, as the WIT requires.</summary>
    public static Socket Create(AddressFamily family, SocketType type, ProtocolType protocol)
    {
        if (family == AddressFamily.InterNetworkV6 && !Socket.OSSupportsIPv6) throw new NetworkException(ErrorCode.NotSupported, "IPv6 is not supported");
        var socket = new Socket(family, type, protocol);
        if (family == AddressFamily.InterNetworkV6) socket.DualMode = false;
        return socket;
    }

    public static Result<byte, ErrorCode> HopLimit(Socket socket) => Get(socket, static s => (byte)s.Ttl);

    public static Result<Unit, ErrorCode> SetHopLimit(Socket socket, byte value) =>
        value == 0 ? Err<Unit>(ErrorCode.InvalidArgument) : Do((socket, value), static a => a.socket.Ttl = a.value);

    public static Result<ulong, ErrorCode> ReceiveBufferSize(Socket socket) => Get(socket, static s => (ulong)s.ReceiveBufferSize);

    public static Result<Unit, ErrorCode> SetReceiveBufferSize(Socket socket, ulong value) =>
        value == 0 ? Err<Unit>(ErrorCode.InvalidArgument) : Do((socket, value), static a => a.socket.ReceiveBufferSize = BufferSize(a.value));

    public static Result<ulong, ErrorCode> SendBufferSize(Socket socket) => Get(socket, static s => (ulong)s.SendBufferSize);

    public static Result<Unit, ErrorCode> SetSendBufferSize(Socket socket, ulong value) =>
        value == 0 ? Err<Unit>(ErrorCode.InvalidArgument) : Do((socket, value), static a => a.socket.SendBufferSize = BufferSize(a.value));

    private static int BufferSize(ulong value) => (int)Math.Min(value, int.MaxValue / 2);
}

using System;
using System.Net.Sockets;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>
/// What <c>tcp-socket</c> and <c>udp-socket</c> share: the .NET socket, OS errors as WIT error codes, and the options
/// both resources have (hop limit, buffer sizes).
/// </summary>
internal abstract class WasiSocket
{
    protected WasiSocket(Socket socket)
    {
        Socket = socket;
        Family = socket.AddressFamily;
    }

    /// <summary>A new socket of <paramref name="family"/>; IPv6 sockets are IPv6 only, as the WIT requires.</summary>
    protected static Socket Create(AddressFamily family, SocketType type, ProtocolType protocol)
    {
        var socket = new Socket(family, type, protocol);
        if (family == AddressFamily.InterNetworkV6) socket.DualMode = false;
        return socket;
    }

    public Socket Socket { get; }
    public AddressFamily Family { get; }

    protected static T Os<T>(Func<T> f)
    {
        try { return f(); }
        catch (SocketException e) { throw new NetworkException(NetworkException.Map(e.SocketErrorCode), e.Message); }
    }

    protected static void Os(Action f) => Os(() => { f(); return 0; });

    public byte HopLimit
    {
        get => (byte)Os(() => (int)Socket.Ttl);
        set
        {
            if (value == 0) throw NetworkException.InvalidArgument("the hop limit is 0");
            Os(() => Socket.Ttl = value);
        }
    }

    public ulong ReceiveBufferSize
    {
        get => (ulong)Os(() => Socket.ReceiveBufferSize);
        set
        {
            if (value == 0) throw NetworkException.InvalidArgument("the buffer size is 0");
            Os(() => Socket.ReceiveBufferSize = (int)Math.Min(value, int.MaxValue / 2));
        }
    }

    public ulong SendBufferSize
    {
        get => (ulong)Os(() => Socket.SendBufferSize);
        set
        {
            if (value == 0) throw NetworkException.InvalidArgument("the buffer size is 0");
            Os(() => Socket.SendBufferSize = (int)Math.Min(value, int.MaxValue / 2));
        }
    }
}

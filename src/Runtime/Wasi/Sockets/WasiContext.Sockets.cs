using System;
using WitBindgen.Bindings;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.InstanceNetwork;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.IpNameLookup;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Tcp;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.TcpCreateSocket;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Udp;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.UdpCreateSocket;
using WitBindgen.Runtime.Wasi.Sockets;
using static WitBindgen.Runtime.Wasi.Sockets.NetworkResult;
using NetworkResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network.Network;
using ResolveAddressStreamResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.IpNameLookup.ResolveAddressStream;
using TcpSocketResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Tcp.TcpSocket;
using UdpSocketResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Udp.UdpSocket;

namespace WitBindgen.Runtime.Wasi;

// wasi:sockets over the context, as the typed bindings registered by Sockets.SocketsHost call them: the functions
// that make resources, under the context's network policy and with its cancellation. The resources' methods are on
// the resource objects (Sockets/TcpSocket.cs, UdpSocket.cs, NameLookup.cs).
public sealed partial class WasiContext : INetwork, IInstanceNetwork, IIpNameLookup, ITcp, ITcpCreateSocket, IUdp, IUdpCreateSocket
{
    NetworkResource IInstanceNetwork.InstanceNetwork() => new Sockets.Network();

    Result<ResolveAddressStreamResource, ErrorCode> IIpNameLookup.ResolveAddresses(NetworkResource network, string name)
    {
        try { return Sockets.ResolveAddressStream.Start(name, Network, Cancellation); }
        catch (Exception e) when (IsFailure(e)) { return Err<ResolveAddressStreamResource>(e); }
    }

    Result<TcpSocketResource, ErrorCode> ITcpCreateSocket.CreateTcpSocket(IpAddressFamily addressFamily)
    {
        try { return new Sockets.TcpSocket(SocketAddresses.Family(addressFamily), Network, Cancellation); }
        catch (Exception e) when (IsFailure(e)) { return Err<TcpSocketResource>(e); }
    }

    Result<UdpSocketResource, ErrorCode> IUdpCreateSocket.CreateUdpSocket(IpAddressFamily addressFamily)
    {
        try { return new Sockets.UdpSocket(SocketAddresses.Family(addressFamily), Network, Cancellation); }
        catch (Exception e) when (IsFailure(e)) { return Err<UdpSocketResource>(e); }
    }
}

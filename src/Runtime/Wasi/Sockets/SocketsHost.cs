using System;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.InstanceNetwork;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.IpNameLookup;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Tcp;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.TcpCreateSocket;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Udp;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.UdpCreateSocket;
using static WitBindgen.Runtime.Wasi.Wasi;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>
/// <c>wasi:sockets</c>: network, instance-network, ip-name-lookup, tcp, tcp-create-socket, udp and
/// udp-create-socket, on .NET sockets, under the context's network policy (everything denied unless allowed).
/// </summary>
public static class SocketsHost
{
    /// <summary>Defines every <c>wasi:sockets</c> interface over <paramref name="ctx"/>.</summary>
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx) => AddToLinker(linker, Fixed(ctx));

    /// <summary>Defines every <c>wasi:sockets</c> interface, each over the context <paramref name="context"/> returns
    /// for the calling instance's store.</summary>
    public static void AddToLinker(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        // The generated typed bindings. The resources are the host's classes deriving from the generated ones
        // (Network, ResolveAddressStream, TcpSocket, UdpSocket and the datagram streams); the functions that make
        // them are the caller's context (WasiContext.Sockets.cs).
        var host = PerStore(context);
        NetworkImports.AddToLinker(linker, host);
        InstanceNetworkImports.AddToLinker(linker, host);
        IpNameLookupImports.AddToLinker(linker, host);
        TcpImports.AddToLinker(linker, host);
        TcpCreateSocketImports.AddToLinker(linker, host);
        UdpImports.AddToLinker(linker, host);
        UdpCreateSocketImports.AddToLinker(linker, host);
    }
}

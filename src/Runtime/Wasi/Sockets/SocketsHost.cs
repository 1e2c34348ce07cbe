using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
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
        var network = new HostInstance(linker, "wasi:sockets/network", context);
        network.Resource("network");
        new HostInstance(linker, "wasi:sockets/instance-network", context).Fn("instance-network", static (c, _) => ComponentValue.Own(c.Table.Push(new Network())));

        var lookup = new HostInstance(linker, "wasi:sockets/ip-name-lookup", context);
        lookup.Resource("resolve-address-stream");
        lookup.Fn("resolve-addresses", static (c, a) => Result(() =>
        {
            c.Table.Get<Network>(a[0].HandleValue);
            return ComponentValue.Own(c.Table.Push(ResolveAddressStream.Start(a[1].AsString(), c.Network)));
        }));
        lookup.Fn("[method]resolve-address-stream.resolve-next-address", static (c, a) => Result(() =>
            c.Table.Get<ResolveAddressStream>(a[0].HandleValue).Next() is { } ip ? ComponentValue.Some(SocketAddresses.FromAddress(ip)) : ComponentValue.None));
        lookup.Fn("[method]resolve-address-stream.subscribe", static (c, a) =>
        {
            var s = c.Table.Get<ResolveAddressStream>(a[0].HandleValue);
            return ComponentValue.Own(c.Table.Push(new SocketPollable(() => s.Ready, () => s.ReadyHandle, c.Cancellation)));
        });

        AddTcp(linker, context);
        AddUdp(linker, context);
    }

    /// <summary>Runs a fallible operation: its value as <c>ok</c>, a <see cref="NetworkException"/> as <c>err(error-code)</c>.</summary>
    private static ComponentValue Result(Func<ComponentValue?> f)
    {
        try { return ComponentValue.Ok(f()); }
        catch (NetworkException e) { return ComponentValue.Err(ComponentValue.Enum((int)e.Code)); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return ComponentValue.Err(ComponentValue.Enum((int)NetworkException.Map(e))); }
    }

    private static ComponentValue Unit(Action f) => Result(() => { f(); return null; });

    private static AddressFamily CreateFamily(ComponentValue family)
    {
        var f = SocketAddresses.Family(family);
        if (f == AddressFamily.InterNetworkV6 && !Socket.OSSupportsIPv6) throw new NetworkException(NetworkErrorCode.NotSupported, "IPv6 is not supported");
        return f;
    }

    private static void AddTcp(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        new HostInstance(linker, "wasi:sockets/tcp-create-socket", context).Fn("create-tcp-socket", static (c, a) => Result(() =>
            ComponentValue.Own(c.Table.Push(new TcpSocket(CreateFamily(a[0]), c.Network)))));

        var tcp = new HostInstance(linker, "wasi:sockets/tcp", context);
        tcp.Resource("tcp-socket");
        void M(string name, Func<WasiContext, ComponentValue[], ComponentValue> f) => tcp.Fn("[method]tcp-socket." + name, f);
        static TcpSocket S(WasiContext c, ComponentValue v) => c.Table.Get<TcpSocket>(v.HandleValue);

        M("start-bind", static (c, a) => { var s = S(c, a[0]); c.Table.Get<Network>(a[1].HandleValue); return Unit(() => s.StartBind(SocketAddresses.ToEndPoint(a[2]))); });
        M("finish-bind", static (c, a) => Unit(S(c, a[0]).FinishBind));
        M("start-connect", static (c, a) => { var s = S(c, a[0]); c.Table.Get<Network>(a[1].HandleValue); return Unit(() => s.StartConnect(SocketAddresses.ToEndPoint(a[2]))); });
        M("finish-connect", static (c, a) => { var s = S(c, a[0]); return Result(() => { var (i, o) = s.FinishConnect(c.Cancellation); return ComponentValue.Tuple(ComponentValue.Own(c.Table.Push(i)), ComponentValue.Own(c.Table.Push(o))); }); });
        M("start-listen", static (c, a) => Unit(S(c, a[0]).StartListen));
        M("finish-listen", static (c, a) => Unit(S(c, a[0]).FinishListen));
        M("accept", static (c, a) =>
        {
            var s = S(c, a[0]);
            return Result(() =>
            {
                var (client, i, o) = s.Accept(c.Cancellation);
                return ComponentValue.Tuple(ComponentValue.Own(c.Table.Push(client)), ComponentValue.Own(c.Table.Push(i)), ComponentValue.Own(c.Table.Push(o)));
            });
        });
        M("local-address", static (c, a) => { var s = S(c, a[0]); return Result(() => SocketAddresses.FromEndPoint(s.LocalAddress())); });
        M("remote-address", static (c, a) => { var s = S(c, a[0]); return Result(() => SocketAddresses.FromEndPoint(s.RemoteAddress())); });
        M("is-listening", static (c, a) => ComponentValue.Bool(S(c, a[0]).IsListening));
        M("address-family", static (c, a) => SocketAddresses.FamilyValue(S(c, a[0]).Family));
        M("set-listen-backlog-size", static (c, a) => { var s = S(c, a[0]); return Unit(() => s.SetListenBacklogSize(a[1].AsUInt64())); });
        M("keep-alive-enabled", static (c, a) => { var s = S(c, a[0]); return Result(() => ComponentValue.Bool(s.KeepAlive)); });
        M("set-keep-alive-enabled", static (c, a) => { var s = S(c, a[0]); return Unit(() => s.KeepAlive = a[1].AsBool()); });
        M("keep-alive-idle-time", static (c, a) => { var s = S(c, a[0]); return Result(() => ComponentValue.U64(s.GetKeepAliveNanos(SocketOptionName.TcpKeepAliveTime))); });
        M("set-keep-alive-idle-time", static (c, a) => { var s = S(c, a[0]); return Unit(() => s.SetKeepAliveNanos(SocketOptionName.TcpKeepAliveTime, a[1].AsUInt64())); });
        M("keep-alive-interval", static (c, a) => { var s = S(c, a[0]); return Result(() => ComponentValue.U64(s.GetKeepAliveNanos(SocketOptionName.TcpKeepAliveInterval))); });
        M("set-keep-alive-interval", static (c, a) => { var s = S(c, a[0]); return Unit(() => s.SetKeepAliveNanos(SocketOptionName.TcpKeepAliveInterval, a[1].AsUInt64())); });
        M("keep-alive-count", static (c, a) => { var s = S(c, a[0]); return Result(() => ComponentValue.U32(s.KeepAliveCount)); });
        M("set-keep-alive-count", static (c, a) => { var s = S(c, a[0]); return Unit(() => s.KeepAliveCount = (uint)a[1].AsUInt64()); });
        M("hop-limit", static (c, a) => { var s = S(c, a[0]); return Result(() => ComponentValue.U8(s.HopLimit)); });
        M("set-hop-limit", static (c, a) => { var s = S(c, a[0]); return Unit(() => s.HopLimit = (byte)a[1].AsUInt64()); });
        M("receive-buffer-size", static (c, a) => { var s = S(c, a[0]); return Result(() => ComponentValue.U64(s.ReceiveBufferSize)); });
        M("set-receive-buffer-size", static (c, a) => { var s = S(c, a[0]); return Unit(() => s.ReceiveBufferSize = a[1].AsUInt64()); });
        M("send-buffer-size", static (c, a) => { var s = S(c, a[0]); return Result(() => ComponentValue.U64(s.SendBufferSize)); });
        M("set-send-buffer-size", static (c, a) => { var s = S(c, a[0]); return Unit(() => s.SendBufferSize = a[1].AsUInt64()); });
        M("subscribe", static (c, a) => { var s = S(c, a[0]); return ComponentValue.Own(c.Table.Push(new SocketPollable(() => s.Ready, () => s.ReadyHandle, c.Cancellation))); });
        M("shutdown", static (c, a) => { var s = S(c, a[0]); return Unit(() => s.Shutdown(a[1].CaseIndex)); });
    }

    private static void AddUdp(ComponentLinker linker, Func<Store, WasiContext> context)
    {
        new HostInstance(linker, "wasi:sockets/udp-create-socket", context).Fn("create-udp-socket", static (c, a) => Result(() =>
            ComponentValue.Own(c.Table.Push(new UdpSocket(CreateFamily(a[0]), c.Network)))));

        var udp = new HostInstance(linker, "wasi:sockets/udp", context);
        udp.Resource("udp-socket");
        udp.Resource("incoming-datagram-stream");
        udp.Resource("outgoing-datagram-stream");
        void M(string name, Func<WasiContext, ComponentValue[], ComponentValue> f) => udp.Fn("[method]udp-socket." + name, f);
        static UdpSocket S(WasiContext c, ComponentValue v) => c.Table.Get<UdpSocket>(v.HandleValue);

        M("start-bind", static (c, a) => { var s = S(c, a[0]); c.Table.Get<Network>(a[1].HandleValue); return Unit(() => s.StartBind(SocketAddresses.ToEndPoint(a[2]))); });
        M("finish-bind", static (c, a) => Unit(S(c, a[0]).FinishBind));
        M("stream", static (c, a) =>
        {
            var s = S(c, a[0]);
            return Result(() =>
            {
                var remote = a[1].Payload is { } r ? SocketAddresses.ToEndPoint(r) : null;
                var (i, o) = s.Stream(remote);
                return ComponentValue.Tuple(ComponentValue.Own(c.Table.Push(i)), ComponentValue.Own(c.Table.Push(o)));
            });
        });
        M("local-address", static (c, a) => { var s = S(c, a[0]); return Result(() => SocketAddresses.FromEndPoint(s.LocalAddress())); });
        M("remote-address", static (c, a) => { var s = S(c, a[0]); return Result(() => SocketAddresses.FromEndPoint(s.RemoteAddress())); });
        M("address-family", static (c, a) => SocketAddresses.FamilyValue(S(c, a[0]).Family));
        M("unicast-hop-limit", static (c, a) => { var s = S(c, a[0]); return Result(() => ComponentValue.U8(s.HopLimit)); });
        M("set-unicast-hop-limit", static (c, a) => { var s = S(c, a[0]); return Unit(() => s.HopLimit = (byte)a[1].AsUInt64()); });
        M("receive-buffer-size", static (c, a) => { var s = S(c, a[0]); return Result(() => ComponentValue.U64(s.ReceiveBufferSize)); });
        M("set-receive-buffer-size", static (c, a) => { var s = S(c, a[0]); return Unit(() => s.ReceiveBufferSize = a[1].AsUInt64()); });
        M("send-buffer-size", static (c, a) => { var s = S(c, a[0]); return Result(() => ComponentValue.U64(s.SendBufferSize)); });
        M("set-send-buffer-size", static (c, a) => { var s = S(c, a[0]); return Unit(() => s.SendBufferSize = a[1].AsUInt64()); });
        M("subscribe", static (c, a) => { S(c, a[0]); return ComponentValue.Own(c.Table.Push(new Io.ReadyPollable(c.Cancellation))); });

        udp.Fn("[method]incoming-datagram-stream.receive", static (c, a) =>
        {
            var s = c.Table.Get<IncomingDatagramStream>(a[0].HandleValue);
            return Result(() =>
            {
                var got = s.Receive(a[1].AsUInt64());
                var items = new ComponentValue[got.Count];
                for (int i = 0; i < items.Length; i++) items[i] = ComponentValue.Record(ByteList(got[i].Data), SocketAddresses.FromEndPoint(got[i].From));
                return ComponentValue.List(items);
            });
        });
        udp.Fn("[method]incoming-datagram-stream.subscribe", static (c, a) =>
        {
            var s = c.Table.Get<IncomingDatagramStream>(a[0].HandleValue);
            return ComponentValue.Own(c.Table.Push(new SocketPollable(() => s.Ready, () => s.ReadyHandle, c.Cancellation)));
        });
        udp.Fn("[method]outgoing-datagram-stream.check-send", static (c, a) =>
        {
            var s = c.Table.Get<OutgoingDatagramStream>(a[0].HandleValue);
            return Result(() => ComponentValue.U64(s.CheckSend()));
        });
        udp.Fn("[method]outgoing-datagram-stream.send", static (c, a) =>
        {
            var s = c.Table.Get<OutgoingDatagramStream>(a[0].HandleValue);
            var datagrams = new List<(byte[], IPEndPoint?)>();
            foreach (var d in a[1].Items)
            {
                var f = d.Items;
                datagrams.Add((Bytes(f[0]), f[1].Payload is { } r ? SocketAddresses.ToEndPoint(r) : null));
            }
            return Result(() => ComponentValue.U64(s.Send(datagrams)));
        });
        udp.Fn("[method]outgoing-datagram-stream.subscribe", static (c, a) =>
        {
            c.Table.Get<OutgoingDatagramStream>(a[0].HandleValue);
            return ComponentValue.Own(c.Table.Push(new Io.ReadyPollable(c.Cancellation)));
        });
    }
}

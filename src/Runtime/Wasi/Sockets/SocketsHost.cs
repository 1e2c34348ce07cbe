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
    public static void AddToLinker(ComponentLinker linker, WasiContext ctx)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(ctx);
        var t = ctx.Table;
        var policy = ctx.Network;

        var network = linker.Instance(Name("wasi:sockets/network"));
        Resource(network, "network", ctx);
        Fn(linker.Instance(Name("wasi:sockets/instance-network")), "instance-network", _ => ComponentValue.Own(t.Push(new Network())));

        var lookup = linker.Instance(Name("wasi:sockets/ip-name-lookup"));
        Resource(lookup, "resolve-address-stream", ctx);
        Fn(lookup, "resolve-addresses", a => Result(() =>
        {
            t.Get<Network>(a[0].HandleValue);
            return ComponentValue.Own(t.Push(ResolveAddressStream.Start(a[1].AsString(), policy)));
        }));
        Fn(lookup, "[method]resolve-address-stream.resolve-next-address", a => Result(() =>
            t.Get<ResolveAddressStream>(a[0].HandleValue).Next() is { } ip ? ComponentValue.Some(SocketAddresses.FromAddress(ip)) : ComponentValue.None));
        Fn(lookup, "[method]resolve-address-stream.subscribe", a =>
        {
            var s = t.Get<ResolveAddressStream>(a[0].HandleValue);
            return ComponentValue.Own(t.Push(new SocketPollable(() => s.Ready, () => s.ReadyHandle)));
        });

        AddTcp(linker, ctx, policy);
        AddUdp(linker, ctx, policy);
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

    private static void AddTcp(ComponentLinker linker, WasiContext ctx, NetworkPolicy policy)
    {
        var t = ctx.Table;
        Fn(linker.Instance(Name("wasi:sockets/tcp-create-socket")), "create-tcp-socket", a => Result(() =>
            ComponentValue.Own(t.Push(new TcpSocket(CreateFamily(a[0]), policy)))));

        var tcp = linker.Instance(Name("wasi:sockets/tcp"));
        Resource(tcp, "tcp-socket", ctx);
        TcpSocket S(ComponentValue v) => t.Get<TcpSocket>(v.HandleValue);
        void M(string name, Func<ComponentValue[], ComponentValue> f) => Fn(tcp, "[method]tcp-socket." + name, f);

        M("start-bind", a => { var s = S(a[0]); t.Get<Network>(a[1].HandleValue); return Unit(() => s.StartBind(SocketAddresses.ToEndPoint(a[2]))); });
        M("finish-bind", a => Unit(S(a[0]).FinishBind));
        M("start-connect", a => { var s = S(a[0]); t.Get<Network>(a[1].HandleValue); return Unit(() => s.StartConnect(SocketAddresses.ToEndPoint(a[2]))); });
        M("finish-connect", a => { var s = S(a[0]); return Result(() => { var (i, o) = s.FinishConnect(); return ComponentValue.Tuple(ComponentValue.Own(t.Push(i)), ComponentValue.Own(t.Push(o))); }); });
        M("start-listen", a => Unit(S(a[0]).StartListen));
        M("finish-listen", a => Unit(S(a[0]).FinishListen));
        M("accept", a =>
        {
            var s = S(a[0]);
            return Result(() =>
            {
                var (client, i, o) = s.Accept();
                return ComponentValue.Tuple(ComponentValue.Own(t.Push(client)), ComponentValue.Own(t.Push(i)), ComponentValue.Own(t.Push(o)));
            });
        });
        M("local-address", a => { var s = S(a[0]); return Result(() => SocketAddresses.FromEndPoint(s.LocalAddress())); });
        M("remote-address", a => { var s = S(a[0]); return Result(() => SocketAddresses.FromEndPoint(s.RemoteAddress())); });
        M("is-listening", a => ComponentValue.Bool(S(a[0]).IsListening));
        M("address-family", a => SocketAddresses.FamilyValue(S(a[0]).Family));
        M("set-listen-backlog-size", a => { var s = S(a[0]); return Unit(() => s.SetListenBacklogSize(a[1].AsUInt64())); });
        M("keep-alive-enabled", a => { var s = S(a[0]); return Result(() => ComponentValue.Bool(s.KeepAlive)); });
        M("set-keep-alive-enabled", a => { var s = S(a[0]); return Unit(() => s.KeepAlive = a[1].AsBool()); });
        M("keep-alive-idle-time", a => { var s = S(a[0]); return Result(() => ComponentValue.U64(s.GetKeepAliveNanos(SocketOptionName.TcpKeepAliveTime))); });
        M("set-keep-alive-idle-time", a => { var s = S(a[0]); return Unit(() => s.SetKeepAliveNanos(SocketOptionName.TcpKeepAliveTime, a[1].AsUInt64())); });
        M("keep-alive-interval", a => { var s = S(a[0]); return Result(() => ComponentValue.U64(s.GetKeepAliveNanos(SocketOptionName.TcpKeepAliveInterval))); });
        M("set-keep-alive-interval", a => { var s = S(a[0]); return Unit(() => s.SetKeepAliveNanos(SocketOptionName.TcpKeepAliveInterval, a[1].AsUInt64())); });
        M("keep-alive-count", a => { var s = S(a[0]); return Result(() => ComponentValue.U32(s.KeepAliveCount)); });
        M("set-keep-alive-count", a => { var s = S(a[0]); return Unit(() => s.KeepAliveCount = (uint)a[1].AsUInt64()); });
        M("hop-limit", a => { var s = S(a[0]); return Result(() => ComponentValue.U8(s.HopLimit)); });
        M("set-hop-limit", a => { var s = S(a[0]); return Unit(() => s.HopLimit = (byte)a[1].AsUInt64()); });
        M("receive-buffer-size", a => { var s = S(a[0]); return Result(() => ComponentValue.U64(s.ReceiveBufferSize)); });
        M("set-receive-buffer-size", a => { var s = S(a[0]); return Unit(() => s.ReceiveBufferSize = a[1].AsUInt64()); });
        M("send-buffer-size", a => { var s = S(a[0]); return Result(() => ComponentValue.U64(s.SendBufferSize)); });
        M("set-send-buffer-size", a => { var s = S(a[0]); return Unit(() => s.SendBufferSize = a[1].AsUInt64()); });
        M("subscribe", a => { var s = S(a[0]); return ComponentValue.Own(t.Push(new SocketPollable(() => s.Ready, () => s.ReadyHandle))); });
        M("shutdown", a => { var s = S(a[0]); return Unit(() => s.Shutdown(a[1].CaseIndex)); });
    }

    private static void AddUdp(ComponentLinker linker, WasiContext ctx, NetworkPolicy policy)
    {
        var t = ctx.Table;
        Fn(linker.Instance(Name("wasi:sockets/udp-create-socket")), "create-udp-socket", a => Result(() =>
            ComponentValue.Own(t.Push(new UdpSocket(CreateFamily(a[0]), policy)))));

        var udp = linker.Instance(Name("wasi:sockets/udp"));
        Resource(udp, "udp-socket", ctx);
        Resource(udp, "incoming-datagram-stream", ctx);
        Resource(udp, "outgoing-datagram-stream", ctx);
        UdpSocket S(ComponentValue v) => t.Get<UdpSocket>(v.HandleValue);
        void M(string name, Func<ComponentValue[], ComponentValue> f) => Fn(udp, "[method]udp-socket." + name, f);

        M("start-bind", a => { var s = S(a[0]); t.Get<Network>(a[1].HandleValue); return Unit(() => s.StartBind(SocketAddresses.ToEndPoint(a[2]))); });
        M("finish-bind", a => Unit(S(a[0]).FinishBind));
        M("stream", a =>
        {
            var s = S(a[0]);
            return Result(() =>
            {
                var remote = a[1].Payload is { } r ? SocketAddresses.ToEndPoint(r) : null;
                var (i, o) = s.Stream(remote);
                return ComponentValue.Tuple(ComponentValue.Own(t.Push(i)), ComponentValue.Own(t.Push(o)));
            });
        });
        M("local-address", a => { var s = S(a[0]); return Result(() => SocketAddresses.FromEndPoint(s.LocalAddress())); });
        M("remote-address", a => { var s = S(a[0]); return Result(() => SocketAddresses.FromEndPoint(s.RemoteAddress())); });
        M("address-family", a => SocketAddresses.FamilyValue(S(a[0]).Family));
        M("unicast-hop-limit", a => { var s = S(a[0]); return Result(() => ComponentValue.U8(s.HopLimit)); });
        M("set-unicast-hop-limit", a => { var s = S(a[0]); return Unit(() => s.HopLimit = (byte)a[1].AsUInt64()); });
        M("receive-buffer-size", a => { var s = S(a[0]); return Result(() => ComponentValue.U64(s.ReceiveBufferSize)); });
        M("set-receive-buffer-size", a => { var s = S(a[0]); return Unit(() => s.ReceiveBufferSize = a[1].AsUInt64()); });
        M("send-buffer-size", a => { var s = S(a[0]); return Result(() => ComponentValue.U64(s.SendBufferSize)); });
        M("set-send-buffer-size", a => { var s = S(a[0]); return Unit(() => s.SendBufferSize = a[1].AsUInt64()); });
        M("subscribe", a => { S(a[0]); return ComponentValue.Own(t.Push(new Io.ReadyPollable())); });

        Fn(udp, "[method]incoming-datagram-stream.receive", a =>
        {
            var s = t.Get<IncomingDatagramStream>(a[0].HandleValue);
            return Result(() =>
            {
                var got = s.Receive(a[1].AsUInt64());
                var items = new ComponentValue[got.Count];
                for (int i = 0; i < items.Length; i++) items[i] = ComponentValue.Record(ByteList(got[i].Data), SocketAddresses.FromEndPoint(got[i].From));
                return ComponentValue.List(items);
            });
        });
        Fn(udp, "[method]incoming-datagram-stream.subscribe", a =>
        {
            var s = t.Get<IncomingDatagramStream>(a[0].HandleValue);
            return ComponentValue.Own(t.Push(new SocketPollable(() => s.Ready, () => s.ReadyHandle)));
        });
        Fn(udp, "[method]outgoing-datagram-stream.check-send", a =>
        {
            var s = t.Get<OutgoingDatagramStream>(a[0].HandleValue);
            return Result(() => ComponentValue.U64(s.CheckSend()));
        });
        Fn(udp, "[method]outgoing-datagram-stream.send", a =>
        {
            var s = t.Get<OutgoingDatagramStream>(a[0].HandleValue);
            var datagrams = new List<(byte[], IPEndPoint?)>();
            foreach (var d in a[1].Items)
            {
                var f = d.Items;
                datagrams.Add((Bytes(f[0]), f[1].Payload is { } r ? SocketAddresses.ToEndPoint(r) : null));
            }
            return Result(() => ComponentValue.U64(s.Send(datagrams)));
        });
        Fn(udp, "[method]outgoing-datagram-stream.subscribe", a =>
        {
            t.Get<OutgoingDatagramStream>(a[0].HandleValue);
            return ComponentValue.Own(t.Push(new Io.ReadyPollable()));
        });
    }
}

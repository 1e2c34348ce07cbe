using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.Bindings;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using WitBindgen.Runtime.Wasi.Clocks;
using WitBindgen.Runtime.Wasi.Io;
using WitBindgen.Runtime.Wasi.Sockets;
using WitBindgen.Tests;
using WitBindgen.WitParser;
using WitBindgen.WitParser.Model;
using Xunit.Abstractions;
using ErrorCode = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network.ErrorCode;
using IpAddressFamily = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network.IpAddressFamily;
using IpSocketAddress = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network.IpSocketAddress;
using OutgoingDatagram = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Udp.OutgoingDatagram;
using ShutdownType = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Tcp.ShutdownType;

namespace WitBindgen.Runtime.Tests.Wasi;

/// <summary>
/// The sockets host from the host side: the network policy's rules and callbacks, the tcp and udp state machines,
/// readiness through <c>wasi:io/poll</c> together with clocks, and that every stable wasi:sockets function is
/// defined. The resources are called as the typed bindings call them. Only 127.0.0.1, ephemeral ports, bounded waits.
/// </summary>
public sealed class SocketsHostTests
{
    private readonly ITestOutputHelper _output;

    public SocketsHostTests(ITestOutputHelper output) => _output = output;

    private static NetworkPolicy Policy(params string[] rules)
    {
        var b = new WasiContextBuilder();
        foreach (var r in rules) b.AllowNetwork(r);
        return b.Build().Network;
    }

    private static IPEndPoint Ep(string address, int port) => new(IPAddress.Parse(address), port);

    private static IpSocketAddress Addr(string address, int port) => SocketAddresses.FromEndPoint(Ep(address, port));

    private static int Port(IpSocketAddress address) => SocketAddresses.ToEndPoint(address).Port;

    private static OutgoingDatagram Datagram(byte[] data, IPEndPoint? to) => new(data, to is null ? null : SocketAddresses.FromEndPoint(to));

    private static readonly Network Net = new();

    private static T Ok<T>(Result<T, ErrorCode> result)
    {
        Assert.True(result.IsOk, $"expected ok, got {result}");
        return result.Value;
    }

    private static ErrorCode Code<T>(Result<T, ErrorCode> result)
    {
        Assert.True(result.IsErr, $"expected an error, got {result}");
        return result.Error;
    }

    private static ClockPollable Deadline(TimeSpan after) =>
        new(SystemMonotonicClock.Instance, SystemMonotonicClock.Instance.Now() + (ulong)after.Ticks * 100, default);

    [Fact]
    public void AllowRulesMatchAddressesPortsAndCidrBlocks()
    {
        var exact = Policy("127.0.0.1:8080");
        Assert.True(exact.Allows(Ep("127.0.0.1", 8080), SocketUse.TcpConnect));
        Assert.False(exact.Allows(Ep("127.0.0.1", 8081), SocketUse.TcpConnect));
        Assert.False(exact.Allows(Ep("127.0.0.2", 8080), SocketUse.TcpConnect));
        Assert.False(exact.Allows(Ep("127.0.0.1", 0), SocketUse.TcpBind));

        var block = Policy("127.0.0.0/8:*", "10.0.0.0/9:443");
        Assert.True(block.Allows(Ep("127.1.2.3", 5), SocketUse.UdpSend));
        Assert.True(block.Allows(Ep("10.127.255.1", 443), SocketUse.TcpConnect));
        Assert.False(block.Allows(Ep("10.128.0.1", 443), SocketUse.TcpConnect));
        Assert.False(block.Allows(Ep("10.1.0.1", 80), SocketUse.TcpConnect));
        Assert.False(block.Allows(Ep("::1", 5), SocketUse.TcpConnect));

        var v6 = Policy("[::1]:*", "*:53");
        Assert.True(v6.Allows(Ep("::1", 9999), SocketUse.TcpBind));
        Assert.False(v6.Allows(Ep("127.0.0.1", 9999), SocketUse.TcpBind));
        Assert.True(v6.Allows(Ep("192.0.2.7", 53), SocketUse.UdpSend));

        Assert.False(Policy().Allows(Ep("127.0.0.1", 80), SocketUse.TcpConnect));
        Assert.False(Policy().NameLookup);

        foreach (var bad in new[] { "127.0.0.1", "300.1.1.1:80", "127.0.0.1:70000", "[::1]80", "1.2.3.4/33:1", "127.0.0.1:-1", "host:80", "" })
            Assert.Throws<FormatException>(() => new WasiContextBuilder().AllowNetwork(bad));
    }

    [Fact]
    public void CallbacksSeeEveryUseAndDecide()
    {
        var asked = new List<(IPEndPoint, SocketUse)>();
        var policy = new WasiContextBuilder().AllowNetwork((ep, use) => { asked.Add((ep, use)); return use == SocketUse.TcpBind; }).Build().Network;
        using var tcp = new TcpSocket(AddressFamily.InterNetwork, policy, default);
        Ok(tcp.StartBind(Net, Addr("127.0.0.1", 0)));
        using var other = new TcpSocket(AddressFamily.InterNetwork, policy, default);
        Assert.Equal(ErrorCode.AccessDenied, Code(other.StartConnect(Net, Addr("127.0.0.1", 9))));
        Assert.Equal(TcpState.Unbound, other.State);
        Assert.Equal(new[] { (Ep("127.0.0.1", 0), SocketUse.TcpBind), (Ep("127.0.0.1", 9), SocketUse.TcpConnect) }, asked);
    }

    [Fact]
    public async Task PollWaitsForAPendingConnectionTogetherWithAClock()
    {
        using var listener = new TcpSocket(AddressFamily.InterNetwork, Policy("127.0.0.1:*"), default);
        Ok(listener.StartBind(Net, Addr("127.0.0.1", 0)));
        Ok(listener.FinishBind());
        Ok(listener.StartListen());
        Ok(listener.FinishListen());
        var port = Port(Ok(listener.LocalAddress()));
        var pollable = (Pollable)listener.Subscribe();

        // Nobody connects: only the clock becomes ready.
        Assert.False(pollable.Ready());
        Assert.Equal(new uint[] { 1 }, Poll.WaitAny(new Pollable[] { pollable, Deadline(TimeSpan.FromMilliseconds(50)) }));
        Assert.Equal(ErrorCode.WouldBlock, Code(listener.Accept()));

        // A client connects: poll returns for the socket long before its 20 s clock.
        using var client = new TcpClient();
        var connect = client.ConnectAsync(IPAddress.Loopback, port);
        Assert.Equal(new uint[] { 0 }, Poll.WaitAny(new Pollable[] { pollable, Deadline(TimeSpan.FromSeconds(20)) }));
        var (acceptedSocket, inputStream, outputStream) = Ok(listener.Accept());
        var accepted = (TcpSocket)acceptedSocket;
        var (input, output) = ((WasiInputStream)inputStream, (WasiOutputStream)outputStream);
        using (accepted)
        {
            await connect.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(TcpState.Connected, accepted.State);
            Assert.Equal(((IPEndPoint)client.Client.LocalEndPoint!).Port, Port(Ok(accepted.RemoteAddress())));

            // The accepted socket's streams are ordinary wasi:io streams with real readiness.
            var readable = new InputStreamPollable(input);
            client.GetStream().Write(new byte[] { 1, 2, 3 });
            Assert.Equal(new uint[] { 0 }, Poll.WaitAny(new Pollable[] { readable, Deadline(TimeSpan.FromSeconds(20)) }));
            Assert.Equal(StreamStatus.Ok, input.Read(16, out var data, out _));
            Assert.Equal(new byte[] { 1, 2, 3 }, data);
            Assert.Equal(StreamStatus.Ok, output.Write(new byte[] { 9, 8 }, out _));
            var back = new byte[2];
            client.GetStream().ReadExactly(back);
            Assert.Equal(new byte[] { 9, 8 }, back);

            // shutdown(send): the peer reads end of stream.
            Ok(accepted.Shutdown(ShutdownType.Send));
            Assert.Equal(0, client.GetStream().Read(back));
        }
    }

    [Fact]
    public async Task TheOutputStreamBuffersBoundedAndReportsWriteReadiness()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var socket = new TcpSocket(AddressFamily.InterNetwork, Policy($"127.0.0.1:{port}"), default);
        Ok(socket.StartConnect(Net, Addr("127.0.0.1", port)));
        using var server = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(new uint[] { 0 }, Poll.WaitAny(new Pollable[] { (Pollable)socket.Subscribe(), Deadline(TimeSpan.FromSeconds(20)) }));
        var output = (WasiOutputStream)Ok(socket.FinishConnect()).Item2;

        // 4 MiB through a 64 KiB buffer: every write takes at most what check-write permits, waiting on the
        // stream's pollable (with a clock) while the peer reads slowly in the background.
        const int total = 4 << 20, extra = 1000;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[8192];
            long got = 0, sum = 0;
            var stream = server.GetStream();
            while (got < total + extra)
            {
                int n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0) break;
                for (int i = 0; i < n; i++) sum += buffer[i];
                got += n;
            }
            return (got, sum);
        });
        var writable = new OutputStreamPollable(output);
        long written = 0, expectedSum = 0, maxPermit = 0, waits = 0;
        while (written < total)
        {
            Assert.Equal(StreamStatus.Ok, output.CheckWrite(out var permit, out _));
            maxPermit = Math.Max(maxPermit, permit);
            if (permit == 0)
            {
                waits++;
                Assert.Contains(0u, Poll.WaitAny(new Pollable[] { writable, Deadline(TimeSpan.FromSeconds(20)) }));
                continue;
            }
            var chunk = new byte[Math.Min(permit, total - written)];
            for (int i = 0; i < chunk.Length; i++) { chunk[i] = (byte)((written + i) * 7); expectedSum += chunk[i]; }
            Assert.Equal(StreamStatus.Ok, output.Write(chunk, out _));
            written += chunk.Length;
        }
        _output.WriteLine($"{waits} waits for write readiness");

        Assert.Equal(StreamStatus.Ok, output.Flush(out _));
        Assert.Equal(StreamStatus.Ok, output.CheckWrite(out var after, out _));
        Assert.Equal(WasiOutputStream.WriteBudget, after);

        // flush returns at once; until the buffer drained no write is permitted, then all of the budget again.
        Assert.Equal(StreamStatus.Ok, output.Write(new byte[extra], out _));
        Assert.Equal(StreamStatus.Ok, output.StartFlush(out _));
        Assert.Equal(StreamStatus.Ok, output.CheckWrite(out var during, out _));
        Assert.True(during is 0 or WasiOutputStream.WriteBudget, $"permit {during} during a flush");
        Assert.Contains(0u, Poll.WaitAny(new Pollable[] { writable, Deadline(TimeSpan.FromSeconds(20)) }));
        Assert.Equal(StreamStatus.Ok, output.CheckWrite(out var drained, out _));
        Assert.Equal(WasiOutputStream.WriteBudget, drained);
        Assert.True(maxPermit <= WasiOutputStream.WriteBudget);
        var (got, sum) = await reader.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(total + extra, got);
        Assert.Equal(expectedSum, sum);
    }

    [Fact]
    public void ARefusedConnectionFailsAtFinishConnectAndClosesTheSocket()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; probe.Stop(); }
        using var socket = new TcpSocket(AddressFamily.InterNetwork, Policy("127.0.0.1:*"), default);
        Ok(socket.StartConnect(Net, Addr("127.0.0.1", port)));
        Assert.Equal(TcpState.Connecting, socket.State);
        Assert.Equal(ErrorCode.InvalidState, Code(socket.StartListen()));
        var pollable = (Pollable)socket.Subscribe();
        Assert.Equal(new uint[] { 0 }, Poll.WaitAny(new Pollable[] { pollable, Deadline(TimeSpan.FromSeconds(20)) }));
        Assert.Equal(ErrorCode.ConnectionRefused, Code(socket.FinishConnect()));
        Assert.Equal(TcpState.Closed, socket.State);
        Assert.Equal(ErrorCode.InvalidState, Code(socket.StartConnect(Net, Addr("127.0.0.1", port))));
        Assert.Equal(ErrorCode.NotInProgress, Code(socket.FinishConnect()));
    }

    [Fact]
    public void TcpOptionsRoundTripAndRejectZero()
    {
        using var socket = new TcpSocket(AddressFamily.InterNetwork, Policy(), default);
        Ok(socket.SetKeepAliveEnabled(true));
        Assert.True(Ok(socket.KeepAliveEnabled()));
        Ok(socket.SetKeepAliveIdleTime(2_000_000_000));
        Assert.Equal(2_000_000_000UL, Ok(socket.KeepAliveIdleTime()));
        Ok(socket.SetKeepAliveInterval(1_500_000_000)); // rounded up to whole seconds
        Assert.Equal(2_000_000_000UL, Ok(socket.KeepAliveInterval()));
        Ok(socket.SetKeepAliveCount(5));
        Assert.Equal(5u, Ok(socket.KeepAliveCount()));
        Ok(socket.SetHopLimit(42));
        Assert.Equal(42, Ok(socket.HopLimit()));
        Ok(socket.SetReceiveBufferSize(32 * 1024));
        Assert.True(Ok(socket.ReceiveBufferSize()) >= 32 * 1024);
        foreach (var set in new Func<Result<Unit, ErrorCode>>[]
        {
            () => socket.SetKeepAliveIdleTime(0), () => socket.SetKeepAliveCount(0),
            () => socket.SetHopLimit(0), () => socket.SetReceiveBufferSize(0), () => socket.SetSendBufferSize(0),
            () => socket.SetListenBacklogSize(0),
        })
            Assert.Equal(ErrorCode.InvalidArgument, Code(set()));
        Assert.Equal(IpAddressFamily.Ipv4, socket.AddressFamily());
    }

    [Fact]
    public void UdpStreamsCheckPermitsDestinationsAndGenerations()
    {
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var peerEp = (IPEndPoint)peer.Client.LocalEndPoint!;
        using var socket = new UdpSocket(AddressFamily.InterNetwork, Policy($"127.0.0.1:{peerEp.Port}", "127.0.0.1:0"), default);
        Assert.Equal(ErrorCode.InvalidState, Code(socket.Stream(null)));
        Ok(socket.StartBind(Net, Addr("127.0.0.1", 0)));
        Ok(socket.FinishBind());
        var (incomingStream, outgoing) = Ok(socket.Stream(null));
        var incoming = (IncomingDatagramStream)incomingStream;
        using (incoming)
        {
            // Sending without a permit from check-send traps; a datagram needs an address when the stream has none.
            Assert.Throws<WasiTrapException>(() => outgoing.Send(new[] { Datagram(new byte[] { 1 }, peerEp) }));
            Assert.Equal(64UL, Ok(outgoing.CheckSend()));
            Assert.Equal(ErrorCode.InvalidArgument, Code(outgoing.Send(new[] { Datagram(new byte[] { 1 }, null) })));
            Assert.Equal(ErrorCode.AccessDenied, Code(outgoing.Send(new[] { Datagram(new byte[] { 1 }, Ep("127.0.0.1", peerEp.Port == 65535 ? 1 : peerEp.Port + 1)) })));
            Assert.Equal(ErrorCode.DatagramTooLarge, Code(outgoing.Send(new[] { Datagram(new byte[70_000], peerEp) })));
            // A later failure returns the count sent so far.
            Assert.Equal(1UL, Ok(outgoing.Send(new[] { Datagram(new byte[] { 7 }, peerEp), Datagram(new byte[] { 8 }, null) })));
            IPEndPoint from = new(IPAddress.Any, 0);
            Assert.Equal(new byte[] { 7 }, peer.Receive(ref from));
            Assert.Equal(Ok(socket.LocalAddress()), SocketAddresses.FromEndPoint(from));

            // Replies become ready through the incoming stream's pollable.
            var readable = (Pollable)incoming.Subscribe();
            Assert.Empty(Ok(incoming.Receive(10)));
            peer.Send(new byte[] { 4, 5 }, 2, from);
            Assert.Equal(new uint[] { 0 }, Poll.WaitAny(new Pollable[] { readable, Deadline(TimeSpan.FromSeconds(20)) }));
            var got = Ok(incoming.Receive(10));
            Assert.Equal(new byte[] { 4, 5 }, Assert.Single(got).Data.ToArray());
            Assert.Equal(SocketAddresses.FromEndPoint(peerEp), got[0].RemoteAddress);

            // A new stream call replaces the old streams.
            var (incoming2, outgoing2) = Ok(socket.Stream(SocketAddresses.FromEndPoint(peerEp)));
            using (incoming2)
            {
                Assert.Equal(peerEp, SocketAddresses.ToEndPoint(Ok(socket.RemoteAddress())));
                Assert.Equal(ErrorCode.InvalidState, Code(outgoing.CheckSend()));
                Assert.Equal(ErrorCode.InvalidState, Code(incoming.Receive(1)));
                Ok(outgoing2.CheckSend());
                Assert.Equal(ErrorCode.InvalidArgument, Code(outgoing2.Send(new[] { Datagram(new byte[] { 1 }, Ep("127.0.0.1", 9)) })));
            }
        }
    }

    [Fact]
    public void NameLookupIsDeniedUnlessAllowedAndRejectsBadNames()
    {
        Assert.Equal(ErrorCode.AccessDenied, Assert.Throws<NetworkException>(() => ResolveAddressStream.Start("localhost", Policy(), default)).Code);
        var allowed = new WasiContextBuilder().AllowNameLookup().Build().Network;
        foreach (var bad in new[] { "", "a b", "a/b" })
            Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<NetworkException>(() => ResolveAddressStream.Start(bad, allowed, default)).Code);
        using var v4 = ResolveAddressStream.Start("127.0.0.1", allowed, default);
        Assert.True(v4.Ready);
        Assert.Equal(SocketAddresses.FromAddress(IPAddress.Loopback), Ok(v4.ResolveNextAddress()));
        Assert.Null(Ok(v4.ResolveNextAddress()));
        using var literal = ResolveAddressStream.Start("::1", allowed, default);
        Assert.True(literal.Ready);
        Assert.Equal(SocketAddresses.FromAddress(IPAddress.IPv6Loopback), Ok(literal.ResolveNextAddress()));
        Assert.Null(Ok(literal.ResolveNextAddress()));
    }

    [Fact]
    public void EveryStableSocketsFunctionAndResourceIsDefined()
    {
        var dir = Conformance.PathOf("wasi", "0.2");
        if (dir is null || !Directory.Exists(dir)) { _output.WriteLine("../shared/conformance/wasi/0.2 missing: skipped"); return; }
        var load = WitLoader.LoadPath(dir);
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var resolve = load.Resolve!;
        var linker = new ComponentLinker(new Engine());
        SocketsHost.AddToLinker(linker, new WasiContextBuilder().Build());
        var missing = new List<string>();
        int functions = 0, resources = 0;
        foreach (var iface in resolve.Interfaces)
        {
            if (iface.Package is not { } pkg || iface.Name is null) continue;
            var id = resolve.Packages[pkg].Name;
            if (id.Namespace != "wasi" || id.Name != "sockets" || iface.Stability is UnstableStability) continue;
            var inst = linker.Root.LookupInstance($"wasi:sockets/{iface.Name}@{id.Version}");
            Assert.Same(inst, linker.Root.LookupInstance($"wasi:sockets/{iface.Name}@0.2.0"));
            foreach (var (fname, f) in iface.Functions)
            {
                if (f.Stability is UnstableStability) continue;
                functions++;
                if (inst?.LookupFunction(fname) is null) missing.Add($"{iface.Name}#{fname}");
            }
            foreach (var (tname, tid) in iface.Types)
            {
                if (resolve.Types[tid] is not { Kind: ResourceKind, Owner: InterfaceOwner }) continue;
                resources++;
                if (inst?.LookupResource(tname) is null) missing.Add($"{iface.Name} resource {tname}");
            }
        }
        _output.WriteLine($"{functions} functions, {resources} resources checked");
        Assert.Empty(missing);
        Assert.Equal(6, resources);
        Assert.True(functions >= 50, $"only {functions} functions found");
    }
}

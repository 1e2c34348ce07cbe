using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using WitBindgen.Tests;
using WitBindgen.WitParser;
using Xunit.Abstractions;

namespace WitBindgen.Runtime.Tests.Wasi;

/// <summary>
/// tests/fixtures/components/worlds/sockets.c (a C reactor importing wasi:sockets, wasi:io and wasi:clocks by hand)
/// embedded with world test:sockets/sockets and componentized by our <c>component new</c>, run on the WASI host
/// against test servers and clients on 127.0.0.1 (ephemeral ports; every wait bounded by the guest's 5 s poll
/// timeout or a test cancellation).
/// </summary>
public sealed class SocketsGuestTests
{
    private const uint AccessDenied = 1, InvalidArgument = 3, NotInProgress = 7, WouldBlock = 8, InvalidState = 9;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly ITestOutputHelper _output;

    public SocketsGuestTests(ITestOutputHelper output) => _output = output;

    private static byte[]? _component;
    private static readonly object ComponentLock = new();

    /// <summary>The componentized fixture; null (the test is skipped with a note) when the fixture or WASI WIT is missing.</summary>
    private byte[]? Component()
    {
        lock (ComponentLock)
        {
            if (_component is not null) return _component;
            var core = Path.Combine(Conformance.RepoRoot, ".fixtures", "components", "sockets.core.wasm");
            var wasi = Conformance.PathOf("wasi", "0.2", "deps");
            if (!File.Exists(core) || wasi is null || !Directory.Exists(wasi))
            {
                _output.WriteLine("sockets.core.wasm (scripts/build-fixtures.sh) or ../shared/conformance/wasi/0.2 missing: skipped");
                return null;
            }
            // The world's wasi:* dependencies are read in place: a temporary package folder links to them.
            var dir = Directory.CreateTempSubdirectory("sockets-world-");
            try
            {
                File.Copy(Path.Combine(Conformance.RepoRoot, "tests", "fixtures", "components", "worlds", "sockets.wit"), Path.Combine(dir.FullName, "sockets.wit"));
                var deps = Directory.CreateDirectory(Path.Combine(dir.FullName, "deps"));
                foreach (var pkg in new[] { "io", "clocks", "sockets", "cli", "filesystem", "random" })
                    Directory.CreateSymbolicLink(Path.Combine(deps.FullName, pkg), Path.Combine(wasi, pkg));
                var load = WitLoader.LoadPath(dir.FullName);
                Assert.True(load.Success, string.Join("\n", load.Diagnostics));
                var world = load.SelectWorld("sockets");
                var embedded = ComponentTypeSection.Embed(File.ReadAllBytes(core), load.Resolve!, world);
                return _component = Componentizer.Create(embedded);
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        }
    }

    private ComponentInstance? Instantiate(Action<WasiContextBuilder> configure)
    {
        var bytes = Component();
        if (bytes is null) return null;
        var engine = new Engine();
        var component = WitBindgen.Runtime.Components.Component.FromBytes(engine, bytes);
        var builder = new WasiContextBuilder();
        configure(builder);
        var linker = new ComponentLinker(engine);
        WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, builder.Build());
        return linker.Instantiate(new Store(engine), component);
    }

    private static ComponentValue Call(ComponentInstance instance, string name, params ComponentValue[] args) =>
        instance.GetFunction(name)!.Call(args)!.Value;

    private static ComponentValue Bytes(byte[] bytes) => ComponentValue.List(bytes.Select(ComponentValue.U8).ToArray());

    private static byte[] OkBytes(ComponentValue result)
    {
        Assert.True(result.CaseIndex == 0, $"guest failed with error {result.Payload?.AsUInt64()}");
        return result.Payload!.Value.Items.Select(b => (byte)b.AsUInt64()).ToArray();
    }

    private static uint ErrCode(ComponentValue result)
    {
        Assert.Equal(1, result.CaseIndex);
        return (uint)result.Payload!.Value.AsUInt64();
    }

    private static byte[] Message(int length) => Enumerable.Range(0, length).Select(i => (byte)('a' + i % 26)).ToArray();

    [Fact]
    public async Task GuestTcpClientTalksToAnEchoServer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var instance = Instantiate(b => b.AllowNetwork($"127.0.0.1:{port}"));
        if (instance is null) return;
        var message = Message(10_000); // more than one 4096-byte blocking write
        using var cts = new CancellationTokenSource(Bound);
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(cts.Token);
            var stream = client.GetStream();
            var buffer = new byte[message.Length];
            int got = 0;
            while (got < buffer.Length)
            {
                int n = await stream.ReadAsync(buffer.AsMemory(got), cts.Token);
                if (n == 0) break;
                got += n;
            }
            await stream.WriteAsync(buffer.AsMemory(0, got), cts.Token);
            return got;
        });
        var echoed = OkBytes(Call(instance, "tcp-echo-client", ComponentValue.U16((ushort)port), Bytes(message)));
        Assert.Equal(message.Length, await server.WaitAsync(Bound));
        Assert.Equal(message, echoed);
    }

    [Fact]
    public async Task GuestTcpServerAcceptsATestClient()
    {
        var instance = Instantiate(b => b.AllowNetwork("127.0.0.1:*"));
        if (instance is null) return;
        var listen = Call(instance, "tcp-listen");
        Assert.True(listen.CaseIndex == 0, $"listen failed with error {listen.Payload?.AsUInt64()}");
        int port = (int)listen.Payload!.Value.AsUInt64();
        Assert.NotEqual(0, port);
        var message = Message(5000);
        using var cts = new CancellationTokenSource(Bound);
        var client = Task.Run(async () =>
        {
            using var c = new TcpClient();
            await c.ConnectAsync(IPAddress.Loopback, port, cts.Token);
            var stream = c.GetStream();
            await stream.WriteAsync(message, cts.Token);
            var buffer = new byte[message.Length];
            int got = 0;
            while (got < buffer.Length)
            {
                int n = await stream.ReadAsync(buffer.AsMemory(got), cts.Token);
                if (n == 0) break;
                got += n;
            }
            return buffer.AsSpan(0, got).ToArray();
        });
        var received = OkBytes(Call(instance, "tcp-serve-one", ComponentValue.U32((uint)message.Length)));
        Assert.Equal(message, received);
        Assert.Equal(message, await client.WaitAsync(Bound));
    }

    [Fact]
    public async Task GuestExchangesUdpDatagramsWithATestClient()
    {
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)peer.Client.LocalEndPoint!).Port;
        var instance = Instantiate(b => b.AllowNetwork("127.0.0.1:*"));
        if (instance is null) return;
        using var cts = new CancellationTokenSource(Bound);
        var responder = Task.Run(async () =>
        {
            var got = await peer.ReceiveAsync(cts.Token);
            var reply = Encoding.ASCII.GetBytes("echo:").Concat(got.Buffer).ToArray();
            await peer.SendAsync(reply, got.RemoteEndPoint, cts.Token);
            return got.Buffer;
        });
        var message = Encoding.ASCII.GetBytes("hello over udp");
        var reply = OkBytes(Call(instance, "udp-exchange", ComponentValue.U16((ushort)port), Bytes(message)));
        Assert.Equal(message, await responder.WaitAsync(Bound));
        Assert.Equal("echo:hello over udp", Encoding.ASCII.GetString(reply));
    }

    [Fact]
    public void GuestResolvesLocalhostWhenAllowed()
    {
        var instance = Instantiate(b => b.AllowNameLookup());
        if (instance is null) return;
        var found = Call(instance, "lookup", ComponentValue.String("localhost"));
        Assert.True(found.CaseIndex == 0, $"lookup failed with error {found.Payload?.AsUInt64()}");
        var addresses = found.Payload!.Value.Items.Select(v => (uint)v.AsUInt64()).ToArray();
        _output.WriteLine("localhost: " + string.Join(", ", addresses.Select(a => a.ToString("x8"))));
        Assert.Contains(addresses, a => a == 0x7F000001u || a == 0x60000001u);
        // An address literal resolves to itself; a malformed name is invalid-argument.
        var literal = Call(instance, "lookup", ComponentValue.String("127.0.0.1"));
        Assert.Equal(new[] { 0x7F000001u }, literal.Payload!.Value.Items.Select(v => (uint)v.AsUInt64()));
        Assert.Equal(InvalidArgument, ErrCode(Call(instance, "lookup", ComponentValue.String("not a host name!"))));
    }

    [Fact]
    public void EveryOperationIsDeniedWithoutPermission()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int udpPort = ((IPEndPoint)peer.Client.LocalEndPoint!).Port;
        foreach (var (label, configure) in new (string, Action<WasiContextBuilder>)[]
        {
            ("nothing allowed", _ => { }),
            ("another port and name lookup off", b => b.AllowNetwork($"127.0.0.1:{(port == 65535 ? 1 : port + 1)}").AllowNameLookup(false)),
            ("a callback that refuses", b => b.AllowNetwork((_, _) => false)),
        })
        {
            var instance = Instantiate(configure);
            if (instance is null) return;
            _output.WriteLine(label);
            Assert.Equal(AccessDenied, ErrCode(Call(instance, "tcp-echo-client", ComponentValue.U16((ushort)port), Bytes(Message(4)))));
            Assert.Equal(AccessDenied, ErrCode(Call(instance, "tcp-listen")));
            Assert.Equal(AccessDenied, ErrCode(Call(instance, "udp-exchange", ComponentValue.U16((ushort)udpPort), Bytes(Message(4)))));
            Assert.Equal(AccessDenied, ErrCode(Call(instance, "lookup", ComponentValue.String("localhost"))));
        }
        Assert.False(listener.Pending());
        Assert.Equal(0, peer.Available);
    }

    [Fact]
    public void WrongStatesAndArgumentsAnswerTheirErrorCodes()
    {
        var instance = Instantiate(b => b.AllowNetwork("127.0.0.1:*"));
        if (instance is null) return;
        var codes = Call(instance, "probe").Items.Select(v => (uint)v.AsUInt64()).ToArray();
        Assert.Equal(new uint[]
        {
            NotInProgress, InvalidState, NotInProgress, InvalidState, InvalidState, // before bind
            InvalidArgument, 0, InvalidState, 0, NotInProgress,                     // bind
            InvalidArgument, 0, 0, WouldBlock, InvalidState, InvalidState, InvalidArgument, // listen, accept
            InvalidArgument, InvalidArgument,                                       // connect to port 0, to 0.0.0.0
            InvalidState, NotInProgress,                                            // udp
        }, codes);
    }

    [Fact]
    public void SocketsCountAgainstTheOpenHandleLimit()
    {
        // A table of one handle holds the network; creating the socket is refused with a trap (not a host crash).
        var instance = Instantiate(b => b.AllowNetwork("127.0.0.1:*").MaxOpenHandles(1));
        if (instance is null) return;
        var e = Assert.ThrowsAny<Exception>(() => Call(instance, "tcp-listen"));
        _output.WriteLine(e.GetType().Name + ": " + e.Message);
        Assert.Contains("limit of 1 open handles", e.ToString());
    }
}

using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.Bindings;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Udp;
using static WitBindgen.Runtime.Wasi.Sockets.NetworkResult;
using IncomingStreamResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Udp.IncomingDatagramStream;
using NetworkResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network.Network;
using OutgoingStreamResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Udp.OutgoingDatagramStream;
using PollableResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Poll.Pollable;
using UdpSocketResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Udp.UdpSocket;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>
/// A <c>wasi:sockets/udp.udp-socket</c> of the typed bindings. The socket is never connected at the OS level:
/// <c>stream</c> with a remote address records it, incoming datagrams from other addresses are dropped and outgoing
/// ones go to it. The context's cancellation, given at creation, goes to its pollables.
/// </summary>
internal sealed class UdpSocket : UdpSocketResource
{
    private readonly NetworkPolicy _policy;
    private bool _bindStarted;

    public UdpSocket(System.Net.Sockets.AddressFamily family, NetworkPolicy policy, CancellationToken cancel)
    {
        Socket = SocketOptions.Create(family, SocketType.Dgram, ProtocolType.Udp);
        Family = family;
        _policy = policy;
        Cancellation = cancel;
    }

    public Socket Socket { get; }
    public System.Net.Sockets.AddressFamily Family { get; }
    /// <summary>Interrupts waits on the socket's and its streams' pollables.</summary>
    public CancellationToken Cancellation { get; }
    public bool Bound { get; private set; }
    public IPEndPoint? Remote { get; private set; }
    /// <summary>Counts <c>stream</c> calls: the streams of an earlier call no longer work.</summary>
    public int Generation { get; private set; }

    public override Result<Unit, ErrorCode> StartBind(NetworkResource network, IpSocketAddress localAddress)
    {
        try
        {
            var local = SocketAddresses.ToEndPoint(localAddress);
            SocketAddresses.CheckLocal(local, Family);
            if (Bound || _bindStarted) throw NetworkException.InvalidState("the socket is already bound");
            _policy.Check(local, SocketUse.UdpBind);
            Socket.Bind(local);
            _bindStarted = true;
            return Unit.Value;
        }
        catch (Exception e) when (IsFailure(e)) { return Err<Unit>(e); }
    }

    public override Result<Unit, ErrorCode> FinishBind()
    {
        if (!_bindStarted) return Err<Unit>(ErrorCode.NotInProgress);
        _bindStarted = false;
        Bound = true;
        return Unit.Value;
    }

    /// <summary>Starts a new pair of datagram streams, optionally limited to <paramref name="remoteAddress"/>.</summary>
    public override Result<(IncomingStreamResource, OutgoingStreamResource), ErrorCode> Stream(IpSocketAddress? remoteAddress)
    {
        try
        {
            if (!Bound) throw NetworkException.InvalidState("the socket is not bound");
            var remote = remoteAddress is null ? null : SocketAddresses.ToEndPoint(remoteAddress);
            if (remote is not null)
            {
                SocketAddresses.CheckRemote(remote, Family);
                _policy.Check(remote, SocketUse.UdpSend);
            }
            Remote = remote;
            Generation++;
            return (new IncomingDatagramStream(this, Generation), new OutgoingDatagramStream(this, Generation, _policy));
        }
        catch (Exception e) when (IsFailure(e)) { return Err<(IncomingStreamResource, OutgoingStreamResource)>(e); }
    }

    public override Result<IpSocketAddress, ErrorCode> LocalAddress() =>
        Bound && Socket.LocalEndPoint is IPEndPoint local ? SocketAddresses.FromEndPoint(local) : Err<IpSocketAddress>(ErrorCode.InvalidState);

    public override Result<IpSocketAddress, ErrorCode> RemoteAddress() =>
        Remote is { } remote ? SocketAddresses.FromEndPoint(remote) : Err<IpSocketAddress>(ErrorCode.InvalidState);

    public override IpAddressFamily AddressFamily() => SocketAddresses.FamilyOf(Family);

    public override Result<byte, ErrorCode> UnicastHopLimit() => SocketOptions.HopLimit(Socket);
    public override Result<Unit, ErrorCode> SetUnicastHopLimit(byte value) => SocketOptions.SetHopLimit(Socket, value);
    public override Result<ulong, ErrorCode> ReceiveBufferSize() => SocketOptions.ReceiveBufferSize(Socket);
    public override Result<Unit, ErrorCode> SetReceiveBufferSize(ulong value) => SocketOptions.SetReceiveBufferSize(Socket, value);
    public override Result<ulong, ErrorCode> SendBufferSize() => SocketOptions.SendBufferSize(Socket);
    public override Result<Unit, ErrorCode> SetSendBufferSize(ulong value) => SocketOptions.SetSendBufferSize(Socket, value);

    // Binding completes at once: the socket itself is always ready.
    public override PollableResource Subscribe() => new Io.ReadyPollable(Cancellation);

    public override void Dispose() => Socket.Dispose();
}

/// <summary>
/// An <c>incoming-datagram-stream</c>: one asynchronous receive is kept pending; its completion is the stream's
/// readiness, and <c>receive</c> takes completed datagrams without blocking (the rest wait in the OS buffer).
/// </summary>
internal sealed class IncomingDatagramStream : IncomingStreamResource, ISocketReadiness
{
    private const int MaxDatagram = 65535;
    private readonly UdpSocket _owner;
    private readonly int _generation;
    private readonly byte[] _buffer = new byte[MaxDatagram];
    private Task<SocketReceiveFromResult>? _pending;

    public IncomingDatagramStream(UdpSocket owner, int generation) { _owner = owner; _generation = generation; }

    private Task<SocketReceiveFromResult> Pending()
    {
        if (_pending is null)
        {
            var any = _owner.Family == System.Net.Sockets.AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
            try { _pending = _owner.Socket.ReceiveFromAsync(new ArraySegment<byte>(_buffer), SocketFlags.None, any); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { _pending = Task.FromException<SocketReceiveFromResult>(e); }
        }
        return _pending;
    }

    public bool Ready => _generation != _owner.Generation || Pending().IsCompleted;

    public WaitHandle? ReadyHandle => Ready ? null : ((IAsyncResult)Pending()).AsyncWaitHandle;

    /// <summary>Up to <paramref name="maxResults"/> datagrams that have arrived (possibly none).</summary>
    public override Result<IReadOnlyList<IncomingDatagram>, ErrorCode> Receive(ulong maxResults)
    {
        if (_generation != _owner.Generation) return Err<IReadOnlyList<IncomingDatagram>>(ErrorCode.InvalidState);
        var result = new List<IncomingDatagram>();
        while ((ulong)result.Count < maxResults)
        {
            var task = Pending();
            if (!task.IsCompleted) break;
            _pending = null;
            if (!task.IsCompletedSuccessfully)
            {
                // Report a failure only when nothing was received (the next call reports later ones).
                if (result.Count == 0) return Err<IReadOnlyList<IncomingDatagram>>(task.Exception?.InnerException ?? new OperationCanceledException());
                break;
            }
            var r = task.Result;
            var from = (IPEndPoint)r.RemoteEndPoint;
            if (_owner.Remote is { } remote && !remote.Equals(from)) continue;
            result.Add(new IncomingDatagram(_buffer.AsSpan(0, r.ReceivedBytes).ToArray(), SocketAddresses.FromEndPoint(from)));
        }
        return result;
    }

    public override PollableResource Subscribe() => new SocketPollable(this, _owner.Cancellation);

    public override void Dispose()
    {
        _pending?.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
    }
}

/// <summary>An <c>outgoing-datagram-stream</c>: datagrams are sent synchronously, as many as <c>check-send</c> permitted.</summary>
internal sealed class OutgoingDatagramStream : OutgoingStreamResource
{
    /// <summary>The most datagrams one <c>check-send</c> permits.</summary>
    public const int Permit = 64;
    private const int MaxPayload = 65507;
    private readonly UdpSocket _owner;
    private readonly int _generation;
    private readonly NetworkPolicy _policy;
    private ulong _permitted;

    public OutgoingDatagramStream(UdpSocket owner, int generation, NetworkPolicy policy) { _owner = owner; _generation = generation; _policy = policy; }

    private bool Current => _generation == _owner.Generation;

    public override Result<ulong, ErrorCode> CheckSend()
    {
        if (!Current) return Err<ulong>(ErrorCode.InvalidState);
        _permitted = Permit;
        return _permitted;
    }

    /// <summary>Sends the datagrams in order, returning how many were sent (an error only when none was).</summary>
    public override Result<ulong, ErrorCode> Send(IReadOnlyList<OutgoingDatagram> datagrams)
    {
        if (!Current) return Err<ulong>(ErrorCode.InvalidState);
        if ((ulong)datagrams.Count > _permitted)
            throw new WasiTrapException($"send of {datagrams.Count} datagrams exceeds the {_permitted} permitted by check-send");
        _permitted -= (ulong)datagrams.Count;
        ulong sent = 0;
        foreach (var datagram in datagrams)
        {
            try
            {
                var to = datagram.RemoteAddress is { } address ? SocketAddresses.ToEndPoint(address) : null;
                var remote = _owner.Remote;
                if (to is not null && remote is not null && !to.Equals(remote)) throw NetworkException.InvalidArgument("the datagram's address differs from the stream's remote address");
                var target = to ?? remote ?? throw NetworkException.InvalidArgument("the datagram has no remote address and the stream is not connected");
                if (to is not null)
                {
                    SocketAddresses.CheckRemote(to, _owner.Family);
                    _policy.Check(to, SocketUse.UdpSend);
                }
                if (datagram.Data.Length > MaxPayload) throw new NetworkException(ErrorCode.DatagramTooLarge, "the datagram is too large");
                _owner.Socket.SendTo(datagram.Data.Span, SocketFlags.None, target);
                sent++;
            }
            catch (Exception e) when (IsFailure(e))
            {
                if (sent == 0) return Err<ulong>(e);
                break;
            }
        }
        return sent;
    }

    // Sending never waits: the stream is always ready.
    public override PollableResource Subscribe() => new Io.ReadyPollable(_owner.Cancellation);
}

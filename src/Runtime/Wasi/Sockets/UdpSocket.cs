using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>
/// A <c>wasi:sockets/udp.udp-socket</c>. The socket is never connected at the OS level: <c>stream</c> with a remote
/// address records it, incoming datagrams from other addresses are dropped and outgoing ones go to it.
/// </summary>
internal sealed class UdpSocket : WasiSocket, IDisposable
{
    private readonly NetworkPolicy _policy;
    private bool _bindStarted;

    public UdpSocket(AddressFamily family, NetworkPolicy policy)
        : base(Create(family, SocketType.Dgram, ProtocolType.Udp))
    {
        _policy = policy;
    }

    public bool Bound { get; private set; }
    public IPEndPoint? Remote { get; private set; }
    /// <summary>Counts <c>stream</c> calls: the streams of an earlier call no longer work.</summary>
    public int Generation { get; private set; }

    public void StartBind(IPEndPoint local)
    {
        SocketAddresses.CheckLocal(local, Family);
        if (Bound || _bindStarted) throw NetworkException.InvalidState("the socket is already bound");
        _policy.Check(local, SocketUse.UdpBind);
        Os(() => { Socket.Bind(local); return 0; });
        _bindStarted = true;
    }

    public void FinishBind()
    {
        if (!_bindStarted) throw NetworkException.NotInProgress();
        _bindStarted = false;
        Bound = true;
    }

    /// <summary>Starts a new pair of datagram streams, optionally limited to <paramref name="remote"/>.</summary>
    public (IncomingDatagramStream, OutgoingDatagramStream) Stream(IPEndPoint? remote)
    {
        if (!Bound) throw NetworkException.InvalidState("the socket is not bound");
        if (remote is not null)
        {
            SocketAddresses.CheckRemote(remote, Family);
            _policy.Check(remote, SocketUse.UdpSend);
        }
        Remote = remote;
        Generation++;
        return (new IncomingDatagramStream(this, Generation), new OutgoingDatagramStream(this, Generation, _policy));
    }

    public IPEndPoint LocalAddress()
    {
        if (!Bound || Socket.LocalEndPoint is not IPEndPoint ep) throw NetworkException.InvalidState("the socket is not bound");
        return ep;
    }

    public IPEndPoint RemoteAddress() => Remote ?? throw NetworkException.InvalidState("the socket is not connected");

    public void Dispose() => Socket.Dispose();
}

/// <summary>
/// An <c>incoming-datagram-stream</c>: one asynchronous receive is kept pending; its completion is the stream's
/// readiness, and <c>receive</c> takes completed datagrams without blocking (the rest wait in the OS buffer).
/// </summary>
internal sealed class IncomingDatagramStream : IDisposable
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
            var any = _owner.Family == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
            try { _pending = _owner.Socket.ReceiveFromAsync(new ArraySegment<byte>(_buffer), SocketFlags.None, any); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { _pending = Task.FromException<SocketReceiveFromResult>(e); }
        }
        return _pending;
    }

    public bool Ready => _generation != _owner.Generation || Pending().IsCompleted;

    public WaitHandle? ReadyHandle => Ready ? null : ((IAsyncResult)Pending()).AsyncWaitHandle;

    /// <summary>Up to <paramref name="max"/> datagrams that have arrived (possibly none).</summary>
    public List<(byte[] Data, IPEndPoint From)> Receive(ulong max)
    {
        if (_generation != _owner.Generation) throw NetworkException.InvalidState("the stream was replaced by a newer call to `stream`");
        var result = new List<(byte[], IPEndPoint)>();
        while ((ulong)result.Count < max)
        {
            var task = Pending();
            if (!task.IsCompleted) break;
            _pending = null;
            if (!task.IsCompletedSuccessfully)
            {
                var e = task.Exception?.InnerException ?? new OperationCanceledException();
                // Report a failure only when nothing was received (the next call reports later ones).
                if (result.Count == 0) throw new NetworkException(NetworkException.Map(e), e.Message);
                break;
            }
            var r = task.Result;
            var from = (IPEndPoint)r.RemoteEndPoint;
            if (_owner.Remote is { } remote && !remote.Equals(from)) continue;
            result.Add((_buffer.AsSpan(0, r.ReceivedBytes).ToArray(), from));
        }
        return result;
    }

    public void Dispose()
    {
        _pending?.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
    }
}

/// <summary>An <c>outgoing-datagram-stream</c>: datagrams are sent synchronously, as many as <c>check-send</c> permitted.</summary>
internal sealed class OutgoingDatagramStream
{
    /// <summary>The most datagrams one <c>check-send</c> permits.</summary>
    public const int Permit = 64;
    private const int MaxPayload = 65507;
    private readonly UdpSocket _owner;
    private readonly int _generation;
    private readonly NetworkPolicy _policy;
    private ulong _permitted;

    public OutgoingDatagramStream(UdpSocket owner, int generation, NetworkPolicy policy) { _owner = owner; _generation = generation; _policy = policy; }

    private void CheckCurrent()
    {
        if (_generation != _owner.Generation) throw NetworkException.InvalidState("the stream was replaced by a newer call to `stream`");
    }

    public ulong CheckSend()
    {
        CheckCurrent();
        _permitted = Permit;
        return _permitted;
    }

    /// <summary>Sends the datagrams in order, returning how many were sent (an error only when none was).</summary>
    public ulong Send(IReadOnlyList<(byte[] Data, IPEndPoint? To)> datagrams)
    {
        CheckCurrent();
        if ((ulong)datagrams.Count > _permitted)
            throw new WasiTrapException($"send of {datagrams.Count} datagrams exceeds the {_permitted} permitted by check-send");
        _permitted -= (ulong)datagrams.Count;
        ulong sent = 0;
        foreach (var (data, to) in datagrams)
        {
            try
            {
                var remote = _owner.Remote;
                if (to is not null && remote is not null && !to.Equals(remote)) throw NetworkException.InvalidArgument("the datagram's address differs from the stream's remote address");
                var target = to ?? remote ?? throw NetworkException.InvalidArgument("the datagram has no remote address and the stream is not connected");
                if (to is not null)
                {
                    SocketAddresses.CheckRemote(to, _owner.Family);
                    _policy.Check(to, SocketUse.UdpSend);
                }
                if (data.Length > MaxPayload) throw new NetworkException(NetworkErrorCode.DatagramTooLarge, "the datagram is too large");
                try { _owner.Socket.SendTo(data, SocketFlags.None, target); }
                catch (SocketException e) { throw new NetworkException(NetworkException.Map(e.SocketErrorCode), e.Message); }
                sent++;
            }
            catch (NetworkException) when (sent > 0)
            {
                break;
            }
        }
        return sent;
    }
}

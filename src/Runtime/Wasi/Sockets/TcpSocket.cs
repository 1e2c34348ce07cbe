using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.Bindings;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Tcp;
using WitBindgen.Runtime.Wasi.Io;
using static WitBindgen.Runtime.Wasi.Sockets.NetworkResult;
using InputStream = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Streams.InputStream;
using NetworkResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Network.Network;
using OutputStream = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Streams.OutputStream;
using PollableResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Poll.Pollable;
using TcpSocketResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Sockets.Tcp.TcpSocket;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>The states of a <c>wasi:sockets/tcp.tcp-socket</c>, as the WIT lists them.</summary>
internal enum TcpState { Unbound, BindStarted, Bound, ListenStarted, Listening, Connecting, Connected, Closed }

/// <summary>
/// A <c>tcp-socket</c> of the typed bindings: a non-blocking .NET socket with the WIT's start/finish state machine.
/// Connecting and accepting run as .NET asynchronous operations, whose completion is the readiness <c>subscribe</c>
/// reports. The context's cancellation, given at creation, goes to its pollables and streams (the generated methods
/// get no context).
/// </summary>
internal sealed class TcpSocket : TcpSocketResource, ISocketReadiness
{
    private const int DefaultBacklog = 128;
    private readonly NetworkPolicy _policy;
    private readonly CancellationToken _cancel;
    private Task? _connect;
    private Task<Socket>? _accept;
    private int _backlog = DefaultBacklog;

    public TcpSocket(System.Net.Sockets.AddressFamily family, NetworkPolicy policy, CancellationToken cancel)
        : this(SocketOptions.Create(family, SocketType.Stream, ProtocolType.Tcp), policy, cancel)
    {
    }

    private TcpSocket(Socket socket, NetworkPolicy policy, CancellationToken cancel)
    {
        Socket = socket;
        Family = socket.AddressFamily;
        _policy = policy;
        _cancel = cancel;
    }

    public Socket Socket { get; }
    public System.Net.Sockets.AddressFamily Family { get; }
    public TcpState State { get; private set; }

    private static void Require(bool ok, string message)
    {
        if (!ok) throw NetworkException.InvalidState(message);
    }

    public override Result<Unit, ErrorCode> StartBind(NetworkResource network, IpSocketAddress localAddress)
    {
        try
        {
            var local = SocketAddresses.ToEndPoint(localAddress);
            SocketAddresses.CheckLocal(local, Family);
            Require(State == TcpState.Unbound, "the socket is already bound");
            _policy.Check(local, SocketUse.TcpBind);
            Socket.Bind(local);
            State = TcpState.BindStarted;
            return Unit.Value;
        }
        catch (Exception e) when (IsFailure(e)) { return Err<Unit>(e); }
    }

    public override Result<Unit, ErrorCode> FinishBind()
    {
        if (State != TcpState.BindStarted) return Err<Unit>(ErrorCode.NotInProgress);
        State = TcpState.Bound;
        return Unit.Value;
    }

    public override Result<Unit, ErrorCode> StartConnect(NetworkResource network, IpSocketAddress remoteAddress)
    {
        try
        {
            var remote = SocketAddresses.ToEndPoint(remoteAddress);
            SocketAddresses.CheckRemote(remote, Family);
            Require(State is TcpState.Unbound or TcpState.Bound, State switch
            {
                TcpState.Connected => "the socket is already connected",
                TcpState.Listening => "the socket is listening",
                TcpState.Closed => "the socket is closed",
                _ => "another operation is in progress",
            });
            _policy.Check(remote, SocketUse.TcpConnect);
            _connect = Socket.ConnectAsync(remote);
            State = TcpState.Connecting;
            return Unit.Value;
        }
        catch (Exception e) when (IsFailure(e)) { return Err<Unit>(e); }
    }

    /// <summary>Completes the connection: the socket's input and output streams.</summary>
    public override Result<(InputStream, OutputStream), ErrorCode> FinishConnect()
    {
        if (State != TcpState.Connecting || _connect is null) return Err<(InputStream, OutputStream)>(ErrorCode.NotInProgress);
        if (!_connect.IsCompleted) return Err<(InputStream, OutputStream)>(ErrorCode.WouldBlock);
        var task = _connect;
        _connect = null;
        if (!task.IsCompletedSuccessfully)
        {
            State = TcpState.Closed;
            return Err<(InputStream, OutputStream)>(task.Exception?.InnerException ?? new OperationCanceledException());
        }
        State = TcpState.Connected;
        return Streams();
    }

    private (InputStream, OutputStream) Streams()
    {
        var network = new NetworkStream(Socket, ownsSocket: false);
        return (new BackgroundInputStream(network, _cancel), new SocketOutputStream(Socket, _cancel));
    }

    public override Result<Unit, ErrorCode> StartListen()
    {
        try
        {
            Require(State != TcpState.Unbound, "the socket is not bound");
            Require(State == TcpState.Bound, State switch
            {
                TcpState.Connected => "the socket is already connected",
                TcpState.Listening => "the socket is already listening",
                TcpState.Closed => "the socket is closed",
                _ => "another operation is in progress",
            });
            Socket.Listen(_backlog);
            State = TcpState.ListenStarted;
            return Unit.Value;
        }
        catch (Exception e) when (IsFailure(e)) { return Err<Unit>(e); }
    }

    public override Result<Unit, ErrorCode> FinishListen()
    {
        try
        {
            if (State != TcpState.ListenStarted) throw NetworkException.NotInProgress();
            State = TcpState.Listening;
            _accept = Socket.AcceptAsync();
            return Unit.Value;
        }
        catch (Exception e) when (IsFailure(e)) { return Err<Unit>(e); }
    }

    /// <summary>A pending connection, without blocking: the connected socket (with the listener's policy and cancellation) and its streams.</summary>
    public override Result<(TcpSocketResource, InputStream, OutputStream), ErrorCode> Accept()
    {
        try
        {
            Require(State == TcpState.Listening && _accept is not null, "the socket is not listening");
            var task = _accept!;
            if (!task.IsCompleted) throw NetworkException.WouldBlock();
            _accept = Socket.AcceptAsync();
            if (!task.IsCompletedSuccessfully) return Err<(TcpSocketResource, InputStream, OutputStream)>(task.Exception?.InnerException ?? new OperationCanceledException());
            var client = new TcpSocket(task.Result, _policy, _cancel) { State = TcpState.Connected };
            var (input, output) = client.Streams();
            return (client, input, output);
        }
        catch (Exception e) when (IsFailure(e)) { return Err<(TcpSocketResource, InputStream, OutputStream)>(e); }
    }

    public override Result<IpSocketAddress, ErrorCode> LocalAddress() =>
        State is not (TcpState.Unbound or TcpState.Closed) && Socket.LocalEndPoint is IPEndPoint local
            ? SocketAddresses.FromEndPoint(local)
            : Err<IpSocketAddress>(ErrorCode.InvalidState);

    public override Result<IpSocketAddress, ErrorCode> RemoteAddress() =>
        State == TcpState.Connected && Socket.RemoteEndPoint is IPEndPoint remote
            ? SocketAddresses.FromEndPoint(remote)
            : Err<IpSocketAddress>(ErrorCode.InvalidState);

    public override bool IsListening() => State == TcpState.Listening;

    public override IpAddressFamily AddressFamily() => SocketAddresses.FamilyOf(Family);

    public override Result<Unit, ErrorCode> SetListenBacklogSize(ulong value)
    {
        if (value == 0) return Err<Unit>(ErrorCode.InvalidArgument);
        if (State is TcpState.Connecting or TcpState.Connected) return Err<Unit>(ErrorCode.InvalidState);
        _backlog = (int)Math.Min(value, int.MaxValue);
        // .NET cannot change the backlog of a socket that already listens: a new Listen call re-applies it.
        return State == TcpState.Listening ? Do(this, static s => s.Socket.Listen(s._backlog)) : Unit.Value;
    }

    public override Result<bool, ErrorCode> KeepAliveEnabled() =>
        Get(Socket, static s => (int)s.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)! != 0);

    public override Result<Unit, ErrorCode> SetKeepAliveEnabled(bool value) =>
        Do((Socket, value), static a => a.Socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, a.value));

    public override Result<ulong, ErrorCode> KeepAliveIdleTime() => KeepAliveNanos(SocketOptionName.TcpKeepAliveTime);

    public override Result<Unit, ErrorCode> SetKeepAliveIdleTime(ulong value) => SetKeepAliveNanos(SocketOptionName.TcpKeepAliveTime, value);

    public override Result<ulong, ErrorCode> KeepAliveInterval() => KeepAliveNanos(SocketOptionName.TcpKeepAliveInterval);

    public override Result<Unit, ErrorCode> SetKeepAliveInterval(ulong value) => SetKeepAliveNanos(SocketOptionName.TcpKeepAliveInterval, value);

    /// <summary>A TCP keep-alive option in whole seconds, read as nanoseconds (a <c>duration</c>).</summary>
    private Result<ulong, ErrorCode> KeepAliveNanos(SocketOptionName name) =>
        Get((Socket, name), static a => (ulong)(int)a.Socket.GetSocketOption(SocketOptionLevel.Tcp, a.name)! * 1_000_000_000UL);

    private Result<Unit, ErrorCode> SetKeepAliveNanos(SocketOptionName name, ulong nanos)
    {
        if (nanos == 0) return Err<Unit>(ErrorCode.InvalidArgument);
        // Rounded up to whole seconds (the platform's unit), at most 2^15 - 1 as Linux allows.
        var seconds = (int)Math.Clamp((nanos + 999_999_999UL) / 1_000_000_000UL, 1UL, 32767UL);
        return Do((Socket, name, seconds), static a => a.Socket.SetSocketOption(SocketOptionLevel.Tcp, a.name, a.seconds));
    }

    public override Result<uint, ErrorCode> KeepAliveCount() =>
        Get(Socket, static s => (uint)(int)s.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);

    public override Result<Unit, ErrorCode> SetKeepAliveCount(uint value) =>
        value == 0
            ? Err<Unit>(ErrorCode.InvalidArgument)
            : Do((Socket, value), static a => a.Socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, (int)Math.Min(a.value, 127u)));

    public override Result<byte, ErrorCode> HopLimit() => SocketOptions.HopLimit(Socket);
    public override Result<Unit, ErrorCode> SetHopLimit(byte value) => SocketOptions.SetHopLimit(Socket, value);
    public override Result<ulong, ErrorCode> ReceiveBufferSize() => SocketOptions.ReceiveBufferSize(Socket);
    public override Result<Unit, ErrorCode> SetReceiveBufferSize(ulong value) => SocketOptions.SetReceiveBufferSize(Socket, value);
    public override Result<ulong, ErrorCode> SendBufferSize() => SocketOptions.SendBufferSize(Socket);
    public override Result<Unit, ErrorCode> SetSendBufferSize(ulong value) => SocketOptions.SetSendBufferSize(Socket, value);

    public override PollableResource Subscribe() => new SocketPollable(this, _cancel);

    public override Result<Unit, ErrorCode> Shutdown(ShutdownType shutdownType)
    {
        if (State != TcpState.Connected) return Err<Unit>(ErrorCode.InvalidState);
        return Do((Socket, shutdownType), static a => a.Socket.Shutdown(a.shutdownType switch
        {
            ShutdownType.Receive => SocketShutdown.Receive,
            ShutdownType.Send => SocketShutdown.Send,
            _ => SocketShutdown.Both,
        }));
    }

    /// <summary>Whether the pending connect or accept has completed (other states are always ready).</summary>
    public bool Ready => State switch
    {
        TcpState.Connecting => _connect?.IsCompleted ?? true,
        TcpState.Listening => _accept?.IsCompleted ?? true,
        _ => true,
    };

    public WaitHandle? ReadyHandle => State switch
    {
        TcpState.Connecting when _connect is IAsyncResult c => c.AsyncWaitHandle,
        TcpState.Listening when _accept is IAsyncResult a => a.AsyncWaitHandle,
        _ => null,
    };

    public override void Dispose()
    {
        State = TcpState.Closed;
        Socket.Dispose();
        // Observe the pending operations' failures (the socket's disposal ends them).
        _connect?.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        _accept?.ContinueWith(static t => { if (t.IsCompletedSuccessfully) t.Result.Dispose(); else _ = t.Exception; }, TaskScheduler.Default);
    }
}

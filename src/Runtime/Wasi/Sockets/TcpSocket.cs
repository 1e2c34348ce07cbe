using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.Runtime.Wasi.Io;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>The states of a <c>wasi:sockets/tcp.tcp-socket</c>, as the WIT lists them.</summary>
internal enum TcpState { Unbound, BindStarted, Bound, ListenStarted, Listening, Connecting, Connected, Closed }

/// <summary>
/// A <c>tcp-socket</c>: a non-blocking .NET socket with the WIT's start/finish state machine. Connecting and
/// accepting run as .NET asynchronous operations, whose completion is the readiness <c>subscribe</c> reports.
/// </summary>
internal sealed class TcpSocket : WasiSocket, IDisposable
{
    private const int DefaultBacklog = 128;
    private readonly NetworkPolicy _policy;
    private Task? _connect;
    private Task<Socket>? _accept;
    private int _backlog = DefaultBacklog;

    public TcpSocket(AddressFamily family, NetworkPolicy policy)
        : base(Create(family, SocketType.Stream, ProtocolType.Tcp))
    {
        _policy = policy;
    }

    private TcpSocket(Socket accepted, NetworkPolicy policy)
        : base(accepted)
    {
        _policy = policy;
        State = TcpState.Connected;
    }

    public TcpState State { get; private set; }
    public bool IsListening => State == TcpState.Listening;

    private void Require(bool ok, string message)
    {
        if (!ok) throw NetworkException.InvalidState(message);
    }

    public void StartBind(IPEndPoint local)
    {
        SocketAddresses.CheckLocal(local, Family);
        Require(State == TcpState.Unbound, "the socket is already bound");
        _policy.Check(local, SocketUse.TcpBind);
        Os(() => Socket.Bind(local));
        State = TcpState.BindStarted;
    }

    public void FinishBind()
    {
        if (State != TcpState.BindStarted) throw NetworkException.NotInProgress();
        State = TcpState.Bound;
    }

    public void StartConnect(IPEndPoint remote)
    {
        SocketAddresses.CheckRemote(remote, Family);
        Require(State is TcpState.Unbound or TcpState.Bound, State switch
        {
            TcpState.Connected => "the socket is already connected",
            TcpState.Listening => "the socket is listening",
            TcpState.Closed => "the socket is closed",
            _ => "another operation is in progress",
        });
        _policy.Check(remote, SocketUse.TcpConnect);
        _connect = Os(() => Socket.ConnectAsync(remote));
        State = TcpState.Connecting;
    }

    /// <summary>Completes the connection: the socket's input and output streams, whose blocking methods <paramref name="cancel"/> interrupts.</summary>
    public (WasiInputStream, WasiOutputStream) FinishConnect(CancellationToken cancel)
    {
        if (State != TcpState.Connecting || _connect is null) throw NetworkException.NotInProgress();
        if (!_connect.IsCompleted) throw NetworkException.WouldBlock();
        var task = _connect;
        _connect = null;
        if (!task.IsCompletedSuccessfully)
        {
            State = TcpState.Closed;
            var e = task.Exception?.InnerException ?? new OperationCanceledException();
            throw new NetworkException(NetworkException.Map(e), e.Message);
        }
        State = TcpState.Connected;
        return Streams(cancel);
    }

    private (WasiInputStream, WasiOutputStream) Streams(CancellationToken cancel)
    {
        var network = new NetworkStream(Socket, ownsSocket: false);
        return (new BackgroundInputStream(network, cancel), new SocketOutputStream(Socket, cancel));
    }

    public void StartListen()
    {
        Require(State != TcpState.Unbound, "the socket is not bound");
        Require(State == TcpState.Bound, State switch
        {
            TcpState.Connected => "the socket is already connected",
            TcpState.Listening => "the socket is already listening",
            TcpState.Closed => "the socket is closed",
            _ => "another operation is in progress",
        });
        Os(() => Socket.Listen(_backlog));
        State = TcpState.ListenStarted;
    }

    public void FinishListen()
    {
        if (State != TcpState.ListenStarted) throw NetworkException.NotInProgress();
        State = TcpState.Listening;
        _accept = Socket.AcceptAsync();
    }

    /// <summary>A pending connection, without blocking (<paramref name="cancel"/> interrupts its streams' blocking methods).</summary>
    public (TcpSocket, WasiInputStream, WasiOutputStream) Accept(CancellationToken cancel)
    {
        Require(State == TcpState.Listening && _accept is not null, "the socket is not listening");
        var task = _accept!;
        if (!task.IsCompleted) throw NetworkException.WouldBlock();
        _accept = Socket.AcceptAsync();
        if (!task.IsCompletedSuccessfully)
        {
            var e = task.Exception?.InnerException ?? new OperationCanceledException();
            throw new NetworkException(NetworkException.Map(e), e.Message);
        }
        var client = new TcpSocket(task.Result, _policy);
        var (input, output) = client.Streams(cancel);
        return (client, input, output);
    }

    public IPEndPoint LocalAddress()
    {
        Require(State is not (TcpState.Unbound or TcpState.Closed) && Socket.LocalEndPoint is IPEndPoint, "the socket is not bound");
        return (IPEndPoint)Socket.LocalEndPoint!;
    }

    public IPEndPoint RemoteAddress()
    {
        Require(State == TcpState.Connected && Socket.RemoteEndPoint is IPEndPoint, "the socket is not connected");
        return (IPEndPoint)Socket.RemoteEndPoint!;
    }

    public void SetListenBacklogSize(ulong value)
    {
        if (value == 0) throw NetworkException.InvalidArgument("the backlog size is 0");
        Require(State is not (TcpState.Connecting or TcpState.Connected), "the socket is connecting or connected");
        _backlog = (int)Math.Min(value, int.MaxValue);
        // .NET cannot change the backlog of a socket that already listens: a new Listen call re-applies it.
        if (State == TcpState.Listening) Os(() => Socket.Listen(_backlog));
    }

    public bool KeepAlive
    {
        get => Os(() => (int)Socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)! != 0);
        set => Os(() => Socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, value));
    }

    /// <summary>A TCP keep-alive option in whole seconds, read and written as nanoseconds (a <c>duration</c>).</summary>
    public ulong GetKeepAliveNanos(SocketOptionName name) =>
        (ulong)Os(() => (int)Socket.GetSocketOption(SocketOptionLevel.Tcp, name)!) * 1_000_000_000UL;

    public void SetKeepAliveNanos(SocketOptionName name, ulong nanos)
    {
        if (nanos == 0) throw NetworkException.InvalidArgument("the value is 0");
        // Rounded up to whole seconds (the platform's unit), at most 2^15 - 1 as Linux allows.
        var seconds = (int)Math.Clamp((nanos + 999_999_999UL) / 1_000_000_000UL, 1UL, 32767UL);
        Os(() => Socket.SetSocketOption(SocketOptionLevel.Tcp, name, seconds));
    }

    public uint KeepAliveCount
    {
        get => (uint)Os(() => (int)Socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
        set
        {
            if (value == 0) throw NetworkException.InvalidArgument("the value is 0");
            Os(() => Socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, (int)Math.Min(value, 127u)));
        }
    }

    public void Shutdown(int how)
    {
        Require(State == TcpState.Connected, "the socket is not connected");
        Os(() => Socket.Shutdown(how switch { 0 => SocketShutdown.Receive, 1 => SocketShutdown.Send, _ => SocketShutdown.Both }));
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

    public void Dispose()
    {
        State = TcpState.Closed;
        Socket.Dispose();
        // Observe the pending operations' failures (the socket's disposal ends them).
        _connect?.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        _accept?.ContinueWith(static t => { if (t.IsCompletedSuccessfully) t.Result.Dispose(); else _ = t.Exception; }, TaskScheduler.Default);
    }
}

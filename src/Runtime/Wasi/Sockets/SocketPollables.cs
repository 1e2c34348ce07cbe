using System.Threading;
using WitBindgen.Runtime.Wasi.Io;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>A socket object whose pending operation (connect, accept, datagram, name lookup) completes in the background.</summary>
internal interface ISocketReadiness
{
    /// <summary>Whether the pending operation has completed (or nothing is pending).</summary>
    bool Ready { get; }

    /// <summary>Signalled when it completes (null when ready or when there is nothing to wait on).</summary>
    WaitHandle? ReadyHandle { get; }
}

/// <summary>
/// A pollable over a socket object's readiness, with the wait handle <see cref="Poll"/> waits on together with
/// clocks and streams.
/// </summary>
internal sealed class SocketPollable : Pollable
{
    private readonly ISocketReadiness _source;

    public SocketPollable(ISocketReadiness source, CancellationToken cancel) : base(cancel) => _source = source;

    public override bool Ready() => _source.Ready;

    public override WaitHandle? Handle => _source.ReadyHandle;
}

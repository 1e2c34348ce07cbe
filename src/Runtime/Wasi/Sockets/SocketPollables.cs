using System;
using System.Threading;
using WitBindgen.Runtime.Wasi.Io;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>
/// A pollable over a socket object's readiness (a pending connect, accept, datagram or name lookup), with the wait
/// handle <see cref="Poll"/> waits on together with clocks and streams.
/// </summary>
internal sealed class SocketPollable : Pollable
{
    private readonly Func<bool> _ready;
    private readonly Func<WaitHandle?> _handle;

    public SocketPollable(Func<bool> ready, Func<WaitHandle?> handle, CancellationToken cancel) : base(cancel) { _ready = ready; _handle = handle; }

    public override bool Ready() => _ready();

    public override WaitHandle? Handle => _handle();
}

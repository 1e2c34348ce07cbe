using System;
using System.Collections.Generic;
using System.Threading;
using WitBindgen.Runtime.Wasi.Clocks;

namespace WitBindgen.Runtime.Wasi.Io;

/// <summary>A <c>wasi:io/poll.pollable</c>: something that becomes ready, with a way to wait for it.</summary>
internal abstract class Pollable
{
    public abstract bool Ready { get; }

    /// <summary>Signalled when ready (null when readiness comes only from time).</summary>
    public virtual WaitHandle? Handle => null;

    /// <summary>How long until ready by time alone (null: not time-based).</summary>
    public virtual TimeSpan? Remaining => null;

    public void Block() => Poll.WaitAny(new[] { this });
}

/// <summary>Ready when the monotonic clock reaches <see cref="Deadline"/>.</summary>
internal sealed class ClockPollable : Pollable
{
    private readonly IMonotonicClock _clock;
    public ClockPollable(IMonotonicClock clock, ulong deadline) { _clock = clock; Deadline = deadline; }
    public ulong Deadline { get; }
    public override bool Ready => _clock.Now() >= Deadline;
    public override TimeSpan? Remaining
    {
        get
        {
            var now = _clock.Now();
            return now >= Deadline ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Min((Deadline - now) / 100, (ulong)TimeSpan.MaxValue.Ticks / 2));
        }
    }
}

/// <summary>Ready when an input stream has data or ended.</summary>
internal sealed class InputStreamPollable : Pollable
{
    private readonly WasiInputStream _stream;
    public InputStreamPollable(WasiInputStream stream) => _stream = stream;
    public override bool Ready => _stream.IsReady;
    public override WaitHandle? Handle => _stream.ReadyHandle;
}

/// <summary>Ready when an output stream permits a write (streams writing synchronously always do).</summary>
internal sealed class OutputStreamPollable : Pollable
{
    private readonly WasiOutputStream _stream;
    public OutputStreamPollable(WasiOutputStream stream) => _stream = stream;
    public override bool Ready => _stream.WriteReady;
    public override WaitHandle? Handle => _stream.WriteReadyHandle;
}

/// <summary>Always ready (files are always ready).</summary>
internal sealed class ReadyPollable : Pollable
{
    public override bool Ready => true;
}

internal static class Poll
{
    /// <summary>The indices of the ready pollables, waiting until at least one is ready.</summary>
    public static List<uint> WaitAny(IReadOnlyList<Pollable> pollables)
    {
        if (pollables.Count == 0) throw new WasiTrapException("poll: the list of pollables is empty");
        while (true)
        {
            var ready = new List<uint>();
            for (int i = 0; i < pollables.Count; i++) if (pollables[i].Ready) ready.Add((uint)i);
            if (ready.Count > 0) return ready;
            TimeSpan? wait = null;
            var handles = new List<WaitHandle>();
            foreach (var p in pollables)
            {
                if (p.Remaining is { } r && (wait is null || r < wait)) wait = r;
                if (p.Handle is { } h && handles.Count < 63) handles.Add(h);
            }
            // A clock may be replaced by a test clock: never sleep longer than 100 ms between checks of readiness.
            var timeout = wait is { } w ? (w > TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : w) : TimeSpan.FromMilliseconds(100);
            if (timeout < TimeSpan.FromMilliseconds(1) && wait is not null) timeout = TimeSpan.FromMilliseconds(1);
            if (handles.Count > 0) WaitHandle.WaitAny(handles.ToArray(), timeout);
            else Thread.Sleep(timeout);
        }
    }
}

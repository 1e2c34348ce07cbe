using System;
using System.Collections.Generic;
using System.Threading;
using WitBindgen.Runtime.Wasi.Clocks;
using PollableResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Poll.Pollable;

namespace WitBindgen.Runtime.Wasi.Io;

/// <summary>
/// A <c>wasi:io/poll.pollable</c> of the typed bindings: something that becomes ready (<see cref="PollableResource.Ready"/>),
/// with a way to wait for it. <c>block</c> waits on <see cref="Cancellation"/>, the cancellation of the context the
/// pollable was made for (the generated methods get no context), and on the calling store's interruption (see
/// <see cref="Poll"/>).
/// </summary>
internal abstract class Pollable : PollableResource
{
    protected Pollable(CancellationToken cancel) => Cancellation = cancel;

    /// <summary>Interrupts <c>block</c> (it traps with <see cref="TrapCode.Interrupted"/>).</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Signalled when ready (null when readiness comes only from time).</summary>
    public virtual WaitHandle? Handle => null;

    /// <summary>How long until ready by time alone (null: not time-based).</summary>
    public virtual TimeSpan? Remaining => null;

    public override void Block()
    {
        if (!Cancellation.IsCancellationRequested && Ready()) return;
        Poll.WaitAny(new[] { this }, Cancellation);
    }
}

/// <summary>Ready when the monotonic clock reaches <see cref="Deadline"/>.</summary>
internal sealed class ClockPollable : Pollable
{
    private readonly IMonotonicClock _clock;
    public ClockPollable(IMonotonicClock clock, ulong deadline, CancellationToken cancel) : base(cancel) { _clock = clock; Deadline = deadline; }
    public ulong Deadline { get; }
    public override bool Ready() => _clock.Now() >= Deadline;
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
    public InputStreamPollable(WasiInputStream stream) : base(stream.Cancellation) => _stream = stream;
    public override bool Ready() => _stream.IsReady;
    public override WaitHandle? Handle => _stream.ReadyHandle;
}

/// <summary>Ready when an output stream permits a write (streams writing synchronously always do).</summary>
internal sealed class OutputStreamPollable : Pollable
{
    private readonly WasiOutputStream _stream;
    public OutputStreamPollable(WasiOutputStream stream) : base(stream.Cancellation) => _stream = stream;
    public override bool Ready() => _stream.WriteReady;
    public override WaitHandle? Handle => _stream.WriteReadyHandle;
}

/// <summary>Always ready (files are always ready).</summary>
internal sealed class ReadyPollable : Pollable
{
    public ReadyPollable(CancellationToken cancel) : base(cancel) { }
    public override bool Ready() => true;
}

internal static class Poll
{
    // WaitHandle.WaitAny takes at most 64 handles; two are the cancellations' (the context's and the store's).
    private const int MaxPollableHandles = 62;

    // A clock may be replaced by a test clock: time-based waits recheck readiness at least this often.
    private static readonly TimeSpan s_clockRecheck = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The store of the WASI host call running on this thread, set as each call finds its context
    /// (<see cref="Wasi.ContextOf"/>, the preview1 definer): the resource methods that wait (<c>block</c>, blocking
    /// reads and writes) get no store from the bindings, and they run only inside such a call.
    /// </summary>
    [ThreadStatic] internal static Store? t_callingStore;

    /// <summary>
    /// The indices of the ready pollables, waiting until at least one is ready: on the pollables' wait handles alone
    /// when each has one (no periodic wake-ups), else rechecking at least every 100 ms. Traps with
    /// <see cref="TrapCode.Interrupted"/> when <paramref name="cancel"/> is cancelled or the calling store is interrupted.
    /// </summary>
    public static List<uint> WaitAny(IReadOnlyList<PollableResource> pollables, CancellationToken cancel = default)
    {
        if (pollables.Count == 0) throw new WasiTrapException("poll: the list of pollables is empty");
        var store = StoreInterruption(out var interrupt);
        while (true)
        {
            ThrowIfCancelled(store, cancel);
            var ready = new List<uint>();
            for (int i = 0; i < pollables.Count; i++) if (pollables[i].Ready()) ready.Add((uint)i);
            if (ready.Count > 0) return ready;
            TimeSpan? wait = null;
            bool allSignalled = true;
            var handles = new List<WaitHandle>();
            foreach (var resource in pollables)
            {
                // The table holds only the host's pollables (the generated class is internal to the runtime).
                var p = (Pollable)resource;
                if (p.Remaining is { } r && (wait is null || r < wait)) wait = r;
                if (p.Handle is { } h && handles.Count < MaxPollableHandles) handles.Add(h);
                else allSignalled = false;
            }
            var timeout = wait is { } w ? (w > s_clockRecheck ? s_clockRecheck : w < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : w)
                : allSignalled ? Timeout.InfiniteTimeSpan : s_clockRecheck;
            AddCancellations(handles, cancel, interrupt);
            if (handles.Count > 0) WaitHandle.WaitAny(handles.ToArray(), timeout);
            else Thread.Sleep(timeout);
        }
    }

    /// <summary>Waits until <paramref name="ready"/> holds, woken by <paramref name="handle"/> (rechecking every 100 ms
    /// without one); traps with <see cref="TrapCode.Interrupted"/> when <paramref name="cancel"/> is cancelled or the
    /// calling store is interrupted.</summary>
    public static void WaitUntil(Func<bool> ready, WaitHandle? handle, CancellationToken cancel)
    {
        var store = StoreInterruption(out var interrupt);
        var handles = new List<WaitHandle>(3);
        if (handle is not null) handles.Add(handle);
        AddCancellations(handles, cancel, interrupt);
        var waitOn = handles.ToArray();
        while (!ready())
        {
            ThrowIfCancelled(store, cancel);
            if (waitOn.Length == 0) Thread.Sleep(s_clockRecheck);
            else WaitHandle.WaitAny(waitOn, handle is null ? s_clockRecheck : Timeout.InfiniteTimeSpan);
        }
        ThrowIfCancelled(store, cancel);
    }

    /// <summary>The calling store and its interruption token (none outside a host call).</summary>
    private static Store? StoreInterruption(out CancellationToken interrupt)
    {
        // The thread's store outlives its call: one running no wasm (depth 0) is not this wait's caller.
        var store = t_callingStore is { Depth: > 0 } calling ? calling : null;
        interrupt = store?.Interruption ?? default;
        return store;
    }

    private static void AddCancellations(List<WaitHandle> handles, CancellationToken cancel, CancellationToken interrupt)
    {
        if (cancel.CanBeCanceled) handles.Add(cancel.WaitHandle);
        if (interrupt.CanBeCanceled) handles.Add(interrupt.WaitHandle);
    }

    /// <summary>The store's interruption first: it traps as compiled code would and consumes the request.</summary>
    private static void ThrowIfCancelled(Store? store, CancellationToken cancel)
    {
        store?.ThrowIfInterrupted();
        if (cancel.IsCancellationRequested) throw new Trap(TrapCode.Interrupted);
    }
}

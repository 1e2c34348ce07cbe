using System;
using System.Collections.Generic;
using System.IO;
using WitBindgen.Runtime.Wasi.Io;
using static WitBindgen.Runtime.Wasi.P1Memory;

namespace WitBindgen.Runtime.Wasi;

/// <summary>
/// Preview1 <c>poll_oneoff</c> on the WASI 0.2 pollables: clock subscriptions (relative or absolute, realtime or
/// monotonic) wait on the context's monotonic clock; stdin is ready when it has data or ended; files and output
/// streams are always ready. It returns when at least one subscription is ready, with an event for each ready one.
/// </summary>
internal static class P1Poll
{
    private const int SubscriptionSize = 48, EventSize = 32;
    private const byte EventClock = 0, EventFdRead = 1, EventFdWrite = 2;
    private const int SubclockAbstime = 1;

    public static void Define(P1Definer d, WasiContext ctx, P1FdTable fds)
    {
        d.Define("poll_oneoff", "iiii", (m, a) =>
        {
            int input = a[0].I32, output = a[1].I32, count = a[2].I32;
            if (count == 0) throw new P1Exception(P1Errno.Inval);
            if ((uint)count > int.MaxValue / SubscriptionSize) throw new Trap(TrapCode.MemoryOutOfBounds);
            Aligned(input, 8);
            Aligned(output, 8);
            Bytes(m, input, count * SubscriptionSize);
            Bytes(m, output, count * EventSize);
            Bytes(m, a[3].I32, 4);
            var subs = new List<(ulong UserData, byte Type, P1Errno Error, Pollable Pollable, long Bytes)>();
            for (int i = 0; i < count; i++)
            {
                int at = input + i * SubscriptionSize;
                ulong userData = m.Read<ulong>((uint)at);
                byte tag = m.Read<byte>((uint)at + 8);
                switch (tag)
                {
                    case EventClock:
                    {
                        int id = m.Read<int>((uint)at + 16);
                        ulong timeout = m.Read<ulong>((uint)at + 24);
                        bool absolute = (m.Read<ushort>((uint)at + 40) & SubclockAbstime) != 0;
                        if (id is not (P1Environment.ClockRealtime or P1Environment.ClockMonotonic)) throw new P1Exception(P1Errno.Inval);
                        ulong now = P1Environment.Now(ctx, id);
                        ulong wait = absolute ? (timeout > now ? timeout - now : 0) : timeout;
                        ulong mono = ctx.MonotonicClock.Now();
                        ulong deadline = ulong.MaxValue - mono < wait ? ulong.MaxValue : mono + wait;
                        subs.Add((userData, tag, P1Errno.Success, new ClockPollable(ctx.MonotonicClock, deadline, ctx.Cancellation), 0));
                        break;
                    }
                    case EventFdRead:
                    case EventFdWrite:
                    {
                        int fd = m.Read<int>((uint)at + 16);
                        // A closed descriptor fails the whole call with badf (as wasmtime).
                        (P1Errno, Pollable, long) sub = fds.Get(fd) switch
                        {
                            P1Input input2 when tag == EventFdRead => (P1Errno.Success, new InputStreamPollable(input2.Stream), 0),
                            P1File f when tag == EventFdRead => (P1Errno.Success, new ReadyPollable(ctx.Cancellation), Remaining(f)),
                            P1Output when tag == EventFdWrite => (P1Errno.Success, new ReadyPollable(ctx.Cancellation), 0),
                            P1File when tag == EventFdWrite => (P1Errno.Success, new ReadyPollable(ctx.Cancellation), 0),
                            _ => throw new P1Exception(P1Errno.Badf),
                        };
                        subs.Add((userData, tag, sub.Item1, sub.Item2, sub.Item3));
                        break;
                    }
                    default:
                        throw new P1Exception(P1Errno.Inval);
                }
            }
            var pollables = new List<Pollable>(subs.Count);
            foreach (var s in subs) pollables.Add(s.Pollable);
            var ready = Poll.WaitAny(pollables, ctx.Cancellation);
            int written = 0;
            foreach (var index in ready)
            {
                var s = subs[(int)index];
                uint at = (uint)(output + written * EventSize);
                Bytes(m, (int)at, EventSize).Clear();
                m.Write(at, s.UserData);
                m.Write(at + 8, (ushort)s.Error);
                m.Write(at + 10, s.Type);
                if (s.Type != EventClock) m.Write(at + 16, s.Bytes);
                written++;
            }
            PutU32(m, a[3].I32, written);
            return P1Errno.Success;
        });
    }

    private static long Remaining(P1File f)
    {
        if (!f.Descriptor.CanRead || f.Descriptor.File is null) return 0;
        try { return Math.Max(0, RandomAccess.GetLength(f.Descriptor.File.SafeFileHandle) - f.Position); }
        catch (IOException) { return 0; }
    }
}

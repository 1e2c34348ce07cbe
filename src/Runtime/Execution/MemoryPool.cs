using System;
using System.Collections.Generic;

namespace WitBindgen.Runtime.Execution;

/// <summary>
/// Linear-memory reservations of disposed stores kept for new memories of the same engine
/// (<see cref="EngineOptions.MemoryPoolSize"/>), as Wasmtime's pooling allocator keeps warm memory slots: a server
/// making a store per request then maps, unmaps and faults in fresh pages far less often. A reservation comes back
/// reset (<see cref="NativeMemoryReservation.TryReset"/>: every byte reads as zero again) and goes to one memory at a
/// time; at most <see cref="Capacity"/> wait here, more are unmapped.
/// </summary>
internal sealed class MemoryPool
{
    /// <summary>Bytes of a returned memory zeroed in place and kept resident (the first wasm page, where guests keep
    /// their stack and data); the rest is decommitted and faults in zeroed pages when touched again.</summary>
    public const int KeepResident = 65536;

    private readonly Dictionary<ulong, Stack<NativeMemoryReservation>> _free = new();
    private int _count;

    public MemoryPool(int capacity) => Capacity = capacity;

    /// <summary>The most reservations kept.</summary>
    public int Capacity { get; }

    /// <summary>How many reservations wait for reuse now (tests read it).</summary>
    public int Count
    {
        get { lock (_free) return _count; }
    }

    /// <summary>A reset reservation of <paramref name="reserveBytes"/> from the pool, or a new one.</summary>
    public NativeMemoryReservation Rent(ulong reserveBytes)
    {
        lock (_free)
        {
            if (_free.TryGetValue(NativeMemoryReservation.SizeFor(reserveBytes), out var same) && same.Count > 0)
            {
                _count--;
                return same.Pop();
            }
        }
        return new NativeMemoryReservation(reserveBytes);
    }

    /// <summary>Takes back a reservation no memory uses any more: reset and kept, or unmapped when the pool is full.</summary>
    public void Return(NativeMemoryReservation reservation)
    {
        if (reservation.TryReset(KeepResident))
        {
            lock (_free)
            {
                if (_count < Capacity)
                {
                    if (!_free.TryGetValue(reservation.Reserved, out var same)) _free[reservation.Reserved] = same = new();
                    same.Push(reservation);
                    _count++;
                    return;
                }
            }
        }
        reservation.Dispose();
    }
}

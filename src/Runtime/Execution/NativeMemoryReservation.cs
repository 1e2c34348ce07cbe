using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace WitBindgen.Runtime.Execution;

/// <summary>
/// A fixed address range for a linear memory: reserved once (inaccessible), committed as it grows, so
/// the base never moves. Linux uses mmap/mprotect; elsewhere a zeroed allocation of the whole range. An engine keeps
/// released ranges for its next memories (<see cref="MemoryPool"/>).
/// </summary>
internal sealed unsafe class NativeMemoryReservation : IDisposable
{
    private const int ProtNone = 0, ProtReadWrite = 3;
    private const int MapPrivate = 0x02, MapAnonymous = 0x20, MapNoReserve = 0x4000;
    private const int MadvDontNeed = 4;

    private readonly nuint _reserved;
    private readonly bool _mapped;
    private nuint _committed;

    // A reservation costs the process two kernel mappings (the accessible start and the inaccessible rest). Linux caps
    // a process's mappings (vm.max_map_count, 65,530 by default); when they run out the .NET runtime itself cannot map
    // what it needs and the process dies with a fatal error instead of seeing an exception. So reservations stop while
    // this many mappings remain for everything else.
    private const int MappingsLeftForTheRuntime = 4096;
    private static readonly int s_maxLive = MaxLiveReservations();
    private static int s_live;

    public NativeMemoryReservation(ulong reserveBytes)
    {
        _reserved = (nuint)SizeFor(reserveBytes);
        if (OperatingSystem.IsLinux())
        {
            if (Interlocked.Increment(ref s_live) > s_maxLive)
            {
                Interlocked.Decrement(ref s_live);
                throw new OutOfMemoryException($"cannot reserve linear memory: {s_maxLive} linear memories are live in this process, " +
                    "the most the kernel's limit of memory mappings (vm.max_map_count) allows with room left for the runtime");
            }
            var p = mmap(IntPtr.Zero, _reserved, ProtNone, MapPrivate | MapAnonymous | MapNoReserve, -1, IntPtr.Zero);
            if (p == new IntPtr(-1))
            {
                Interlocked.Decrement(ref s_live);
                throw new OutOfMemoryException("cannot reserve linear memory address space");
            }
            Base = (byte*)p;
            _mapped = true;
        }
        else
        {
            Base = (byte*)NativeMemory.AllocZeroed(_reserved);
            _committed = _reserved;
            Pressure.Change((long)_committed);
        }
    }

    ~NativeMemoryReservation() => Release();

    /// <summary>The bytes a reservation asked for <paramref name="reserveBytes"/> spans.</summary>
    public static ulong SizeFor(ulong reserveBytes) => Math.Max(reserveBytes, 65536UL);

    public byte* Base { get; private set; }

    public ulong Reserved => _reserved;

    /// <summary>Makes the first <paramref name="bytes"/> accessible (zero-filled on first commit).</summary>
    public bool Commit(ulong bytes)
    {
        if (bytes > _reserved) return false;
        if (!_mapped || bytes <= _committed) return true;
        if (mprotect((IntPtr)(Base + _committed), (nuint)bytes - _committed, ProtReadWrite) != 0) return false;
        Pressure.Change((long)((nuint)bytes - _committed));
        _committed = (nuint)bytes;
        return true;
    }

    /// <summary>
    /// Makes the reservation read as freshly made, for the next memory taken from a <see cref="MemoryPool"/>: the first
    /// <paramref name="keepResident"/> committed bytes are zeroed in place and stay resident, the rest is given back to
    /// the kernel (its pages read as zeros when touched again) and made inaccessible again. False when the reservation
    /// cannot be reused (not mapped: it is then disposed instead).
    /// </summary>
    public bool TryReset(nuint keepResident)
    {
        if (!_mapped || Base == null) return false;
        var keep = Math.Min(_committed, keepResident);
        new Span<byte>(Base, checked((int)keep)).Clear();
        if (_committed > keep)
        {
            var rest = _committed - keep;
            if (madvise((IntPtr)(Base + keep), rest, MadvDontNeed) != 0 || mprotect((IntPtr)(Base + keep), rest, ProtNone) != 0) return false;
            Pressure.Change(-(long)rest);
            _committed = keep;
        }
        return true;
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        if (Base == null) return;
        if (_mapped)
        {
            munmap((IntPtr)Base, _reserved);
            Interlocked.Decrement(ref s_live);
        }
        else NativeMemory.Free(Base);
        if (_committed > 0) Pressure.Change(-(long)_committed);
        _committed = 0;
        Base = null;
    }

    /// <summary>
    /// Tells the GC about committed linear memory so that unreachable instances are collected (and unmapped) in time, but
    /// only beyond <see cref="Unreported"/> bytes live: each <see cref="GC.AddMemoryPressure"/> call can induce a full
    /// collection, which a server disposing each request's store (so far less is live at once) would otherwise pay
    /// every few dozen requests (docs/performance.md, serve).
    /// </summary>
    private static class Pressure
    {
        private const long Unreported = 64L << 20;
        private static readonly object s_lock = new();
        private static long s_live, s_reported;

        public static void Change(long delta)
        {
            long report;
            lock (s_lock)
            {
                s_live += delta;
                report = Math.Max(0, s_live - Unreported) - s_reported;
                s_reported += report;
            }
            if (report > 0) GC.AddMemoryPressure(report);
            else if (report < 0) GC.RemoveMemoryPressure(-report);
        }
    }

    private static int MaxLiveReservations()
    {
        int maxMappings = 65530;
        try
        {
            if (int.TryParse(File.ReadAllText("/proc/sys/vm/max_map_count").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var m)) maxMappings = m;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return Math.Max(16, (maxMappings - MappingsLeftForTheRuntime) / 2);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr mmap(IntPtr addr, nuint length, int prot, int flags, int fd, IntPtr offset);

    [DllImport("libc", SetLastError = true)]
    private static extern int mprotect(IntPtr addr, nuint length, int prot);

    [DllImport("libc", SetLastError = true)]
    private static extern int madvise(IntPtr addr, nuint length, int advice);

    [DllImport("libc", SetLastError = true)]
    private static extern int munmap(IntPtr addr, nuint length);
}

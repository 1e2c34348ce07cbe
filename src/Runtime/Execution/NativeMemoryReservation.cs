using System;
using System.Runtime.InteropServices;

namespace WitBindgen.Runtime.Execution;

/// <summary>
/// A fixed address range for a linear memory: reserved once (inaccessible), committed as it grows, so
/// the base never moves. Linux uses mmap/mprotect; elsewhere a zeroed allocation of the whole range.
/// </summary>
internal sealed unsafe class NativeMemoryReservation : IDisposable
{
    private const int ProtNone = 0, ProtReadWrite = 3;
    private const int MapPrivate = 0x02, MapAnonymous = 0x20, MapNoReserve = 0x4000;

    private readonly nuint _reserved;
    private readonly bool _mapped;
    private nuint _committed;

    public NativeMemoryReservation(ulong reserveBytes)
    {
        _reserved = (nuint)Math.Max(reserveBytes, 65536UL);
        if (OperatingSystem.IsLinux())
        {
            var p = mmap(IntPtr.Zero, _reserved, ProtNone, MapPrivate | MapAnonymous | MapNoReserve, -1, IntPtr.Zero);
            if (p == new IntPtr(-1)) throw new OutOfMemoryException("cannot reserve linear memory address space");
            Base = (byte*)p;
            _mapped = true;
        }
        else
        {
            Base = (byte*)NativeMemory.AllocZeroed(_reserved);
            _committed = _reserved;
            GC.AddMemoryPressure((long)_committed);
        }
    }

    ~NativeMemoryReservation() => Release();

    public byte* Base { get; private set; }

    public ulong Reserved => _reserved;

    /// <summary>Makes the first <paramref name="bytes"/> accessible (zero-filled on first commit).</summary>
    public bool Commit(ulong bytes)
    {
        if (bytes > _reserved) return false;
        if (!_mapped || bytes <= _committed) return true;
        if (mprotect((IntPtr)(Base + _committed), (nuint)bytes - _committed, ProtReadWrite) != 0) return false;
        // Tell the GC about the native memory so unreachable instances are collected (and unmapped) in time.
        GC.AddMemoryPressure((long)((nuint)bytes - _committed));
        _committed = (nuint)bytes;
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
        if (_mapped) munmap((IntPtr)Base, _reserved);
        else NativeMemory.Free(Base);
        if (_committed > 0) GC.RemoveMemoryPressure((long)_committed);
        _committed = 0;
        Base = null;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr mmap(IntPtr addr, nuint length, int prot, int flags, int fd, IntPtr offset);

    [DllImport("libc", SetLastError = true)]
    private static extern int mprotect(IntPtr addr, nuint length, int prot);

    [DllImport("libc", SetLastError = true)]
    private static extern int munmap(IntPtr addr, nuint length);
}

using System;
using System.Runtime.CompilerServices;
using WitBindgen.Runtime.Execution;
using WitBindgen.Runtime.Types;
using Core = WitBindgen.CoreWasm.Modules;

namespace WitBindgen.Runtime;

/// <summary>
/// A linear memory. Its address range is reserved once (the declared maximum, capped by the store's
/// limits), so <see cref="Grow"/> never moves the base and compiled code needs one unsigned bounds check.
/// </summary>
public sealed unsafe class Memory : Extern
{
    /// <summary>Bytes per page.</summary>
    public const int PageSize = 65536;

    // Read by compiled code: the fixed base and the current length in bytes.
    internal readonly byte* Base;
    internal ulong Length;

    private readonly NativeMemoryReservation _reservation;
    /// <summary>The most pages a 64-bit memory (memory64) grows to in this engine: 65535 (4 GiB - 64 KiB). Such a
    /// memory keeps the 32-bit backing store; its i64 addresses are narrowed onto the 32-bit path, which stays
    /// exact as long as the memory is below 4 GiB.</summary>
    public const uint MaxPages64 = 65535;

    private readonly Store _store;
    private uint _maxPages; // effective maximum (declared max capped by limits and reservation); 0 once released
    private bool _released;
    private readonly ulong? _declaredMax;
    private readonly bool _is64;

    /// <summary>Creates a memory of the given type in a store.</summary>
    /// <exception cref="ArgumentException">The minimum exceeds the store's limits.</exception>
    /// <exception cref="LinkException">The store holds <see cref="StoreLimits.MaxMemories"/> memories already, or the minimum
    /// would pass <see cref="StoreLimits.MaxTotalMemoryBytes"/>.</exception>
    public Memory(Store store, MemoryType type)
        : this(store ?? throw new ArgumentNullException(nameof(store)), (type ?? throw new ArgumentNullException(nameof(type))).Core)
    {
    }

    internal Memory(Store store, Core.MemoryType type)
    {
        var limits = store.Limits;
        var min = type.Limits.Min;
        _declaredMax = type.Limits.Max;
        _is64 = type.Limits.Is64;
        var cap = Math.Min(limits.MaxMemoryPages, _is64 ? MaxPages64 : Core.MemoryType.MaxPages);
        if (min > cap) throw new ArgumentException($"memory minimum size of {min} pages exceeds memory limits");
        var reservePages = type.Limits.Max is { } max ? (uint)Math.Min(max, cap) : Math.Min(cap, Math.Max((uint)min, limits.DefaultMemoryReservationPages));
        _maxPages = reservePages;
        store.AddMemory(min * PageSize);
        _store = store;
        try
        {
            _reservation = store.Engine.Memories?.Rent((ulong)reservePages * PageSize) ?? new NativeMemoryReservation((ulong)reservePages * PageSize);
        }
        catch
        {
            store.RemoveMemory(min * PageSize);
            throw;
        }
        try { store.Own(this); }
        catch
        {
            _reservation.Dispose();
            store.RemoveMemory(min * PageSize);
            throw;
        }
        Base = _reservation.Base;
        if (!_reservation.Commit((ulong)min * PageSize))
        {
            Length = min * PageSize; // what the store counted
            Release();
            throw new OutOfMemoryException("cannot commit linear memory");
        }
        Length = (ulong)min * PageSize;
    }

    /// <summary>Gives the memory back before its store is disposed (it belonged to a failed instantiation): it is uncounted
    /// and released, and reads as empty (any access traps, memory.grow returns -1) should something still reach it.</summary>
    internal void Release()
    {
        if (_released) return;
        _released = true;
        _store.RemoveMemory(Length);
        Length = 0;
        _maxPages = 0;
        _store.Release(this);
    }

    /// <summary>Gives the reservation back (to the engine's pool, or unmapped) once its store is done with it: this memory
    /// reads as empty from now on, so a handle kept after the store was disposed never sees the reservation's next user.</summary>
    internal void Free()
    {
        Length = 0;
        _maxPages = 0;
        if (_store.Engine.Memories is { } pool) pool.Return(_reservation);
        else _reservation.Dispose();
    }

    /// <summary>The current type (minimum = current size in pages).</summary>
    public MemoryType Type => new(Pages, _declaredMax, _is64);

    internal Core.MemoryType CoreType => new(new Core.Limits(Pages, _declaredMax, _is64));

    /// <summary>The current size in pages.</summary>
    public uint Pages => (uint)(Length / PageSize);

    /// <summary>The current size in bytes.</summary>
    public long ByteLength => (long)Length;

    /// <summary>The declared maximum in pages, if any.</summary>
    public ulong? DeclaredMaximum => _declaredMax;

    /// <summary>Whether this is a 64-bit memory (memory64: i64 addresses).</summary>
    public bool Is64 => _is64;

    /// <summary>Grows by <paramref name="deltaPages"/> pages in place; returns the old size in pages or -1 on failure.</summary>
    public int Grow(uint deltaPages)
    {
        var old = Pages;
        var target = (ulong)old + deltaPages;
        if (target > _maxPages) return -1;
        if (deltaPages != 0 && !_store.TryGrowMemory((ulong)deltaPages * PageSize)) return -1;
        if (!_reservation.Commit(target * PageSize))
        {
            _store.ShrinkMemory((ulong)deltaPages * PageSize);
            return -1;
        }
        Length = target * PageSize;
        return (int)old;
    }

    /// <summary>A span over <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    /// <exception cref="Trap">The range is out of bounds (<see cref="TrapCode.MemoryOutOfBounds"/>).</exception>
    public Span<byte> GetSpan(long offset, int length)
    {
        if (offset < 0 || length < 0 || (ulong)offset + (ulong)length > Length) throw new Trap(TrapCode.MemoryOutOfBounds);
        return new Span<byte>(Base + offset, length);
    }

    /// <summary>Reads an unmanaged value (little endian) at <paramref name="offset"/>.</summary>
    public T Read<T>(long offset) where T : unmanaged
    {
        if (offset < 0 || (ulong)offset + (ulong)sizeof(T) > Length) throw new Trap(TrapCode.MemoryOutOfBounds);
        return Unsafe.ReadUnaligned<T>(Base + offset);
    }

    /// <summary>Writes an unmanaged value (little endian) at <paramref name="offset"/>.</summary>
    public void Write<T>(long offset, T value) where T : unmanaged
    {
        if (offset < 0 || (ulong)offset + (ulong)sizeof(T) > Length) throw new Trap(TrapCode.MemoryOutOfBounds);
        Unsafe.WriteUnaligned(Base + offset, value);
    }

    /// <summary>The address of byte 0, stable for the memory's lifetime (the range is reserved once and never
    /// moves): for native interop over <see cref="ByteLength"/> bytes. Prefer <see cref="GetSpan"/>, which checks bounds.</summary>
    public IntPtr BaseAddress => (IntPtr)Base;

    internal bool IsCompatibleWith(Core.MemoryType expected) =>
        _is64 == expected.Limits.Is64 && Pages >= expected.Limits.Min
        && (expected.Limits.Max is not { } max || (_declaredMax is { } own && own <= max));
}

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace WitBindgen.Bindings.Abi;

/// <summary>
/// Linear-memory access for generated guest glue. In a wasm32 guest an ABI address is a native
/// pointer and allocation is malloc/free (the same allocator as <c>cabi_realloc</c>). The test
/// assembly (through InternalsVisibleTo, not public API) points the base at a pinned buffer and
/// replaces the allocator, so the same glue runs in-process against a test memory.
/// </summary>
public static unsafe class LinearMemory
{
    /// <summary>Start of linear memory (null in a wasm guest; a test buffer in-process). Internal: only the
    /// in-process glue tests set it.</summary>
    internal static byte* Base;

    /// <summary>Test hook replacing the allocator: (size, alignment) → address. Internal (tests only).</summary>
    internal static Func<int, int, int>? AllocHook;

    /// <summary>Test hook replacing free. Internal (tests only).</summary>
    internal static Action<int>? FreeHook;

    private static readonly List<int> Pending = new();

    /// <summary>A native pointer for an ABI address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte* Ptr(int address) => Base + (uint)address;

    /// <summary>The ABI address of a native pointer into linear memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Address(byte* pointer) => (int)(pointer - Base);

    /// <summary>Allocates <paramref name="size"/> bytes; the block is freed by <see cref="FreeTo"/>/<see cref="FreePending"/>.</summary>
    public static int AllocTemporary(int size, int alignment)
    {
        if (size == 0) return alignment;
        int address = Alloc(size, alignment);
        Pending.Add(address);
        return address;
    }

    /// <summary>Allocates a block the other side takes ownership of (or that the caller frees).</summary>
    public static int Alloc(int size, int alignment)
    {
        if (size == 0) return alignment;
        if (AllocHook is { } hook) return hook(size, alignment);
#if NET
        return Address((byte*)NativeMemory.AlignedAlloc((nuint)size, (nuint)alignment));
#else
        return Address((byte*)Marshal.AllocHGlobal(size));
#endif
    }

    /// <summary>Frees a block from <see cref="Alloc"/> or from the other side's <c>cabi_realloc</c>.</summary>
    public static void Free(int address, int size)
    {
        if (size == 0 || address == 0) return;
        if (FreeHook is { } hook) { hook(address); return; }
#if NET
        NativeMemory.AlignedFree(Ptr(address));
#else
        Marshal.FreeHGlobal((IntPtr)Ptr(address));
#endif
    }

    /// <summary>
    /// A mark to pass to <see cref="FreeTo"/> (imports free their temporary blocks after the call). Every
    /// generated import calls it first, so outside a wasm guest (an ordinary .NET process, where the
    /// imports have no component to call) it throws <see cref="PlatformNotSupportedException"/> instead of
    /// letting the glue write through a truncated pointer.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">The process is not a WebAssembly guest.</exception>
    public static int Mark()
    {
        if (Base == null && !IsWasmGuest) throw NotInGuest();
        return Pending.Count;
    }

    /// <summary>Whether this process runs as WebAssembly (wasm32), where guest imports are real core-wasm imports.</summary>
    internal static bool IsWasmGuest { get; } = DetectWasm();

    private static bool DetectWasm()
    {
#if NET
        return RuntimeInformation.ProcessArchitecture == Architecture.Wasm || OperatingSystem.IsWasi() || OperatingSystem.IsBrowser();
#else
        return IntPtr.Size == 4 && string.Equals(RuntimeInformation.ProcessArchitecture.ToString(), "Wasm", StringComparison.Ordinal);
#endif
    }

    private static PlatformNotSupportedException NotInGuest() => new(
        "WIT guest imports can only be called inside a WebAssembly component (a wasm32 guest such as NativeAOT-LLVM's wasi-wasm output). " +
        "This process runs on " + RuntimeInformation.ProcessArchitecture + "; to call a component from .NET, generate host bindings (Mode=\"host\") and run it on WitBindgen.Runtime.");

    /// <summary>Frees the temporary blocks allocated since <paramref name="mark"/>.</summary>
    public static void FreeTo(int mark)
    {
        for (int i = Pending.Count - 1; i >= mark; i--) Free(Pending[i], 1);
        Pending.RemoveRange(mark, Pending.Count - mark);
    }

    /// <summary>Frees every temporary block (an export's <c>cabi_post_*</c>).</summary>
    public static void FreePending() => FreeTo(0);

    /// <summary>Number of temporary blocks not yet freed (tests check for leaks).</summary>
    public static int PendingCount => Pending.Count;

    /// <summary>Writes <paramref name="value"/> as UTF-8 into a temporary block; returns its address and byte length.</summary>
    public static int LowerString(string value, out int byteLength)
    {
        byteLength = Encoding.UTF8.GetByteCount(value);
        int address = AllocTemporary(byteLength, 1);
        if (byteLength > 0)
            fixed (char* chars = value) Encoding.UTF8.GetBytes(chars, value.Length, Ptr(address), byteLength);
        return address;
    }

    /// <summary>Reads a UTF-8 string; frees the block when <paramref name="owned"/>.</summary>
    public static string LiftString(int address, int byteLength, bool owned)
    {
        var s = byteLength == 0 ? "" : Encoding.UTF8.GetString(Ptr(address), byteLength);
        if (owned) Free(address, byteLength);
        return s;
    }

    /// <summary>Copies numbers in one block into a temporary block (no per-element work).</summary>
    public static int LowerBlittable<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        int bytes = values.Length * sizeof(T);
        int address = AllocTemporary(bytes, sizeof(T));
        if (bytes > 0) MemoryMarshal.AsBytes(values).CopyTo(new Span<byte>(Ptr(address), bytes));
        return address;
    }

    /// <summary>Copies numbers out in one block; frees the block when <paramref name="owned"/>.</summary>
    public static T[] LiftBlittable<T>(int address, int length, bool owned) where T : unmanaged
    {
        var result = length == 0 ? Array.Empty<T>() : new T[length];
        if (length > 0) new ReadOnlySpan<T>(Ptr(address), length).CopyTo(result);
        if (owned) Free(address, length * sizeof(T));
        return result;
    }

    /// <summary>Reads a value at an address (little-endian, unaligned-safe).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load<T>(int address) where T : unmanaged => Unsafe.ReadUnaligned<T>(Ptr(address));

    /// <summary>Writes a value at an address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(int address, T value) where T : unmanaged => Unsafe.WriteUnaligned(Ptr(address), value);
}

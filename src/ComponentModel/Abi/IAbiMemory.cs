using System;

namespace WitBindgen.ComponentModel.Abi;

/// <summary>
/// A linear memory seen by the canonical ABI. <see cref="Span"/> is fetched again after every
/// <see cref="CanonicalOptions.Realloc"/> call because realloc may grow (and move) the memory.
/// </summary>
public interface IAbiMemory
{
    /// <summary>The current contents of the memory.</summary>
    Span<byte> Span { get; }
}

/// <summary>The canonical <c>realloc</c> option: <c>(old_ptr, old_size, align, new_size) -&gt; ptr</c>.</summary>
public delegate uint AbiRealloc(uint oldPtr, uint oldSize, uint alignment, uint newSize);

/// <summary>A growable memory backed by a managed array (hosts, tests).</summary>
public sealed class ArrayAbiMemory : IAbiMemory
{
    private byte[] _bytes;

    /// <summary>Creates a zeroed memory of <paramref name="size"/> bytes.</summary>
    public ArrayAbiMemory(int size) => _bytes = new byte[size];

    /// <summary>Wraps <paramref name="bytes"/> (not copied).</summary>
    public ArrayAbiMemory(byte[] bytes) => _bytes = bytes ?? throw new ArgumentNullException(nameof(bytes));

    /// <inheritdoc/>
    public Span<byte> Span => _bytes;

    /// <summary>The backing array (replaced when the memory grows).</summary>
    public byte[] Bytes => _bytes;

    /// <summary>Grows the memory to at least <paramref name="newSize"/> bytes, keeping contents.</summary>
    public void Grow(int newSize)
    {
        if (newSize <= _bytes.Length) return;
        Array.Resize(ref _bytes, newSize);
    }
}

namespace WitBindgen.CoreWasm.Modules;

/// <summary>Size limits of a memory (in 64 KiB pages) or a table (in elements).</summary>
/// <param name="Min">The minimum (initial) size.</param>
/// <param name="Max">The optional maximum size.</param>
/// <param name="Is64">Whether the memory or table is 64-bit (memory64): i64 addresses, u64 limits.</param>
internal readonly record struct Limits(ulong Min, ulong? Max, bool Is64 = false)
{
    /// <summary>The operand type of addresses, indices and sizes: i64 for a 64-bit memory or table, else i32.</summary>
    public ValueType IndexType => Is64 ? ValueType.I64 : ValueType.I32;

    /// <inheritdoc/>
    public override string ToString() =>
        (Is64 ? "i64 " : "") + (Max is { } max ? $"{Min} {max}" : Min.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>A table type: element reference type and limits.</summary>
internal sealed record TableType(ValueType ElementType, Limits Limits);

/// <summary>A memory type (unshared, 32- or 64-bit): limits in pages.</summary>
internal sealed record MemoryType(Limits Limits)
{
    /// <summary>Bytes per page.</summary>
    public const int PageSize = 65536;

    /// <summary>The largest page count of a 32-bit memory.</summary>
    public const uint MaxPages = 65536;

    /// <summary>The largest page count of a 64-bit memory (2^48 pages: 2^64 bytes).</summary>
    public const ulong MaxPages64 = 1UL << 48;
}

/// <summary>A global type: value type and mutability.</summary>
internal sealed record GlobalType(ValueType ValueType, bool Mutable);

namespace WitBindgen.Runtime;

/// <summary>Resource limits of a <see cref="Store"/>.</summary>
public sealed class StoreLimits
{
    /// <summary>The largest number of 64 KiB pages any memory may have (default 65536 = 4 GiB).</summary>
    public uint MaxMemoryPages { get; init; } = 65536;

    /// <summary>Address space reserved for a memory without a declared maximum, in pages (default 16384 = 1 GiB);
    /// such a memory cannot grow beyond it (memory.grow returns -1).</summary>
    public uint DefaultMemoryReservationPages { get; init; } = 16384;

    /// <summary>The largest number of elements any table may have (default 10,000,000).</summary>
    public uint MaxTableElements { get; init; } = 10_000_000;

    /// <summary>Default limits.</summary>
    public static StoreLimits Default { get; } = new();
}

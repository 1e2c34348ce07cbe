namespace WitBindgen.Runtime;

/// <summary>
/// Resource limits of a <see cref="Store"/>, as wasmtime's <c>StoreLimits</c>: per memory and per table, and for the
/// whole store (how many core instances, memories and tables it holds and how many bytes of linear memory they have
/// together). Every core instance counts, those a component's instantiation creates included. An instantiation that
/// would pass a limit fails with a <see cref="LinkException"/> naming it, and leaves the store as it was;
/// memory.grow and table.grow beyond a limit return -1.
/// </summary>
public sealed class StoreLimits
{
    /// <summary>The largest number of 64 KiB pages any memory may have (default 65536 = 4 GiB).</summary>
    public uint MaxMemoryPages { get; init; } = 65536;

    /// <summary>Address space reserved for a memory without a declared maximum, in pages (default 16384 = 1 GiB);
    /// such a memory cannot grow beyond it (memory.grow returns -1).</summary>
    public uint DefaultMemoryReservationPages { get; init; } = 16384;

    /// <summary>The largest number of elements any table may have (default 10,000,000).</summary>
    public uint MaxTableElements { get; init; } = 10_000_000;

    /// <summary>The most core instances the store may hold (default 10,000, as wasmtime's). A component instance counts
    /// one per core module it instantiates, nested components' included.</summary>
    public int MaxInstances { get; init; } = 10_000;

    /// <summary>The most linear memories the store may hold, defined by instances or created by the host (default 10,000).
    /// Imported memories are not counted again.</summary>
    public int MaxMemories { get; init; } = 10_000;

    /// <summary>The most tables the store may hold, defined by instances or created by the host (default 10,000).</summary>
    public int MaxTables { get; init; } = 10_000;

    /// <summary>The most bytes of linear memory all memories of the store may have together (their current sizes; default
    /// unlimited). Instantiation checks the memories' minimum sizes against it; a memory.grow that would pass it returns -1.</summary>
    public ulong MaxTotalMemoryBytes { get; init; } = ulong.MaxValue;

    /// <summary>Default limits.</summary>
    public static StoreLimits Default { get; } = new();
}

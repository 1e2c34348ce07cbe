namespace WitBindgen.CoreWasm.Modules;

/// <summary>Size limits of a memory (in 64 KiB pages) or a table (in elements).</summary>
/// <param name="Min">The minimum (initial) size.</param>
/// <param name="Max">The optional maximum size.</param>
internal readonly record struct Limits(uint Min, uint? Max)
{
    /// <inheritdoc/>
    public override string ToString() => Max is { } max ? $"{Min} {max}" : Min.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A table type: element reference type and limits.</summary>
internal sealed record TableType(ValueType ElementType, Limits Limits);

/// <summary>A memory type (32-bit, unshared): limits in pages.</summary>
internal sealed record MemoryType(Limits Limits)
{
    /// <summary>Bytes per page.</summary>
    public const int PageSize = 65536;

    /// <summary>The largest page count of a 32-bit memory.</summary>
    public const uint MaxPages = 65536;
}

/// <summary>A global type: value type and mutability.</summary>
internal sealed record GlobalType(ValueType ValueType, bool Mutable);

using System;

namespace WitBindgen.CoreWasm.Binary;

/// <summary>
/// A malformed module binary. <see cref="Exception.Message"/> starts with the spec interpreter's wording
/// (e.g. "unexpected end", "integer too large") followed by the section and byte offset.
/// </summary>
public sealed class WasmDecodeException : WasmException
{
    /// <summary>Creates the exception.</summary>
    public WasmDecodeException(string reason, string? section, int offset)
        : base(section is null ? $"{reason} (at offset 0x{offset:x})" : $"{reason} (in {section} section at offset 0x{offset:x})")
    {
        Reason = reason;
        Section = section;
        Offset = offset;
    }

    /// <summary>The spec wording of the problem (e.g. "unexpected end").</summary>
    public string Reason { get; }

    /// <summary>The section being decoded, or null for the header.</summary>
    public string? Section { get; }

    /// <summary>Byte offset of the problem in the module.</summary>
    public int Offset { get; }

    /// <summary>Whether the module uses a proposal this engine does not support (message "unsupported feature: X").</summary>
    public bool IsUnsupportedFeature => Reason.StartsWith("unsupported feature", StringComparison.Ordinal);

    /// <summary>
    /// Whether the unsupported feature is one no standard WebAssembly has: legacy exception handling (try, catch,
    /// delegate, rethrow; superseded by try_table) or stack switching (a proposal still in design). Reference
    /// validators (wasmparser's defaults) reject such modules; a standard proposal the engine lacks (GC,
    /// threads...) may be valid elsewhere.
    /// </summary>
    public bool IsNonStandardFeature => IsUnsupportedFeature
        && (Reason.StartsWith(UnsupportedPrefix + "legacy exception handling", StringComparison.Ordinal)
            || Reason.StartsWith(UnsupportedPrefix + "stack switching", StringComparison.Ordinal));

    private const string UnsupportedPrefix = "unsupported feature: ";
}

using System;

namespace WitBindgen.CoreWasm.Validation;

/// <summary>
/// An invalid module. <see cref="Exception.Message"/> starts with the spec's wording (e.g. "type mismatch",
/// "unknown local") followed by where it happened.
/// </summary>
public sealed class WasmValidationException : WasmException
{
    /// <summary>Creates the exception.</summary>
    public WasmValidationException(string reason, string? location, int offset)
        : base(location is null ? reason : $"{reason} (in {location} at offset 0x{offset:x})")
    {
        Reason = reason;
        Location = location;
        Offset = offset;
    }

    /// <summary>The spec wording of the problem.</summary>
    public string Reason { get; }

    /// <summary>Where (e.g. "function 3"), or null.</summary>
    public string? Location { get; }

    /// <summary>Byte offset in the module, when known (else 0).</summary>
    public int Offset { get; }
}

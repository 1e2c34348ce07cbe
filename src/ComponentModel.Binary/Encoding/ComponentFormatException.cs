using WitBindgen.CoreWasm;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// A component or module binary is malformed or invalid. <see cref="Offset"/> is the byte offset (from the start of
/// the outermost binary) where the problem was found and <see cref="Section"/> names the section being read, if any.
/// </summary>
public sealed class ComponentFormatException : WasmException
{
    /// <summary>Creates the exception.</summary>
    public ComponentFormatException(string problem, long offset, string? section = null)
        : base(section is null ? $"{problem} (at offset 0x{offset:x})" : $"{problem} (in {section} section, at offset 0x{offset:x})")
    {
        Problem = problem;
        Offset = offset;
        Section = section;
    }

    /// <summary>What is wrong, without location.</summary>
    public string Problem { get; }
    /// <summary>Byte offset of the problem.</summary>
    public long Offset { get; }
    /// <summary>Section being read, if known.</summary>
    public string? Section { get; }
}

namespace WitBindgen.ComponentModel.Abi;

/// <summary>The <c>string-encoding</c> canonical option.</summary>
public enum StringEncoding : byte
{
    /// <summary>UTF-8; length counts bytes.</summary>
    Utf8,
    /// <summary>UTF-16LE; length counts 16-bit code units, 2-byte aligned.</summary>
    Utf16,
    /// <summary>Latin-1, or UTF-16LE when the length's high bit (<see cref="CanonicalAbi.Utf16Tag"/>) is set; 2-byte aligned.</summary>
    Latin1Utf16,
}

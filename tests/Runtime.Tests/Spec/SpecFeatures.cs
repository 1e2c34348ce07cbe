using System;
using System.IO;

namespace WitBindgen.Runtime.Tests.Spec;

/// <summary>Which spec files exercise proposals this engine does not support (decided by file name).</summary>
internal static class SpecFeatures
{
    /// <summary>Whether SIMD files run (the engine's SIMD support comes after the rest).</summary>
    public static bool SimdEnabled { get; set; } = true;

    /// <summary>The reason to skip a whole file, or null to run it.</summary>
    public static string? FileSkipReason(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        if (stem.StartsWith("simd_", StringComparison.Ordinal))
        {
            return SimdEnabled ? null : "SIMD: later";
        }
        // Legacy exception handling (try/catch/delegate/rethrow), superseded by try_table, is not supported.
        if (stem is "rethrow" or "try_catch" or "try_delegate")
            return "feature legacy exceptions";
        return null;
    }
}

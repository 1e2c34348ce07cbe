using WitBindgen.ComponentModel.Text.Syntax;

namespace WitBindgen.ComponentModel.Text;

/// <summary>
/// The seam to the core module text assembler (written separately). Whoever provides it implements the partial
/// method in another file of this class:
/// <code>static partial void AssembleCore(WatList module, ref byte[]? bytes) => bytes = Core.CoreModuleAssembler.Assemble(module);</code>
/// Until then core module text is rejected with a <see cref="WatException"/>.
/// </summary>
internal static partial class CoreModuleHook
{
    static partial void AssembleCore(WatList module, ref byte[]? bytes);

    /// <summary>
    /// Test seam: a core assembler for the current thread, used when none is linked in (the differential tests
    /// let Wasmtime assemble core modules so the component parts can be compared before the core assembler exists).
    /// </summary>
    [System.ThreadStatic]
    internal static System.Func<WatList, byte[]>? ThreadFallback;

    /// <summary>Assembles a <c>(module ...)</c> list into a core module binary.</summary>
    public static byte[] Assemble(WatList module)
    {
        byte[]? bytes = null;
        AssembleCore(module, ref bytes);
        if (bytes is null && ThreadFallback is { } fallback) bytes = fallback(module);
        return bytes ?? throw module.Error("core module text is not supported yet");
    }
}

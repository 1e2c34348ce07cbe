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

    /// <summary>Assembles a <c>(module ...)</c> list into a core module binary.</summary>
    public static byte[] Assemble(WatList module)
    {
        byte[]? bytes = null;
        AssembleCore(module, ref bytes);
        return bytes ?? throw module.Error("core module text is not supported yet");
    }
}

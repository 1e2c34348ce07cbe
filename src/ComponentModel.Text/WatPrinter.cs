using System;
using WitBindgen.ComponentModel.Text.Printing;
using WitBindgen.CoreWasm;

namespace WitBindgen.ComponentModel.Text;

/// <summary>
/// Prints a core WebAssembly module binary as WebAssembly text (the inverse of <see cref="WatAssembler"/>):
/// assembling the printed text gives back the same bytes, except that the <c>name</c> section is rebuilt from the
/// function <c>$id</c>s the printer emits.
/// </summary>
public static class WatPrinter
{
    /// <summary>
    /// The text of the core module <paramref name="wasm"/>. Throws <see cref="WasmException"/> when the binary is
    /// malformed or uses a feature the module reader does not decode, and <see cref="NotSupportedException"/> for a
    /// component.
    /// </summary>
    public static string PrintModule(byte[] wasm)
    {
        if (wasm is null) throw new ArgumentNullException(nameof(wasm));
        if (Binary.ComponentReader.IsComponent(wasm))
            throw new NotSupportedException("printing a component as WebAssembly text is not supported yet");
        return CoreModulePrinter.Print(wasm);
    }
}

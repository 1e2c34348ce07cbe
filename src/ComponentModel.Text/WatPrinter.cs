using System;
using WitBindgen.ComponentModel.Text.Printing;
using WitBindgen.CoreWasm;

namespace WitBindgen.ComponentModel.Text;

/// <summary>
/// Prints a WebAssembly binary, core module or component, as WebAssembly text (the inverse of
/// <see cref="WatAssembler"/>): assembling the printed text gives back the same bytes, except where the binary uses
/// an encoding text cannot express (padded LEB128s, a core module's <c>name</c> subsections other than module and
/// function names, sections split or left empty; see the package README).
/// </summary>
public static class WatPrinter
{
    /// <summary>
    /// The text of <paramref name="wasm"/>, a core module or a component. Throws <see cref="WasmException"/> when the
    /// binary is malformed (a component is read without type-checking, so an invalid but well-formed one is still
    /// printed) and <see cref="NotSupportedException"/> for a core module using a feature the module reader does not
    /// decode (inside a component such a module is printed as <c>(core module binary ...)</c>).
    /// </summary>
    public static string Print(byte[] wasm)
    {
        if (wasm is null) throw new ArgumentNullException(nameof(wasm));
        return Binary.ComponentReader.IsComponent(wasm) ? ComponentPrinter.Print(wasm) : CoreModulePrinter.Print(wasm);
    }

    /// <summary>
    /// The text of the core module <paramref name="wasm"/>. Throws <see cref="WasmException"/> when the binary is
    /// malformed or uses a feature the module reader does not decode, and <see cref="NotSupportedException"/> for a
    /// component (<see cref="Print"/> prints both).
    /// </summary>
    public static string PrintModule(byte[] wasm)
    {
        if (wasm is null) throw new ArgumentNullException(nameof(wasm));
        if (Binary.ComponentReader.IsComponent(wasm))
            throw new NotSupportedException("PrintModule prints core modules; use WatPrinter.Print for a component");
        return CoreModulePrinter.Print(wasm);
    }
}

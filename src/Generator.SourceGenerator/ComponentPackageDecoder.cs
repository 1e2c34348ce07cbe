using WitBindgen.ComponentModel.Binary;
using WitBindgen.WitParser;

namespace WitBindgen.Generator.SourceGenerator;

/// <summary>
/// The loader's decoder for WIT packages encoded as components (<c>.wasm</c>, <c>.wat</c> in <c>deps/</c>). Only a call
/// reaches <see cref="WitPackageFiles"/>: the binary format, the text assembler and the core-wasm layer load when such a
/// file is present, not in every compilation of text WIT (SourceGeneratorWeightTests).
/// </summary>
internal static class ComponentPackageDecoder
{
    /// <summary>Options equal to <see cref="WitPackageFiles.Enable"/>'s defaults, built without touching its assembly.</summary>
    public static WitOptions Options { get; } = new() { PackageDecoder = Decode };

    private static DecodedWitPackage Decode(string path, byte[] contents) => WitPackageFiles.Decode(path, contents);
}

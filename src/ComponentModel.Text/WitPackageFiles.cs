using WitBindgen.WitParser;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Lets the WIT loader read packages encoded as components: <c>wit-bindgen component wit --wasm</c> output
/// (<c>.wasm</c>), its text form (<c>.wat</c>), as a path of their own or inside <c>deps/</c>.
/// </summary>
public static class WitPackageFiles
{
    /// <summary>Returns <paramref name="options"/> (or defaults) with <see cref="Decode"/> as the package decoder.</summary>
    public static WitOptions Enable(WitOptions? options = null) => new()
    {
        Features = options?.Features ?? new WitOptions().Features,
        AllFeatures = options?.AllFeatures ?? false,
        PackageDecoder = Decode,
    };

    /// <summary>
    /// Decodes one component-encoded WIT package. Throws <see cref="ComponentFormatException"/> for malformed
    /// binaries and for concrete components, which hold a world rather than a package, and
    /// <see cref="CoreWasm.Text.WatException"/> for malformed text.
    /// </summary>
    public static DecodedWitPackage Decode(string path, byte[] contents)
    {
        var bytes = Text.WatAssembler.ToBinary(contents, path);
        var decoded = WitBinaryDecoder.Decode(bytes);
        if (decoded.IsComponent)
            throw new ComponentFormatException("found an actual component instead of an encoded WIT package in wasm", 0);
        return new DecodedWitPackage(decoded.Resolve, decoded.Packages[0]);
    }
}

using WitBindgen.CoreWasm.Binary;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>Readers over component binaries: the one core-wasm <see cref="WasmReader"/>, reporting problems as
/// <see cref="ComponentFormatException"/>.</summary>
internal static class ComponentBytes
{
    /// <summary>Makes a <see cref="ComponentFormatException"/> for a reader problem.</summary>
    public static readonly WasmReader.ErrorFactory Errors = (reason, section, offset) => new ComponentFormatException(reason, offset, section);

    /// <summary>A reader over <paramref name="bytes"/>[<paramref name="start"/>..<paramref name="end"/>) (-1: to the end).</summary>
    public static WasmReader Reader(byte[] bytes, int start = 0, int end = -1) =>
        new(bytes, start, end, Errors) { EndMessage = "unexpected end of data" };
}

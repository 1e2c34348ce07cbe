using System.IO;
using WitBindgen.ComponentModel.Text;

namespace WitBindgen.Cli.Commands;

/// <summary>Reads a module or component given as binary (<c>.wasm</c>) or text (<c>.wat</c>): text is assembled.</summary>
internal static class WasmInput
{
    /// <summary>The binary; throws <see cref="WatException"/> for malformed text and IO exceptions for unreadable files.</summary>
    public static byte[] Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bool binary = bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == (byte)'a' && bytes[2] == (byte)'s' && bytes[3] == (byte)'m';
        return binary ? bytes : WatAssembler.Assemble(bytes, path);
    }
}

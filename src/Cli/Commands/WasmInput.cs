using System.IO;
using WitBindgen.ComponentModel.Text;

namespace WitBindgen.Cli.Commands;

/// <summary>
/// Reads a module or component given as binary (<c>.wasm</c>) or text (<c>.wat</c>): text, recognised by its first
/// token opening an s-expression, is assembled; anything else is passed on for the binary reader to judge.
/// </summary>
internal static class WasmInput
{
    /// <summary>The binary; throws <see cref="WatException"/> for malformed text and IO exceptions for unreadable files.</summary>
    public static byte[] Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return IsText(bytes) ? WatAssembler.Assemble(bytes, path) : bytes;
    }

    private static bool IsText(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') continue;
            return b is (byte)'(' or (byte)';';
        }
        return false;
    }
}

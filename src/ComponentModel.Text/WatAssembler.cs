using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Text.Component;
using WitBindgen.CoreWasm.Text.Syntax;
using WitBindgen.CoreWasm.Text;

namespace WitBindgen.ComponentModel.Text;

/// <summary>
/// Assembles WebAssembly text (WAT) into a binary: a <c>(component ...)</c> into a component, a
/// <c>(module ...)</c> (or bare module fields) into a core module.
/// </summary>
public static class WatAssembler
{
    /// <summary>
    /// Assembles <paramref name="text"/>. Throws <see cref="WatException"/> (with <paramref name="path"/>, line
    /// and column) when the text is malformed or uses something not supported.
    /// </summary>
    public static byte[] Assemble(string text, string? path = null) => Guard(() => AssembleText(text, path), path);

    private static byte[] Guard(Func<byte[]> assemble, string? path) =>
        CoreWat.Guard(assemble, path, e => e is ComponentFormatException);

    /// <summary>
    /// Assembles UTF-8 text (a <c>.wat</c> file's bytes); bytes that are not well-formed UTF-8 are reported as
    /// "malformed UTF-8 encoding" with their position.
    /// </summary>
    public static byte[] Assemble(byte[] utf8Text, string? path = null) => Guard(() => AssembleNodes(WatReader.Read(utf8Text, path), path), path);

    /// <summary>
    /// A module or component file's bytes as binary: text (its first token, after blanks, opens an s-expression or a
    /// comment) is assembled; anything else is returned unchanged for a binary reader to judge.
    /// </summary>
    public static byte[] ToBinary(byte[] contents, string? path = null) => CoreWat.IsText(contents) ? Assemble(contents, path) : contents;

    private static byte[] AssembleText(string text, string? path) => AssembleNodes(WatReader.Read(text, path), path);

    private static byte[] AssembleNodes(IReadOnlyList<WatNode> nodes, string? path)
    {
        if (nodes.Count == 1 && nodes[0] is WatList { Head: "component" } component) return ComponentTextAssembler.Assemble(component);
        // A module, or bare module fields: `(func ...) (memory 1)` is a module.
        return CoreWat.AssembleNodes(nodes, path, "`(component ...)` or `(module ...)`");
    }
}

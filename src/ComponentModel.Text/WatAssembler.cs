using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Text.Component;
using WitBindgen.ComponentModel.Text.Syntax;

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

    private static byte[] Guard(Func<byte[]> assemble, string? path)
    {
        try
        {
            return assemble();
        }
        catch (WatException)
        {
            throw;
        }
        catch (InsufficientExecutionStackException)
        {
            throw new WatException("nesting too deep", path, 1, 1);
        }
        catch (Exception e) when (e is ComponentFormatException or ArgumentException or InvalidOperationException or OverflowException or FormatException)
        {
            // Embedded binaries that do not parse, and any case the assembler did not foresee, still surface as WatException.
            throw new WatException($"cannot assemble: {e.Message}", path, 1, 1);
        }
    }

    /// <summary>
    /// Assembles UTF-8 text (a <c>.wat</c> file's bytes); bytes that are not well-formed UTF-8 are reported as
    /// "malformed UTF-8 encoding" with their position.
    /// </summary>
    public static byte[] Assemble(byte[] utf8Text, string? path = null) => Guard(() => AssembleNodes(WatReader.Read(utf8Text, path), path), path);

    /// <summary>
    /// A module or component file's bytes as binary: text (its first token, after blanks, opens an s-expression or a
    /// comment) is assembled; anything else is returned unchanged for a binary reader to judge.
    /// </summary>
    public static byte[] ToBinary(byte[] contents, string? path = null) => IsText(contents) ? Assemble(contents, path) : contents;

    private static bool IsText(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') continue;
            return b is (byte)'(' or (byte)';';
        }
        return false;
    }

    private static byte[] AssembleText(string text, string? path) => AssembleNodes(WatReader.Read(text, path), path);

    private static byte[] AssembleNodes(IReadOnlyList<WatNode> nodes, string? path)
    {
        if (nodes.Count == 0) throw new WatException("expected `(component ...)` or `(module ...)`", path, 1, 1);
        if (nodes.Count == 1 && nodes[0] is WatList list)
        {
            switch (list.Head)
            {
                case "component":
                    return ComponentTextAssembler.Assemble(list);
                case "module":
                    return AssembleModule(list);
            }
        }
        // Bare module fields: `(func ...) (memory 1)` is a module.
        foreach (var node in nodes)
        {
            if (node is not WatList l || l.Head is "component" or "module" || (l.Head is null && l.AnnotationName is null))
                throw node.Error("expected a single `(component ...)` or `(module ...)`");
        }
        var first = nodes[0];
        var items = new List<WatNode> { new WatAtom(first.Span, WatAtomKind.Keyword, "module") };
        items.AddRange(nodes);
        return AssembleModule(new WatList(first.Span, items, nodes[nodes.Count - 1].Span));
    }

    private static byte[] AssembleModule(WatList module)
    {
        var c = WatCursor.Inside(module);
        c.TryId();
        bool binary = c.TryKeyword("binary");
        if (binary || c.TryKeyword("quote"))
        {
            var bytes = new List<byte>();
            while (!c.AtEnd) bytes.AddRange(c.ExpectString().StringBytes!);
            if (binary) return bytes.ToArray();
            // Quoted text is the module's fields.
            var quoted = WatReader.Read(WatReader.Wrap("module", bytes.ToArray()), module.Span.Path);
            if (quoted.Count != 1 || quoted[0] is not WatList inner) throw module.Error("malformed quoted module");
            return Core.CoreModuleAssembler.Assemble(inner);
        }
        return Core.CoreModuleAssembler.Assemble(module);
    }
}

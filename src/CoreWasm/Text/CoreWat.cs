using System;
using System.Collections.Generic;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.CoreWasm.Text;

/// <summary>
/// Core module text to binary, for every stage (the engine, the CLI, tests) without the component assembler: a
/// <c>(module ...)</c>, <c>(module binary ...)</c>, <c>(module quote ...)</c> or bare module fields. Bad input
/// raises <see cref="WatException"/> (<c>path:line:column: problem</c>), never another exception. The component
/// text assembler (ComponentModel.Text's <c>WatAssembler</c>) hands modules and its own guard to this class.
/// </summary>
internal static class CoreWat
{
    /// <summary>Assembles a core module from text.</summary>
    public static byte[] Assemble(string text, string? path = null) => Guard(() => AssembleNodes(WatReader.Read(text, path), path), path);

    /// <summary>Assembles a core module from UTF-8 text (a <c>.wat</c> file's bytes); bytes that are not
    /// well-formed UTF-8 are reported as "malformed UTF-8 encoding" with their position.</summary>
    public static byte[] Assemble(byte[] utf8Text, string? path = null) => Guard(() => AssembleNodes(WatReader.Read(utf8Text, path), path), path);

    /// <summary>A module file's bytes as binary: text is assembled, anything else returned unchanged.</summary>
    public static byte[] ToBinary(byte[] contents, string? path = null) => IsText(contents) ? Assemble(contents, path) : contents;

    /// <summary>Whether a file's first token, after blanks, opens an s-expression or a comment.</summary>
    public static bool IsText(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') continue;
            return b is (byte)'(' or (byte)';';
        }
        return false;
    }

    /// <summary>Runs an assembly step so that only <see cref="WatException"/> escapes: too deep nesting, and any case
    /// the assembler did not foresee (or <paramref name="alsoWrap"/> names, e.g. an embedded binary that does not
    /// parse), become one at the start of the text.</summary>
    public static byte[] Guard(Func<byte[]> assemble, string? path, Func<Exception, bool>? alsoWrap = null)
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
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or FormatException || alsoWrap?.Invoke(e) == true)
        {
            throw new WatException($"cannot assemble: {e.Message}", path, 1, 1);
        }
    }

    /// <summary>A top level of one <c>(module ...)</c> or of bare module fields (<c>(func ...) (memory 1)</c>);
    /// <paramref name="expected"/> names what the caller accepts, for the errors.</summary>
    public static byte[] AssembleNodes(IReadOnlyList<WatNode> nodes, string? path, string expected = "`(module ...)`")
    {
        if (nodes.Count == 0) throw new WatException($"expected {expected}", path, 1, 1);
        if (nodes.Count == 1 && nodes[0] is WatList { Head: "module" } list) return AssembleModule(list);
        foreach (var node in nodes)
        {
            if (node is not WatList l || l.Head is "component" or "module" || (l.Head is null && l.AnnotationName is null))
                throw node.Error($"expected a single {expected}");
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
            return CoreModuleAssembler.Assemble(inner);
        }
        return CoreModuleAssembler.Assemble(module);
    }
}

using System;
using WitBindgen.CoreWasm.Binary;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.CoreWasm.Text;

/// <summary>
/// The core WebAssembly text format assembler: a <c>(module ...)</c> (or <c>(core module ...)</c> inside a
/// component) -> core module binary, byte-identical to the reference assembler (the Rust <c>wat</c> crate)
/// including its name section. Covers WebAssembly 2.0, fixed-width and relaxed SIMD, extended constant
/// expressions, multiple memories, tail calls, typed function references, GC types and instructions, and
/// exception handling with <c>try_table</c>; errors are <see cref="WatException"/>s at the offending node.
/// </summary>
internal static class CoreModuleAssembler
{
    public static byte[] Assemble(WatList module)
    {
        try
        {
            return AssembleList(module);
        }
        catch (InsufficientExecutionStackException)
        {
            throw module.Error("nesting too deep");
        }
    }

    private static byte[] AssembleList(WatList module)
    {
        var c = new CoreCursor(module, 0);
        if (c.TakeKeyword("core"))
        {
            if (!c.TakeKeyword("module")) throw c.Error("expected `module`");
        }
        else if (!c.TakeKeyword("module")) throw c.Error("expected (module ...)");
        var id = c.TakeId();

        if (c.TakeKeyword("binary"))
        {
            var bytes = new WasmWriter();
            while (!c.AtEnd)
            {
                var s = c.ExpectString("a string");
                bytes.Bytes(s.StringBytes ?? Encoding.UTF8.GetBytes(s.Text));
            }
            return bytes.ToArray();
        }
        if (c.TakeKeyword("quote"))
        {
            // The quoted text is either a whole `(module ...)` or the fields of one.
            var text = new StringBuilder();
            while (!c.AtEnd) text.Append(c.ExpectString("a string").Text).Append(' ');
            var forms = WatReader.Read(text.ToString(), module.Span.Path);
            if (forms.Count == 1 && forms[0] is WatList { Head: "module" } whole) return AssembleList(whole);
            forms = WatReader.Read("(module " + text + ")", module.Span.Path);
            if (forms.Count != 1) throw forms[forms.Count - 1].Error("unexpected token after the quoted module");
            return AssembleList((WatList)forms[0]);
        }

        var stripped = StripAnnotations(module, keepCustom: true);
        return CoreModuleEncoder.Encode(CoreModuleParser.Parse(stripped, c.Pos, id));
    }

    /// <summary>Drops annotations (other than a module's <c>@custom</c> sections), which carry no meaning here.</summary>
    private static WatList StripAnnotations(WatList list, bool keepCustom)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        List<WatNode>? items = null;
        for (int i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            WatNode? replacement = item;
            if (item is WatList child)
            {
                if (child.AnnotationName is { } name) replacement = keepCustom && name == "custom" ? child : null;
                else replacement = StripAnnotations(child, false);
            }
            if (items is null && !ReferenceEquals(replacement, item))
            {
                items = new List<WatNode>(list.Items.Count);
                for (int j = 0; j < i; j++) items.Add(list.Items[j]);
            }
            if (items is not null && replacement is not null) items.Add(replacement);
        }
        return items is null ? list : new WatList(list.Span, items, list.End);
    }
}

using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;

namespace WitBindgen.CoreWasm.Text;

/// <summary>
/// The <c>name</c> custom section from the module's <c>$id</c>s, laid out as the reference assembler does:
/// module, functions, locals, labels, types, tables, memories, globals, elems, datas.
/// </summary>
internal static class CoreNameSection
{
    public static WasmWriter? Encode(CoreModule m, List<(uint Func, List<string?> Names)> locals, List<(uint Func, List<(uint, string)> Names)> labels)
    {
        var body = new WasmWriter();
        bool any = false;
        if (m.Id is { } id)
        {
            var sub = new WasmWriter();
            sub.Name(id.Text);
            Subsection(body, 0, sub);
            any = true;
        }
        any |= Map(body, 1, m.Funcs.Names);
        if (locals.Count > 0)
        {
            var sub = new WasmWriter();
            sub.U32((uint)locals.Count);
            foreach (var (func, names) in locals)
            {
                sub.U32(func);
                NameMap(sub, names);
            }
            Subsection(body, 2, sub);
            any = true;
        }
        if (labels.Count > 0)
        {
            var sub = new WasmWriter();
            sub.U32((uint)labels.Count);
            foreach (var (func, names) in labels)
            {
                sub.U32(func);
                sub.U32((uint)names.Count);
                foreach (var (index, name) in names)
                {
                    sub.U32(index);
                    sub.Name(name);
                }
            }
            Subsection(body, 3, sub);
            any = true;
        }
        any |= Map(body, 4, m.Types.Names);
        any |= Map(body, 5, m.Tables.Names);
        any |= Map(body, 6, m.Memories.Names);
        any |= Map(body, 7, m.Globals.Names);
        any |= Map(body, 8, m.Elems.Names);
        any |= Map(body, 9, m.Datas.Names);
        if (m.FieldNames.Count > 0)
        {
            var sub = new WasmWriter();
            sub.U32((uint)m.FieldNames.Count);
            foreach (var (type, names) in m.FieldNames)
            {
                sub.U32(type);
                NameMap(sub, names);
            }
            Subsection(body, 10, sub);
            any = true;
        }
        any |= Map(body, 11, m.Tags.Names);
        if (m.TypeParamNames.Count > 0)
        {
            // Subsection 12: parameter names of function types.
            var sub = new WasmWriter();
            sub.U32((uint)m.TypeParamNames.Count);
            foreach (var (type, names) in m.TypeParamNames)
            {
                sub.U32(type);
                NameMap(sub, names);
            }
            Subsection(body, 12, sub);
            any = true;
        }
        if (!any) return null;
        var section = new WasmWriter();
        section.Name("name");
        section.Bytes(body);
        return section;
    }

    private static bool Map(WasmWriter body, byte id, List<string?> names)
    {
        if (!names.Exists(n => n is not null)) return false;
        var sub = new WasmWriter();
        NameMap(sub, names);
        Subsection(body, id, sub);
        return true;
    }

    private static void NameMap(WasmWriter w, List<string?> names)
    {
        uint count = 0;
        foreach (var n in names) if (n is not null) count++;
        w.U32(count);
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] is not { } name) continue;
            w.U32((uint)i);
            w.Name(name);
        }
    }

    private static void Subsection(WasmWriter body, byte id, WasmWriter contents)
    {
        body.Byte(id);
        body.U32((uint)contents.Length);
        body.Bytes(contents);
    }
}

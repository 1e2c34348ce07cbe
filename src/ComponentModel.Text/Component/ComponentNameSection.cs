using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;
using System.Linq;
using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.ComponentModel.Text.Component;

/// <summary>
/// The <c>component-name</c> custom section: the component's own name (subsection 0) and one name map per sort
/// (subsection 1), in the order the reference assembler writes them, for items that have a <c>$id</c>.
/// </summary>
internal static class ComponentNameSection
{
    private static readonly Sort[] Order =
    {
        Sort.CoreFunc, Sort.CoreTable, Sort.CoreMemory, Sort.CoreGlobal, Sort.CoreTag, Sort.CoreType, Sort.CoreModule,
        Sort.CoreInstance, Sort.Func, Sort.Value, Sort.Type, Sort.Component, Sort.Instance,
    };

    /// <summary>
    /// Reads a <c>component-name</c> section's content back into the component's name and the (sort, index, name)
    /// entries; null when it is not in the layout <see cref="Build"/> writes (unknown subsections, trailing bytes).
    /// </summary>
    public static (string? Component, List<(Sort Sort, uint Index, string Name)> Names)? TryRead(byte[] data)
    {
        try
        {
            var r = ComponentBytes.Reader(data);
            string? component = null;
            var names = new List<(Sort, uint, string)>();
            while (!r.AtEnd)
            {
                byte id = r.ReadByte();
                uint size = r.ReadU32();
                if (size > r.Remaining) return null;
                var s = r.Sub((int)size);
                if (id == 0) component = s.ReadName();
                else if (id == 1)
                {
                    var sort = SortCodes.Read(s);
                    uint count = s.ReadU32();
                    for (uint i = 0; i < count; i++) names.Add((sort, s.ReadU32(), s.ReadName()));
                }
                else return null;
                if (!s.AtEnd) return null;
            }
            return (component, names);
        }
        catch (CoreWasm.WasmException)
        {
            return null;
        }
    }

    public static CustomSection? Build(string? componentName, IReadOnlyList<(Sort Sort, uint Index, string Name)> names)
    {
        if (componentName is null && names.Count == 0) return null;
        var w = new WasmWriter();
        if (componentName is not null) w.Section(0, s => s.Name(componentName));
        foreach (var sort in Order)
        {
            var map = names.Where(n => n.Sort == sort).OrderBy(n => n.Index).ToList();
            if (map.Count == 0) continue;
            w.Section(1, s =>
            {
                SortCodes.Write(s, sort);
                s.U32((uint)map.Count);
                foreach (var (_, index, name) in map) s.U32(index).Name(name);
            });
        }
        return new CustomSection(0, "component-name", w.ToArray());
    }
}

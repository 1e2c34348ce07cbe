using System;
using System.Collections.Generic;
using System.Linq;

namespace WitBindgen.ComponentModel.Tests.Text.Core;

/// <summary>Splits a core module binary into its sections, to compare modules without their custom sections.</summary>
internal static class CoreSections
{
    /// <summary>(id, contents) of each section; null when the bytes are not a well-formed section sequence.</summary>
    public static List<(byte Id, byte[] Contents)>? Split(byte[] module)
    {
        if (module.Length < 8) return null;
        var sections = new List<(byte, byte[])>();
        int pos = 8;
        while (pos < module.Length)
        {
            byte id = module[pos++];
            ulong size = 0;
            int shift = 0;
            while (true)
            {
                if (pos >= module.Length || shift > 35) return null;
                byte b = module[pos++];
                size |= (ulong)(b & 0x7F) << shift;
                shift += 7;
                if ((b & 0x80) == 0) break;
            }
            if (size > (ulong)(module.Length - pos)) return null;
            sections.Add((id, module.AsSpan(pos, (int)size).ToArray()));
            pos += (int)size;
        }
        return sections;
    }

    /// <summary>The module without custom sections (id 0).</summary>
    public static List<(byte Id, byte[] Contents)>? NonCustom(byte[] module) => Split(module)?.Where(s => s.Id != 0).ToList();

    /// <summary>The first section that differs ("type", "code", "missing data", ...), or null when equal.</summary>
    public static string? FirstDifference(byte[] ours, byte[] reference)
    {
        if (ours.AsSpan().SequenceEqual(reference)) return null;
        var a = NonCustom(ours);
        var b = NonCustom(reference);
        if (a is null || b is null) return a is null ? "ours: malformed sections" : "reference: malformed sections";
        if (ours.Length < 8 || !ours.AsSpan(0, 8).SequenceEqual(reference.AsSpan(0, 8))) return "header";
        for (int i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            if (i >= a.Count) return "ours lacks " + Name(b[i].Id);
            if (i >= b.Count) return "ours has extra " + Name(a[i].Id);
            if (a[i].Id != b[i].Id) return $"section order: ours {Name(a[i].Id)}, reference {Name(b[i].Id)}";
            if (!a[i].Contents.AsSpan().SequenceEqual(b[i].Contents)) return Name(a[i].Id) + " at byte " + FirstMismatch(a[i].Contents, b[i].Contents);
        }
        return null;
    }

    private static int FirstMismatch(byte[] a, byte[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return n;
    }

    public static string Name(byte id) => id switch
    {
        0 => "custom", 1 => "type", 2 => "import", 3 => "function", 4 => "table", 5 => "memory", 6 => "global",
        7 => "export", 8 => "start", 9 => "element", 10 => "code", 11 => "data", 12 => "datacount", 13 => "tag",
        _ => "section " + id,
    };
}

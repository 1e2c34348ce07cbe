using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>
/// The small core modules a componentized module is wired with: the shim (trampolines through a funcref table so
/// that modules can be instantiated before the functions they import exist), the fixup (fills that table once they
/// do), a page-granular <c>cabi_realloc</c> built on <c>memory.grow</c> for adapters whose main module has none, and the
/// memory of a main module that imports it.
/// </summary>
internal static class HelperModules
{
    public const string TableName = "$imports";
    private const int PageSize = 65536;

    /// <summary>A module exporting functions "0".."n-1" that call_indirect through the exported table.</summary>
    public static byte[] Shim(IReadOnlyList<CoreSignature> signatures)
    {
        var w = Header();
        TypeSection(w, signatures);
        w.Section(3, s => { s.U32((uint)signatures.Count); for (int i = 0; i < signatures.Count; i++) s.U32((uint)i); });
        w.Section(4, s => { s.U32(1).Byte(0x70).Byte(0x01).U32((uint)signatures.Count).U32((uint)signatures.Count); });
        w.Section(7, s =>
        {
            s.U32((uint)signatures.Count + 1);
            for (int i = 0; i < signatures.Count; i++) s.Name(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Byte(0).U32((uint)i);
            s.Name(TableName).Byte(1).U32(0);
        });
        w.Section(10, s =>
        {
            s.U32((uint)signatures.Count);
            for (int i = 0; i < signatures.Count; i++)
            {
                var body = new WasmWriter().U32(0);
                for (int p = 0; p < signatures[i].Params.Length; p++) body.Byte(0x20).U32((uint)p);
                body.Byte(0x41).S64(i).Byte(0x11).U32((uint)i).U32(0).Byte(0x0b);
                s.U32((uint)body.Length).Append(body);
            }
        });
        return w.ToArray();
    }

    /// <summary>A module importing the shim's table and the real functions and writing them into the table.</summary>
    public static byte[] Fixup(IReadOnlyList<CoreSignature> signatures)
    {
        var w = Header();
        TypeSection(w, signatures);
        w.Section(2, s =>
        {
            s.U32((uint)signatures.Count + 1);
            s.Name("").Name(TableName).Byte(1).Byte(0x70).Byte(0x01).U32((uint)signatures.Count).U32((uint)signatures.Count);
            for (int i = 0; i < signatures.Count; i++) s.Name("").Name(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Byte(0).U32((uint)i);
        });
        w.Section(9, s =>
        {
            s.U32(1).U32(0).Byte(0x41).S64(0).Byte(0x0b).U32((uint)signatures.Count);
            for (int i = 0; i < signatures.Count; i++) s.U32((uint)i);
        });
        return w.ToArray();
    }

    /// <summary>
    /// A module importing <c>env.memory</c> and exporting <c>cabi_realloc</c> that only serves fresh one-page
    /// allocations, each by growing the memory (what an adapter needs for its state when the main module has no
    /// allocator).
    /// </summary>
    public static byte[] MemoryGrowRealloc()
    {
        var w = Header();
        w.Section(1, s => s.U32(1).Byte(0x60).U32(4).Byte(0x7f).Byte(0x7f).Byte(0x7f).Byte(0x7f).U32(1).Byte(0x7f));
        w.Section(2, s => s.U32(1).Name("env").Name("memory").Byte(2).Byte(0).U32(0));
        w.Section(3, s => s.U32(1).U32(0));
        w.Section(7, s => s.U32(1).Name("cabi_realloc").Byte(0).U32(0));
        w.Section(10, s =>
        {
            var b = new WasmWriter().U32(1).U32(1).Byte(0x7f);
            TrapUnless(b, 0, 0);
            TrapUnless(b, 1, 0);
            TrapUnless(b, 3, PageSize);
            b.Byte(0x41).S64(1).Byte(0x40).Byte(0x00).Byte(0x22).U32(4);
            b.Byte(0x41).S64(-1).Byte(0x46).Byte(0x04).Byte(0x40).Byte(0x00).Byte(0x0b);
            b.Byte(0x20).U32(4).Byte(0x41).S64(16).Byte(0x74).Byte(0x0b);
            s.U32(1).U32((uint)b.Length).Append(b);
        });
        return w.ToArray();
    }

    /// <summary>The export name of <see cref="Memory"/>'s memory.</summary>
    public const string MemoryName = "$memory";

    /// <summary>
    /// A module defining a linear memory of type <paramref name="memoryType"/> (limits as in a memory import) and exporting
    /// it as <see cref="MemoryName"/>: the memory of a main module that imports its memory.
    /// </summary>
    public static byte[] Memory(byte[] memoryType)
    {
        var w = Header();
        w.Section(5, s => s.U32(1).Bytes(memoryType));
        w.Section(7, s => s.U32(1).Name(MemoryName).Byte(2).U32(0));
        return w.ToArray();
    }

    /// <summary>
    /// A module whose start function calls the imported <c>""._initialize</c>: instantiated once everything is wired,
    /// it runs a reactor's initialization (static constructors, libc set-up) before any export is called.
    /// </summary>
    public static byte[] InitializeCaller()
    {
        var w = Header();
        w.Section(1, s => s.U32(1).Byte(0x60).U32(0).U32(0));
        w.Section(2, s => s.U32(1).Name("").Name("_initialize").Byte(0).U32(0));
        w.Section(8, s => s.U32(0));
        return w.ToArray();
    }

    // if (local != value) unreachable
    private static void TrapUnless(WasmWriter b, uint local, long value) =>
        b.Byte(0x20).U32(local).Byte(0x41).S64(value).Byte(0x47).Byte(0x04).Byte(0x40).Byte(0x00).Byte(0x0b);

    private static WasmWriter Header() => new WasmWriter().Bytes(new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 });

    private static void TypeSection(WasmWriter w, IReadOnlyList<CoreSignature> signatures) => w.Section(1, s =>
    {
        s.U32((uint)signatures.Count);
        foreach (var sig in signatures)
        {
            s.Byte(0x60).U32((uint)sig.Params.Length).Bytes(sig.Params).U32((uint)sig.Results.Length).Bytes(sig.Results);
        }
    });
}

using System;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>
/// Adapters are built with a <c>__stack_pointer</c> global initialized to zero: the tool that links them in must give
/// them a stack. This appends a start function that grows the (imported) memory by one page, points the stack at its
/// top and, when the adapter tracks it in an <c>allocation_state</c> global, marks the stack allocated. Appending keeps
/// every existing function, type and global index valid, so no code needs rewriting.
/// </summary>
internal static class AdapterStack
{
    private const int StackAllocated = 2;

    public static byte[] Prepare(CoreModule adapter)
    {
        uint? sp = FindGlobal(adapter, "__stack_pointer");
        if (sp is null || adapter.Memories == 0) return adapter.Bytes;
        if (adapter.HasStart) throw new ComponentizeException("the adapter already has a start function");
        uint? state = FindGlobal(adapter, "allocation_state");
        uint type = (uint)adapter.Types.Count;
        uint function = (uint)adapter.FunctionCount;

        var body = new WasmWriter().U32(1).U32(1).Byte(0x7f);
        body.Byte(0x41).S64(1).Byte(0x40).Byte(0x00).Byte(0x22).U32(0);                   // local0 = memory.grow(1)
        body.Byte(0x41).S64(-1).Byte(0x46).Byte(0x04).Byte(0x40).Byte(0x00).Byte(0x0b);  // if -1: unreachable
        body.Byte(0x20).U32(0).Byte(0x41).S64(1).Byte(0x6a).Byte(0x41).S64(16).Byte(0x74); // (page + 1) << 16
        body.Byte(0x24).U32(sp.Value);
        if (state is { } s) body.Byte(0x41).S64(StackAllocated).Byte(0x24).U32(s);
        body.Byte(0x0b);

        var bytes = adapter.Bytes;
        var w = new WasmWriter().Bytes(new ReadOnlySpan<byte>(bytes, 0, 8));
        bool sawType = false, sawFunction = false, sawCode = false, wroteStart = false;
        foreach (var section in adapter.Sections)
        {
            if (!wroteStart && section.Id is 9 or 10 or 11 or 12)
            {
                if (!sawType) { w.Section(1, x => x.U32(1).Byte(0x60).U32(0).U32(0)); sawType = true; }
                if (!sawFunction) { w.Section(3, x => x.U32(1).U32(type)); sawFunction = true; }
                w.Section(8, x => x.U32(function));
                wroteStart = true;
            }
            switch (section.Id)
            {
                case 1:
                    sawType = true;
                    Extend(w, bytes, section, x => x.Byte(0x60).U32(0).U32(0));
                    break;
                case 3:
                    sawFunction = true;
                    Extend(w, bytes, section, x => x.U32(type));
                    break;
                case 10:
                    sawCode = true;
                    Extend(w, bytes, section, x => x.U32((uint)body.Length).Append(body));
                    break;
                default:
                    w.Bytes(new ReadOnlySpan<byte>(bytes, section.Start, section.End - section.Start));
                    break;
            }
        }
        if (!wroteStart)
        {
            if (!sawType) w.Section(1, x => x.U32(1).Byte(0x60).U32(0).U32(0));
            if (!sawFunction) w.Section(3, x => x.U32(1).U32(type));
            w.Section(8, x => x.U32(function));
        }
        if (!sawCode) w.Section(10, x => x.U32(1).U32((uint)body.Length).Append(body));
        return w.ToArray();
    }

    // Rewrites a vector section with one more element appended.
    private static void Extend(WasmWriter w, byte[] bytes, RawSection section, Action<WasmWriter> element)
    {
        var r = ComponentBytes.Reader(bytes, section.ContentStart, section.End);
        uint count = r.ReadU32();
        int rest = r.Position;
        w.Section(section.Id, x =>
        {
            x.U32(count + 1).Bytes(new ReadOnlySpan<byte>(bytes, rest, section.End - rest));
            element(x);
        });
    }

    private static uint? FindGlobal(CoreModule module, string name)
    {
        foreach (var entry in module.GlobalNames)
        {
            if (entry.Value != name || entry.Key >= module.Globals.Count) continue;
            var (type, mutable) = module.Globals[(int)entry.Key];
            if (type == 0x7f && mutable) return entry.Key;
        }
        return null;
    }
}

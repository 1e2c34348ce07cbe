using System;
using WitBindgen.CoreWasm.Binary;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>
/// Removes the functions of an adapter that the component does not reach (what <c>wit-component</c>'s gc pass does),
/// so that its unused imports — and the interfaces behind them — disappear. Exports outside
/// <see cref="Trim"/>'s keep-set are dropped, functions not reachable from the rest are removed and every function
/// index is renumbered. Types, tables, memories and globals are kept as they are. Modules using anything this walker
/// does not understand (element or data segments, SIMD, unknown opcodes) are returned unchanged.
/// </summary>
internal static class AdapterTrimmer
{
    public static byte[] Trim(CoreModule adapter, Func<string, bool> keepExport)
    {
        try
        {
            return TrimOrThrow(adapter, keepExport) ?? adapter.Bytes;
        }
        catch (NotSupportedException)
        {
            return adapter.Bytes;
        }
    }

    private static byte[]? TrimOrThrow(CoreModule adapter, Func<string, bool> keepExport)
    {
        var bytes = adapter.Bytes;
        foreach (var section in adapter.Sections)
            if (section.Id is 8 or 9 or 11 or 12) return null;
        var code = adapter.Sections.Find(s => s.Id == 10);
        var bodies = new List<(int Start, int End)>();
        if (code is not null)
        {
            var r = ComponentBytes.Reader(bytes, code.ContentStart, code.End);
            for (uint n = (uint)r.ReadLength(), i = 0; i < n; i++)
            {
                int size = (int)r.ReadU32();
                bodies.Add((r.Position, r.Position + size));
                r.Skip(size);
            }
        }
        if (bodies.Count != adapter.FunctionTypes.Count) return null;

        // Liveness from the kept exports.
        int imported = adapter.ImportedFunctions;
        var live = new bool[adapter.FunctionCount];
        var map = new uint[live.Length];
        var work = new Stack<int>();
        void Mark(uint f) { if (f < live.Length && !live[f]) { live[f] = true; work.Push((int)f); } }
        foreach (var e in adapter.Exports)
            if (e.Kind == CoreExternKind.Func && keepExport(e.Name)) Mark(e.Index);
        while (work.Count > 0)
        {
            int f = work.Pop();
            if (f < imported) continue;
            var (start, end) = bodies[f - imported];
            Walk(bytes, start, end, null, Mark);
        }

        uint next = 0;
        for (int f = 0; f < live.Length; f++) map[f] = live[f] ? next++ : uint.MaxValue;
        if (next == live.Length) return null;

        var w = new WasmWriter().Bytes(new ReadOnlySpan<byte>(bytes, 0, 8));
        foreach (var section in adapter.Sections)
        {
            switch (section.Id)
            {
                case 2:
                    w.Section(2, s =>
                    {
                        var kept = new List<CoreModuleImport>();
                        int func = 0;
                        foreach (var i in adapter.Imports)
                        {
                            if (i.Kind == CoreExternKind.Func && !live[func++]) continue;
                            kept.Add(i);
                        }
                        s.U32((uint)kept.Count);
                        foreach (var i in kept) s.Name(i.Module).Name(i.Name).Bytes(i.Descriptor);
                    });
                    break;
                case 3:
                    w.Section(3, s =>
                    {
                        var types = new List<uint>();
                        for (int i = 0; i < adapter.FunctionTypes.Count; i++)
                            if (live[imported + i]) types.Add(adapter.FunctionTypes[i]);
                        s.U32((uint)types.Count);
                        foreach (var t in types) s.U32(t);
                    });
                    break;
                case 7:
                    w.Section(7, s =>
                    {
                        var kept = adapter.Exports.FindAll(e => e.Kind != CoreExternKind.Func || keepExport(e.Name));
                        s.U32((uint)kept.Count);
                        foreach (var e in kept) s.Name(e.Name).Byte((byte)e.Kind).U32(e.Kind == CoreExternKind.Func ? map[e.Index] : e.Index);
                    });
                    break;
                case 10:
                    w.Section(10, s =>
                    {
                        uint count = 0;
                        for (int i = 0; i < bodies.Count; i++) if (live[imported + i]) count++;
                        s.U32(count);
                        for (int i = 0; i < bodies.Count; i++)
                        {
                            if (!live[imported + i]) continue;
                            var body = new WasmWriter();
                            Walk(bytes, bodies[i].Start, bodies[i].End, body, f => { });
                            s.U32((uint)body.Length).Append(body);
                        }
                    });
                    break;
                case 0 when IsNameSection(bytes, section):
                    // Function names would be stale; global names (the stack pointer) are what later steps need.
                    var globals = GlobalNames(adapter);
                    if (globals is not null) w.CustomSection("name", globals);
                    break;
                default:
                    w.Bytes(new ReadOnlySpan<byte>(bytes, section.Start, section.End - section.Start));
                    break;
            }
        }
        return w.ToArray();

        // Copies (when `output` is given) or scans a function body, renumbering function references.
        void Walk(byte[] b, int start, int end, WasmWriter? output, Action<uint> onFunc)
        {
            var r = ComponentBytes.Reader(b, start, end);
            int copied = start;
            void Flush(int upTo) { output?.Bytes(new ReadOnlySpan<byte>(b, copied, upTo - copied)); copied = upTo; }
            void Func()
            {
                int at = r.Position;
                uint f = r.ReadU32();
                onFunc(f);
                if (output is null) return;
                Flush(at);
                if (f >= map.Length || map[f] == uint.MaxValue) throw new NotSupportedException("reference to a removed function");
                output.U32(map[f]);
                copied = r.Position;
            }
            for (uint n = r.ReadU32(), i = 0; i < n; i++) { r.ReadU32(); r.ReadByte(); }
            while (!r.AtEnd)
            {
                byte op = r.ReadByte();
                switch (op)
                {
                    case 0x02: case 0x03: case 0x04: BlockType(r); break;
                    case 0x0c: case 0x0d: case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26:
                    case 0x3f: case 0x40:
                        r.ReadU32(); break;
                    case 0x0e: for (uint k = r.ReadU32(), j = 0; j <= k; j++) r.ReadU32(); break;
                    case 0x10: case 0x12: case 0xd2: Func(); break;
                    case 0x11: case 0x13: r.ReadU32(); r.ReadU32(); break;
                    case 0x1c: r.Skip((int)r.ReadU32()); break;
                    case 0x41: r.ReadS32(); break;
                    case 0x42: r.ReadS64(); break;
                    case 0x43: r.Skip(4); break;
                    case 0x44: r.Skip(8); break;
                    case 0xd0: r.ReadByte(); break;
                    case 0xfc:
                        uint sub = r.ReadU32();
                        switch (sub)
                        {
                            case <= 7: break;
                            case 8: case 10: case 12: case 14: r.ReadU32(); r.ReadU32(); break;
                            case 9: case 11: case 13: case 15: case 16: case 17: r.ReadU32(); break;
                            default: throw new NotSupportedException($"0xfc {sub}");
                        }
                        break;
                    default:
                        if (op >= 0x28 && op <= 0x3e)
                        {
                            uint align = r.ReadU32();
                            if ((align & 0x40) != 0) r.ReadU32();
                            r.ReadU32();
                        }
                        else if (!(op <= 0x01 || op == 0x05 || op == 0x0b || op == 0x0f || op == 0x1a || op == 0x1b
                                   || (op >= 0x45 && op <= 0xc4) || op == 0xd1))
                        {
                            throw new NotSupportedException($"opcode 0x{op:x2}");
                        }
                        break;
                }
            }
            Flush(end);
        }
    }

    private static void BlockType(WasmReader r)
    {
        byte b = r.PeekByte();
        if (b == 0x40 || b == 0x7f || b == 0x7e || b == 0x7d || b == 0x7c || b == 0x7b || b == 0x70 || b == 0x6f) { r.ReadByte(); return; }
        r.ReadS33();
    }

    private static bool IsNameSection(byte[] bytes, RawSection section) =>
        ComponentBytes.Reader(bytes, section.ContentStart, section.End).ReadName() == "name";

    private static byte[]? GlobalNames(CoreModule adapter)
    {
        if (adapter.GlobalNames.Count == 0) return null;
        var names = new WasmWriter().U32((uint)adapter.GlobalNames.Count);
        var ordered = new List<uint>(adapter.GlobalNames.Keys);
        ordered.Sort();
        foreach (var index in ordered) names.U32(index).Name(adapter.GlobalNames[index]);
        return new WasmWriter().Byte(7).U32((uint)names.Length).Append(names).ToArray();
    }
}

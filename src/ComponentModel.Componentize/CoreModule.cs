using System;
using WitBindgen.CoreWasm.Binary;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>A core function signature (value type bytes as in the binary format).</summary>
internal sealed record CoreSignature(byte[] Params, byte[] Results)
{
    public bool SameAs(CoreSignature other) =>
        Params.AsSpan().SequenceEqual(other.Params) && Results.AsSpan().SequenceEqual(other.Results);
}

/// <summary>A core import; <see cref="TypeIndex"/> is meaningful for functions only.</summary>
internal sealed record CoreModuleImport(string Module, string Name, CoreExternKind Kind, uint TypeIndex, byte[] Descriptor);

/// <summary>A core export.</summary>
internal sealed record CoreModuleExport(string Name, CoreExternKind Kind, uint Index);

/// <summary>One raw section of a core module.</summary>
internal sealed record RawSection(byte Id, int Start, int ContentStart, int End);

/// <summary>
/// The parts of a core module that componentizing needs: signatures, imports, exports, counts of the index spaces and
/// the global names of the <c>name</c> section. Function bodies are not decoded.
/// </summary>
internal sealed class CoreModule
{
    private CoreModule(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }
    public List<CoreSignature> Types { get; } = new();
    public List<CoreModuleImport> Imports { get; } = new();
    public List<CoreModuleExport> Exports { get; } = new();
    public List<RawSection> Sections { get; } = new();
    public List<uint> FunctionTypes { get; } = new();
    public Dictionary<uint, string> GlobalNames { get; } = new();
    public List<(byte Type, bool Mutable)> Globals { get; } = new();
    public int ImportedFunctions { get; private set; }
    public int ImportedGlobals { get; private set; }
    public int Memories { get; private set; }
    public int Tables { get; private set; }
    public bool HasStart { get; private set; }

    /// <summary>Number of functions (imported and defined).</summary>
    public int FunctionCount => ImportedFunctions + FunctionTypes.Count;

    /// <summary>The signature of function <paramref name="index"/>.</summary>
    public CoreSignature SignatureOf(uint index)
    {
        if (index < ImportedFunctions)
        {
            int seen = 0;
            foreach (var i in Imports)
                if (i.Kind == CoreExternKind.Func && seen++ == index) return Types[(int)i.TypeIndex];
        }
        return Types[(int)FunctionTypes[(int)index - ImportedFunctions]];
    }

    public CoreModuleExport? Export(string name) => Exports.Find(e => e.Name == name);

    /// <summary>Parses a core module; malformed input throws <see cref="ComponentFormatException"/>.</summary>
    public static CoreModule Read(byte[] bytes)
    {
        if (!ComponentReader.IsCoreModule(bytes)) throw new ComponentFormatException("expected a core WebAssembly module", 0);
        var module = new CoreModule(bytes);
        var r = ComponentBytes.Reader(bytes, 8);
        while (!r.AtEnd)
        {
            int start = r.Position;
            byte id = r.ReadByte();
            uint size = r.ReadU32();
            if (size > r.Remaining) throw r.Error($"section size {size} exceeds the {r.Remaining} remaining bytes", start);
            int contentStart = r.Position;
            var content = r.Sub((int)size);
            module.Sections.Add(new RawSection(id, start, contentStart, contentStart + (int)size));
            module.ReadSection(id, content);
        }
        module.Validate();
        return module;
    }

    // The indices componentizing follows must point at something; everything else is left to the engine's validator.
    private void Validate()
    {
        foreach (var i in Imports)
            if (i.Kind == CoreExternKind.Func && i.TypeIndex >= Types.Count)
                throw new ComponentFormatException($"import `{i.Module}::{i.Name}` uses type {i.TypeIndex}, but there are {Types.Count} types", 0, "import");
        foreach (var t in FunctionTypes)
            if (t >= Types.Count) throw new ComponentFormatException($"a function uses type {t}, but there are {Types.Count} types", 0, "function");
        foreach (var e in Exports)
        {
            int limit = e.Kind switch
            {
                CoreExternKind.Func => FunctionCount,
                CoreExternKind.Memory => Memories,
                CoreExternKind.Table => Tables,
                CoreExternKind.Global => Globals.Count,
                _ => int.MaxValue,
            };
            if (e.Index >= limit) throw new ComponentFormatException($"export `{e.Name}` refers to {e.Kind.ToString().ToLowerInvariant()} {e.Index}, which does not exist", 0, "export");
        }
    }

    private void ReadSection(byte id, WasmReader r)
    {
        switch (id)
        {
            case 0:
                r.Section = "custom";
                if (r.ReadName() == "name") ReadNames(r);
                break;
            case 1:
                r.Section = "type";
                for (uint n = (uint)r.ReadLength(), i = 0; i < n; i++)
                {
                    if (r.ReadByte() != 0x60) throw r.Error("only function types are supported in componentized modules");
                    var p = r.ReadBytes((int)r.ReadU32()).ToArray();
                    var q = r.ReadBytes((int)r.ReadU32()).ToArray();
                    Types.Add(new CoreSignature(p, q));
                }
                break;
            case 2:
                r.Section = "import";
                for (uint n = (uint)r.ReadLength(), i = 0; i < n; i++)
                {
                    var module = r.ReadName();
                    var name = r.ReadName();
                    int descStart = r.Position;
                    byte kind = r.ReadByte();
                    uint type = 0;
                    switch (kind)
                    {
                        case 0: type = r.ReadU32(); ImportedFunctions++; break;
                        case 1: r.ReadByte(); SkipLimits(r); Tables++; break;
                        case 2: SkipLimits(r); Memories++; break;
                        case 3:
                            var vt = r.ReadByte();
                            var mutable = r.ReadByte() != 0;
                            Globals.Add((vt, mutable));
                            ImportedGlobals++;
                            break;
                        case 4: r.ReadByte(); r.ReadU32(); break;
                        default: throw r.Error($"invalid import kind 0x{kind:x2}");
                    }
                    var desc = new byte[r.Position - descStart];
                    Array.Copy(r.Bytes, descStart, desc, 0, desc.Length);
                    Imports.Add(new CoreModuleImport(module, name, (CoreExternKind)kind, type, desc));
                }
                break;
            case 3:
                r.Section = "function";
                for (uint n = (uint)r.ReadLength(), i = 0; i < n; i++) FunctionTypes.Add(r.ReadU32());
                break;
            case 4:
                r.Section = "table";
                Tables += (int)(uint)r.ReadLength();
                break;
            case 5:
                r.Section = "memory";
                Memories += (int)(uint)r.ReadLength();
                break;
            case 6:
                r.Section = "global";
                for (uint n = (uint)r.ReadLength(), i = 0; i < n; i++)
                {
                    var vt = r.ReadByte();
                    var mutable = r.ReadByte() != 0;
                    Globals.Add((vt, mutable));
                    SkipConstExpr(r);
                }
                break;
            case 7:
                r.Section = "export";
                for (uint n = (uint)r.ReadLength(), i = 0; i < n; i++)
                {
                    var name = r.ReadName();
                    var kind = (CoreExternKind)r.ReadByte();
                    Exports.Add(new CoreModuleExport(name, kind, r.ReadU32()));
                }
                break;
            case 8:
                HasStart = true;
                break;
        }
    }

    private static void SkipLimits(WasmReader r)
    {
        byte flags = r.ReadByte();
        if ((flags & 0x04) != 0) { r.ReadU64(); if ((flags & 1) != 0) r.ReadU64(); }
        else { r.ReadU32(); if ((flags & 1) != 0) r.ReadU32(); }
    }

    private static void SkipConstExpr(WasmReader r)
    {
        while (true)
        {
            byte op = r.ReadByte();
            switch (op)
            {
                case 0x0b: return;
                case 0x41: r.ReadS32(); break;
                case 0x42: r.ReadS64(); break;
                case 0x43: r.Skip(4); break;
                case 0x44: r.Skip(8); break;
                case 0x23: case 0xd2: r.ReadU32(); break;
                case 0xd0: r.ReadByte(); break;
                case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: break;
                case 0xfd: r.ReadU32(); r.Skip(16); break;
                default: throw r.Error($"unsupported constant expression opcode 0x{op:x2}");
            }
        }
    }

    // Reads the global names subsection (7) of the `name` section; other subsections are skipped.
    private void ReadNames(WasmReader r)
    {
        try
        {
            while (!r.AtEnd)
            {
                byte sub = r.ReadByte();
                var content = r.Sub((int)r.ReadU32());
                if (sub != 7) continue;
                for (uint n = (uint)content.ReadLength(), i = 0; i < n; i++)
                {
                    var index = content.ReadU32();
                    GlobalNames[index] = content.ReadName();
                }
            }
        }
        catch (ComponentFormatException)
        {
            // A damaged name section only loses names, as in other tools.
        }
    }
}

using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Validation;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>
/// Reads the type of an embedded core module (its imports and exports with their types) for instantiation checks,
/// and enforces what holds for every core module whatever features it uses: section framing and order, as many
/// bodies as functions, well-formed import/export entries with indices in bounds, plus the component-level rules
/// (no duplicate import names, unique export names). The module itself is decoded and validated by the one core
/// validator (<see cref="ModuleReader"/> + <see cref="ModuleValidator"/>: WebAssembly 2.0, SIMD, extended-const,
/// multi-memory, tail calls, relaxed SIMD, exception handling); only a module using a proposal the engine does not support (GC,
/// threads...) skips that step and gets the structural checks alone. A module using encodings this summary does
/// not model (GC types, typed references, table initializers) yields null: its instantiations are then not checked.
/// </summary>
internal static class CoreModuleSummary
{
    public static ModuleSig? Read(byte[] module, ComponentValidator v)
    {
        try
        {
            var sections = Sections(module, v);
            ValidateCore(module, v);
            return Summarize(sections, v);
        }
        catch (UnsupportedEncoding)
        {
            // A feature this summary does not model: the module's instantiations are not checked.
            return null;
        }
        catch (ComponentFormatException e) when (e.Section is null)
        {
            throw v.Error($"malformed core module: {e.Problem} (at offset {e.Offset} of the module)");
        }
    }

    /// <summary>
    /// Decodes and validates the module with the core validator. A module that uses a proposal the engine does not
    /// support ("unsupported feature: ...", reported by the reader before anything it could not judge) is left to
    /// the structural checks: it may well be valid for a runtime with that proposal. A feature no standard has
    /// (legacy exception handling, stack switching) is rejected, as the reference validator does by default.
    /// </summary>
    private static void ValidateCore(byte[] module, ComponentValidator v)
    {
        WitBindgen.CoreWasm.Modules.ModuleDefinition definition;
        try
        {
            definition = ModuleReader.Read(module);
        }
        catch (WasmDecodeException e) when (e.IsNonStandardFeature)
        {
            throw v.Error($"invalid core module: {e.Reason}, which is not a standard WebAssembly feature");
        }
        catch (WasmDecodeException e) when (e.IsUnsupportedFeature)
        {
            return;
        }
        catch (WasmDecodeException e)
        {
            throw v.Error($"malformed core module: {e.Message}");
        }
        catch (WasmValidationException e)
        {
            // Index bounds the reader checks while reading (tags), limits.
            throw v.Error($"invalid core module: {e.Message}");
        }
        try
        {
            ModuleValidator.Validate(definition);
        }
        catch (WasmValidationException e)
        {
            throw v.Error($"invalid core module: {e.Message}");
        }
    }

    /// <summary>
    /// The module's sections, checking the framing every module shares whatever features it uses: sizes within
    /// the module, known ids in the required order, as many function bodies as declared functions.
    /// </summary>
    private static List<(byte Id, WasmReader Content)> Sections(byte[] module, ComponentValidator v)
    {
        var r = ComponentBytes.Reader(module, 8);
        var sections = new List<(byte, WasmReader)>();
        int lastRank = 0;
        int? functions = null, bodies = null;
        while (!r.AtEnd)
        {
            int at = r.Position;
            byte id = r.ReadByte();
            uint size = r.ReadU32();
            if (size > r.Remaining) throw v.Error($"malformed core module: section too large, {size} bytes go past the end of the module (section at offset {at})");
            var content = r.Sub((int)size);
            if (id != 0)
            {
                int rank = Rank(id);
                if (rank == 0) throw v.Error($"malformed core module: malformed section id {id} (at offset {at} of the module)");
                if (rank <= lastRank) throw v.Error($"section out of order: core module section id {id} at module offset {at}");
                lastRank = rank;
                if (id == 3) functions = ComponentBytes.Reader(module, content.Position, content.Limit).ReadLength();
                if (id == 10) bodies = ComponentBytes.Reader(module, content.Position, content.Limit).ReadLength();
            }
            sections.Add((id, content));
        }
        if ((functions ?? 0) != (bodies ?? 0)) throw v.Error("malformed core module: function and code section have inconsistent lengths");
        return sections;
    }

    private static ModuleSig? Summarize(List<(byte Id, WasmReader Content)> sections, ComponentValidator v)
    {
        var types = new List<CoreSig?>();
        var imports = new List<(string, string, CoreItem)>();
        var importNames = new HashSet<string>();
        var funcs = new List<CoreItem>();
        var tables = new List<CoreItem>();
        var memories = new List<CoreItem>();
        var globals = new List<CoreItem>();
        var tags = new List<CoreItem>();
        var exports = new Dictionary<string, CoreItem>();
        foreach (var (id, s) in sections)
        {
            switch (id)
            {
                case 1:
                    for (uint n = (uint)s.ReadLength(), i = 0; i < n; i++) ReadRecGroup(s, types);
                    break;
                case 2:
                    for (uint n = (uint)s.ReadLength(), i = 0; i < n; i++)
                    {
                        string module1 = s.ReadName(), name = s.ReadName();
                        if (!importNames.Add(module1 + ":" + name)) throw v.Error($"duplicate import name `{module1}:{name}`");
                        var item = ReadDesc(s, types);
                        imports.Add((module1, name, item));
                        ListOf(item.Kind, funcs, tables, memories, globals, tags).Add(item);
                    }
                    break;
                case 3:
                    for (uint n = (uint)s.ReadLength(), i = 0; i < n; i++) funcs.Add(FuncOf(s, types));
                    break;
                case 4:
                    for (uint n = (uint)s.ReadLength(), i = 0; i < n; i++)
                    {
                        if (s.PeekByte() == 0x40) throw new UnsupportedEncoding();
                        tables.Add(ReadTable(s));
                    }
                    break;
                case 5:
                    for (uint n = (uint)s.ReadLength(), i = 0; i < n; i++) memories.Add(ReadMemory(s));
                    break;
                case 13:
                    for (uint n = (uint)s.ReadLength(), i = 0; i < n; i++)
                    {
                        int at = s.Position;
                        if (s.ReadByte() != 0) throw s.Error("invalid tag attributes", at);
                        tags.Add(FuncOf(s, types) with { Kind = CoreExternKind.Tag });
                    }
                    break;
                case 6:
                    for (uint n = (uint)s.ReadLength(), i = 0; i < n; i++)
                    {
                        globals.Add(ReadGlobalType(s));
                        SkipConstExpr(s);
                    }
                    break;
                case 7:
                    for (uint n = (uint)s.ReadLength(), i = 0; i < n; i++)
                    {
                        string name = s.ReadName();
                        int at = s.Position;
                        byte kind = s.ReadByte();
                        uint index = s.ReadU32();
                        if (exports.ContainsKey(name)) throw v.Error($"duplicate export name `{name}` in a core module");
                        if (kind > 4) throw s.Error($"invalid leading byte (0x{kind:x}) for external kind", at);
                        var list = ListOf((CoreExternKind)kind, funcs, tables, memories, globals, tags);
                        if (index >= list.Count)
                            throw s.Error($"unknown {ComponentValidator.CoreKindName((CoreExternKind)kind)} {index}: exported {ComponentValidator.CoreKindName((CoreExternKind)kind)} index out of bounds", at);
                        exports[name] = list[(int)index];
                    }
                    break;
            }
            if (id is 1 or 2 or 3 or 4 or 5 or 6 or 7 or 13 && !s.AtEnd)
                throw s.Error("section size mismatch: unexpected data at the end of the section", s.Position);
        }
        return new ModuleSig(imports, exports);
    }

    /// <summary>An encoding this summary does not model (GC types, typed references, table initializers...).</summary>
    private sealed class UnsupportedEncoding : System.Exception
    {
    }

    // Position of each known section in the required order (the tag section sits between memory and global, the
    // data count section between element and code); 0 for unknown ids.
    private static int Rank(byte id) => id switch
    {
        1 => 1, 2 => 2, 3 => 3, 4 => 4, 5 => 5, 13 => 6, 6 => 7, 7 => 8, 8 => 9, 9 => 10, 12 => 11, 10 => 12, 11 => 13,
        _ => 0,
    };

    private static List<CoreItem> ListOf(CoreExternKind kind, List<CoreItem> f, List<CoreItem> t, List<CoreItem> m, List<CoreItem> g, List<CoreItem> tags) =>
        kind switch { CoreExternKind.Func => f, CoreExternKind.Table => t, CoreExternKind.Memory => m, CoreExternKind.Global => g, _ => tags };

    // The type list is complete (unmodelled type forms stop the summary), so an index past it is an error.
    private static CoreItem FuncOf(WasmReader s, List<CoreSig?> types)
    {
        int at = s.Position;
        uint index = s.ReadU32();
        if (index >= types.Count) throw s.Error($"unknown type {index}: type index out of bounds", at);
        return types[(int)index] is { } sig ? new CoreItem(CoreExternKind.Func, sig) : CoreItem.UnknownFunc;
    }

    private static void ReadRecGroup(WasmReader s, List<CoreSig?> types)
    {
        byte b = s.PeekByte();
        if (b == 0x4e)
        {
            s.ReadByte();
            for (uint n = (uint)s.ReadLength(), i = 0; i < n; i++) types.Add(ReadSubType(s));
            return;
        }
        types.Add(ReadSubType(s));
    }

    private static CoreSig ReadSubType(WasmReader s)
    {
        byte b = s.ReadByte();
        if (b is 0x50 or 0x4f)
        {
            for (uint n = (uint)s.ReadLength(), i = 0; i < n; i++) s.ReadU32();
            b = s.ReadByte();
        }
        if (b != 0x60)
        {
            // Struct, array, continuation and shared types are not modelled; any other form is malformed.
            if (b is 0x5f or 0x5e or 0x5d or 0x65) throw new UnsupportedEncoding();
            throw s.Error($"invalid leading byte (0x{b:x}) for type", s.Position - 1);
        }
        return new CoreSig(ValTypes(s), ValTypes(s));
    }

    private static List<ValueType> ValTypes(WasmReader s)
    {
        var list = new List<ValueType>();
        for (uint n = (uint)s.ReadLength(), i = 0; i < n; i++)
        {
            byte b = s.ReadByte();
            if (b is >= 0x7b and <= 0x7f or 0x70 or 0x6f) list.Add((ValueType)b);
            else if (IsOtherValueType(b)) throw new UnsupportedEncoding();
            else throw s.Error("invalid value type", s.Position - 1);
        }
        return list;
    }

    private static CoreItem ReadDesc(WasmReader s, List<CoreSig?> types)
    {
        int at = s.Position;
        byte kind = s.ReadByte();
        switch (kind)
        {
            case 0x00: return FuncOf(s, types);
            case 0x01: return ReadTable(s);
            case 0x02: return ReadMemory(s);
            case 0x03: return ReadGlobalType(s);
            case 0x04:
                if (s.ReadByte() != 0) throw s.Error("invalid tag attributes", at + 1);
                return FuncOf(s, types) with { Kind = CoreExternKind.Tag };
            default: throw s.Error($"invalid leading byte (0x{kind:x}) for external kind", at);
        }
    }

    private static CoreItem ReadTable(WasmReader s)
    {
        byte element = s.ReadByte();
        if (element is not (0x70 or 0x6f)) throw new UnsupportedEncoding();
        var (min, max, shared, is64) = Limits(s);
        return new CoreItem(CoreExternKind.Table, ElementType: (ValueType)element, Min: min, Max: max, Shared: shared, Is64: is64);
    }

    private static CoreItem ReadMemory(WasmReader s)
    {
        var (min, max, shared, is64) = Limits(s);
        return new CoreItem(CoreExternKind.Memory, Min: min, Max: max, Shared: shared, Is64: is64);
    }

    private static CoreItem ReadGlobalType(WasmReader s)
    {
        byte t = s.ReadByte();
        if (!(t is >= 0x7b and <= 0x7f or 0x70 or 0x6f))
        {
            if (IsOtherValueType(t)) throw new UnsupportedEncoding();
            throw s.Error("invalid value type", s.Position - 1);
        }
        byte mutability = s.ReadByte();
        if (mutability > 1) throw new UnsupportedEncoding();
        return new CoreItem(CoreExternKind.Global, Value: (ValueType)t, Mutable: mutability == 1);
    }

    private static (ulong, ulong?, bool, bool) Limits(WasmReader s)
    {
        byte flags = s.ReadByte();
        if ((flags & ~0x0f) != 0) throw s.Error("invalid limits flags", s.Position - 1);
        bool is64 = (flags & 0x04) != 0;
        ulong min = is64 ? s.ReadU64() : s.ReadU32();
        ulong? max = (flags & 0x01) != 0 ? (is64 ? s.ReadU64() : s.ReadU32()) : null;
        if ((flags & 0x08) != 0) s.ReadU32();
        return (min, max, (flags & 0x02) != 0, is64);
    }

    // Reference types of other proposals (typed references, GC, exceptions, shared): valid, but not modelled here.
    private static bool IsOtherValueType(byte b) => b is >= 0x63 and <= 0x74;

    // Constant expressions of globals: the few instructions they may use, up to `end`.
    private static void SkipConstExpr(WasmReader s)
    {
        if (!SkipKnownConstExpr(s)) throw new UnsupportedEncoding();
    }

    private static bool SkipKnownConstExpr(WasmReader s)
    {
        while (true)
        {
            byte op = s.ReadByte();
            switch (op)
            {
                case 0x0b: return true;
                case 0x41: s.ReadS64(); break;
                case 0x42: s.ReadS64(); break;
                case 0x43: s.Skip(4); break;
                case 0x44: s.Skip(8); break;
                case 0x23: s.ReadU32(); break;
                case 0xd2: s.ReadU32(); break;
                case 0xd0: s.ReadByte(); break;
                case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: break;
                case 0xfd:
                    if (s.ReadU32() != 12) return false;
                    s.Skip(16);
                    break;
                default: return false;
            }
        }
    }
}

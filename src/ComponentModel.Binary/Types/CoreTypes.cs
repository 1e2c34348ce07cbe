using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>A core type inside a component: a function, struct or array type, a GC sub type, a rec group, or a module type.</summary>
public abstract record CoreType;

/// <summary>A core function type (0x60).</summary>
/// <param name="Params">The parameter types.</param>
/// <param name="Results">The result types.</param>
internal sealed record CoreFuncType(IReadOnlyList<ValueType> Params, IReadOnlyList<ValueType> Results) : CoreType;

/// <summary>A GC struct type (0x5f).</summary>
/// <param name="Fields">The fields, in order.</param>
internal sealed record CoreStructType(IReadOnlyList<CoreFieldType> Fields) : CoreType;

/// <summary>A GC array type (0x5e).</summary>
/// <param name="Element">The element field type.</param>
internal sealed record CoreArrayType(CoreFieldType Element) : CoreType;

/// <summary>A struct or array field: a storage type (value type or packed i8/i16) and its mutability.</summary>
/// <param name="Storage">The storage type.</param>
/// <param name="Mutable">Whether the field is mutable.</param>
internal readonly record struct CoreFieldType(ValueType Storage, bool Mutable);

/// <summary>
/// A GC sub type: <c>(sub final? supertypes* composite)</c>. Binary forms: 0x50 non-final (at the top level of a
/// component's core type section <c>0x00 0x50</c>, since a bare 0x50 is a module type there), 0x4f final. A final
/// sub type without supertypes is written as its bare composite type, as wasm-encoder does.
/// </summary>
/// <param name="Final">Whether the type may not be subtyped.</param>
/// <param name="Supertypes">The type indices of the declared supertypes.</param>
/// <param name="Type">The composite type.</param>
public sealed record CoreSubType(bool Final, IReadOnlyList<uint> Supertypes, CoreType Type) : CoreType;

/// <summary>A GC recursion group (0x4e): its sub types take consecutive type indices.</summary>
/// <param name="Types">The group's types.</param>
public sealed record CoreRecGroup(IReadOnlyList<CoreType> Types) : CoreType;

/// <summary>A core module type (0x50).</summary>
/// <param name="Declarations">The declarators, in order.</param>
public sealed record CoreModuleType(IReadOnlyList<CoreModuleDeclaration> Declarations) : CoreType;

/// <summary>A declarator in a core module type.</summary>
public abstract record CoreModuleDeclaration;
/// <summary><c>(import "module" "name" desc)</c>.</summary>
/// <param name="Module">The module name.</param>
/// <param name="Name">The item name.</param>
/// <param name="Desc">What is imported.</param>
internal sealed record CoreImportDeclaration(string Module, string Name, CoreExternDesc Desc) : CoreModuleDeclaration;
/// <summary><c>(type ...)</c>.</summary>
/// <param name="Type">The core type.</param>
public sealed record CoreTypeDeclarator(CoreType Type) : CoreModuleDeclaration;
/// <summary><c>(alias outer ct idx (type))</c>.</summary>
/// <param name="Sort">The sort of the aliased definition.</param>
/// <param name="Count">How many enclosing scopes out the definition is.</param>
/// <param name="Index">The index of the definition in that scope.</param>
public sealed record CoreOuterAliasDeclaration(Sort Sort, uint Count, uint Index) : CoreModuleDeclaration;
/// <summary><c>(export "name" desc)</c>.</summary>
/// <param name="Name">The export name.</param>
/// <param name="Desc">What is exported.</param>
internal sealed record CoreExportDeclaration(string Name, CoreExternDesc Desc) : CoreModuleDeclaration;

/// <summary>Kinds of core imports/exports.</summary>
public enum CoreExternKind : byte {
    /// <summary>A function.</summary>
    Func = 0,
    /// <summary>A table.</summary>
    Table = 1,
    /// <summary>A linear memory.</summary>
    Memory = 2,
    /// <summary>A global.</summary>
    Global = 3,
    /// <summary>An exception tag.</summary>
    Tag = 4,
}

/// <summary>
/// A core import/export descriptor: a function/tag type index, or a table (element type + limits), a memory
/// (limits, 64-bit and shared flags) or a global (value type + mutability).
/// </summary>
/// <param name="Kind">What the import or export is.</param>
/// <param name="TypeIndex">The core type index of a function or tag.</param>
/// <param name="ValueType">The element type of a table, or the value type of a global.</param>
/// <param name="Mutable">Whether a global is mutable.</param>
/// <param name="Minimum">The minimum size of a table or memory.</param>
/// <param name="Maximum">The maximum size of a table or memory, if bounded.</param>
/// <param name="Shared">Whether a memory is shared.</param>
/// <param name="Is64">Whether a memory or table uses 64-bit indices.</param>
internal sealed record CoreExternDesc(CoreExternKind Kind, uint TypeIndex = 0, ValueType ValueType = ValueType.I32,
    bool Mutable = false, ulong Minimum = 0, ulong? Maximum = null, bool Shared = false, bool Is64 = false);

/// <summary>Reads and writes core types as they appear in components.</summary>
internal static class CoreTypeCodec
{
    /// <summary>
    /// Reads an entry of a component's core type section: a module type (bare 0x50), a non-final sub type
    /// (<c>0x00 0x50</c>), or any other core rec type (rec group, final sub type, bare composite type).
    /// </summary>
    public static CoreType Read(WasmReader r)
    {
        byte b = r.PeekByte();
        switch (b)
        {
            case 0x50:
            {
                r.ReadByte();
                uint n = (uint)r.ReadLength();
                var decls = new List<CoreModuleDeclaration>((int)n);
                for (uint i = 0; i < n; i++) decls.Add(ReadModuleDeclaration(r));
                return new CoreModuleType(decls);
            }
            case 0x00:
            {
                r.ReadByte();
                int s = r.Position;
                byte form = r.ReadByte();
                // wasmparser's wording; only the non-final sub type needs (and takes) the prefix.
                if (form != 0x50) throw r.Error($"invalid leading byte (0x{form:x}) for non-final sub type", s);
                return ReadSubTypeBody(r, final: false);
            }
            default:
                return ReadRecType(r);
        }
    }

    /// <summary>Reads a core rec type (<c>core:rectype</c>): a rec group (0x4e) or one sub type.</summary>
    private static CoreType ReadRecType(WasmReader r)
    {
        if (r.PeekByte() != 0x4e) return ReadSubType(r);
        r.ReadByte();
        uint n = (uint)r.ReadLength();
        var types = new List<CoreType>((int)n);
        for (uint i = 0; i < n; i++) types.Add(ReadSubType(r));
        return new CoreRecGroup(types);
    }

    /// <summary>Reads a sub type: 0x50 (non-final), 0x4f (final) or a bare composite type (final, no supertypes).</summary>
    private static CoreType ReadSubType(WasmReader r)
    {
        byte b = r.PeekByte();
        if (b is 0x50 or 0x4f) { r.ReadByte(); return ReadSubTypeBody(r, final: b == 0x4f); }
        return ReadCompositeType(r);
    }

    private static CoreSubType ReadSubTypeBody(WasmReader r, bool final)
    {
        uint n = (uint)r.ReadLength();
        var supers = new List<uint>((int)n);
        for (uint i = 0; i < n; i++) supers.Add(r.ReadU32());
        return new CoreSubType(final, supers, ReadCompositeType(r));
    }

    private static CoreType ReadCompositeType(WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        switch (b)
        {
            case 0x60: return new CoreFuncType(ReadValTypes(r), ReadValTypes(r));
            case 0x5f:
            {
                uint n = (uint)r.ReadLength();
                var fields = new List<CoreFieldType>((int)n);
                for (uint i = 0; i < n; i++) fields.Add(ReadFieldType(r));
                return new CoreStructType(fields);
            }
            case 0x5e: return new CoreArrayType(ReadFieldType(r));
            default: throw r.Error($"invalid leading byte (0x{b:x}) for type definition", at);
        }
    }

    private static CoreFieldType ReadFieldType(WasmReader r)
    {
        byte b = r.PeekByte();
        ValueType storage;
        if (b is 0x78 or 0x77) { r.ReadByte(); storage = b == 0x78 ? ValueTypes.I8 : ValueTypes.I16; }
        else storage = ReadValType(r);
        int m = r.Position;
        byte mutability = r.ReadByte();
        if (mutability > 1) throw r.Error($"invalid mutability byte 0x{mutability:x2}", m);
        return new CoreFieldType(storage, mutability == 1);
    }

    private static CoreModuleDeclaration ReadModuleDeclaration(WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        switch (b)
        {
            case 0x00:
            {
                string module = r.ReadName();
                string name = r.ReadName();
                return new CoreImportDeclaration(module, name, ReadDesc(r));
            }
            case 0x01:
                // Inside a module type a core type is a rec type: 0x50 is a non-final sub type here.
                return new CoreTypeDeclarator(ReadRecType(r));
            case 0x02:
            {
                int k = r.Position;
                var sort = SortCodes.ReadCore(r);
                if (sort != Sort.CoreType) throw r.Error("invalid outer alias kind in a core module type (only core types, 0x10, can be aliased)", k);
                int t = r.Position;
                if (r.ReadByte() != 0x01) throw r.Error("core module type aliases must be outer aliases (0x01)", t);
                return new CoreOuterAliasDeclaration(sort, r.ReadU32(), r.ReadU32());
            }
            case 0x03:
            {
                string name = r.ReadName();
                return new CoreExportDeclaration(name, ReadDesc(r));
            }
            default:
                throw r.Error($"invalid core module type declarator 0x{b:x2}", at);
        }
    }

    /// <summary>Reads a core import descriptor.</summary>
    public static CoreExternDesc ReadDesc(WasmReader r)
    {
        int at = r.Position;
        byte kind = r.ReadByte();
        switch (kind)
        {
            case 0x00: return new CoreExternDesc(CoreExternKind.Func, r.ReadU32());
            case 0x01:
            {
                var element = ReadValType(r);
                var (min, max, shared, is64) = ReadLimits(r);
                return new CoreExternDesc(CoreExternKind.Table, ValueType: element, Minimum: min, Maximum: max, Shared: shared, Is64: is64);
            }
            case 0x02:
            {
                var (min, max, shared, is64) = ReadLimits(r);
                return new CoreExternDesc(CoreExternKind.Memory, Minimum: min, Maximum: max, Shared: shared, Is64: is64);
            }
            case 0x03:
            {
                var type = ReadValType(r);
                int m = r.Position;
                byte mut = r.ReadByte();
                if (mut > 1) throw r.Error($"invalid global mutability 0x{mut:x2}", m);
                return new CoreExternDesc(CoreExternKind.Global, ValueType: type, Mutable: mut == 1);
            }
            case 0x04:
            {
                int a = r.Position;
                if (r.ReadByte() != 0x00) throw r.Error("invalid tag attribute", a);
                return new CoreExternDesc(CoreExternKind.Tag, r.ReadU32());
            }
            default:
                throw r.Error($"invalid core import/export kind 0x{kind:x2}", at);
        }
    }

    private static (ulong Min, ulong? Max, bool Shared, bool Is64) ReadLimits(WasmReader r)
    {
        int at = r.Position;
        byte flags = r.ReadByte();
        if ((flags & ~0x07) != 0) throw r.Error($"invalid limits flags 0x{flags:x2}", at);
        bool is64 = (flags & 0x04) != 0;
        ulong min = is64 ? r.ReadU64() : r.ReadU32();
        ulong? max = (flags & 0x01) != 0 ? (is64 ? r.ReadU64() : r.ReadU32()) : null;
        return (min, max, (flags & 0x02) != 0, is64);
    }

    private static IReadOnlyList<ValueType> ReadValTypes(WasmReader r)
    {
        uint n = (uint)r.ReadLength();
        var list = new List<ValueType>((int)n);
        for (uint i = 0; i < n; i++) list.Add(ReadValType(r));
        return list;
    }

    /// <summary>
    /// Reads a core value type: a one-byte form or a full reference type (0x63 / 0x64 heap type). Unlike the engine's
    /// reader this takes every proposal's abstract heap types (stack switching's <c>cont</c> too), as wasmparser does.
    /// </summary>
    public static ValueType ReadValType(WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        if (ValueTypes.TryFromCode(b, out var type)) return type;
        if (b is 0x63 or 0x64)
        {
            int h = r.Position;
            byte first = r.PeekByte();
            if (first == 0x65) throw r.Error("shared heap types are not supported", h);
            long heap = r.ReadS33();
            if (heap >= 0) return ValueTypes.Ref(b == 0x63, heap > ValueTypes.MaxTypeIndex ? ValueTypes.MaxTypeIndex : (int)heap);
            // A negative s33 is an abstract heap type: its one-byte code is the value + 0x80.
            if (heap < -0x40 || !ValueTypes.IsAbstractHeapCode((byte)(heap + 0x80))) throw r.Error($"invalid heap type 0x{first:x2}", h);
            return ValueTypes.Ref(b == 0x63, ValueTypes.AbstractFlag | (int)(heap + 0x80));
        }
        throw r.Error($"invalid value type 0x{b:x2}", at);
    }

    /// <summary>Writes an entry of a component's core type section.</summary>
    public static void Write(WasmWriter w, CoreType type) => Write(w, type, topLevel: true);

    private static void Write(WasmWriter w, CoreType type, bool topLevel)
    {
        switch (type)
        {
            case CoreModuleType m:
                w.Byte(0x50);
                w.U32((uint)m.Declarations.Count);
                foreach (var d in m.Declarations) WriteModuleDeclaration(w, d);
                break;
            case CoreRecGroup g:
                w.Byte(0x4e).U32((uint)g.Types.Count);
                foreach (var t in g.Types) Write(w, t, topLevel: false);
                break;
            case CoreSubType { Final: true, Supertypes.Count: 0 } sub:
                WriteComposite(w, sub.Type);
                break;
            case CoreSubType sub:
                if (!sub.Final && topLevel) w.Byte(0x00);
                w.Byte(sub.Final ? (byte)0x4f : (byte)0x50).U32((uint)sub.Supertypes.Count);
                foreach (var t in sub.Supertypes) w.U32(t);
                WriteComposite(w, sub.Type);
                break;
            default:
                WriteComposite(w, type);
                break;
        }
    }

    private static void WriteComposite(WasmWriter w, CoreType type)
    {
        switch (type)
        {
            case CoreFuncType f:
                w.Byte(0x60);
                w.U32((uint)f.Params.Count); foreach (var p in f.Params) w.ValueType(p);
                w.U32((uint)f.Results.Count); foreach (var p in f.Results) w.ValueType(p);
                break;
            case CoreStructType st:
                w.Byte(0x5f).U32((uint)st.Fields.Count);
                foreach (var field in st.Fields) WriteField(w, field);
                break;
            case CoreArrayType a:
                w.Byte(0x5e);
                WriteField(w, a.Element);
                break;
            default:
                throw new System.ArgumentException($"{type.GetType().Name} is not a composite core type (func, struct or array)", nameof(type));
        }
    }

    private static void WriteField(WasmWriter w, CoreFieldType field)
    {
        w.ValueType(field.Storage);
        w.Byte(field.Mutable ? (byte)1 : (byte)0);
    }

    private static void WriteModuleDeclaration(WasmWriter w, CoreModuleDeclaration d)
    {
        switch (d)
        {
            case CoreImportDeclaration i: w.Byte(0x00).Name(i.Module).Name(i.Name); WriteDesc(w, i.Desc); break;
            case CoreTypeDeclarator t: w.Byte(0x01); Write(w, t.Type, topLevel: false); break;
            case CoreOuterAliasDeclaration a: w.Byte(0x02); SortCodes.WriteCore(w, a.Sort); w.Byte(0x01).U32(a.Count).U32(a.Index); break;
            case CoreExportDeclaration e: w.Byte(0x03).Name(e.Name); WriteDesc(w, e.Desc); break;
        }
    }

    /// <summary>Writes a core import descriptor.</summary>
    public static void WriteDesc(WasmWriter w, CoreExternDesc d)
    {
        w.Byte((byte)d.Kind);
        switch (d.Kind)
        {
            case CoreExternKind.Func: w.U32(d.TypeIndex); break;
            case CoreExternKind.Table: w.ValueType(d.ValueType); WriteLimits(w, d); break;
            case CoreExternKind.Memory: WriteLimits(w, d); break;
            case CoreExternKind.Global: w.ValueType(d.ValueType); w.Byte(d.Mutable ? (byte)1 : (byte)0); break;
            case CoreExternKind.Tag: w.Byte(0).U32(d.TypeIndex); break;
        }
    }

    private static void WriteLimits(WasmWriter w, CoreExternDesc d)
    {
        byte flags = (byte)((d.Maximum is null ? 0 : 1) | (d.Shared ? 2 : 0) | (d.Is64 ? 4 : 0));
        w.Byte(flags).U64(d.Minimum);
        if (d.Maximum is { } max) w.U64(max);
    }
}

using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>Core value types as their binary bytes (numeric, vector and reference shorthands).</summary>
public enum CoreValType : byte
{
    I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b, FuncRef = 0x70, ExternRef = 0x6f,
}

/// <summary>A core type inside a component: a function type or a module type.</summary>
public abstract record CoreType;

/// <summary>A core function type (0x60).</summary>
public sealed record CoreFuncType(IReadOnlyList<CoreValType> Params, IReadOnlyList<CoreValType> Results) : CoreType;

/// <summary>A GC sub type written with the 0x00 prefix (<c>0x00 0x50</c> non-final, <c>0x00 0x4f</c> final); only function bodies are supported.</summary>
public sealed record CoreSubType(bool Final, IReadOnlyList<uint> Supertypes, CoreFuncType Type) : CoreType;

/// <summary>A core module type (0x50).</summary>
public sealed record CoreModuleType(IReadOnlyList<CoreModuleDeclaration> Declarations) : CoreType;

/// <summary>A declarator in a core module type.</summary>
public abstract record CoreModuleDeclaration;
/// <summary><c>(import "module" "name" desc)</c>.</summary>
public sealed record CoreImportDeclaration(string Module, string Name, CoreExternDesc Desc) : CoreModuleDeclaration;
/// <summary><c>(type ...)</c>.</summary>
public sealed record CoreTypeDeclarator(CoreType Type) : CoreModuleDeclaration;
/// <summary><c>(alias outer ct idx (type))</c>.</summary>
public sealed record CoreOuterAliasDeclaration(Sort Sort, uint Count, uint Index) : CoreModuleDeclaration;
/// <summary><c>(export "name" desc)</c>.</summary>
public sealed record CoreExportDeclaration(string Name, CoreExternDesc Desc) : CoreModuleDeclaration;

/// <summary>Kinds of core imports/exports.</summary>
public enum CoreExternKind : byte { Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4 }

/// <summary>
/// A core import/export descriptor: a function/tag type index, or a table (element type + limits), a memory
/// (limits, 64-bit and shared flags) or a global (value type + mutability).
/// </summary>
public sealed record CoreExternDesc(CoreExternKind Kind, uint TypeIndex = 0, CoreValType ValueType = CoreValType.I32,
    bool Mutable = false, ulong Minimum = 0, ulong? Maximum = null, bool Shared = false, bool Is64 = false);

/// <summary>Reads and writes core types as they appear in components.</summary>
internal static class CoreTypeCodec
{
    /// <summary>Reads a core type.</summary>
    public static CoreType Read(WasmReader r)
    {
        int at = r.Position;
        byte b = r.Byte();
        switch (b)
        {
            case 0x60:
                return new CoreFuncType(ReadValTypes(r), ReadValTypes(r));
            case 0x50:
            {
                uint n = r.Count();
                var decls = new List<CoreModuleDeclaration>((int)n);
                for (uint i = 0; i < n; i++) decls.Add(ReadModuleDeclaration(r));
                return new CoreModuleType(decls);
            }
            case 0x00:
            {
                int s = r.Position;
                byte form = r.Byte();
                if (form == 0x60) return new CoreFuncType(ReadValTypes(r), ReadValTypes(r));
                if (form is not (0x50 or 0x4f)) throw r.ErrorAt($"unsupported core type form 0x00 0x{form:x2} (GC rec, struct and array types are not supported)", s);
                uint n = r.Count();
                var supers = new List<uint>((int)n);
                for (uint i = 0; i < n; i++) supers.Add(r.U32());
                int c = r.Position;
                if (r.Byte() != 0x60) throw r.ErrorAt("only function sub types are supported (GC struct and array types are not)", c);
                return new CoreSubType(form == 0x4f, supers, new CoreFuncType(ReadValTypes(r), ReadValTypes(r)));
            }
            default:
                throw r.ErrorAt($"unsupported core type form 0x{b:x2} (expected func 0x60 or module 0x50)", at);
        }
    }

    private static CoreModuleDeclaration ReadModuleDeclaration(WasmReader r)
    {
        int at = r.Position;
        byte b = r.Byte();
        switch (b)
        {
            case 0x00:
            {
                string module = r.Name();
                string name = r.Name();
                return new CoreImportDeclaration(module, name, ReadDesc(r));
            }
            case 0x01:
                return new CoreTypeDeclarator(Read(r));
            case 0x02:
            {
                int k = r.Position;
                var sort = SortCodes.ReadCore(r);
                if (sort != Sort.CoreType) throw r.ErrorAt("invalid outer alias kind in a core module type (only core types, 0x10, can be aliased)", k);
                int t = r.Position;
                if (r.Byte() != 0x01) throw r.ErrorAt("core module type aliases must be outer aliases (0x01)", t);
                return new CoreOuterAliasDeclaration(sort, r.U32(), r.U32());
            }
            case 0x03:
            {
                string name = r.Name();
                return new CoreExportDeclaration(name, ReadDesc(r));
            }
            default:
                throw r.ErrorAt($"invalid core module type declarator 0x{b:x2}", at);
        }
    }

    /// <summary>Reads a core import descriptor.</summary>
    public static CoreExternDesc ReadDesc(WasmReader r)
    {
        int at = r.Position;
        byte kind = r.Byte();
        switch (kind)
        {
            case 0x00: return new CoreExternDesc(CoreExternKind.Func, r.U32());
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
                byte mut = r.Byte();
                if (mut > 1) throw r.ErrorAt($"invalid global mutability 0x{mut:x2}", m);
                return new CoreExternDesc(CoreExternKind.Global, ValueType: type, Mutable: mut == 1);
            }
            case 0x04:
            {
                int a = r.Position;
                if (r.Byte() != 0x00) throw r.ErrorAt("invalid tag attribute", a);
                return new CoreExternDesc(CoreExternKind.Tag, r.U32());
            }
            default:
                throw r.ErrorAt($"invalid core import/export kind 0x{kind:x2}", at);
        }
    }

    private static (ulong Min, ulong? Max, bool Shared, bool Is64) ReadLimits(WasmReader r)
    {
        int at = r.Position;
        byte flags = r.Byte();
        if ((flags & ~0x07) != 0) throw r.ErrorAt($"invalid limits flags 0x{flags:x2}", at);
        bool is64 = (flags & 0x04) != 0;
        ulong min = is64 ? r.U64() : r.U32();
        ulong? max = (flags & 0x01) != 0 ? (is64 ? r.U64() : r.U32()) : null;
        return (min, max, (flags & 0x02) != 0, is64);
    }

    private static IReadOnlyList<CoreValType> ReadValTypes(WasmReader r)
    {
        uint n = r.Count();
        var list = new List<CoreValType>((int)n);
        for (uint i = 0; i < n; i++) list.Add(ReadValType(r));
        return list;
    }

    /// <summary>Reads a core value type (shorthand forms only).</summary>
    public static CoreValType ReadValType(WasmReader r)
    {
        int at = r.Position;
        byte b = r.Byte();
        if (b is >= 0x7b and <= 0x7f or 0x70 or 0x6f) return (CoreValType)b;
        throw r.ErrorAt($"unsupported core value type 0x{b:x2}", at);
    }

    /// <summary>Writes a core type.</summary>
    public static void Write(WasmWriter w, CoreType type)
    {
        switch (type)
        {
            case CoreFuncType f:
                w.Byte(0x60);
                w.U32((uint)f.Params.Count); foreach (var p in f.Params) w.Byte((byte)p);
                w.U32((uint)f.Results.Count); foreach (var p in f.Results) w.Byte((byte)p);
                break;
            case CoreSubType sub:
                w.Byte(0x00).Byte(sub.Final ? (byte)0x4f : (byte)0x50).U32((uint)sub.Supertypes.Count);
                foreach (var t in sub.Supertypes) w.U32(t);
                Write(w, sub.Type);
                break;
            case CoreModuleType m:
                w.Byte(0x50);
                w.U32((uint)m.Declarations.Count);
                foreach (var d in m.Declarations) WriteModuleDeclaration(w, d);
                break;
        }
    }

    private static void WriteModuleDeclaration(WasmWriter w, CoreModuleDeclaration d)
    {
        switch (d)
        {
            case CoreImportDeclaration i: w.Byte(0x00).Name(i.Module).Name(i.Name); WriteDesc(w, i.Desc); break;
            case CoreTypeDeclarator t: w.Byte(0x01); Write(w, t.Type); break;
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
            case CoreExternKind.Table: w.Byte((byte)d.ValueType); WriteLimits(w, d); break;
            case CoreExternKind.Memory: WriteLimits(w, d); break;
            case CoreExternKind.Global: w.Byte((byte)d.ValueType).Byte(d.Mutable ? (byte)1 : (byte)0); break;
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

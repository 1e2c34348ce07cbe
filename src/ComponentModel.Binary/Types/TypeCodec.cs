using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>Reads and writes component type definitions, declarators, names, extern descriptors and aliases.</summary>
internal static class TypeCodec
{
    private const int MaxNesting = 100;

    // ---------------------------------------------------------------- reading

    /// <summary>Reads a value type (a primitive opcode or a non-negative s33 type index).</summary>
    public static ValType ReadValType(WasmReader r)
    {
        byte b = r.PeekByte();
        if (ValType.IsPrimitiveCode(b)) { r.ReadByte(); return ValType.Of((PrimitiveValType)b); }
        int at = r.Position;
        long v = r.ReadS33();
        if (v < 0) throw r.Error($"invalid value type 0x{b:x2}", at);
        return ValType.Ref((uint)v);
    }

    private static ValType? ReadOptionalValType(WasmReader r)
    {
        int at = r.Position;
        return r.ReadByte() switch
        {
            0x00 => null,
            0x01 => ReadValType(r),
            var b => throw r.Error($"invalid optional value type marker 0x{b:x2}", at),
        };
    }

    /// <summary>Reads one type definition.</summary>
    public static TypeDefinition ReadTypeDefinition(WasmReader r) => ReadTypeDefinition(r, 0);

    private static TypeDefinition ReadTypeDefinition(WasmReader r, int depth)
    {
        if (depth > MaxNesting) throw r.Error("type nesting too deep");
        int at = r.Position;
        byte b = r.ReadByte();
        if (ValType.IsPrimitiveCode(b)) return new PrimitiveDefinedType((PrimitiveValType)b);
        switch (b)
        {
            case 0x72:
            {
                uint n = (uint)r.ReadLength();
                var fields = new List<NamedValType>((int)n);
                for (uint i = 0; i < n; i++) fields.Add(new NamedValType(r.ReadName(), ReadValType(r)));
                return new RecordType(fields);
            }
            case 0x71:
            {
                uint n = (uint)r.ReadLength();
                var cases = new List<CaseType>((int)n);
                for (uint i = 0; i < n; i++)
                {
                    var name = r.ReadName();
                    var type = ReadOptionalValType(r);
                    int t = r.Position;
                    if (r.ReadByte() != 0x00) throw r.Error("variant case `refines` is not supported (expected 0x00)", t);
                    cases.Add(new CaseType(name, type));
                }
                return new VariantType(cases);
            }
            case 0x70: return new ListType(ReadValType(r));
            case 0x67: return new FixedListType(ReadValType(r), r.ReadU32());
            case 0x6f:
            {
                uint n = (uint)r.ReadLength();
                var types = new List<ValType>((int)n);
                for (uint i = 0; i < n; i++) types.Add(ReadValType(r));
                return new TupleType(types);
            }
            case 0x6e: return new FlagsType(ReadNames(r));
            case 0x6d: return new EnumType(ReadNames(r));
            case 0x6b: return new OptionType(ReadValType(r));
            case 0x6a: return new ResultType(ReadOptionalValType(r), ReadOptionalValType(r));
            case 0x69: return new OwnType(r.ReadU32());
            case 0x68: return new BorrowType(r.ReadU32());
            case 0x66: return new StreamType(ReadOptionalValType(r));
            case 0x65: return new FutureType(ReadOptionalValType(r));
            case 0x63: return new MapType(ReadValType(r), ReadValType(r));
            case 0x40:
            case 0x43:
            {
                uint n = (uint)r.ReadLength();
                var ps = new List<NamedValType>((int)n);
                for (uint i = 0; i < n; i++) ps.Add(new NamedValType(r.ReadName(), ReadValType(r)));
                int rt = r.Position;
                ValType? result = r.ReadByte() switch
                {
                    0x00 => ReadValType(r),
                    0x01 => r.ReadByte() == 0x00 ? null : throw r.Error("named function results are no longer supported", rt),
                    var x => throw r.Error($"invalid function result list 0x{x:x2}", rt),
                };
                return new FuncType(b == 0x43, ps, result);
            }
            case 0x41:
            case 0x42:
            {
                uint n = (uint)r.ReadLength();
                var decls = new List<Declaration>((int)n);
                for (uint i = 0; i < n; i++) decls.Add(ReadDeclaration(r, b == 0x41, depth + 1));
                return b == 0x41 ? new ComponentTypeDefinition(decls) : new InstanceTypeDefinition(decls);
            }
            case 0x3f:
            case 0x3e:
            {
                int rep = r.Position;
                if (r.ReadByte() != 0x7f) throw r.Error("resource representation must be i32 (0x7f)", rep);
                uint? dtor = ReadOptionalIndex(r);
                uint? callback = b == 0x3e ? ReadOptionalIndex(r) : null;
                return new ResourceTypeDefinition(dtor, b == 0x3e, callback);
            }
            default:
                throw r.Error($"invalid type definition opcode 0x{b:x2}", at);
        }
    }

    private static uint? ReadOptionalIndex(WasmReader r)
    {
        int at = r.Position;
        return r.ReadByte() switch
        {
            0x00 => null,
            0x01 => r.ReadU32(),
            var b => throw r.Error($"invalid optional index marker 0x{b:x2}", at),
        };
    }

    private static IReadOnlyList<string> ReadNames(WasmReader r)
    {
        uint n = (uint)r.ReadLength();
        var names = new List<string>((int)n);
        for (uint i = 0; i < n; i++) names.Add(r.ReadName());
        return names;
    }

    private static Declaration ReadDeclaration(WasmReader r, bool component, int depth)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        switch (b)
        {
            case 0x00: return new CoreTypeDeclaration(CoreTypeCodec.Read(r));
            case 0x01: return new TypeDeclaration(ReadTypeDefinition(r, depth));
            case 0x02: return new AliasDeclaration(ReadAlias(r));
            case 0x03 when component: return new ImportDeclaration(ReadExternName(r), ReadExternDesc(r));
            case 0x04: return new ExportDeclaration(ReadExternName(r), ReadExternDesc(r));
            default:
                throw r.Error($"invalid {(component ? "component" : "instance")} type declarator 0x{b:x2}", at);
        }
    }

    /// <summary>Reads an import/export name (forms 0x00, 0x01 and 0x02 with options).</summary>
    public static ExternName ReadExternName(WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        switch (b)
        {
            case 0x00:
            case 0x01:
                return new ExternName(r.ReadName());
            case 0x02:
            {
                var name = r.ReadName();
                string? implements = null, version = null, external = null;
                uint n = (uint)r.ReadLength();
                for (uint i = 0; i < n; i++)
                {
                    int o = r.Position;
                    // Each option kind appears at most once.
                    switch (r.ReadByte())
                    {
                        case 0x00: implements = implements is null ? r.ReadName() : throw r.Error("duplicate 'implements' option in name", o); break;
                        case 0x01: version = version is null ? r.ReadName() : throw r.Error("duplicate 'version' option in name", o); break;
                        case 0x02: external = external is null ? r.ReadName() : throw r.Error("duplicate 'external-id' option in name", o); break;
                        default: throw r.Error("invalid name option", o);
                    }
                }
                return new ExternName(name, implements, version, external);
            }
            default:
                throw r.Error($"invalid import/export name form 0x{b:x2}", at);
        }
    }

    /// <summary>Reads an extern descriptor.</summary>
    public static ExternDesc ReadExternDesc(WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        switch (b)
        {
            case 0x00:
            {
                int m = r.Position;
                if (r.ReadByte() != 0x11) throw r.Error("core extern descriptors must be modules (0x11)", m);
                return new ExternDesc(ExternKind.Module, r.ReadU32());
            }
            case 0x01: return ExternDesc.Func(r.ReadU32());
            case 0x02:
            {
                // wasmparser reads `0x02 <valtype>` and wasm-encoder writes it. Binary.md's `valuebound`
                // (`0x00 <valueidx>` / `0x01 <valtype>`) overlaps type indices 0 and 1; its `0x01 <primvaltype>` form
                // (which our writer used to produce) is unambiguous, because no item starts with a primitive
                // opcode byte, so it is still read.
                if (r.PeekByte() == 0x01 && r.Remaining >= 2 && ValType.IsPrimitiveCode(r.PeekAt(1))) r.ReadByte();
                return new ExternDesc(ExternKind.Value, 0, default, ReadValType(r));
            }
            case 0x03:
            {
                int t = r.Position;
                return r.ReadByte() switch
                {
                    0x00 => ExternDesc.Type(TypeBound.Eq(r.ReadU32())),
                    0x01 => ExternDesc.Type(TypeBound.SubResource),
                    _ => throw r.Error("invalid type bound", t),
                };
            }
            case 0x04: return ExternDesc.Component(r.ReadU32());
            case 0x05: return ExternDesc.Instance(r.ReadU32());
            default: throw r.Error($"invalid extern descriptor 0x{b:x2}", at);
        }
    }

    /// <summary>Reads an alias.</summary>
    public static Alias ReadAlias(WasmReader r)
    {
        var sort = SortCodes.Read(r);
        int at = r.Position;
        byte b = r.ReadByte();
        AliasTarget target = b switch
        {
            0x00 => new InstanceExportAlias(r.ReadU32(), r.ReadName()),
            0x01 => new CoreInstanceExportAlias(r.ReadU32(), r.ReadName()),
            0x02 => new OuterAlias(r.ReadU32(), r.ReadU32()),
            _ => throw r.Error($"invalid alias target 0x{b:x2}", at),
        };
        return new Alias(sort, target);
    }

    // ---------------------------------------------------------------- writing

    /// <summary>Writes a value type (type indices as s33).</summary>
    public static void WriteValType(WasmWriter w, ValType t)
    {
        if (t.IsPrimitive) w.Byte((byte)t.Primitive);
        else w.S64(t.Index);
    }

    private static void WriteOptional(WasmWriter w, ValType? t)
    {
        if (t is { } v) { w.Byte(1); WriteValType(w, v); }
        else w.Byte(0);
    }

    /// <summary>Writes a type definition.</summary>
    public static void WriteTypeDefinition(WasmWriter w, TypeDefinition def)
    {
        switch (def)
        {
            case PrimitiveDefinedType p: w.Byte((byte)p.Primitive); break;
            case RecordType rec:
                w.Byte(0x72).U32((uint)rec.Fields.Count);
                foreach (var f in rec.Fields) { w.Name(f.Name); WriteValType(w, f.Type); }
                break;
            case VariantType v:
                w.Byte(0x71).U32((uint)v.Cases.Count);
                foreach (var c in v.Cases) { w.Name(c.Name); WriteOptional(w, c.Type); w.Byte(0); }
                break;
            case ListType l: w.Byte(0x70); WriteValType(w, l.Element); break;
            case FixedListType fl: w.Byte(0x67); WriteValType(w, fl.Element); w.U32(fl.Length); break;
            case TupleType t:
                w.Byte(0x6f).U32((uint)t.Types.Count);
                foreach (var x in t.Types) WriteValType(w, x);
                break;
            case FlagsType f: w.Byte(0x6e); WriteNames(w, f.Names); break;
            case EnumType e: w.Byte(0x6d); WriteNames(w, e.Names); break;
            case OptionType o: w.Byte(0x6b); WriteValType(w, o.Element); break;
            case ResultType res: w.Byte(0x6a); WriteOptional(w, res.Ok); WriteOptional(w, res.Err); break;
            case OwnType own: w.Byte(0x69).U32(own.Resource); break;
            case BorrowType borrow: w.Byte(0x68).U32(borrow.Resource); break;
            case StreamType s: w.Byte(0x66); WriteOptional(w, s.Element); break;
            case FutureType fu: w.Byte(0x65); WriteOptional(w, fu.Element); break;
            case MapType m: w.Byte(0x63); WriteValType(w, m.Key); WriteValType(w, m.Value); break;
            case FuncType fn:
                w.Byte(fn.IsAsync ? (byte)0x43 : (byte)0x40).U32((uint)fn.Params.Count);
                foreach (var p in fn.Params) { w.Name(p.Name); WriteValType(w, p.Type); }
                if (fn.Result is { } result) { w.Byte(0x00); WriteValType(w, result); }
                else w.Byte(0x01).Byte(0x00);
                break;
            case ComponentTypeDefinition ct:
                w.Byte(0x41).U32((uint)ct.Declarations.Count);
                foreach (var d in ct.Declarations) WriteDeclaration(w, d);
                break;
            case InstanceTypeDefinition it:
                w.Byte(0x42).U32((uint)it.Declarations.Count);
                foreach (var d in it.Declarations) WriteDeclaration(w, d);
                break;
            case ResourceTypeDefinition rt:
                w.Byte(rt.IsAsync ? (byte)0x3e : (byte)0x3f).Byte(0x7f);
                WriteOptionalIndex(w, rt.Destructor);
                if (rt.IsAsync) WriteOptionalIndex(w, rt.Callback);
                break;
        }
    }

    private static void WriteOptionalIndex(WasmWriter w, uint? index)
    {
        if (index is { } i) w.Byte(1).U32(i);
        else w.Byte(0);
    }

    private static void WriteNames(WasmWriter w, IReadOnlyList<string> names)
    {
        w.U32((uint)names.Count);
        foreach (var n in names) w.Name(n);
    }

    private static void WriteDeclaration(WasmWriter w, Declaration d)
    {
        switch (d)
        {
            case CoreTypeDeclaration c: w.Byte(0x00); CoreTypeCodec.Write(w, c.Type); break;
            case TypeDeclaration t: w.Byte(0x01); WriteTypeDefinition(w, t.Type); break;
            case AliasDeclaration a: w.Byte(0x02); WriteAlias(w, a.Alias); break;
            case ImportDeclaration i: w.Byte(0x03); WriteExternName(w, i.Name); WriteExternDesc(w, i.Desc); break;
            case ExportDeclaration e: w.Byte(0x04); WriteExternName(w, e.Name); WriteExternDesc(w, e.Desc); break;
        }
    }

    /// <summary>Writes a name (form 0x00, or 0x02 when it has options).</summary>
    public static void WriteExternName(WasmWriter w, ExternName name)
    {
        if (name.Implements is null && name.VersionSuffix is null && name.ExternalId is null)
        {
            // Binary.md's `importname'`/`exportname'` and wasm-encoder: 0x00 for every plain name. (0x01, once
            // written for interface names, is still read.)
            w.Byte(0x00).Name(name.Name);
            return;
        }
        w.Byte(0x02).Name(name.Name);
        w.U32((uint)((name.Implements is null ? 0 : 1) + (name.VersionSuffix is null ? 0 : 1) + (name.ExternalId is null ? 0 : 1)));
        if (name.Implements is not null) w.Byte(0x00).Name(name.Implements);
        if (name.VersionSuffix is not null) w.Byte(0x01).Name(name.VersionSuffix);
        if (name.ExternalId is not null) w.Byte(0x02).Name(name.ExternalId);
    }

    /// <summary>Writes an extern descriptor.</summary>
    public static void WriteExternDesc(WasmWriter w, ExternDesc d)
    {
        switch (d.Kind)
        {
            case ExternKind.Module: w.Byte(0x00).Byte(0x11).U32(d.Index); break;
            case ExternKind.Func: w.Byte(0x01).U32(d.Index); break;
            case ExternKind.Value: w.Byte(0x02); WriteValType(w, d.Value); break;
            case ExternKind.Type:
                w.Byte(0x03);
                if (d.Bound.IsSubResource) w.Byte(0x01);
                else w.Byte(0x00).U32(d.Bound.Index);
                break;
            case ExternKind.Component: w.Byte(0x04).U32(d.Index); break;
            case ExternKind.Instance: w.Byte(0x05).U32(d.Index); break;
        }
    }

    /// <summary>Writes an alias.</summary>
    public static void WriteAlias(WasmWriter w, Alias a)
    {
        SortCodes.Write(w, a.Sort);
        switch (a.Target)
        {
            case InstanceExportAlias e: w.Byte(0x00).U32(e.Instance).Name(e.Name); break;
            case CoreInstanceExportAlias c: w.Byte(0x01).U32(c.Instance).Name(c.Name); break;
            case OuterAlias o: w.Byte(0x02).U32(o.Count).U32(o.Index); break;
        }
    }
}

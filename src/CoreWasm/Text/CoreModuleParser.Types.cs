using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.CoreWasm.Text;

/// <summary>Type definitions: function, struct and array types, subtyping (<c>sub</c>) and <c>rec</c> groups.</summary>
internal sealed partial class CoreModuleParser
{
    private uint _typeIndex; // the next explicit type's index (ids were bound by the pre-pass)

    private void Type(WatList f)
    {
        var w = new WasmWriter();
        var signature = TypeDefinition(f, w, inRec: false);
        _m.TypeGroups.Add(new CoreTypeGroup(w.ToArray(), new List<CoreFuncType?> { signature }, isRec: false));
        _m.Fields.Add(new CoreTypeField(f));
    }

    private void Rec(WatList f)
    {
        var w = new WasmWriter();
        var signatures = new List<CoreFuncType?>();
        var c = new CoreCursor(f);
        var members = new WasmWriter();
        while (!c.AtEnd)
        {
            var member = c.TakeList("type") ?? throw c.Error("expected (type ...)");
            signatures.Add(TypeDefinition(member, members, inRec: true));
        }
        w.Byte(0x4E);
        w.U32((uint)signatures.Count);
        w.Bytes(members);
        _m.TypeGroups.Add(new CoreTypeGroup(w.ToArray(), signatures, isRec: true));
        _m.Fields.Add(new CoreTypeField(f));
    }

    /// <summary><c>(type $id? (sub final? idx* comptype) | comptype)</c>; returns the signature of a function type.</summary>
    private CoreFuncType? TypeDefinition(WatList f, WasmWriter w, bool inRec)
    {
        uint index = _typeIndex++;
        var c = new CoreCursor(f);
        c.TakeId();
        if (c.Next() is not WatList def) throw f.Error("expected a type definition");
        c.ExpectEnd();
        if (def.Head != "sub") return Composite(def, w, index, inRec);
        var sc = new CoreCursor(def);
        bool final = sc.TakeKeyword("final");
        var supers = new List<uint>();
        while (sc.TakeIndex() is { } super) supers.Add(_m.Types.Resolve(super));
        if (sc.Next() is not WatList composite) throw def.Error("expected a composite type");
        sc.ExpectEnd();
        // A final type without supertypes has the short form, as if `sub` were not written.
        if (!final || supers.Count > 0)
        {
            w.Byte(final ? (byte)0x4F : (byte)0x50);
            w.U32((uint)supers.Count);
            foreach (var s in supers) w.U32(s);
        }
        return Composite(composite, w, index, inRec);
    }

    private CoreFuncType? Composite(WatList def, WasmWriter w, uint index, bool inRec)
    {
        var c = new CoreCursor(def);
        switch (def.Head)
        {
            case "func":
            {
                c.TakeId();
                var parameters = new List<CoreParam>();
                var results = new List<ValueType>();
                Signature(c, parameters, results, _m.Types);
                c.ExpectEnd();
                var signature = new CoreFuncType(parameters.ConvertAll(p => p.Type), results);
                signature.Encode(w);
                if (!inRec && parameters.Exists(p => p.Id is not null)) _m.TypeParamNames.Add((index, parameters.ConvertAll(p => p.Id?.Text)));
                return signature;
            }
            case "struct":
            {
                var fields = new CoreIndexSpace("field");
                var types = new WasmWriter();
                while (!c.AtEnd)
                {
                    var field = c.ExpectList("field");
                    var fc = new CoreCursor(field);
                    if (fc.TakeId() is { } fid)
                    {
                        fields.Add(fid);
                        FieldType(fc.Next(), types);
                        fc.ExpectEnd();
                        continue;
                    }
                    while (!fc.AtEnd)
                    {
                        fields.Add(null);
                        FieldType(fc.Next(), types);
                    }
                }
                w.Byte(0x5F);
                w.U32(fields.Count);
                w.Bytes(types);
                _m.StructFields[index] = fields;
                if (!inRec && fields.Names.Exists(n => n is not null)) _m.FieldNames.Add((index, fields.Names));
                return null;
            }
            case "array":
            {
                w.Byte(0x5E);
                var element = c.Next();
                if (element is WatList { Head: "field" } field)
                {
                    var fc = new CoreCursor(field);
                    fc.TakeId();
                    element = fc.Next();
                    fc.ExpectEnd();
                }
                FieldType(element, w);
                c.ExpectEnd();
                return null;
            }
            case "cont":
                throw def.Error("unsupported: continuation types (stack switching is not supported)");
            default:
                throw def.Error("expected (func ...), (struct ...) or (array ...)");
        }
    }

    /// <summary><c>storagetype | (mut storagetype)</c>, storage types being value types, i8 and i16.</summary>
    private void FieldType(WatNode node, WasmWriter w)
    {
        bool mutable = false;
        if (node is WatList { Head: "mut" } m)
        {
            var mc = new CoreCursor(m);
            node = mc.Next();
            mc.ExpectEnd();
            mutable = true;
        }
        if (node is WatAtom a && a.IsKeyword("i8")) w.Byte(0x78);
        else if (node is WatAtom b && b.IsKeyword("i16")) w.Byte(0x77);
        else w.ValueType(ValType(node, _m.Types));
        w.Byte(mutable ? (byte)1 : (byte)0);
    }
}

using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.CoreWasm.Text;

/// <summary>
/// Second pass: <see cref="CoreModule"/> -> binary. Walks the fields in source order (so implicit types are
/// appended in order of first use) and writes the sections in the binary format's order.
/// </summary>
internal sealed class CoreModuleEncoder
{
    private readonly CoreModule _m;
    private readonly CoreTypeTable _types;
    private readonly CoreCodeEncoder _code;

    private readonly Section _imports = new(2), _funcs = new(3), _tables = new(4), _memories = new(5), _tags = new(13), _globals = new(6),
        _exports = new(7), _elems = new(9), _codes = new(10), _datas = new(11);
    private uint? _start;
    private readonly List<(uint Func, List<string?> Names)> _localNames = new();
    private readonly List<(uint Func, List<(uint, string)> Names)> _labelNames = new();
    private uint _funcIndex;
    private readonly List<CoreCustomField> _customs = new();

    private sealed class Section
    {
        public Section(byte id) => Id = id;

        public byte Id { get; }
        public uint Count { get; set; }
        public WasmWriter Body { get; } = new();

        public WasmWriter Item()
        {
            Count++;
            return Body;
        }
    }

    private CoreModuleEncoder(CoreModule module)
    {
        _m = module;
        _types = new CoreTypeTable(module.TypeGroups);
        _code = new CoreCodeEncoder(module, _types);
    }

    public static byte[] Encode(CoreModule module) => new CoreModuleEncoder(module).Encode();

    private byte[] Encode()
    {
        foreach (var field in _m.Fields)
        {
            switch (field)
            {
                case CoreTypeField: break; // already in the type table
                case CoreImportField i: Import(i); break;
                case CoreFuncField f: Func(f); break;
                case CoreTableField t: Table(t); break;
                case CoreMemoryField m: m.Limits.Encode(_memories.Item()); break;
                case CoreGlobalField g: Global(g); break;
                case CoreTagField t:
                {
                    var w = _tags.Item();
                    w.Byte(0x00); // exception
                    w.U32(_code.TypeIndex(t.Type));
                    break;
                }
                case CoreExportField e: Export(e); break;
                case CoreStartField s: _start = _m.Funcs.Resolve(s.Func); break;
                case CoreElemField e: Elem(e); break;
                case CoreDataField d: Data(d); break;
                case CoreCustomField c: _customs.Add(c); break;
            }
        }
        return Assemble();
    }

    private void Import(CoreImportField i)
    {
        if (i.Kind == CoreExternKind.Func) _funcIndex++;
        var w = _imports.Item();
        w.Name(i.Module);
        w.Name(i.Name);
        w.Byte((byte)i.Kind);
        switch (i.Kind)
        {
            case CoreExternKind.Func: w.U32(_code.TypeIndex(i.Func!)); break;
            case CoreExternKind.Table: i.Table!.Encode(w); break;
            case CoreExternKind.Memory: i.Memory!.Encode(w); break;
            case CoreExternKind.Global: i.Global!.Encode(w); break;
            case CoreExternKind.Tag:
                w.Byte(0x00);
                w.U32(_code.TypeIndex(i.Tag!));
                break;
        }
    }

    private void Func(CoreFuncField f)
    {
        uint typeIndex = _code.TypeIndex(f.Type);
        _funcs.Item().U32(typeIndex);

        var locals = new CoreIndexSpace("local");
        if (f.Type.TypeRef is null || f.Type.HasInline)
        {
            foreach (var p in f.Type.Params) locals.Add(p.Id);
        }
        else
        {
            foreach (var _ in _code.ParamTypes(f.Type, typeIndex)) locals.Add(null);
        }
        foreach (var l in f.Locals) locals.Add(l.Id);

        var body = new WasmWriter();
        // Runs of equal local types share one entry.
        var groups = new List<(uint Count, ValueType Type)>();
        foreach (var l in f.Locals)
        {
            if (groups.Count > 0 && groups[groups.Count - 1].Type.Equals(l.Type))
                groups[groups.Count - 1] = (groups[groups.Count - 1].Count + 1, l.Type);
            else groups.Add((1, l.Type));
        }
        body.U32((uint)groups.Count);
        foreach (var (count, type) in groups)
        {
            body.U32(count);
            body.ValueType(type);
        }
        _code.Expression(new CoreExpr(f.Node, f.BodyStart), body, locals);
        if (locals.Names.Exists(n => n is not null)) _localNames.Add((_funcIndex, locals.Names));
        if (_code.LabelNames.Count > 0) _labelNames.Add((_funcIndex, new List<(uint, string)>(_code.LabelNames)));
        _funcIndex++;
        var w = _codes.Item();
        w.U32((uint)body.Length);
        w.Bytes(body);
    }

    private void Table(CoreTableField t)
    {
        var w = _tables.Item();
        if (t.Init is null)
        {
            t.Type.Encode(w);
            return;
        }
        w.Byte(0x40);
        w.Byte(0x00);
        t.Type.Encode(w);
        _code.Expression(t.Init, w, null);
    }

    private void Global(CoreGlobalField g)
    {
        var w = _globals.Item();
        g.Type.Encode(w);
        _code.Expression(g.Init, w, null);
    }

    private void Export(CoreExportField e)
    {
        var space = e.Kind switch
        {
            CoreExternKind.Func => _m.Funcs,
            CoreExternKind.Table => _m.Tables,
            CoreExternKind.Memory => _m.Memories,
            CoreExternKind.Tag => _m.Tags,
            _ => _m.Globals,
        };
        var w = _exports.Item();
        w.Name(e.Name);
        w.Byte((byte)e.Kind);
        w.U32(space.Resolve(e.Item));
    }

    private void Elem(CoreElemField e)
    {
        var w = _elems.Item();
        bool exprs = e.Exprs is not null || e.IndicesAsExprs;
        if (!exprs)
        {
            switch (e.Mode)
            {
                case CoreSegmentMode.Active when e.Table is null:
                    w.Byte(0x00);
                    _code.Expression(e.Offset!, w, null);
                    break;
                case CoreSegmentMode.Passive:
                    w.Byte(0x01);
                    w.Byte(0x00);
                    break;
                case CoreSegmentMode.Active:
                    w.Byte(0x02);
                    w.U32(_m.Tables.Resolve(e.Table!.Value));
                    _code.Expression(e.Offset!, w, null);
                    w.Byte(0x00);
                    break;
                default:
                    w.Byte(0x03);
                    w.Byte(0x00);
                    break;
            }
            w.U32((uint)e.FuncIndices!.Count);
            foreach (var f in e.FuncIndices) w.U32(_m.Funcs.Resolve(f));
            return;
        }
        switch (e.Mode)
        {
            case CoreSegmentMode.Active when e.Table is null && e.Type == ValueType.FuncRef:
                w.Byte(0x04);
                _code.Expression(e.Offset!, w, null);
                break;
            case CoreSegmentMode.Passive:
                w.Byte(0x05);
                w.ValueType(e.Type);
                break;
            case CoreSegmentMode.Active:
                w.Byte(0x06);
                w.U32(e.Table is { } table ? _m.Tables.Resolve(table) : 0);
                _code.Expression(e.Offset!, w, null);
                w.ValueType(e.Type);
                break;
            default:
                w.Byte(0x07);
                w.ValueType(e.Type);
                break;
        }
        if (e.Exprs is { } list)
        {
            w.U32((uint)list.Count);
            foreach (var x in list) _code.Expression(x, w, null);
        }
        else
        {
            w.U32((uint)e.FuncIndices!.Count);
            foreach (var f in e.FuncIndices)
            {
                w.Byte(0xD2);
                w.U32(_m.Funcs.Resolve(f));
                w.Byte(0x0B);
            }
        }
    }

    private void Data(CoreDataField d)
    {
        var w = _datas.Item();
        if (d.Mode == CoreSegmentMode.Passive) w.Byte(0x01);
        else
        {
            uint memory = _m.Memories.Resolve(d.Memory);
            if (memory == 0) w.Byte(0x00);
            else
            {
                w.Byte(0x02);
                w.U32(memory);
            }
            _code.Expression(d.Offset!, w, null);
        }
        uint length = 0;
        foreach (var b in d.Bytes) length += (uint)b.Length;
        w.U32(length);
        foreach (var b in d.Bytes) w.Bytes(b);
    }

    // ---- the module --------------------------------------------------------------------------------------

    private byte[] Assemble()
    {
        var types = new Section(1);
        foreach (var g in _types.Groups) types.Item().Bytes(g);

        var output = new WasmWriter();
        output.Bytes(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00 });
        Customs(output, "before first");
        Emit(output, "type", types);
        Emit(output, "import", _imports);
        Emit(output, "func", _funcs);
        Emit(output, "table", _tables);
        Emit(output, "memory", _memories);
        Emit(output, "tag", _tags);
        Emit(output, "global", _globals);
        Emit(output, "export", _exports);
        Customs(output, "before start");
        if (_start is { } start)
        {
            var s = new WasmWriter();
            s.U32(start);
            output.Section(8, s);
        }
        Customs(output, "after start");
        Emit(output, "elem", _elems);
        if (_code.UsesDataCount)
        {
            var s = new WasmWriter();
            s.U32(_datas.Count);
            output.Section(12, s);
        }
        Emit(output, "code", _codes);
        Emit(output, "data", _datas);
        var names = CoreNameSection.Encode(_m, _localNames, _labelNames);
        if (names is not null) output.Section(0, names);
        Customs(output, "after last");
        return output.ToArray();
    }

    private void Emit(WasmWriter output, string anchor, Section section)
    {
        Customs(output, "before " + anchor);
        if (section.Count > 0)
        {
            var contents = new WasmWriter();
            contents.U32(section.Count);
            contents.Bytes(section.Body);
            output.Section(section.Id, contents);
        }
        Customs(output, "after " + anchor);
    }

    private void Customs(WasmWriter output, string place)
    {
        foreach (var c in _customs)
        {
            if (c.Place != place) continue;
            var contents = new WasmWriter();
            contents.Name(c.Name);
            contents.Bytes(c.Contents);
            output.Section(0, contents);
        }
    }
}

using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.CoreWasm.Text;

/// <summary>
/// First pass: module fields -> <see cref="CoreModule"/>. Binds every <c>$id</c> and expands the inline
/// import/export/elem/data abbreviations; instructions stay unparsed until all indices are known.
/// </summary>
internal sealed partial class CoreModuleParser
{
    private readonly CoreModule _m;
    private string? _definition; // kind of the first definition seen: imports may not follow it
    private bool _sawStart;

    private CoreModuleParser(CoreModule module) => _m = module;

    public static CoreModule Parse(WatList module, int fieldsStart, WatAtom? id)
    {
        var parser = new CoreModuleParser(new CoreModule(module) { Id = id });
        // Type ids first: reference types may name a type defined further down.
        for (int i = fieldsStart; i < module.Items.Count; i++)
        {
            if (module.Items[i] is WatList { Head: "type" } type) parser._m.Types.Add(new CoreCursor(type).TakeId());
            if (module.Items[i] is WatList { Head: "rec" } rec)
            {
                foreach (var member in rec.Items)
                {
                    if (member is WatList { Head: "type" } t) parser._m.Types.Add(new CoreCursor(t).TakeId());
                }
            }
        }
        for (int i = fieldsStart; i < module.Items.Count; i++)
        {
            if (module.Items[i] is not WatList field) throw module.Items[i].Error("expected a module field");
            parser.Field(field);
        }
        return parser._m;
    }

    private void Field(WatList f)
    {
        if (f.AnnotationName == "custom")
        {
            Custom(f);
            return;
        }
        switch (f.Head)
        {
            case "type": Type(f); break;
            case "rec": Rec(f); break;
            case "import": Import(f); break;
            case "func": Func(f); break;
            case "table": Table(f); break;
            case "memory": Memory(f); break;
            case "global": Global(f); break;
            case "export": Export(f); break;
            case "start": Start(f); break;
            case "elem": Elem(f); break;
            case "data": Data(f); break;
            case "tag": Tag(f); break;
            default:
                throw f.Error("unknown module field" + (f.Head is null ? "" : " `" + f.Head + "`"));
        }
    }

    // ---- types ------------------------------------------------------------------------------------------

    /// <summary><c>(param ...)* (result ...)*</c>.</summary>
    public static void Signature(CoreCursor c, List<CoreParam> parameters, List<ValueType> results, CoreIndexSpace types)
    {
        while (c.TakeList("param") is { } p)
        {
            var pc = new CoreCursor(p);
            if (pc.TakeId() is { } pid)
            {
                parameters.Add(new CoreParam(pid, ValType(pc.Next(), types)));
                pc.ExpectEnd();
                continue;
            }
            while (!pc.AtEnd) parameters.Add(new CoreParam(null, ValType(pc.Next(), types)));
        }
        while (c.TakeList("result") is { } r)
        {
            var rc = new CoreCursor(r);
            while (!rc.AtEnd) results.Add(ValType(rc.Next(), types));
        }
    }

    public static CoreTypeUse TypeUse(CoreCursor c, CoreIndexSpace types)
    {
        var use = new CoreTypeUse(c.Peek() ?? c.Owner);
        if (c.TakeList("type") is { } t)
        {
            var tc = new CoreCursor(t);
            use.TypeRef = tc.ExpectIndex("a type index");
            tc.ExpectEnd();
        }
        Signature(c, use.Params, use.Results, types);
        if (c.PeekList("type") || c.PeekList("param") || c.PeekList("result"))
            throw c.Error("unexpected token: a type use is (type x)? (param ...)* (result ...)*, in that order");
        return use;
    }

    public static bool IsRefType(WatNode? node) =>
        node is WatAtom { Kind: WatAtomKind.Keyword } a ? ValueTypes.TryParseKeyword(a.Text, out var type) && type.IsReference() : node is WatList { Head: "ref" };

    public static ValueType ValType(WatNode node, CoreIndexSpace types)
    {
        if (node is WatAtom { Kind: WatAtomKind.Keyword } a && ValueTypes.TryParseKeyword(a.Text, out var keyword)) return keyword;
        if (node is WatList { Head: "ref" } r)
        {
            var c = new CoreCursor(r);
            bool nullable = c.TakeKeyword("null");
            var heap = c.Next();
            c.ExpectEnd();
            if (heap is WatAtom { Kind: WatAtomKind.Keyword } h && ValueTypes.TryParseHeapKeyword(h.Text, out int abstractHeap))
                return ValueTypes.Ref(nullable, abstractHeap);
            if (heap is WatAtom { Kind: WatAtomKind.Id or WatAtomKind.Integer } index)
                return ValueTypes.Ref(nullable, TypeIndexHeap(index, types));
            throw heap.Error("expected a heap type");
        }
        if (node is WatAtom { Kind: WatAtomKind.Keyword or WatAtomKind.Reserved } k) throw node.Error($"unknown operator {k.Text} (expected a value type)");
        throw node.Error("unexpected token, expected a value type");
    }

    /// <summary>A type index as a heap type; the model holds indices up to <see cref="ValueTypes.MaxTypeIndex"/>.</summary>
    private static int TypeIndexHeap(WatAtom index, CoreIndexSpace types)
    {
        var resolved = types.Resolve(index);
        if (resolved > ValueTypes.MaxTypeIndex) throw index.Error("type index too large");
        return (int)resolved;
    }

    private static CoreLimits Limits(CoreCursor c, bool is64)
    {
        var limits = new CoreLimits { Is64 = is64 };
        if (c.Peek() is not WatAtom { Kind: WatAtomKind.Integer } min) throw c.Error("expected limits");
        c.Pos++;
        limits.Min = WatNumbers.ParseU64(min); // 32-bit bounds are a validation matter
        if (c.Peek() is WatAtom { Kind: WatAtomKind.Integer } max)
        {
            c.Pos++;
            limits.Max = WatNumbers.ParseU64(max);
        }
        return limits;
    }

    private static bool IndexType(CoreCursor c)
    {
        if (c.TakeKeyword("i64")) return true;
        c.TakeKeyword("i32");
        return false;
    }

    private CoreTableType TableType(CoreCursor c)
    {
        bool is64 = IndexType(c);
        var limits = Limits(c, is64);
        return new CoreTableType(limits, ValType(c.Next(), _m.Types));
    }

    private static CoreLimits MemoryType(CoreCursor c)
    {
        bool is64 = IndexType(c);
        var limits = Limits(c, is64);
        if (c.TakeKeyword("shared")) limits.Shared = true;
        if (c.PeekList("pagesize")) throw c.Error("unsupported: custom page sizes");
        return limits;
    }

    private CoreGlobalType GlobalType(CoreCursor c)
    {
        if (c.TakeList("mut") is { } m)
        {
            var mc = new CoreCursor(m);
            var t = ValType(mc.Next(), _m.Types);
            mc.ExpectEnd();
            return new CoreGlobalType(t, true);
        }
        return new CoreGlobalType(ValType(c.Next(), _m.Types), false);
    }

    // ---- imports and exports -----------------------------------------------------------------------------

    private static byte[] Name(WatAtom s)
    {
        s.GetName(); // rejects malformed UTF-8
        return s.StringBytes ?? System.Text.Encoding.UTF8.GetBytes(s.Text);
    }

    private void CheckImportOrder(WatList f)
    {
        if (_definition is not null) throw f.Error("import after " + _definition);
    }

    private void Import(WatList f)
    {
        CheckImportOrder(f);
        var c = new CoreCursor(f);
        var module = Name(c.ExpectString("a module name"));
        var name = Name(c.ExpectString("an import name"));
        if (c.Next() is not WatList desc) throw f.Error("expected an import description");
        c.ExpectEnd();
        var dc = new CoreCursor(desc);
        var id = dc.TakeId();
        CoreImportField import;
        switch (desc.Head)
        {
            case "func":
                import = new CoreImportField(f, module, name, CoreExternKind.Func) { Func = TypeUse(dc, _m.Types) };
                _m.Funcs.Add(id);
                break;
            case "table":
                import = new CoreImportField(f, module, name, CoreExternKind.Table) { Table = TableType(dc) };
                _m.Tables.Add(id);
                break;
            case "memory":
                import = new CoreImportField(f, module, name, CoreExternKind.Memory) { Memory = MemoryType(dc) };
                _m.Memories.Add(id);
                break;
            case "global":
                import = new CoreImportField(f, module, name, CoreExternKind.Global) { Global = GlobalType(dc) };
                _m.Globals.Add(id);
                break;
            case "tag":
                import = new CoreImportField(f, module, name, CoreExternKind.Tag) { Tag = TypeUse(dc, _m.Types) };
                _m.Tags.Add(id);
                break;
            default:
                throw desc.Error("unknown import kind");
        }
        dc.ExpectEnd();
        _m.Fields.Add(import);
    }

    /// <summary><c>(export "name")*</c> after a definition's id: exports of the definition itself.</summary>
    private void InlineExports(CoreCursor c, CoreExternKind kind, uint index)
    {
        while (c.TakeList("export") is { } e)
        {
            var ec = new CoreCursor(e);
            var name = Name(ec.ExpectString("an export name"));
            ec.ExpectEnd();
            _m.Fields.Add(new CoreExportField(e, name, kind, new CoreRef(index)));
        }
    }

    /// <summary>An inline <c>(import "m" "n")</c>, or null.</summary>
    private (byte[] Module, byte[] Name)? InlineImport(CoreCursor c, WatList f)
    {
        var i = c.TakeList("import");
        if (i is null) return null;
        CheckImportOrder(f);
        var ic = new CoreCursor(i);
        var module = Name(ic.ExpectString("a module name"));
        var name = Name(ic.ExpectString("an import name"));
        ic.ExpectEnd();
        return (module, name);
    }

    /// <summary>Skips over inline exports to see whether an inline import follows.</summary>
    private static bool HasInlineImport(CoreCursor c)
    {
        int k = 0;
        while (c.PeekList("export", k)) k++;
        return c.PeekList("import", k);
    }

    private void Export(WatList f)
    {
        var c = new CoreCursor(f);
        var name = Name(c.ExpectString("an export name"));
        if (c.Next() is not WatList desc) throw f.Error("expected an export description");
        c.ExpectEnd();
        var dc = new CoreCursor(desc);
        var index = dc.ExpectIndex("an index");
        dc.ExpectEnd();
        CoreExternKind kind = desc.Head switch
        {
            "func" => CoreExternKind.Func,
            "table" => CoreExternKind.Table,
            "memory" => CoreExternKind.Memory,
            "global" => CoreExternKind.Global,
            "tag" => CoreExternKind.Tag,
            _ => throw desc.Error("unknown export kind"),
        };
        _m.Fields.Add(new CoreExportField(f, name, kind, new CoreRef(index)));
    }

    // ---- definitions -------------------------------------------------------------------------------------

    private void Func(WatList f)
    {
        var c = new CoreCursor(f);
        var id = c.TakeId();
        bool imported = HasInlineImport(c);
        if (!imported) _definition ??= "function";
        uint index = _m.Funcs.Add(id);
        InlineExports(c, CoreExternKind.Func, index);
        if (InlineImport(c, f) is { } import)
        {
            var use = TypeUse(c, _m.Types);
            c.ExpectEnd();
            _m.Fields.Add(new CoreImportField(f, import.Module, import.Name, CoreExternKind.Func) { Func = use });
            return;
        }
        var func = new CoreFuncField(f, TypeUse(c, _m.Types));
        while (c.TakeList("local") is { } l)
        {
            var lc = new CoreCursor(l);
            if (lc.TakeId() is { } lid)
            {
                func.Locals.Add(new CoreParam(lid, ValType(lc.Next(), _m.Types)));
                lc.ExpectEnd();
                continue;
            }
            while (!lc.AtEnd) func.Locals.Add(new CoreParam(null, ValType(lc.Next(), _m.Types)));
        }
        func.BodyStart = c.Pos;
        _m.Fields.Add(func);
    }

    private void Table(WatList f)
    {
        var c = new CoreCursor(f);
        var id = c.TakeId();
        bool imported = HasInlineImport(c);
        if (!imported) _definition ??= "table";
        uint index = _m.Tables.Add(id);
        InlineExports(c, CoreExternKind.Table, index);
        if (InlineImport(c, f) is { } import)
        {
            var type = TableType(c);
            c.ExpectEnd();
            _m.Fields.Add(new CoreImportField(f, import.Module, import.Name, CoreExternKind.Table) { Table = type });
            return;
        }
        int save = c.Pos;
        bool is64 = IndexType(c);
        if (IsRefType(c.Peek()))
        {
            // `reftype (elem ...)`: a table exactly as large as its inline segment.
            var element = ValType(c.Next(), _m.Types);
            var elem = c.ExpectList("elem");
            c.ExpectEnd();
            var segment = new CoreElemField(elem, CoreSegmentMode.Active, element)
            {
                Table = new CoreRef(index),
                Offset = CoreExpr.Zero(elem, is64),
            };
            var ec = new CoreCursor(elem);
            int count;
            if (ec.Peek() is WatList)
            {
                segment.Exprs = ElemExprs(ec);
                count = segment.Exprs.Count;
            }
            else
            {
                segment.FuncIndices = FuncIndices(ec);
                segment.IndicesAsExprs = element != ValueType.FuncRef;
                count = segment.FuncIndices.Count;
            }
            _m.Elems.Add(null);
            _m.Fields.Add(segment);
            var limits = new CoreLimits { Is64 = is64, Min = (ulong)count, Max = (ulong)count };
            _m.Fields.Add(new CoreTableField(f, new CoreTableType(limits, element)));
            return;
        }
        c.Pos = save;
        var table = new CoreTableField(f, TableType(c));
        if (!c.AtEnd) table.Init = new CoreExpr(f, c.Pos);
        _m.Fields.Add(table);
    }

    private void Memory(WatList f)
    {
        var c = new CoreCursor(f);
        var id = c.TakeId();
        bool imported = HasInlineImport(c);
        if (!imported) _definition ??= "memory";
        uint index = _m.Memories.Add(id);
        InlineExports(c, CoreExternKind.Memory, index);
        if (InlineImport(c, f) is { } import)
        {
            var type = MemoryType(c);
            c.ExpectEnd();
            _m.Fields.Add(new CoreImportField(f, import.Module, import.Name, CoreExternKind.Memory) { Memory = type });
            return;
        }
        int save = c.Pos;
        bool is64 = IndexType(c);
        if (c.TakeList("data") is { } data)
        {
            // `(data "...")`: a memory exactly as large (in pages) as its inline segment.
            c.ExpectEnd();
            var bytes = DataStrings(new CoreCursor(data));
            ulong length = 0;
            foreach (var b in bytes) length += (ulong)b.Length;
            ulong pages = (length + 0xFFFF) / 0x10000;
            _m.Datas.Add(null);
            _m.Fields.Add(new CoreDataField(data, CoreSegmentMode.Active, bytes) { Memory = new CoreRef(index), Offset = CoreExpr.Zero(data, is64) });
            _m.Fields.Add(new CoreMemoryField(f, new CoreLimits { Is64 = is64, Min = pages, Max = pages }));
            return;
        }
        c.Pos = save;
        var limits = MemoryType(c);
        c.ExpectEnd();
        _m.Fields.Add(new CoreMemoryField(f, limits));
    }

    private void Global(WatList f)
    {
        var c = new CoreCursor(f);
        var id = c.TakeId();
        bool imported = HasInlineImport(c);
        if (!imported) _definition ??= "global";
        uint index = _m.Globals.Add(id);
        InlineExports(c, CoreExternKind.Global, index);
        if (InlineImport(c, f) is { } import)
        {
            var type = GlobalType(c);
            c.ExpectEnd();
            _m.Fields.Add(new CoreImportField(f, import.Module, import.Name, CoreExternKind.Global) { Global = type });
            return;
        }
        var globalType = GlobalType(c);
        _m.Fields.Add(new CoreGlobalField(f, globalType, new CoreExpr(f, c.Pos)));
    }

    private void Tag(WatList f)
    {
        var c = new CoreCursor(f);
        var id = c.TakeId();
        bool imported = HasInlineImport(c);
        if (!imported) _definition ??= "tag";
        uint index = _m.Tags.Add(id);
        InlineExports(c, CoreExternKind.Tag, index);
        if (InlineImport(c, f) is { } import)
        {
            var use = TypeUse(c, _m.Types);
            c.ExpectEnd();
            _m.Fields.Add(new CoreImportField(f, import.Module, import.Name, CoreExternKind.Tag) { Tag = use });
            return;
        }
        var type = TypeUse(c, _m.Types);
        c.ExpectEnd();
        _m.Fields.Add(new CoreTagField(f, type));
    }

    private void Start(WatList f)
    {
        if (_sawStart) throw f.Error("multiple start sections");
        _sawStart = true;
        var c = new CoreCursor(f);
        var func = c.ExpectIndex("a function index");
        c.ExpectEnd();
        _m.Fields.Add(new CoreStartField(f, func));
    }

    // ---- segments ----------------------------------------------------------------------------------------

    /// <summary><c>(offset instr*)</c> or a single folded instruction.</summary>
    private static CoreExpr Offset(CoreCursor c)
    {
        if (c.TakeList("offset") is { } o) return new CoreExpr(o, 1);
        if (c.Next() is WatList single) return CoreExpr.Single(single);
        throw c.Owner.Error("expected an offset expression");
    }

    private static List<WatAtom> FuncIndices(CoreCursor c)
    {
        var list = new List<WatAtom>();
        while (!c.AtEnd) list.Add(c.ExpectIndex("a function index"));
        return list;
    }

    /// <summary><c>(item instr*)</c> or single folded instructions.</summary>
    private static List<CoreExpr> ElemExprs(CoreCursor c)
    {
        var list = new List<CoreExpr>();
        while (!c.AtEnd)
        {
            if (c.Next() is not WatList item) throw c.Items[c.Pos - 1].Error("expected an element expression");
            list.Add(item.Head == "item" ? new CoreExpr(item, 1) : CoreExpr.Single(item));
        }
        return list;
    }

    private void Elem(WatList f)
    {
        var c = new CoreCursor(f);
        var id = c.TakeId();
        CoreSegmentMode mode;
        CoreRef? table = null;
        CoreExpr? offset = null;
        bool tableOmitted = false;
        if (c.TakeKeyword("declare")) mode = CoreSegmentMode.Declarative;
        else if (c.PeekKind(WatAtomKind.Integer) || (c.Peek() is WatList l && l.Head != "ref"))
        {
            mode = CoreSegmentMode.Active;
            if (c.PeekKind(WatAtomKind.Integer)) table = new CoreRef((WatAtom)c.Next());
            else if (c.TakeList("table") is { } t)
            {
                var tc = new CoreCursor(t);
                table = new CoreRef(tc.ExpectIndex("a table index"));
                tc.ExpectEnd();
            }
            else tableOmitted = true;
            offset = Offset(c);
        }
        else mode = CoreSegmentMode.Passive;

        CoreElemField segment;
        if (c.TakeKeyword("func"))
            segment = new CoreElemField(f, mode, ValueType.FuncRef) { FuncIndices = FuncIndices(c) };
        else if (IsRefType(c.Peek()))
            segment = new CoreElemField(f, mode, ValType(c.Next(), _m.Types)) { Exprs = ElemExprs(c) };
        else if (tableOmitted)
            segment = new CoreElemField(f, mode, ValueType.FuncRef) { FuncIndices = FuncIndices(c) };
        else throw c.Error("expected a reference type or `func`");
        segment.Table = table;
        segment.Offset = offset;
        _m.Elems.Add(id);
        _m.Fields.Add(segment);
    }

    private static List<byte[]> DataStrings(CoreCursor c)
    {
        var list = new List<byte[]>();
        while (!c.AtEnd)
        {
            var s = c.ExpectString("a data string");
            list.Add(s.StringBytes ?? System.Text.Encoding.UTF8.GetBytes(s.Text));
        }
        return list;
    }

    private void Data(WatList f)
    {
        var c = new CoreCursor(f);
        var id = c.TakeId();
        if (c.AtEnd || c.PeekKind(WatAtomKind.String))
        {
            _m.Datas.Add(id);
            _m.Fields.Add(new CoreDataField(f, CoreSegmentMode.Passive, DataStrings(c)));
            return;
        }
        CoreRef memory = new(0);
        if (c.PeekKind(WatAtomKind.Integer)) memory = new CoreRef((WatAtom)c.Next());
        else if (c.TakeList("memory") is { } m)
        {
            var mc = new CoreCursor(m);
            memory = new CoreRef(mc.ExpectIndex("a memory index"));
            mc.ExpectEnd();
        }
        var offset = Offset(c);
        _m.Datas.Add(id);
        _m.Fields.Add(new CoreDataField(f, CoreSegmentMode.Active, DataStrings(c)) { Memory = memory, Offset = offset });
    }

    // ---- custom sections ---------------------------------------------------------------------------------

    private void Custom(WatList f)
    {
        var c = new CoreCursor(f);
        var name = Name(c.ExpectString("a custom section name"));
        string place = "after last";
        if (c.Peek() is WatList p)
        {
            c.Pos++;
            var pc = new CoreCursor(p, 0);
            string where = pc.Next() is WatAtom { Kind: WatAtomKind.Keyword } w && (w.Text == "before" || w.Text == "after") ? w.Text : throw p.Error("expected `before` or `after`");
            string anchor = pc.Next() is WatAtom { Kind: WatAtomKind.Keyword } a ? a.Text : throw p.Error("expected a section name");
            pc.ExpectEnd();
            place = where + " " + anchor;
        }
        var bytes = new WasmWriter();
        foreach (var s in DataStrings(c)) bytes.Bytes(s);
        _m.Fields.Add(new CoreCustomField(f, name, place, bytes.ToArray()));
    }
}

using System.Collections.Generic;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.ComponentModel.Text.Component;

/// <summary>Core types inside components: function types, GC <c>sub</c> function types and module types.</summary>
internal static partial class ComponentTextAssembler
{
    /// <summary><c>(core type $id? coredeftype)</c>; <paramref name="c"/> is after <c>type</c>.</summary>
    private static void CoreTypeField(TextScope scope, WatList field, WatCursor c)
    {
        var id = c.TryId();
        var def = c.ExpectList();
        c.ExpectEnd();
        var type = CoreDefType(scope, def, id?.Text);
        if (scope is ComponentScope component) component.AddCoreType(type, id, NameAnnotation(field));
        else scope.AddCoreTypeDef(type, id, field);
    }

    private static CoreType CoreDefType(TextScope scope, WatList def, string? ownId)
    {
        var c = WatCursor.Inside(def);
        switch (def.Head)
        {
            case "func":
            {
                var f = CoreFuncSignature(c);
                c.ExpectEnd();
                return f;
            }
            case "sub":
            {
                bool final = c.TryKeyword("final");
                var supers = new List<uint>();
                while (c.Peek() is WatAtom) supers.Add(scope.Resolve(Sort.CoreType, c.Next()));
                var inner = c.ExpectList("func");
                c.ExpectEnd();
                var fc = WatCursor.Inside(inner);
                var f = CoreFuncSignature(fc);
                fc.ExpectEnd();
                return new CoreSubType(final, supers, f);
            }
            case "module":
                return ModuleTypeBody(scope, c, ownId);
            default:
                throw def.Error($"unsupported core type `{def.Head ?? "("}` (expected func, sub or module)");
        }
    }

    /// <summary><c>(param $id? t*)* (result t*)*</c>.</summary>
    private static CoreFuncType CoreFuncSignature(WatCursor c)
    {
        var parameters = new List<ValueType>();
        var results = new List<ValueType>();
        while (c.TryList("param") is { } p)
        {
            var pc = WatCursor.Inside(p);
            if (pc.TryId() is not null)
            {
                parameters.Add(ValueTypeAt(pc.Next()));
                pc.ExpectEnd();
                continue;
            }
            while (!pc.AtEnd) parameters.Add(ValueTypeAt(pc.Next()));
        }
        while (c.TryList("result") is { } r)
        {
            var rc = WatCursor.Inside(r);
            while (!rc.AtEnd) results.Add(ValueTypeAt(rc.Next()));
        }
        return new CoreFuncType(parameters, results);
    }

    /// <summary>A core value type by the engine's keyword table: a number, vector or nullable reference shorthand
    /// keyword, or <c>(ref null? heap)</c> with an abstract heap type.</summary>
    private static ValueType ValueTypeAt(WatNode node)
    {
        if (node is WatAtom { Kind: WatAtomKind.Keyword } k && ValueTypes.TryParseKeyword(k.Text, out var type)) return type;
        if (node is WatList { Head: "ref" } r && r.Items.Count is 2 or 3 && r.Items[r.Items.Count - 1] is WatAtom h
            && (r.Items.Count == 2 || r.Items[1] is WatAtom n && n.IsKeyword("null")) && ValueTypes.TryParseHeapKeyword(h.Text, out int heap))
            return ValueTypes.Ref(r.Items.Count == 3, heap);
        throw node.Error("expected a core value type (i32, i64, f32, f64, v128 or a reference type)");
    }

    /// <summary>The declarators of a core module type; inline function types are shared by equal signature.</summary>
    private static CoreModuleType ModuleTypeBody(TextScope parent, WatCursor c, string? id)
    {
        var scope = new ModuleTypeScope(parent, id);
        var funcTypes = new Dictionary<string, uint>();
        while (!c.AtEnd)
        {
            var decl = c.ExpectList();
            var dc = WatCursor.Inside(decl);
            switch (decl.Head)
            {
                case "type":
                {
                    var tid = dc.TryId();
                    var def = dc.ExpectList();
                    dc.ExpectEnd();
                    var type = CoreDefType(scope, def, null);
                    uint index = scope.AddCoreTypeDef(type, tid, decl);
                    if (type is CoreFuncType f) funcTypes[Key(f)] = index;
                    break;
                }
                case "import":
                {
                    var module = dc.ExpectString().GetName();
                    var name = dc.ExpectString().GetName();
                    var desc = CoreExternDescAt(scope, dc.ExpectList(), funcTypes);
                    dc.ExpectEnd();
                    scope.Declarations.Add(new CoreImportDeclaration(module, name, desc));
                    scope.Register(CoreSort(desc.Kind), null);
                    break;
                }
                case "export":
                {
                    var name = dc.ExpectString().GetName();
                    var desc = CoreExternDescAt(scope, dc.ExpectList(), funcTypes);
                    dc.ExpectEnd();
                    scope.Declarations.Add(new CoreExportDeclaration(name, desc));
                    break;
                }
                case "alias":
                {
                    dc.ExpectKeyword("outer");
                    var countNode = dc.Next();
                    var indexNode = dc.Next();
                    var kind = WatCursor.Inside(dc.ExpectList("type"));
                    var aid = kind.TryId();
                    kind.ExpectEnd();
                    dc.ExpectEnd();
                    uint count = scope.ResolveOuterCount(countNode);
                    uint index = countNode is WatAtom { Kind: WatAtomKind.Integer } && indexNode is WatAtom { Kind: WatAtomKind.Integer } numeric
                        ? WatNumbers.ParseU32(numeric)
                        : scope.Outer(count, countNode).Resolve(Sort.CoreType, indexNode);
                    scope.Declarations.Add(new CoreOuterAliasDeclaration(Sort.CoreType, count, index));
                    scope.Register(Sort.CoreType, aid);
                    break;
                }
                default:
                    throw decl.Error($"unexpected `{decl.Head ?? "("}` in a module type");
            }
        }
        return new CoreModuleType(scope.Declarations);
    }

    private static string Key(CoreFuncType f) =>
        string.Join(",", f.Params.Select(p => ((byte)p).ToString())) + "->" + string.Join(",", f.Results.Select(p => ((byte)p).ToString()));

    private static Sort CoreSort(CoreExternKind kind) => kind switch
    {
        CoreExternKind.Func => Sort.CoreFunc,
        CoreExternKind.Table => Sort.CoreTable,
        CoreExternKind.Memory => Sort.CoreMemory,
        CoreExternKind.Global => Sort.CoreGlobal,
        _ => Sort.CoreTag,
    };

    /// <summary>A core import/export descriptor in a module type.</summary>
    private static CoreExternDesc CoreExternDescAt(ModuleTypeScope scope, WatList desc, Dictionary<string, uint> funcTypes)
    {
        var c = WatCursor.Inside(desc);
        c.TryId();
        switch (desc.Head)
        {
            case "func":
            case "tag":
            {
                uint type;
                if (c.TryList("type") is { } t)
                {
                    var tc = WatCursor.Inside(t);
                    type = scope.Resolve(Sort.CoreType, tc.Next());
                    tc.ExpectEnd();
                    CoreFuncSignature(c); // an explicit signature may follow; the index wins
                }
                else
                {
                    var sig = CoreFuncSignature(c);
                    // Only explicitly declared types are reused; generated ones are not shared (as the reference assembler).
                    if (!funcTypes.TryGetValue(Key(sig), out type)) type = scope.AddCoreTypeDef(sig, null, desc);
                }
                c.ExpectEnd();
                return new CoreExternDesc(desc.Head == "func" ? CoreExternKind.Func : CoreExternKind.Tag, type);
            }
            case "table":
            {
                var (min, max, shared, is64) = Limits(c);
                var element = ValueTypeAt(c.Next());
                c.ExpectEnd();
                return new CoreExternDesc(CoreExternKind.Table, ValueType: element, Minimum: min, Maximum: max, Shared: shared, Is64: is64);
            }
            case "memory":
            {
                var (min, max, shared, is64) = Limits(c);
                c.ExpectEnd();
                return new CoreExternDesc(CoreExternKind.Memory, Minimum: min, Maximum: max, Shared: shared, Is64: is64);
            }
            case "global":
            {
                bool mutable = false;
                ValueType type;
                if (c.TryList("mut") is { } m)
                {
                    var mc = WatCursor.Inside(m);
                    type = ValueTypeAt(mc.Next());
                    mc.ExpectEnd();
                    mutable = true;
                }
                else
                {
                    type = ValueTypeAt(c.Next());
                }
                c.ExpectEnd();
                return new CoreExternDesc(CoreExternKind.Global, ValueType: type, Mutable: mutable);
            }
            default:
                throw desc.Error($"expected a core import descriptor, found `{desc.Head ?? "("}`");
        }
    }

    private static (ulong Min, ulong? Max, bool Shared, bool Is64) Limits(WatCursor c)
    {
        bool is64 = c.TryKeyword("i64");
        if (!is64) c.TryKeyword("i32");
        var minAtom = c.TryInteger() ?? throw c.Here.Error("expected limits");
        ulong min = is64 ? WatNumbers.ParseU64(minAtom) : WatNumbers.ParseU32(minAtom);
        ulong? max = null;
        if (c.TryInteger() is { } maxAtom) max = is64 ? WatNumbers.ParseU64(maxAtom) : WatNumbers.ParseU32(maxAtom);
        bool shared = c.TryKeyword("shared");
        return (min, max, shared, is64);
    }

    /// <summary>A core type use: <c>(type idx)</c> or an inline module type (emitted now, in the core type space).</summary>
    private static Slot<uint> CoreTypeUse(TextScope scope, WatCursor c, Pending p, bool isModule)
    {
        if (IsTypeRef(c))
        {
            var tc = WatCursor.Inside(c.ExpectList("type"));
            var target = tc.Next();
            tc.ExpectEnd();
            var slot = new Slot<uint>();
            p.Add(() => slot.Value = scope.Resolve(Sort.CoreType, target));
            return slot;
        }
        var type = ModuleTypeBody(scope, c, null);
        return new Slot<uint>(scope.AddCoreTypeDef(type, null, c.List));
    }
}

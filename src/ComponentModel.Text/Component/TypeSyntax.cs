using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.CoreWasm.Text.Syntax;
using WitBindgen.CoreWasm.Text;

namespace WitBindgen.ComponentModel.Text.Component;

/// <summary>Component types in text: value types, defined types, function, component, instance and resource types, extern descriptors.</summary>
internal static partial class ComponentTextAssembler
{
    private static readonly Dictionary<string, PrimitiveValType> Primitives = new()
    {
        ["bool"] = PrimitiveValType.Bool, ["s8"] = PrimitiveValType.S8, ["u8"] = PrimitiveValType.U8,
        ["s16"] = PrimitiveValType.S16, ["u16"] = PrimitiveValType.U16, ["s32"] = PrimitiveValType.S32,
        ["u32"] = PrimitiveValType.U32, ["s64"] = PrimitiveValType.S64, ["u64"] = PrimitiveValType.U64,
        ["f32"] = PrimitiveValType.F32, ["f64"] = PrimitiveValType.F64, ["float32"] = PrimitiveValType.F32,
        ["float64"] = PrimitiveValType.F64, ["char"] = PrimitiveValType.Char, ["string"] = PrimitiveValType.String,
        ["error-context"] = PrimitiveValType.ErrorContext,
    };

    /// <summary>A value type: a primitive, a type index (resolved later), or an inline defined type emitted now.</summary>
    private static Slot<ValType> ValTypeAt(TextScope scope, WatNode node, Pending p)
    {
        // Inline types nest without bound in text; deep nesting becomes a WatException, not a stack overflow.
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case WatAtom { Kind: WatAtomKind.Keyword } k when Primitives.TryGetValue(k.Text, out var prim):
                return new Slot<ValType>(ValType.Of(prim));
            case WatAtom { Kind: WatAtomKind.Id or WatAtomKind.Integer } r:
            {
                var slot = new Slot<ValType>();
                p.Add(() => slot.Value = ValType.Ref(scope.Resolve(Sort.Type, r)));
                return slot;
            }
            case WatList list when list.AnnotationName is null:
                return new Slot<ValType>(ValType.Ref(EmitDefinition(scope, list, null, DefValType)));
            default:
                throw node.Error("expected a value type");
        }
    }

    private delegate Func<TypeDefinition> DefinitionParser(TextScope scope, WatNode node, Pending p);

    /// <summary>Parses a definition, emits its inline types, resolves its own references, then adds it.</summary>
    private static uint EmitDefinition(TextScope scope, WatNode node, WatAtom? id, DefinitionParser parse, string? displayName = null)
    {
        var p = new Pending();
        var build = parse(scope, node, p);
        p.Run();
        return scope is ComponentScope component ? component.AddType(build(), id, displayName) : scope.AddTypeDef(build(), id, node);
    }

    /// <summary>A defined value type: a primitive keyword or <c>(record ...)</c>, <c>(list ...)</c>, ....</summary>
    private static Func<TypeDefinition> DefValType(TextScope scope, WatNode node, Pending p)
    {
        if (node is WatAtom { Kind: WatAtomKind.Keyword } k && Primitives.TryGetValue(k.Text, out var prim))
            return () => new PrimitiveDefinedType(prim);
        if (node is not WatList list || list.Head is not { } head) throw node.Error("expected a type definition");
        var c = WatCursor.Inside(list);
        switch (head)
        {
            case "record":
            {
                var fields = new List<(string, Slot<ValType>)>();
                while (!c.AtEnd)
                {
                    var f = WatCursor.Inside(c.ExpectList("field"));
                    var name = f.ExpectString().GetName();
                    fields.Add((name, ValTypeAt(scope, f.Next(), p)));
                    f.ExpectEnd();
                }
                return () => new RecordType(fields.Select(x => new NamedValType(x.Item1, x.Item2.Value)).ToList());
            }
            case "variant":
            {
                var cases = new List<(string, Slot<ValType>?)>();
                while (!c.AtEnd)
                {
                    var cs = WatCursor.Inside(c.ExpectList("case"));
                    cs.TryId();
                    var name = cs.ExpectString().GetName();
                    Slot<ValType>? t = null;
                    if (!cs.AtEnd && !cs.PeekList("refines")) t = ValTypeAt(scope, cs.Next(), p);
                    if (cs.PeekList("refines")) throw cs.Here.Error("variant case `refines` is not supported");
                    cs.ExpectEnd();
                    cases.Add((name, t));
                }
                return () => new VariantType(cases.Select(x => new CaseType(x.Item1, x.Item2?.Value)).ToList());
            }
            case "list":
            {
                var element = ValTypeAt(scope, c.Next(), p);
                if (c.TryInteger() is { } n)
                {
                    uint length = WatNumbers.ParseU32(n);
                    c.ExpectEnd();
                    return () => new FixedListType(element.Value, length);
                }
                c.ExpectEnd();
                return () => new ListType(element.Value);
            }
            case "tuple":
            {
                var types = new List<Slot<ValType>>();
                while (!c.AtEnd) types.Add(ValTypeAt(scope, c.Next(), p));
                return () => new TupleType(types.Select(t => t.Value).ToList());
            }
            case "flags":
            case "enum":
            {
                var names = new List<string>();
                while (!c.AtEnd) names.Add(c.ExpectString().GetName());
                return head == "flags" ? () => new FlagsType(names) : () => new EnumType(names);
            }
            case "option":
            {
                var element = ValTypeAt(scope, c.Next(), p);
                c.ExpectEnd();
                return () => new OptionType(element.Value);
            }
            case "result":
            {
                Slot<ValType>? ok = null, err = null;
                if (!c.AtEnd && !c.PeekList("error")) ok = ValTypeAt(scope, c.Next(), p);
                if (c.TryList("error") is { } e)
                {
                    var ec = WatCursor.Inside(e);
                    err = ValTypeAt(scope, ec.Next(), p);
                    ec.ExpectEnd();
                }
                c.ExpectEnd();
                return () => new ResultType(ok?.Value, err?.Value);
            }
            case "own":
            case "borrow":
            {
                var r = c.Next();
                c.ExpectEnd();
                var slot = new Slot<uint>();
                p.Add(() => slot.Value = scope.Resolve(Sort.Type, r));
                return head == "own" ? () => new OwnType(slot.Value) : () => new BorrowType(slot.Value);
            }
            case "stream":
            case "future":
            {
                Slot<ValType>? element = c.AtEnd ? null : ValTypeAt(scope, c.Next(), p);
                c.ExpectEnd();
                return head == "stream" ? () => new StreamType(element?.Value) : () => new FutureType(element?.Value);
            }
            case "map":
            {
                var key = ValTypeAt(scope, c.Next(), p);
                var value = ValTypeAt(scope, c.Next(), p);
                c.ExpectEnd();
                return () => new MapType(key.Value, value.Value);
            }
            default:
                throw list.Error($"unknown type `{head}`");
        }
    }

    /// <summary>Any type definition: a defined value type, or <c>(func ...)</c>, <c>(component ...)</c>, <c>(instance ...)</c>, <c>(resource ...)</c>.</summary>
    private static Func<TypeDefinition> DefType(TextScope scope, WatNode node, Pending p, string? ownId)
    {
        if (node is WatList list)
        {
            switch (list.Head)
            {
                case "func":
                    return FuncTypeBody(scope, WatCursor.Inside(list), p, requireEnd: true);
                case "component":
                {
                    var decls = DeclBody(scope, WatCursor.Inside(list), ScopeKind.ComponentType, ownId);
                    return () => new ComponentTypeDefinition(decls);
                }
                case "instance":
                {
                    var decls = DeclBody(scope, WatCursor.Inside(list), ScopeKind.InstanceType, ownId);
                    return () => new InstanceTypeDefinition(decls);
                }
                case "resource":
                    return ResourceType(scope, WatCursor.Inside(list), p);
            }
        }
        return DefValType(scope, node, p);
    }

    /// <summary>Function type parts: <c>async? (param "n" T)* (result T)?</c>.</summary>
    private static Func<TypeDefinition> FuncTypeBody(TextScope scope, WatCursor c, Pending p, bool requireEnd)
    {
        bool isAsync = c.TryKeyword("async");
        var parameters = new List<(string, Slot<ValType>)>();
        while (c.TryList("param") is { } param)
        {
            var pc = WatCursor.Inside(param);
            var name = pc.ExpectString().GetName();
            parameters.Add((name, ValTypeAt(scope, pc.Next(), p)));
            pc.ExpectEnd();
        }
        Slot<ValType>? result = null;
        if (c.TryList("result") is { } r)
        {
            var rc = WatCursor.Inside(r);
            if (rc.PeekKind(WatAtomKind.String)) throw rc.Here.Error("named function results are not supported");
            result = ValTypeAt(scope, rc.Next(), p);
            rc.ExpectEnd();
            if (c.PeekList("result")) throw c.Here.Error("function types have at most one result");
        }
        if (requireEnd) c.ExpectEnd();
        return () => new FuncType(isAsync, parameters.Select(x => new NamedValType(x.Item1, x.Item2.Value)).ToList(), result?.Value);
    }

    /// <summary><c>(rep i32) (dtor ...)?</c>.</summary>
    private static Func<TypeDefinition> ResourceType(TextScope scope, WatCursor c, Pending p)
    {
        var rep = WatCursor.Inside(c.ExpectList("rep"));
        rep.ExpectKeyword("i32");
        rep.ExpectEnd();
        Slot<uint>? dtor = null;
        if (c.TryList("dtor") is { } d)
        {
            var dc = WatCursor.Inside(d);
            if (dc.PeekKeyword("async")) throw dc.Here.Error("async resource destructors are not supported");
            dtor = CoreItemRef(scope, dc, Sort.CoreFunc, p);
            dc.ExpectEnd();
        }
        c.ExpectEnd();
        return () => new ResourceTypeDefinition(dtor?.Value);
    }

    /// <summary>The declarators of a component or instance type, in their own scope.</summary>
    private static IReadOnlyList<Declaration> DeclBody(TextScope parent, WatCursor c, ScopeKind kind, string? id)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var scope = new DeclScope(parent, kind, id);
        while (!c.AtEnd)
        {
            var decl = c.ExpectList();
            var dc = WatCursor.Inside(decl);
            switch (decl.Head)
            {
                case "core" when dc.PeekKeyword("type"):
                    dc.Next();
                    CoreTypeField(scope, decl, dc);
                    break;
                case "type":
                {
                    var tid = dc.TryId();
                    var def = dc.Next();
                    dc.ExpectEnd();
                    EmitDefinition(scope, def, tid, (s, n, pp) => DefType(s, n, pp, tid?.Text));
                    break;
                }
                case "alias":
                    AliasField(scope, decl);
                    break;
                case "import" when kind == ScopeKind.ComponentType:
                case "export":
                {
                    var name = ExternNameAt(dc);
                    var p = new Pending();
                    var desc = ExternDescAt(scope, dc.ExpectList(), p, out var itemId);
                    dc.ExpectEnd();
                    p.Run();
                    scope.Add(decl.Head == "import" ? new ImportDeclaration(name, desc()) : new ExportDeclaration(name, desc()), itemId);
                    break;
                }
                default:
                    throw decl.Error($"unexpected `{decl.Head ?? "("}` in {(kind == ScopeKind.ComponentType ? "a component" : "an instance")} type");
            }
        }
        return scope.Declarations;
    }

    /// <summary>An import/export name: <c>"name"</c> or <c>(interface "ns:pkg/iface")</c>.</summary>
    private static ExternName ExternNameAt(WatCursor c)
    {
        string name;
        if (c.TryList("interface") is { } i)
        {
            var ic = WatCursor.Inside(i);
            name = ic.ExpectString().GetName();
            ic.ExpectEnd();
        }
        else
        {
            name = c.ExpectString().GetName();
        }
        // Name options: (implements "ns:pkg/iface") (external-id "...") (version-suffix "...").
        string? implements = null, external = null, version = null;
        while (c.PeekList("implements") || c.PeekList("external-id") || c.PeekList("version-suffix"))
        {
            var option = c.ExpectList();
            var oc = WatCursor.Inside(option);
            var value = oc.ExpectString().GetName();
            oc.ExpectEnd();
            bool repeated = option.Head switch { "implements" => implements, "external-id" => external, _ => version } is not null;
            if (repeated) throw option.Error("unexpected token: the name option is given twice");
            switch (option.Head)
            {
                case "implements": implements = value; break;
                case "external-id": external = value; break;
                default: version = value; break;
            }
        }
        return new ExternName(name, implements, version, external);
    }

    /// <summary>
    /// An extern descriptor <c>(func $id? typeuse)</c>, <c>(instance ...)</c>, <c>(component ...)</c>,
    /// <c>(core module ...)</c>, <c>(value $id? T)</c>, <c>(type $id? bound)</c>. Inline types are emitted now.
    /// </summary>
    private static Func<ExternDesc> ExternDescAt(TextScope scope, WatList desc, Pending p, out WatAtom? id)
    {
        var c = WatCursor.Inside(desc);
        switch (desc.Head)
        {
            case "core":
            {
                c.ExpectKeyword("module");
                id = c.TryId();
                var t = CoreTypeUse(scope, c, p, isModule: true);
                c.ExpectEnd();
                return () => new ExternDesc(ExternKind.Module, t.Value);
            }
            case "func":
            {
                id = c.TryId();
                var t = TypeUse(scope, c, p, ScopeKind.Component, (s, cur, pp) => FuncTypeBody(s, cur, pp, requireEnd: true));
                return () => ExternDesc.Func(t.Value);
            }
            case "component":
            case "instance":
            {
                id = c.TryId();
                var kind = desc.Head == "component" ? ScopeKind.ComponentType : ScopeKind.InstanceType;
                var t = TypeUse(scope, c, p, kind, (s, cur, pp) =>
                {
                    var decls = DeclBody(s, cur, kind, null);
                    return kind == ScopeKind.ComponentType ? () => new ComponentTypeDefinition(decls) : () => new InstanceTypeDefinition(decls);
                });
                return kind == ScopeKind.ComponentType ? () => ExternDesc.Component(t.Value) : () => ExternDesc.Instance(t.Value);
            }
            case "value":
            {
                id = c.TryId();
                if (c.PeekList("eq")) throw c.Here.Error("value type bounds `(eq ...)` are not supported");
                var t = ValTypeAt(scope, c.Next(), p);
                c.ExpectEnd();
                return () => new ExternDesc(ExternKind.Value, 0, default, t.Value);
            }
            case "type":
            {
                id = c.TryId();
                var bound = c.ExpectList();
                var bc = WatCursor.Inside(bound);
                c.ExpectEnd();
                if (bound.Head == "sub")
                {
                    bc.ExpectKeyword("resource");
                    bc.ExpectEnd();
                    return () => ExternDesc.Type(TypeBound.SubResource);
                }
                if (bound.Head != "eq") throw bound.Error("expected `(eq ...)` or `(sub resource)`");
                var target = bc.Next();
                bc.ExpectEnd();
                var slot = new Slot<uint>();
                p.Add(() => slot.Value = scope.Resolve(Sort.Type, target));
                return () => ExternDesc.Type(TypeBound.Eq(slot.Value));
            }
            default:
                throw desc.Error($"expected an extern descriptor, found `{desc.Head ?? "("}`");
        }
    }

    /// <summary>Whether the next item is <c>(type idx)</c> (a reference) rather than a <c>(type ...)</c> declarator.</summary>
    private static bool IsTypeRef(WatCursor c) =>
        c.Peek() is WatList { Head: "type" } l && l.Items.Count >= 2 && l.Items[1] is WatAtom { Kind: WatAtomKind.Id or WatAtomKind.Integer }
        && (l.Items.Count == 2 || l.Items.Skip(2).All(i => i is WatAtom { Kind: WatAtomKind.String }));

    private delegate Func<TypeDefinition> BodyParser(TextScope scope, WatCursor c, Pending p);

    /// <summary><c>(type idx)</c>, or an inline type whose parts fill the rest of the list (emitted now).</summary>
    private static Slot<uint> TypeUse(TextScope scope, WatCursor c, Pending p, ScopeKind kind, BodyParser inline)
    {
        if (IsTypeRef(c))
        {
            var tc = WatCursor.Inside(c.ExpectList("type"));
            var target = tc.Next();
            tc.ExpectEnd();
            c.ExpectEnd();
            var slot = new Slot<uint>();
            p.Add(() => slot.Value = scope.Resolve(Sort.Type, target));
            return slot;
        }
        var own = new Pending();
        var build = inline(scope, c, own);
        own.Run();
        return new Slot<uint>(scope.AddTypeDef(build(), null, c.List));
    }
}

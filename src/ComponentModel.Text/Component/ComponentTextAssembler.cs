using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.CoreWasm.Text.Syntax;
using WitBindgen.CoreWasm.Text;

namespace WitBindgen.ComponentModel.Text.Component;

/// <summary>
/// Assembles the component text format (component-model Explainer) into the binary structure model. It follows
/// the reference assembler's desugaring so equal text gives equal binaries: inline types are placed before the
/// definition that uses them, names resolve afterwards (aliases injected for instance-export and outer references
/// land just before the definition), inline <c>(export "name")</c>s become exports at the end of the component,
/// and consecutive definitions of one kind share a section; a <c>component-name</c> section names the <c>$id</c>s.
/// </summary>
internal static partial class ComponentTextAssembler
{
    /// <summary>Assembles a top-level <c>(component ...)</c> list.</summary>
    public static byte[] Assemble(WatList component)
    {
        var c = WatCursor.Inside(component);
        c.TryId();
        // A binary component is taken verbatim (not re-encoded: its LEB128 widths and all stay as written).
        if (c.TryKeyword("binary")) return Strings(c);
        return ComponentWriter.Write(Build(component, null));
    }

    private static IReadOnlyList<ComponentSection> Build(WatList component, TextScope? parent, string? displayName = null)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var c = WatCursor.Inside(component);
        var id = c.TryId();
        if (c.TryKeyword("binary"))
        {
            // The sections of a binary component, as the body of the outer section list.
            var binary = ComponentReader.Read(Strings(c), validate: false);
            return binary.Sections;
        }
        if (c.TryKeyword("quote"))
        {
            // The strings are the component's text: read them as the body of this component.
            var quoted = WatReader.Read(WatReader.Wrap("component", Strings(c)), component.Span.Path);
            if (quoted.Count != 1 || quoted[0] is not WatList inner) throw component.Error("malformed quoted component");
            if (id is not null) inner = new WatList(inner.Span, new List<WatNode> { inner.Items[0], id }.Concat(inner.Items.Skip(1)).ToList(), inner.End);
            return Build(inner, parent);
        }
        var scope = new ComponentScope(parent, id?.Text, displayName ?? NameAnnotation(component));
        Fields(scope, component);
        return scope.Finish();
    }

    /// <summary>Concatenated bytes of the string atoms up to the end of the list.</summary>
    private static byte[] Strings(WatCursor c)
    {
        var bytes = new List<byte>();
        while (!c.AtEnd) bytes.AddRange(c.ExpectString().StringBytes!);
        return bytes.ToArray();
    }

    private static void Fields(ComponentScope scope, WatList component)
    {
        var trailingExports = new List<Action>();
        // Annotations are skipped by cursors, so walk the raw items to see (@custom ...).
        var items = component.Items;
        int start = items.Count > 1 && items[1] is WatAtom { Kind: WatAtomKind.Id } ? 2 : 1;
        for (int i = start; i < items.Count; i++)
        {
            var node = items[i];
            if (node is not WatList field) throw node.Error($"unexpected token `{node}`, expected a component field");
            if (field.AnnotationName is { } annotation)
            {
                if (annotation == "custom") CustomField(scope, field);
                else if (annotation == "producers") ProducersField(scope, field);
                continue; // @name and others: ignored
            }
            Field(scope, field, trailingExports);
        }
        foreach (var export in trailingExports) export();
    }

    /// <summary><c>(@producers (field "name" "version")*)</c>: collected into one <c>producers</c> section.</summary>
    private static void ProducersField(ComponentScope scope, WatList field)
    {
        var c = WatCursor.Inside(field);
        while (!c.AtEnd)
        {
            var entry = c.ExpectList();
            if (entry.Head is not ("language" or "processed-by" or "sdk")) throw entry.Error($"unknown producers field `{entry.Head ?? "("}`");
            var ec = WatCursor.Inside(entry);
            var name = ec.ExpectString().GetName();
            var version = ec.ExpectString().GetName();
            ec.ExpectEnd();
            scope.Producers.Add((entry.Head, name, version));
        }
    }

    private static void CustomField(ComponentScope scope, WatList field)
    {
        var c = WatCursor.Inside(field);
        var name = c.ExpectString().GetName();
        if (c.PeekList("before") || c.PeekList("after")) c.Next();
        scope.AddSection(new CustomSection(0, name, Strings(c)));
    }

    private static void Field(ComponentScope scope, WatList field, List<Action> trailingExports)
    {
        var c = WatCursor.Inside(field);
        switch (field.Head)
        {
            case "core":
            {
                var kind = c.TryAnyKeyword() ?? throw c.Here.Error("expected a core definition");
                switch (kind.Text)
                {
                    case "module": CoreModuleField(scope, field, c, trailingExports); return;
                    case "instance": CoreInstanceField(scope, c); return;
                    case "type": CoreTypeField(scope, field, c); return;
                    case "func": CoreFuncField(scope, c); return;
                    default: throw kind.Error($"unexpected `core {kind.Text}` in a component");
                }
            }
            case "component": NestedComponentField(scope, field, c, trailingExports); return;
            case "instance": InstanceField(scope, c, trailingExports); return;
            case "alias": AliasField(scope, field); return;
            case "type": TypeField(scope, c, trailingExports); return;
            case "canon":
            {
                var p = new Pending();
                var build = Canon(scope, field, p, null, named: true, out var id, out var displayName);
                p.Run();
                scope.AddCanon(build(), id, displayName);
                return;
            }
            case "func": FuncField(scope, c, trailingExports); return;
            case "start": StartField(scope, c); return;
            case "import": ImportField(scope, c); return;
            case "export": ExportField(scope, c); return;
            case "value": throw field.Error("value definitions are not supported");
            default: throw field.Error($"unexpected `{field.Head ?? "("}` in a component");
        }
    }

    /// <summary>The string of an <c>(@name "...")</c> annotation among a list's items: it names the item in place of its id.</summary>
    private static string? NameAnnotation(WatList list)
    {
        foreach (var item in list.Items)
            if (item is WatList { AnnotationName: "name" } a && a.Items.Count == 2 && a.Items[1] is WatAtom { Kind: WatAtomKind.String } n)
                return n.GetName();
        return null;
    }

    /// <summary>Leading <c>(export "name")</c>s of a definition.</summary>
    private static List<ExternName> InlineExports(WatCursor c)
    {
        var names = new List<ExternName>();
        while (c.PeekList("export") && ((WatList)c.Peek()!).Items.Count == 2)
        {
            var ec = WatCursor.Inside(c.ExpectList("export"));
            names.Add(ExternNameAt(ec));
            ec.ExpectEnd();
        }
        return names;
    }

    /// <summary>An inline <c>(import "name")</c> of a definition, if present.</summary>
    private static ExternName? InlineImport(WatCursor c)
    {
        // Only `(import "name")` alone: `(import "m" (core module ...))` inside a nested component is a field.
        if (!c.PeekList("import") || ((WatList)c.Peek()!).Items.Count != 2) return null;
        var ic = WatCursor.Inside(c.ExpectList("import"));
        var name = ExternNameAt(ic);
        ic.ExpectEnd();
        return name;
    }

    private static void AddTrailingExports(ComponentScope scope, List<Action> trailing, List<ExternName> names, Sort sort, uint index)
    {
        foreach (var name in names) trailing.Add(() => scope.AddExport(new ComponentExport(name, sort, index), null));
    }

    private static void CoreModuleField(ComponentScope scope, WatList field, WatCursor c, List<Action> trailing)
    {
        var id = c.TryId();
        var displayName = NameAnnotation(field);
        var exports = InlineExports(c);
        uint index;
        if (InlineImport(c) is { } import)
        {
            var p = new Pending();
            var type = CoreTypeUse(scope, c, p, isModule: true);
            c.ExpectEnd();
            p.Run();
            index = scope.AddImport(new ComponentImport(import, new ExternDesc(ExternKind.Module, type.Value)), id, displayName);
        }
        else
        {
            byte[] bytes;
            if (c.TryKeyword("binary")) bytes = Strings(c);
            else if (c.TryKeyword("quote"))
            {
                var quoted = WatReader.Read(WatReader.Wrap("module", Strings(c)), field.Span.Path);
                if (quoted.Count != 1 || quoted[0] is not WatList module) throw field.Error("malformed quoted module");
                bytes = CoreModuleAssembler.Assemble(module);
            }
            else bytes = CoreModuleAssembler.Assemble(AsModule(field, id));
            scope.AddSection(new CoreModuleSection(0, bytes));
            index = scope.Register(Sort.CoreModule, id, name: displayName);
        }
        AddTrailingExports(scope, trailing, exports, Sort.CoreModule, index);
    }

    /// <summary>
    /// <c>(core module $id? fields...)</c> as the <c>(module $id? fields...)</c> the core assembler reads. The raw items
    /// are taken (cursors skip annotations) so the module's <c>(@custom ...)</c> sections stay; the inline
    /// <c>(export "name")</c>s, already read, are left out.
    /// </summary>
    private static WatList AsModule(WatList field, WatAtom? id)
    {
        var items = new List<WatNode> { new WatAtom(field.Items[1].Span, WatAtomKind.Keyword, "module") };
        if (id is not null) items.Add(id);
        for (int i = 2; i < field.Items.Count; i++)
        {
            var item = field.Items[i];
            if (ReferenceEquals(item, id) || item is WatList { Head: "export", Items.Count: 2 }) continue;
            items.Add(item);
        }
        return new WatList(field.Span, items, field.End);
    }

    private static void CoreInstanceField(ComponentScope scope, WatCursor c)
    {
        var id = c.TryId();
        var displayName = NameAnnotation(c.List);
        var p = new Pending();
        CoreInstanceDefinition build;
        if (c.TryList("instantiate") is { } inst)
        {
            var ic = WatCursor.Inside(inst);
            var module = ItemRef(scope, ic, Sort.CoreModule, p);
            var args = new List<(string, Slot<uint>)>();
            while (!ic.AtEnd)
            {
                var with = WatCursor.Inside(ic.ExpectList("with"));
                var name = with.ExpectString().GetName();
                var arg = with.ExpectList("instance");
                with.ExpectEnd();
                var ac = WatCursor.Inside(arg);
                if (ac.PeekList("export"))
                {
                    // An inline bag of exports becomes its own core instance, placed before this one.
                    uint bag = EmitCoreExportBag(scope, ac, null);
                    args.Add((name, new Slot<uint>(bag)));
                }
                else
                {
                    args.Add((name, CoreItemRef(scope, ac, Sort.CoreInstance, p)));
                    ac.ExpectEnd();
                }
            }
            c.ExpectEnd();
            p.Run();
            build = new CoreInstantiate(module.Value, args.Select(a => new CoreInstantiateArg(a.Item1, a.Item2.Value)).ToList());
            scope.AddCoreInstance(build, id, displayName);
            return;
        }
        EmitCoreExportBag(scope, c, id, displayName);
    }

    /// <summary><c>(export "name" (func idx))*</c> as a core instance of exports.</summary>
    private static uint EmitCoreExportBag(ComponentScope scope, WatCursor c, WatAtom? id, string? displayName = null)
    {
        var p = new Pending();
        var exports = new List<(string, Sort, Slot<uint>)>();
        while (!c.AtEnd)
        {
            var ec = WatCursor.Inside(c.ExpectList("export"));
            var name = ec.ExpectString().GetName();
            var (sort, index) = SortIndex(scope, ec.ExpectList(), p, coreImplicit: true);
            ec.ExpectEnd();
            exports.Add((name, sort, index));
        }
        p.Run();
        return scope.AddCoreInstance(new CoreInlineExports(exports.Select(e => new CoreInlineExport(e.Item1, e.Item2, e.Item3.Value)).ToList()), id, displayName);
    }

    private static void CoreFuncField(ComponentScope scope, WatCursor c)
    {
        var id = c.TryId();
        var displayName = NameAnnotation(c.List);
        var body = c.ExpectList();
        c.ExpectEnd();
        if (body.Head == "alias")
        {
            var ac = WatCursor.Inside(body);
            ac.ExpectKeyword("core");
            ac.ExpectKeyword("export");
            var instance = ac.Next();
            var name = ac.ExpectString().GetName();
            ac.ExpectEnd();
            scope.AddAlias(new Alias(Sort.CoreFunc, new CoreInstanceExportAlias(scope.Resolve(Sort.CoreInstance, instance), name)), id, displayName);
            return;
        }
        if (body.Head != "canon") throw body.Error("expected `(canon ...)` or `(alias core export ...)`");
        if (body.Items.Count > 1 && body.Items[1] is WatAtom op && op.IsKeyword("lift"))
            throw body.Error("`canon lift` defines a component function, not a core function");
        var p = new Pending();
        var build = Canon(scope, body, p, null, named: false, out _, out _);
        p.Run();
        scope.AddCanon(build(), id, displayName);
    }

    private static void NestedComponentField(ComponentScope scope, WatList field, WatCursor c, List<Action> trailing)
    {
        var id = c.TryId();
        var displayName = NameAnnotation(field);
        var exports = InlineExports(c);
        uint index;
        if (InlineImport(c) is { } import)
        {
            var p = new Pending();
            var type = TypeUse(scope, c, p, ScopeKind.ComponentType, (s, cur, pp) =>
            {
                var decls = DeclBody(s, cur, ScopeKind.ComponentType, null);
                return () => new ComponentTypeDefinition(decls);
            });
            p.Run();
            index = scope.AddImport(new ComponentImport(import, ExternDesc.Component(type.Value)), id, displayName);
        }
        else
        {
            // Rebuild the list without the inline exports so Build sees only the body (raw items: cursors skip the
            // annotations, and the body's `(@custom ...)` sections must stay).
            var items = new List<WatNode> { field.Items[0] };
            if (id is not null) items.Add(id);
            for (int i = 1; i < field.Items.Count; i++)
            {
                var item = field.Items[i];
                if (ReferenceEquals(item, id) || exports.Count > 0 && item is WatList { Head: "export", Items.Count: 2 }) continue;
                items.Add(item);
            }
            var sections = Build(new WatList(field.Span, items, field.End), scope, displayName);
            scope.AddSection(new NestedComponentSection(0, new ComponentBinary(sections)));
            index = scope.Register(Sort.Component, id, name: displayName);
        }
        AddTrailingExports(scope, trailing, exports, Sort.Component, index);
    }

    private static void InstanceField(ComponentScope scope, WatCursor c, List<Action> trailing)
    {
        var id = c.TryId();
        var displayName = NameAnnotation(c.List);
        var exports = InlineExports(c);
        uint index;
        if (InlineImport(c) is { } import)
        {
            var p = new Pending();
            var type = TypeUse(scope, c, p, ScopeKind.InstanceType, (s, cur, pp) =>
            {
                var decls = DeclBody(s, cur, ScopeKind.InstanceType, null);
                return () => new InstanceTypeDefinition(decls);
            });
            p.Run();
            index = scope.AddImport(new ComponentImport(import, ExternDesc.Instance(type.Value)), id, displayName);
        }
        else if (c.TryList("instantiate") is { } inst)
        {
            var p = new Pending();
            var ic = WatCursor.Inside(inst);
            var component = ItemRef(scope, ic, Sort.Component, p);
            var args = new List<(string, Sort, Slot<uint>)>();
            while (!ic.AtEnd)
            {
                var with = WatCursor.Inside(ic.ExpectList("with"));
                var name = with.ExpectString().GetName();
                var arg = with.ExpectList();
                with.ExpectEnd();
                if (arg.Head == "instance" && arg.Items.Count > 1 && arg.Items[1] is WatList { Head: "export" })
                {
                    uint bag = EmitExportBag(scope, WatCursor.Inside(arg), null);
                    args.Add((name, Sort.Instance, new Slot<uint>(bag)));
                }
                else
                {
                    var (sort, index2) = SortIndex(scope, arg, p);
                    args.Add((name, sort, index2));
                }
            }
            c.ExpectEnd();
            p.Run();
            index = scope.AddInstance(new Instantiate(component.Value, args.Select(a => new InstantiateArg(a.Item1, a.Item2, a.Item3.Value)).ToList()), id, displayName);
        }
        else
        {
            index = EmitExportBag(scope, c, id, displayName);
        }
        AddTrailingExports(scope, trailing, exports, Sort.Instance, index);
    }

    /// <summary><c>(export "name" (sort idx))*</c> as an instance of exports.</summary>
    private static uint EmitExportBag(ComponentScope scope, WatCursor c, WatAtom? id, string? displayName = null)
    {
        var p = new Pending();
        var exports = new List<(ExternName, Sort, Slot<uint>)>();
        while (!c.AtEnd)
        {
            var ec = WatCursor.Inside(c.ExpectList("export"));
            var name = ExternNameAt(ec);
            var (sort, index) = SortIndex(scope, ec.ExpectList(), p);
            ec.ExpectEnd();
            exports.Add((name, sort, index));
        }
        p.Run();
        return scope.AddInstance(new InlineExports(exports.Select(e => new InlineExport(e.Item1, e.Item2, e.Item3.Value)).ToList()), id, displayName);
    }

    /// <summary><c>(alias export $i "n" (sort $id?))</c>, <c>(alias core export ...)</c>, <c>(alias outer $c $x (sort $id?))</c>.</summary>
    private static void AliasField(TextScope scope, WatList field)
    {
        var c = WatCursor.Inside(field);
        AliasTarget target;
        Sort sort;
        WatAtom? id;
        string? displayName;
        if (c.TryKeyword("outer"))
        {
            var countNode = c.Next();
            var indexNode = c.Next();
            (sort, id, displayName) = AliasSortAndId(c);
            uint count = scope.ResolveOuterCount(countNode);
            // Both numeric: taken as written (validation reports bad counts), as the reference assembler does.
            target = countNode is WatAtom { Kind: WatAtomKind.Integer } && indexNode is WatAtom { Kind: WatAtomKind.Integer } numeric
                ? new OuterAlias(count, WatNumbers.ParseU32(numeric))
                : new OuterAlias(count, scope.Outer(count, countNode).Resolve(sort, indexNode));
        }
        else
        {
            bool core = c.TryKeyword("core");
            c.ExpectKeyword("export");
            var instanceNode = c.Next();
            var name = c.ExpectString().GetName();
            (sort, id, displayName) = AliasSortAndId(c);
            target = core
                ? new CoreInstanceExportAlias(scope.Resolve(Sort.CoreInstance, instanceNode), name)
                : new InstanceExportAlias(scope.Resolve(Sort.Instance, instanceNode), name);
        }
        c.ExpectEnd();
        var alias = new Alias(sort, target);
        switch (scope)
        {
            case ComponentScope cs: cs.AddAlias(alias, id, displayName); break;
            case DeclScope ds: ds.Add(new AliasDeclaration(alias), id); break;
            default: throw field.Error("unexpected alias");
        }
    }

    private static (Sort, WatAtom?, string?) AliasSortAndId(WatCursor c)
    {
        var kind = c.ExpectList();
        var kc = WatCursor.Inside(kind, 0);
        var sort = ListSort(kc);
        var id = kc.TryId();
        kc.ExpectEnd();
        return (sort, id, NameAnnotation(kind));
    }

    private static void TypeField(ComponentScope scope, WatCursor c, List<Action> trailing)
    {
        var id = c.TryId();
        var exports = InlineExports(c);
        var def = c.Next();
        c.ExpectEnd();
        uint index = EmitDefinition(scope, def, id, (s, n, p) => DefType(s, n, p, id?.Text), NameAnnotation(c.List));
        AddTrailingExports(scope, trailing, exports, Sort.Type, index);
    }

    /// <summary><c>(func $id? (export "n")* (import "n") typeuse | typeuse (canon lift ...) | (alias export ...))</c>.</summary>
    private static void FuncField(ComponentScope scope, WatCursor c, List<Action> trailing)
    {
        var id = c.TryId();
        var displayName = NameAnnotation(c.List);
        var exports = InlineExports(c);
        uint index;
        if (InlineImport(c) is { } import)
        {
            var p = new Pending();
            var type = TypeUse(scope, c, p, ScopeKind.Component, (s, cur, pp) => FuncTypeBody(s, cur, pp, requireEnd: true));
            p.Run();
            index = scope.AddImport(new ComponentImport(import, ExternDesc.Func(type.Value)), id, displayName);
        }
        else if (c.PeekList("alias"))
        {
            var ac = WatCursor.Inside(c.ExpectList("alias"));
            c.ExpectEnd();
            ac.ExpectKeyword("export");
            var instance = ac.Next();
            var name = ac.ExpectString().GetName();
            ac.ExpectEnd();
            index = scope.AddAlias(new Alias(Sort.Func, new InstanceExportAlias(scope.Resolve(Sort.Instance, instance), name)), id, displayName);
        }
        else
        {
            // typeuse then (canon lift ...): the type (inline or not) comes first.
            var p = new Pending();
            Slot<uint> type;
            if (IsTypeRef(c))
            {
                var tc = WatCursor.Inside(c.ExpectList("type"));
                var target = tc.Next();
                tc.ExpectEnd();
                type = new Slot<uint>();
                var t = type;
                p.Add(() => t.Value = scope.Resolve(Sort.Type, target));
            }
            else
            {
                var own = new Pending();
                var build = FuncTypeBody(scope, c, own, requireEnd: false);
                own.Run();
                type = new Slot<uint>(scope.AddTypeDef(build(), null, c.List));
            }
            var canon = c.ExpectList("canon");
            c.ExpectEnd();
            if (!(canon.Items.Count > 1 && canon.Items[1] is WatAtom a && a.IsKeyword("lift")))
                throw canon.Error("expected `(canon lift ...)`");
            var f = Canon(scope, canon, p, type, named: false, out _, out _);
            p.Run();
            index = scope.AddCanon(f(), id, displayName);
        }
        AddTrailingExports(scope, trailing, exports, Sort.Func, index);
    }

    private static void StartField(ComponentScope scope, WatCursor c)
    {
        uint func = scope.Resolve(Sort.Func, c.Next());
        var args = new List<uint>();
        while (c.PeekList("value"))
        {
            var vc = WatCursor.Inside(c.ExpectList("value"));
            args.Add(scope.Resolve(Sort.Value, vc.Next()));
            vc.ExpectEnd();
        }
        var results = new List<WatAtom?>();
        while (c.TryList("result") is { } r)
        {
            var rc = WatCursor.Inside(r);
            var vc = WatCursor.Inside(rc.ExpectList("value"));
            results.Add(vc.TryId());
            vc.ExpectEnd();
            rc.ExpectEnd();
        }
        c.ExpectEnd();
        scope.AddSection(new StartSection(0, func, args, (uint)results.Count));
        foreach (var r in results) scope.Register(Sort.Value, r);
    }

    private static void ImportField(ComponentScope scope, WatCursor c)
    {
        var name = ExternNameAt(c);
        var p = new Pending();
        var descList = c.ExpectList();
        var desc = ExternDescAt(scope, descList, p, out var id);
        c.ExpectEnd();
        p.Run();
        scope.AddImport(new ComponentImport(name, desc()), id, NameAnnotation(descList));
    }

    private static void ExportField(ComponentScope scope, WatCursor c)
    {
        var id = c.TryId();
        var name = ExternNameAt(c);
        var p = new Pending();
        var item = c.ExpectList();
        Func<ExternDesc>? ascribed = null;
        if (c.TryList() is { } desc) ascribed = ExternDescAt(scope, desc, p, out _);
        c.ExpectEnd();
        var (sort, index) = SortIndex(scope, item, p);
        p.Run();
        scope.AddExport(new ComponentExport(name, sort, index.Value, ascribed?.Invoke()), id, NameAnnotation(c.List));
    }
}

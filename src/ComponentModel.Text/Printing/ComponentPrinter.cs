using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Text.Component;
using WitBindgen.CoreWasm;
using static WitBindgen.CoreWasm.Modules.ValueTypes;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.ComponentModel.Text.Printing;

/// <summary>
/// Prints a component binary (read by <see cref="ComponentReader"/>, the one component decoder) as WebAssembly text,
/// wasm-tools style: one definition per field in binary order with <c>(;N;)</c> index comments, core modules inline
/// (<see cref="CoreModulePrinter"/>), nested components indented. The text is chosen so that the component assembler
/// encodes it to the original bytes: every definition is explicit (no inline exports, inline types or
/// <c>$i "name"</c> references, which the assembler would desugar into other sections), and custom sections
/// (<c>producers</c> among them) are kept verbatim as <c>(@custom ...)</c> in their place. Names from the
/// <c>component-name</c> section become <c>$id</c>s (or <c>(@name ...)</c>) when the assembler would rebuild that
/// section from them byte for byte; otherwise it too is kept verbatim. As in wasm-tools, a reference to a definition
/// printed with an <c>$id</c> uses the id (<c>alias outer</c> included); others are numbers.
/// </summary>
internal sealed class ComponentPrinter
{
    private readonly StringBuilder _out = new();

    /// <summary>
    /// The text of the component <paramref name="wasm"/>. Reading does not type-check (a well-formed but invalid
    /// component is still printed, as wasm-tools prints it); a malformed one raises the reader's
    /// <see cref="ComponentFormatException"/>.
    /// </summary>
    public static string Print(byte[] wasm)
    {
        var component = ComponentReader.Read(wasm, validate: false);
        var printer = new ComponentPrinter();
        var names = IdNames(component, null, true, out var name);
        string head = "(component";
        if (name is not null)
        {
            var s = new StringBuilder(head);
            if (CoreModulePrinter.IsId(name)) s.Append(" $").Append(name);
            else { s.Append(" (@name "); Str(s, name); s.Append(')'); }
            head = s.ToString();
        }
        printer.Component(component, 0, head, names, null);
        return printer._out.ToString();
    }

    /// <summary>
    /// Per-sort counters of one index-space scope (a component or a component/instance type), and the names its
    /// definitions get: <c>$id</c>, or <c>(@name "...")</c> for a name that is not an id, one already taken, or a
    /// core module's (whose <c>$id</c> would also name the module inside its own <c>name</c> section).
    /// </summary>
    private sealed class Counts
    {
        private readonly uint[] _next = new uint[13];
        private readonly Dictionary<(Sort, uint), string>? _names;
        private readonly HashSet<(Sort, string)> _ids = new();
        private readonly Dictionary<(Sort, uint), string> _printed = new();

        /// <summary>The enclosing scope, which <c>alias outer</c> counts out to.</summary>
        private readonly Counts? _parent;

        public Counts(Dictionary<(Sort, uint), string>? names, Counts? parent)
        {
            _names = names;
            _parent = parent;
        }

        /// <summary>
        /// The next definition's name and index comment. A core module gets an <c>$id</c> only when
        /// <paramref name="coreModuleId"/> says its own name section agrees.
        /// </summary>
        public string Next(Sort sort, bool coreModuleId = false)
        {
            uint index = _next[(int)sort]++;
            string comment = "(;" + index.ToString(CultureInfo.InvariantCulture) + ";)";
            if (_names is null || !_names.TryGetValue((sort, index), out var name)) return comment;
            if ((sort != Sort.CoreModule || coreModuleId) && CoreModulePrinter.IsId(name) && _ids.Add((sort, name)))
            {
                _printed[(sort, index)] = name;
                return "$" + name + " " + comment;
            }
            var s = new StringBuilder("(@name ");
            Str(s, name);
            return s.Append(") ").Append(comment).ToString();
        }

        public uint Peek(Sort sort) => _next[(int)sort];

        /// <summary>
        /// A reference to <paramref name="index"/> in <paramref name="sort"/>: its <c>$id</c> when its definition in this
        /// scope was printed with one (the assembler resolves it to the same index), else the number.
        /// </summary>
        public string Ref(Sort sort, uint index) =>
            _printed.TryGetValue((sort, index), out var id) ? "$" + id : index.ToString(CultureInfo.InvariantCulture);

        /// <summary>An <c>alias outer</c> target: the count as a number, the index as a <see cref="Ref"/> in that scope.</summary>
        public string OuterRef(uint count, Sort sort, uint index)
        {
            var scope = this;
            for (uint i = 0; i < count && scope is not null; i++) scope = scope._parent;
            return count.ToString(CultureInfo.InvariantCulture) + " " + (scope?.Ref(sort, index) ?? index.ToString(CultureInfo.InvariantCulture));
        }

        public string? NameOf(Sort sort, uint index) => _names is not null && _names.TryGetValue((sort, index), out var n) ? n : null;
    }

    /// <summary>
    /// The names a component's definitions can be printed with so that the assembler rebuilds its
    /// <c>component-name</c> section byte for byte: the section must be the component's last, laid out as the assembler
    /// writes it, name the component as its enclosing component does (<paramref name="given"/>), name values with
    /// ids only, and every nested component it names must carry that name in its own section. Null when that does not
    /// hold: the section is then printed verbatim and nothing is named.
    /// </summary>
    private static Dictionary<(Sort, uint), string>? IdNames(ComponentBinary component, string? given, bool topLevel, out string? componentName)
    {
        componentName = null;
        var sections = component.Sections;
        CustomSection? section = null;
        int count = 0;
        foreach (var s in sections)
            if (s is CustomSection { Name: "component-name" } c) { section = c; count++; }
        if (section is null) return given is null ? new Dictionary<(Sort, uint), string>() : null;
        if (count > 1 || !ReferenceEquals(sections[sections.Count - 1], section)) return null;
        if (ComponentNameSection.TryRead(section.Data) is not { } read) return null;
        if (!topLevel && read.Component != given) return null;
        if (ComponentNameSection.Build(read.Component, read.Names) is not { } rebuilt || !rebuilt.Data.AsSpan().SequenceEqual(section.Data)) return null;
        var names = new Dictionary<(Sort, uint), string>();
        foreach (var (sort, index, name) in read.Names)
        {
            if (names.ContainsKey((sort, index))) return null;
            names[(sort, index)] = name;
            if (sort == Sort.Value && !CoreModulePrinter.IsId(name)) return null;
        }
        var components = component.IndexSpaces[Sort.Component];
        for (int j = 0; j < components.Count; j++)
        {
            if (components[j].Origin != IndexOrigin.Component || !names.TryGetValue((Sort.Component, (uint)j), out var nested)) continue;
            var inner = ((NestedComponentSection)sections[components[j].Section]).Component;
            if (IdNames(inner, nested, false, out _) is null) return null;
        }
        componentName = read.Component;
        return names;
    }

    private void Component(ComponentBinary component, int indent, string head, Dictionary<(Sort, uint), string>? names, Counts? parent)
    {
        Line(indent, head);
        var counts = new Counts(names, parent);
        int inner = indent + 1;
        foreach (var section in component.Sections)
        {
            switch (section)
            {
                case CustomSection custom:
                {
                    // With names printed as ids the assembler rebuilds the name section (the last one).
                    if (names is not null && custom.Name == "component-name") break;
                    var s = new StringBuilder("(@custom ");
                    Str(s, custom.Name);
                    s.Append(' ');
                    CoreModulePrinter.AppendString(s, custom.Data);
                    Line(inner, s.Append(')').ToString());
                    break;
                }
                case CoreModuleSection module:
                    CoreModule(module.Module, inner, counts);
                    break;
                case CoreInstanceSection instances:
                    foreach (var instance in instances.Instances) Line(inner, CoreInstance(instance, counts.Next(Sort.CoreInstance), counts));
                    break;
                case CoreTypeSection types:
                    foreach (var type in types.Types)
                    {
                        string comment = counts.Next(Sort.CoreType);
                        // A rec group defines one core type per member.
                        if (type is CoreRecGroup group) for (int i = 1; i < group.Types.Count; i++) counts.Next(Sort.CoreType);
                        CoreTypeField(type, inner, "(core type " + comment);
                    }
                    break;
                case NestedComponentSection nested:
                {
                    // A nested component is named by its enclosing component's name section, and by its own.
                    var nestedNames = IdNames(nested.Component, counts.NameOf(Sort.Component, counts.Peek(Sort.Component)), false, out _);
                    Component(nested.Component, inner, "(component " + counts.Next(Sort.Component), nestedNames, counts);
                    break;
                }
                case InstanceSection instances:
                    foreach (var instance in instances.Instances) Line(inner, Instance(instance, counts.Next(Sort.Instance), counts));
                    break;
                case AliasSection aliases:
                    foreach (var alias in aliases.Aliases) Line(inner, AliasText(alias, counts.Next(alias.Sort), counts));
                    break;
                case TypeSection types:
                    foreach (var type in types.Types) TypeField(type, inner, "(type " + counts.Next(Sort.Type), counts);
                    break;
                case CanonSection canons:
                    foreach (var canon in canons.Functions)
                        Line(inner, Canon(canon, counts.Next(canon.DefinesComponentFunc ? Sort.Func : Sort.CoreFunc), counts));
                    break;
                case StartSection start:
                {
                    var s = new StringBuilder("(start ").Append(counts.Ref(Sort.Func, start.Func));
                    foreach (var arg in start.Args) s.Append(" (value ").Append(counts.Ref(Sort.Value, arg)).Append(')');
                    for (uint i = 0; i < start.Results; i++) s.Append(" (result (value ").Append(counts.Next(Sort.Value)).Append("))");
                    Line(inner, s.Append(')').ToString());
                    break;
                }
                case ImportSection imports:
                    foreach (var import in imports.Imports) ExternField(inner, "(import ", import.Name, import.Desc, counts);
                    break;
                case ExportSection exports:
                    foreach (var export in exports.Exports)
                    {
                        var s = new StringBuilder("(export ").Append(counts.Next(export.Sort)).Append(' ');
                        Name(s, export.Name);
                        s.Append(" (").Append(SortCodes.Name(export.Sort)).Append(' ').Append(counts.Ref(export.Sort, export.Index)).Append(')');
                        if (export.Ascribed is { } ascribed) Desc(s, ascribed, null, counts);
                        Line(inner, s.Append(')').ToString());
                    }
                    break;
            }
        }
        Line(indent, ")");
    }

    private void CoreModule(byte[] module, int indent, Counts counts)
    {
        string? comment = null;
        string Head(bool id) => comment = counts.Next(Sort.CoreModule, id);
        try
        {
            var text = new StringBuilder();
            CoreModulePrinter.PrintEmbedded(text, module, indent, counts.NameOf(Sort.CoreModule, counts.Peek(Sort.CoreModule)), Head);
            _out.Append(text);
        }
        catch (Exception e) when (e is WasmException or NotSupportedException)
        {
            // A module the core reader or printer cannot take as text is kept as its bytes, with the reason.
            Line(indent, ";; not printable as text: " + e.Message.Replace('\n', ' '));
            var s = new StringBuilder("(core module ").Append(comment ?? Head(false)).Append(" binary ");
            CoreModulePrinter.AppendString(s, module);
            Line(indent, s.Append(')').ToString());
        }
    }

    private static string CoreInstance(CoreInstanceDefinition instance, string comment, Counts counts)
    {
        var s = new StringBuilder("(core instance ").Append(comment);
        switch (instance)
        {
            case CoreInstantiate i:
                s.Append(" (instantiate ").Append(counts.Ref(Sort.CoreModule, i.Module));
                foreach (var arg in i.Args) Pair(s, "with", Quote(arg.Name), "instance", counts.Ref(Sort.CoreInstance, arg.Instance));
                s.Append(')');
                break;
            case CoreInlineExports e:
                // Inside a core instance the sorts are written without `core`.
                foreach (var export in e.Exports)
                    Pair(s, "export", Quote(export.Name), SortCodes.Name(export.Sort).Substring("core ".Length), counts.Ref(export.Sort, export.Index));
                break;
        }
        return s.Append(')').ToString();
    }

    private static string Instance(InstanceDefinition instance, string comment, Counts counts)
    {
        var s = new StringBuilder("(instance ").Append(comment);
        switch (instance)
        {
            case Instantiate i:
                s.Append(" (instantiate ").Append(counts.Ref(Sort.Component, i.Component));
                foreach (var arg in i.Args) Pair(s, "with", Quote(arg.Name), SortCodes.Name(arg.Sort), counts.Ref(arg.Sort, arg.Index));
                s.Append(')');
                break;
            case InlineExports e:
                foreach (var export in e.Exports)
                {
                    var name = new StringBuilder();
                    Name(name, export.Name);
                    Pair(s, "export", name.ToString(), SortCodes.Name(export.Sort), counts.Ref(export.Sort, export.Index));
                }
                break;
        }
        return s.Append(')').ToString();
    }

    /// <summary><c> (with|export "name" (sort index))</c>: an instantiation argument or an instance's export.</summary>
    private static void Pair(StringBuilder s, string head, string name, string sort, string index) =>
        s.Append(" (").Append(head).Append(' ').Append(name).Append(" (").Append(sort).Append(' ').Append(index).Append("))");

    private static string AliasText(Alias alias, string comment, Counts counts)
    {
        var s = new StringBuilder("(alias ");
        switch (alias.Target)
        {
            case InstanceExportAlias e:
                s.Append("export ").Append(counts.Ref(Sort.Instance, e.Instance)).Append(' ');
                Str(s, e.Name);
                break;
            case CoreInstanceExportAlias c:
                s.Append("core export ").Append(counts.Ref(Sort.CoreInstance, c.Instance)).Append(' ');
                Str(s, c.Name);
                break;
            case OuterAlias o:
                s.Append("outer ").Append(counts.OuterRef(o.Count, alias.Sort, o.Index));
                break;
        }
        return s.Append(" (").Append(SortCodes.Name(alias.Sort)).Append(' ').Append(comment).Append("))").ToString();
    }

    // ---- canonical definitions -------------------------------------------------------------------------

    private static string Canon(CanonFunction f, string comment, Counts counts)
    {
        var s = new StringBuilder("(canon ");
        switch (f.Op)
        {
            case CanonOp.Lift:
                s.Append("lift (core func ").Append(counts.Ref(Sort.CoreFunc, f.Index)).Append(')');
                Options(s, f.Options, counts);
                return s.Append(" (func ").Append(comment).Append(" (type ").Append(counts.Ref(Sort.Type, f.TypeIndex)).Append(")))").ToString();
            case CanonOp.Lower:
                s.Append("lower (func ").Append(counts.Ref(Sort.Func, f.Index)).Append(')');
                Options(s, f.Options, counts);
                break;
            case CanonOp.ResourceDrop or CanonOp.ResourceDropAsync:
                s.Append("resource.drop ").Append(counts.Ref(Sort.Type, f.Index));
                if (f.Op == CanonOp.ResourceDropAsync) s.Append(" async");
                break;
            case CanonOp.TaskReturn:
                s.Append("task.return");
                if (f.Result is { } result) s.Append(" (result ").Append(Val(result, counts)).Append(')');
                Options(s, f.Options, counts);
                break;
            case CanonOp.ContextGet or CanonOp.ContextSet:
                s.Append(f.Op == CanonOp.ContextGet ? "context.get " : "context.set ")
                    .Append(f.TypeIndex == 0x7e ? "i64 " : "i32 ").Append(f.Index);
                break;
            case CanonOp.WaitableSetWait or CanonOp.WaitableSetPoll:
                s.Append(f.Op == CanonOp.WaitableSetWait ? "waitable-set.wait" : "waitable-set.poll");
                if (f.Async) s.Append(" cancellable");
                s.Append(" (memory ").Append(counts.Ref(Sort.CoreMemory, f.Index)).Append(')');
                break;
            case CanonOp.ErrorContextNew or CanonOp.ErrorContextDebugMessage:
                s.Append(f.Op == CanonOp.ErrorContextNew ? "error-context.new" : "error-context.debug-message");
                Options(s, f.Options, counts);
                break;
            case CanonOp.ThreadSpawnRef:
                s.Append("thread.spawn-ref").Append(f.Async ? " shared " : " ").Append(counts.Ref(Sort.CoreType, f.Index));
                break;
            case CanonOp.ThreadNewIndirect or CanonOp.ThreadSpawnIndirect:
                s.Append(f.Op == CanonOp.ThreadNewIndirect ? "thread.new-indirect" : "thread.spawn-indirect")
                    .Append(f.Async ? " shared " : " ").Append(counts.Ref(Sort.CoreType, f.Index))
                    .Append(" (table ").Append(counts.Ref(Sort.CoreTable, f.TypeIndex)).Append(')');
                break;
            default:
            {
                var name = ComponentTextAssembler.CanonName(f.Op) ?? throw new NotSupportedException($"canon opcode 0x{(byte)f.Op:x2} has no text form");
                s.Append(name);
                if (ComponentTextAssembler.TypeOnlyOps.ContainsKey(name)) s.Append(' ').Append(counts.Ref(Sort.Type, f.Index));
                else if (ComponentTextAssembler.TypeAndOptionsOps.ContainsKey(name))
                {
                    s.Append(' ').Append(counts.Ref(Sort.Type, f.Index));
                    Options(s, f.Options, counts);
                }
                else if (ComponentTextAssembler.TypeAndFlagOps.ContainsKey(name))
                {
                    s.Append(' ').Append(counts.Ref(Sort.Type, f.Index));
                    if (f.Async) s.Append(" async");
                }
                else if (ComponentTextAssembler.FlagOnlyOps.ContainsKey(name) && f.Async)
                {
                    s.Append(f.Op switch
                    {
                        CanonOp.SubtaskCancel => " async",
                        CanonOp.ThreadAvailableParallelism => " shared",
                        _ => " cancellable",
                    });
                }
                break;
            }
        }
        return s.Append(" (core func ").Append(comment).Append("))").ToString();
    }

    private static void Options(StringBuilder s, IReadOnlyList<CanonOption> options, Counts counts)
    {
        foreach (var o in options)
        {
            s.Append(o.Kind switch
            {
                CanonOptionKind.Utf8 => " string-encoding=utf8",
                CanonOptionKind.Utf16 => " string-encoding=utf16",
                CanonOptionKind.Latin1Utf16 => " string-encoding=latin1+utf16",
                CanonOptionKind.Async => " async",
                CanonOptionKind.Memory => " (memory " + counts.Ref(Sort.CoreMemory, o.Index) + ")",
                CanonOptionKind.Realloc => " (realloc " + counts.Ref(Sort.CoreFunc, o.Index) + ")",
                CanonOptionKind.PostReturn => " (post-return " + counts.Ref(Sort.CoreFunc, o.Index) + ")",
                _ => " (callback " + counts.Ref(Sort.CoreFunc, o.Index) + ")",
            });
        }
    }

    // ---- component types --------------------------------------------------------------------------------

    /// <summary>A <c>(type ...)</c> field or declarator: <paramref name="head"/> then the definition.</summary>
    private void TypeField(TypeDefinition type, int indent, string head, Counts counts)
    {
        switch (type)
        {
            case ComponentTypeDefinition component:
                Line(indent, head);
                Declarations("(component", component.Declarations, indent + 1, counts);
                Line(indent, ")");
                break;
            case InstanceTypeDefinition instance:
                Line(indent, head);
                Declarations("(instance", instance.Declarations, indent + 1, counts);
                Line(indent, ")");
                break;
            default:
                Line(indent, head + " " + DefType(type, counts) + ")");
                break;
        }
    }

    private void Declarations(string head, IReadOnlyList<Declaration> declarations, int indent, Counts parent)
    {
        Line(indent, head);
        var counts = new Counts(null, parent);
        int inner = indent + 1;
        foreach (var declaration in declarations)
        {
            switch (declaration)
            {
                case CoreTypeDeclaration core:
                {
                    string comment = counts.Next(Sort.CoreType);
                    if (core.Type is CoreRecGroup group) for (int i = 1; i < group.Types.Count; i++) counts.Next(Sort.CoreType);
                    CoreTypeField(core.Type, inner, "(core type " + comment);
                    break;
                }
                case TypeDeclaration t:
                    TypeField(t.Type, inner, "(type " + counts.Next(Sort.Type), counts);
                    break;
                case AliasDeclaration a:
                    Line(inner, AliasText(a.Alias, counts.Next(a.Alias.Sort), counts));
                    break;
                case ImportDeclaration i:
                    ExternField(inner, "(import ", i.Name, i.Desc, counts);
                    break;
                case ExportDeclaration e:
                    ExternField(inner, "(export ", e.Name, e.Desc, counts);
                    break;
            }
        }
        Line(indent, ")");
    }

    /// <summary><c>(import|export "name" desc)</c> with the descriptor's index comment.</summary>
    private void ExternField(int indent, string head, ExternName name, ExternDesc desc, Counts counts)
    {
        var s = new StringBuilder(head);
        Name(s, name);
        Desc(s, desc, counts.Next(ComponentReader.SortOf(desc.Kind)), counts);
        Line(indent, s.Append(')').ToString());
    }

    /// <summary>An extern descriptor: <c>(func (;N;)? (type T))</c>, <c>(type (;N;)? (eq T))</c>, ....</summary>
    private static void Desc(StringBuilder s, ExternDesc desc, string? comment, Counts counts)
    {
        string c = comment is null ? "" : comment + " ";
        string type = counts.Ref(Sort.Type, desc.Index);
        switch (desc.Kind)
        {
            case ExternKind.Module: s.Append(" (core module ").Append(c).Append("(type ").Append(counts.Ref(Sort.CoreType, desc.Index)).Append("))"); break;
            case ExternKind.Func: s.Append(" (func ").Append(c).Append("(type ").Append(type).Append("))"); break;
            case ExternKind.Component: s.Append(" (component ").Append(c).Append("(type ").Append(type).Append("))"); break;
            case ExternKind.Instance: s.Append(" (instance ").Append(c).Append("(type ").Append(type).Append("))"); break;
            case ExternKind.Value: s.Append(" (value ").Append(c).Append(Val(desc.Value, counts)).Append(')'); break;
            default:
                s.Append(" (type ").Append(c);
                if (desc.Bound.IsSubResource) s.Append("(sub resource))");
                else s.Append("(eq ").Append(counts.Ref(Sort.Type, desc.Bound.Index)).Append("))");
                break;
        }
    }

    /// <summary>A defined type on one line (everything but component and instance types).</summary>
    private static string DefType(TypeDefinition type, Counts counts)
    {
        var s = new StringBuilder();
        switch (type)
        {
            case PrimitiveDefinedType p: return Primitive(p.Primitive);
            case RecordType r:
                s.Append("(record");
                foreach (var f in r.Fields)
                {
                    s.Append(" (field ");
                    Str(s, f.Name);
                    s.Append(' ').Append(Val(f.Type, counts)).Append(')');
                }
                break;
            case VariantType v:
                s.Append("(variant");
                foreach (var c in v.Cases)
                {
                    s.Append(" (case ");
                    Str(s, c.Name);
                    if (c.Type is { } t) s.Append(' ').Append(Val(t, counts));
                    s.Append(')');
                }
                break;
            case ListType l: s.Append("(list ").Append(Val(l.Element, counts)); break;
            case FixedListType fl: s.Append("(list ").Append(Val(fl.Element, counts)).Append(' ').Append(fl.Length); break;
            case TupleType t:
                s.Append("(tuple");
                foreach (var x in t.Types) s.Append(' ').Append(Val(x, counts));
                break;
            case FlagsType f:
                s.Append("(flags");
                foreach (var n in f.Names) { s.Append(' '); Str(s, n); }
                break;
            case EnumType e:
                s.Append("(enum");
                foreach (var n in e.Names) { s.Append(' '); Str(s, n); }
                break;
            case OptionType o: s.Append("(option ").Append(Val(o.Element, counts)); break;
            case ResultType r:
                s.Append("(result");
                if (r.Ok is { } ok) s.Append(' ').Append(Val(ok, counts));
                if (r.Err is { } err) s.Append(" (error ").Append(Val(err, counts)).Append(')');
                break;
            case OwnType o: s.Append("(own ").Append(counts.Ref(Sort.Type, o.Resource)); break;
            case BorrowType b: s.Append("(borrow ").Append(counts.Ref(Sort.Type, b.Resource)); break;
            case StreamType st:
                s.Append("(stream");
                if (st.Element is { } se) s.Append(' ').Append(Val(se, counts));
                break;
            case FutureType fu:
                s.Append("(future");
                if (fu.Element is { } fe) s.Append(' ').Append(Val(fe, counts));
                break;
            case MapType m: s.Append("(map ").Append(Val(m.Key, counts)).Append(' ').Append(Val(m.Value, counts)); break;
            case FuncType f:
                s.Append("(func");
                if (f.IsAsync) s.Append(" async");
                foreach (var p in f.Params)
                {
                    s.Append(" (param ");
                    Str(s, p.Name);
                    s.Append(' ').Append(Val(p.Type, counts)).Append(')');
                }
                if (f.Result is { } result) s.Append(" (result ").Append(Val(result, counts)).Append(')');
                break;
            case ResourceTypeDefinition rt:
                s.Append("(resource (rep i32)");
                // The text has no form for an async destructor; it is printed as wasm-tools would name it.
                if (rt.IsAsync) s.Append(" (dtor async").Append(rt.Destructor is { } ad ? " (func " + counts.Ref(Sort.CoreFunc, ad) + ")" : "")
                    .Append(rt.Callback is { } cb ? " (callback (func " + counts.Ref(Sort.CoreFunc, cb) + "))" : "").Append(')');
                else if (rt.Destructor is { } d) s.Append(" (dtor (func ").Append(counts.Ref(Sort.CoreFunc, d)).Append("))");
                break;
            default:
                throw new NotSupportedException($"{type.GetType().Name} has no one-line text form");
        }
        return s.Append(')').ToString();
    }

    private static string Val(ValType t, Counts counts) => t.IsPrimitive ? Primitive(t.Primitive) : counts.Ref(Sort.Type, t.Index);

    private static string Primitive(PrimitiveValType p) => p == PrimitiveValType.ErrorContext ? "error-context" : p.ToString().ToLowerInvariant();

    // ---- core types -------------------------------------------------------------------------------------

    /// <summary>A <c>(core type ...)</c> field or declarator.</summary>
    private void CoreTypeField(CoreType type, int indent, string head)
    {
        if (type is CoreModuleType module)
        {
            Line(indent, head);
            Line(indent + 1, "(module");
            int inner = indent + 2;
            uint types = 0;
            foreach (var d in module.Declarations)
            {
                switch (d)
                {
                    case CoreImportDeclaration i:
                    {
                        var s = new StringBuilder("(import ");
                        Str(s, i.Module);
                        s.Append(' ');
                        Str(s, i.Name);
                        s.Append(' ').Append(CoreDesc(i.Desc));
                        Line(inner, s.Append(')').ToString());
                        break;
                    }
                    case CoreTypeDeclarator t:
                        Line(inner, "(type (;" + types++ + ";) " + CoreDefType(t.Type) + ")");
                        if (t.Type is CoreRecGroup g) types += (uint)Math.Max(0, g.Types.Count - 1);
                        break;
                    case CoreOuterAliasDeclaration a:
                        Line(inner, $"(alias outer {a.Count} {a.Index} (type (;{types++};)))");
                        break;
                    case CoreExportDeclaration e:
                    {
                        var s = new StringBuilder("(export ");
                        Str(s, e.Name);
                        s.Append(' ').Append(CoreDesc(e.Desc));
                        Line(inner, s.Append(')').ToString());
                        break;
                    }
                }
            }
            Line(indent + 1, ")");
            Line(indent, ")");
            return;
        }
        Line(indent, head + " " + CoreDefType(type) + ")");
    }

    private static string CoreDefType(CoreType type)
    {
        switch (type)
        {
            case CoreFuncType f:
            {
                var s = new StringBuilder("(func");
                if (f.Params.Count > 0) s.Append(" (param ").Append(CoreVals(f.Params)).Append(')');
                if (f.Results.Count > 0) s.Append(" (result ").Append(CoreVals(f.Results)).Append(')');
                return s.Append(')').ToString();
            }
            case CoreSubType sub:
            {
                var s = new StringBuilder("(sub");
                if (sub.Final) s.Append(" final");
                foreach (var t in sub.Supertypes) s.Append(' ').Append(t);
                return s.Append(' ').Append(CoreDefType(sub.Type)).Append(')').ToString();
            }
            case CoreRecGroup group:
            {
                var s = new StringBuilder("(rec");
                foreach (var t in group.Types) s.Append(" (type ").Append(CoreDefType(t)).Append(')');
                return s.Append(')').ToString();
            }
            case CoreStructType st:
            {
                var s = new StringBuilder("(struct");
                foreach (var field in st.Fields) s.Append(" (field ").Append(Field(field)).Append(')');
                return s.Append(')').ToString();
            }
            case CoreArrayType a:
                return "(array " + Field(a.Element) + ")";
            default:
                throw new NotSupportedException($"{type.GetType().Name} has no text form here");
        }
    }

    private static string Field(CoreFieldType field) => field.Mutable ? "(mut " + field.Storage.ShortName() + ")" : field.Storage.ShortName();

    private static string CoreVals(IReadOnlyList<ValueType> types) => string.Join(" ", types.Select(t => t.ShortName()));

    private static string CoreDesc(CoreExternDesc d)
    {
        switch (d.Kind)
        {
            case CoreExternKind.Func: return "(func (type " + d.TypeIndex + "))";
            case CoreExternKind.Tag: return "(tag (type " + d.TypeIndex + "))";
            case CoreExternKind.Table: return "(table " + Limits(d) + " " + d.ValueType.ShortName() + ")";
            case CoreExternKind.Memory: return "(memory " + Limits(d) + ")";
            default: return "(global " + (d.Mutable ? "(mut " + d.ValueType.ShortName() + ")" : d.ValueType.ShortName()) + ")";
        }
    }

    private static string Limits(CoreExternDesc d)
    {
        var s = new StringBuilder();
        if (d.Is64) s.Append("i64 ");
        s.Append(d.Minimum);
        if (d.Maximum is { } max) s.Append(' ').Append(max);
        if (d.Shared) s.Append(" shared");
        return s.ToString();
    }

    // ---- names and strings ------------------------------------------------------------------------------

    /// <summary>An import/export name with its options (<c>implements</c>, <c>version-suffix</c>, <c>external-id</c>).</summary>
    private static void Name(StringBuilder s, ExternName name)
    {
        Str(s, name.Name);
        if (name.Implements is { } i) { s.Append(" (implements "); Str(s, i); s.Append(')'); }
        if (name.VersionSuffix is { } v) { s.Append(" (version-suffix "); Str(s, v); s.Append(')'); }
        if (name.ExternalId is { } x) { s.Append(" (external-id "); Str(s, x); s.Append(')'); }
    }

    private static void Str(StringBuilder s, string text) => CoreModulePrinter.AppendString(s, Encoding.UTF8.GetBytes(text));

    private static string Quote(string text)
    {
        var s = new StringBuilder();
        Str(s, text);
        return s.ToString();
    }

    private void Line(int indent, string text) => _out.Append(' ', indent * 2).Append(text).Append('\n');
}

using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Computes the types of a component's imports and exports by walking its definitions in order. Nested components
/// are analysed at each instantiation with their imports bound to the arguments, so types and resources passed in
/// keep their identity; core definitions do not affect component types and are skipped.
/// </summary>
internal sealed class ComponentTypeAnalyzer
{
    private const int MaxDepth = 32;

    private readonly ComponentTypeAnalyzer? _parent;
    private readonly IReadOnlyDictionary<string, ExternEntry>? _args;
    private readonly int _depth;
    private readonly List<TypeNode> _components = new();

    private ComponentTypeAnalyzer(ComponentTypeAnalyzer? parent, IReadOnlyDictionary<string, ExternEntry>? args, int depth)
    {
        _parent = parent;
        _args = args;
        _depth = depth;
        Scope = new TypeScopeSpace(parent?.Scope);
    }

    public TypeScopeSpace Scope { get; }
    public List<ExternEntry> Imports { get; } = new();
    public List<ExternEntry> Exports { get; } = new();

    // A component definition (not just a type): analysed again at each instantiation.
    private sealed class NestedComponent : TypeNode
    {
        public NestedComponent(ComponentBinary binary, ComponentTypeAnalyzer parent) { Binary = binary; Parent = parent; }
        public ComponentBinary Binary { get; }
        public ComponentTypeAnalyzer Parent { get; }
    }

    public static ComponentTypeAnalyzer Analyze(ComponentBinary binary)
    {
        var a = new ComponentTypeAnalyzer(null, null, 0);
        a.Run(binary);
        return a;
    }

    private void Run(ComponentBinary binary)
    {
        if (_depth > MaxDepth) throw new ComponentFormatException("components instantiate each other too deeply", 0);
        foreach (var section in binary.Sections)
        {
            try
            {
                RunSection(section);
            }
            catch (ComponentFormatException e) when (e.Offset == 0 && section.Offset != 0)
            {
                // Type-level problems are found after parsing; point at the section that introduced them.
                throw new ComponentFormatException(e.Problem, section.Offset, SectionName(section));
            }
        }
    }

    private static string SectionName(ComponentSection section) => section switch
    {
        TypeSection => "type", ImportSection => "import", ExportSection => "export", AliasSection => "alias",
        InstanceSection => "instance", CanonSection => "canon", NestedComponentSection => "component", _ => "custom",
    };

    private void RunSection(ComponentSection section)
    {
        switch (section)
        {
            case TypeSection ts:
                foreach (var def in ts.Types) Scope.Types.Add(TypeGraphBuilder.Build(def, Scope));
                break;
            case ImportSection im:
                foreach (var i in im.Imports) Imports.Add(Import(i));
                break;
            case AliasSection al:
                foreach (var a in al.Aliases) ApplyAlias(a);
                break;
            case CanonSection cs:
                foreach (var c in cs.Functions)
                    if (c.Op == CanonOp.Lift) Scope.Funcs.Add(Scope.Type(c.TypeIndex) as FuncTypeNode);
                break;
            case NestedComponentSection nc:
                _components.Add(new NestedComponent(nc.Component, this));
                break;
            case InstanceSection inst:
                foreach (var i in inst.Instances) Scope.Instances.Add(Instance(i));
                break;
            case ExportSection ex:
                foreach (var e in ex.Exports) Exports.Add(Export(e));
                break;
        }
    }

    private ExternEntry Import(ComponentImport import)
    {
        var name = import.Name.Name;
        if (_args is not null && _args.TryGetValue(name, out var arg))
        {
            Add(arg.Kind, arg.Node);
            return arg with { Name = name };
        }
        if (import.Desc.Kind == ExternKind.Component)
        {
            var node = Scope.Type(import.Desc.Index) as ComponentTypeNode
                ?? throw new ComponentFormatException($"import `{name}` is declared as a component but its type is not a component type", 0, "import");
            _components.Add(node);
            return new ExternEntry(name, ExternKind.Component, node);
        }
        if (import.Desc.Kind is ExternKind.Module or ExternKind.Value) return new ExternEntry(name, import.Desc.Kind, new ResourceNode());
        return TypeGraphBuilder.Declare(Scope, name, import.Desc) with { Implements = import.Name.Implements, ExternalId = import.Name.ExternalId };
    }

    private void Add(ExternKind kind, TypeNode node)
    {
        switch (kind)
        {
            case ExternKind.Type: Scope.Types.Add(node); break;
            case ExternKind.Instance: Scope.Instances.Add((InstanceTypeNode)node); break;
            case ExternKind.Func: Scope.Funcs.Add(node as FuncTypeNode); break;
            case ExternKind.Component: _components.Add(node); break;
        }
    }

    private void ApplyAlias(Alias alias)
    {
        if (SortCodes.IsCore(alias.Sort)) return;
        if (alias.Target is OuterAlias o && alias.Sort == Sort.Component)
        {
            var target = this;
            for (uint i = 0; i < o.Count; i++) target = target._parent ?? throw new ComponentFormatException("outer alias count exceeds the enclosing components", 0, "alias");
            if (o.Index >= target._components.Count) throw new ComponentFormatException($"component index {o.Index} is out of bounds", 0, "alias");
            _components.Add(target._components[(int)o.Index]);
            return;
        }
        if (alias.Target is InstanceExportAlias e && alias.Sort == Sort.Component)
        {
            var entry = FindExport(e);
            _components.Add(entry.Node);
            return;
        }
        if (alias.Sort == Sort.Value) return;
        TypeGraphBuilder.ApplyAlias(Scope, alias);
    }

    private ExternEntry FindExport(InstanceExportAlias e)
    {
        if (e.Instance >= Scope.Instances.Count) throw new ComponentFormatException($"instance index {e.Instance} is out of bounds", 0, "alias");
        return Scope.Instances[(int)e.Instance].Find(e.Name) ?? throw new ComponentFormatException($"instance {e.Instance} has no export named `{e.Name}`", 0, "alias");
    }

    private ExternEntry Entry(string name, Sort sort, uint index) => sort switch
    {
        Sort.Func => new ExternEntry(name, ExternKind.Func, Func(index)),
        Sort.Type => new ExternEntry(name, ExternKind.Type, Scope.Type(index)),
        Sort.Instance => new ExternEntry(name, ExternKind.Instance, Instance(index)),
        Sort.Component => new ExternEntry(name, ExternKind.Component, index < _components.Count
            ? _components[(int)index]
            : throw new ComponentFormatException($"component index {index} is out of bounds", 0)),
        _ => new ExternEntry(name, sort == Sort.CoreModule ? ExternKind.Module : ExternKind.Value, new ResourceNode()),
    };

    private TypeNode Func(uint index) => index < Scope.Funcs.Count && Scope.Funcs[(int)index] is { } f
        ? f
        : throw new ComponentFormatException($"func index {index} is out of bounds or has no known type", 0);

    private InstanceTypeNode Instance(uint index) => index < Scope.Instances.Count
        ? Scope.Instances[(int)index]
        : throw new ComponentFormatException($"instance index {index} is out of bounds", 0);

    private InstanceTypeNode Instance(InstanceDefinition def)
    {
        var node = new InstanceTypeNode();
        switch (def)
        {
            case InlineExports inline:
                foreach (var e in inline.Exports) node.Exports.Add(Entry(e.Name.Name, e.Sort, e.Index));
                break;
            case Instantiate inst:
            {
                if (inst.Component >= _components.Count) throw new ComponentFormatException($"component index {inst.Component} is out of bounds", 0, "instance");
                var args = new Dictionary<string, ExternEntry>();
                foreach (var a in inst.Args) args[a.Name] = Entry(a.Name, a.Sort, a.Index);
                switch (_components[(int)inst.Component])
                {
                    case ComponentTypeNode type:
                        node.Exports.AddRange(type.Exports);
                        break;
                    case NestedComponent nested:
                    {
                        var inner = new ComponentTypeAnalyzer(nested.Parent, args, _depth + 1);
                        inner.Run(nested.Binary);
                        node.Exports.AddRange(inner.Exports);
                        break;
                    }
                }
                break;
            }
        }
        return node;
    }

    private ExternEntry Export(ComponentExport export)
    {
        var name = export.Name.Name;
        var entry = Entry(name, export.Sort, export.Index) with { Implements = export.Name.Implements, ExternalId = export.Name.ExternalId };
        if (export.Ascribed is { } desc)
        {
            switch (desc.Kind)
            {
                case ExternKind.Func when Scope.Type(desc.Index) is FuncTypeNode f: entry = entry with { Node = f }; break;
                case ExternKind.Instance when Scope.Type(desc.Index) is InstanceTypeNode i: entry = entry with { Node = i }; break;
                case ExternKind.Component when Scope.Type(desc.Index) is ComponentTypeNode c: entry = entry with { Node = c }; break;
            }
        }
        if (entry.Kind == ExternKind.Type) entry = entry with { Node = new ExportedTypeNode(entry.Node) };
        Add(entry.Kind, entry.Node);
        return entry;
    }
}

using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Resolved component types: each type index of a scope maps to a node, aliases map to the node they name (so
/// identity is preserved across instances), and every <c>(eq i)</c> import/export creates a new
/// <see cref="ExportedTypeNode"/> pointing at what it equals. Resources are generative: each
/// <c>(sub resource)</c> or resource definition is a distinct <see cref="ResourceNode"/>.
/// </summary>
internal abstract class TypeNode { }

/// <summary>A defined value type (record, list...) or a primitive definition; its value types refer to <see cref="Scope"/>.</summary>
internal sealed class DefinedTypeNode : TypeNode
{
    public DefinedTypeNode(TypeDefinition definition, TypeScopeSpace scope) { Definition = definition; Scope = scope; }
    public TypeDefinition Definition { get; }
    public TypeScopeSpace Scope { get; }
}

/// <summary>A function type.</summary>
internal sealed class FuncTypeNode : TypeNode
{
    public FuncTypeNode(FuncType type, TypeScopeSpace scope) { Type = type; Scope = scope; }
    public FuncType Type { get; }
    public TypeScopeSpace Scope { get; }
}

/// <summary>A resource (abstract or defined).</summary>
internal sealed class ResourceNode : TypeNode { }

/// <summary>A type created by an <c>(eq i)</c> import or export.</summary>
internal sealed class ExportedTypeNode : TypeNode
{
    public ExportedTypeNode(TypeNode referenced) => Referenced = referenced;
    public TypeNode Referenced { get; }
}

/// <summary>One import or export of a component/instance type.</summary>
internal sealed record ExternEntry(string Name, ExternKind Kind, TypeNode Node, string? Implements = null, string? ExternalId = null);

/// <summary>An instance type: named exports.</summary>
internal sealed class InstanceTypeNode : TypeNode
{
    public List<ExternEntry> Exports { get; } = new();

    public ExternEntry? Find(string name)
    {
        foreach (var e in Exports) if (e.Name == name) return e;
        return null;
    }
}

/// <summary>A component type: imports and exports.</summary>
internal sealed class ComponentTypeNode : TypeNode
{
    public List<ExternEntry> Imports { get; } = new();
    public List<ExternEntry> Exports { get; } = new();
}

/// <summary>The type-relevant index spaces of one component or component/instance type.</summary>
internal sealed class TypeScopeSpace
{
    public TypeScopeSpace(TypeScopeSpace? parent) => Parent = parent;
    public TypeScopeSpace? Parent { get; }
    public List<TypeNode> Types { get; } = new();
    public List<InstanceTypeNode> Instances { get; } = new();
    public List<ComponentTypeNode> Components { get; } = new();
    public List<FuncTypeNode?> Funcs { get; } = new();

    public TypeNode Type(uint index) => index < Types.Count
        ? Types[(int)index]
        : throw new ComponentFormatException($"type index {index} is out of bounds ({Types.Count} defined)", 0, "type");

    public TypeScopeSpace Outer(uint count)
    {
        var s = this;
        for (uint i = 0; i < count; i++) s = s.Parent ?? throw new ComponentFormatException($"outer alias count {count} exceeds the enclosing scopes", 0, "type");
        return s;
    }
}

/// <summary>Builds <see cref="TypeNode"/>s from type definitions.</summary>
internal static class TypeGraphBuilder
{
    public static TypeNode Build(TypeDefinition def, TypeScopeSpace scope)
    {
        CheckReferences(def, scope);
        return BuildChecked(def, scope);
    }

    // Value types may only refer to types defined earlier in the same scope, which also rules out cycles.
    private static void CheckReferences(TypeDefinition def, TypeScopeSpace scope)
    {
        void V(ValType? t)
        {
            if (t is not { IsPrimitive: false } v) return;
            var node = scope.Type(v.Index);
            while (node is ExportedTypeNode e) node = e.Referenced;
            if (node is not (DefinedTypeNode or ResourceNode))
                throw new ComponentFormatException($"type {v.Index} is not a value type", 0, "type");
        }
        void R(uint index)
        {
            var node = scope.Type(index);
            while (node is ExportedTypeNode e) node = e.Referenced;
            if (node is not ResourceNode) throw new ComponentFormatException($"handle type refers to type {index}, which is not a resource", 0, "type");
        }
        switch (def)
        {
            case RecordType rec: foreach (var f in rec.Fields) V(f.Type); break;
            case VariantType v: foreach (var c in v.Cases) V(c.Type); break;
            case ListType l: V(l.Element); break;
            case FixedListType fl: V(fl.Element); break;
            case TupleType t: foreach (var x in t.Types) V(x); break;
            case OptionType o: V(o.Element); break;
            case ResultType res: V(res.Ok); V(res.Err); break;
            case OwnType own: R(own.Resource); break;
            case BorrowType b: R(b.Resource); break;
            case StreamType st: V(st.Element); break;
            case FutureType fu: V(fu.Element); break;
            case MapType m: V(m.Key); V(m.Value); break;
            case FuncType f: foreach (var p in f.Params) V(p.Type); V(f.Result); break;
        }
    }

    private static TypeNode BuildChecked(TypeDefinition def, TypeScopeSpace scope) => def switch
    {
        ComponentTypeDefinition c => BuildComponent(c, scope),
        InstanceTypeDefinition i => BuildInstance(i, scope),
        FuncType f => new FuncTypeNode(f, scope),
        ResourceTypeDefinition => new ResourceNode(),
        _ => new DefinedTypeNode(def, scope),
    };

    private static ComponentTypeNode BuildComponent(ComponentTypeDefinition def, TypeScopeSpace parent)
    {
        var node = new ComponentTypeNode();
        var scope = new TypeScopeSpace(parent);
        foreach (var d in def.Declarations)
        {
            switch (d)
            {
                case ImportDeclaration import: node.Imports.Add(Declare(scope, import.Name.Name, import.Desc) with { Implements = import.Name.Implements, ExternalId = import.Name.ExternalId }); break;
                case ExportDeclaration export: node.Exports.Add(Declare(scope, export.Name.Name, export.Desc) with { Implements = export.Name.Implements, ExternalId = export.Name.ExternalId }); break;
                default: Apply(scope, d); break;
            }
        }
        return node;
    }

    private static InstanceTypeNode BuildInstance(InstanceTypeDefinition def, TypeScopeSpace parent)
    {
        var node = new InstanceTypeNode();
        var scope = new TypeScopeSpace(parent);
        foreach (var d in def.Declarations)
        {
            if (d is ExportDeclaration export) node.Exports.Add(Declare(scope, export.Name.Name, export.Desc));
            else if (d is ImportDeclaration) throw new ComponentFormatException("instance types cannot contain imports", 0, "type");
            else Apply(scope, d);
        }
        return node;
    }

    private static void Apply(TypeScopeSpace scope, Declaration d)
    {
        switch (d)
        {
            case TypeDeclaration t: scope.Types.Add(Build(t.Type, scope)); break;
            case AliasDeclaration a: ApplyAlias(scope, a.Alias); break;
            case CoreTypeDeclaration: break;
        }
    }

    /// <summary>Applies an alias to the type-relevant spaces (other sorts are ignored).</summary>
    public static void ApplyAlias(TypeScopeSpace scope, Alias alias)
    {
        switch (alias.Target)
        {
            case OuterAlias o when alias.Sort == Sort.Type:
                scope.Types.Add(scope.Outer(o.Count).Type(o.Index));
                break;
            case OuterAlias o when alias.Sort == Sort.Component:
            {
                var outer = scope.Outer(o.Count);
                if (o.Index >= outer.Components.Count) throw new ComponentFormatException($"component index {o.Index} is out of bounds", 0, "alias");
                scope.Components.Add(outer.Components[(int)o.Index]);
                break;
            }
            case InstanceExportAlias e:
            {
                if (e.Instance >= scope.Instances.Count) throw new ComponentFormatException($"instance index {e.Instance} is out of bounds ({scope.Instances.Count} defined)", 0, "alias");
                var entry = scope.Instances[(int)e.Instance].Find(e.Name)
                    ?? throw new ComponentFormatException($"instance {e.Instance} has no export named `{e.Name}`", 0, "alias");
                switch (alias.Sort)
                {
                    case Sort.Type when entry.Kind == ExternKind.Type: scope.Types.Add(entry.Node); break;
                    case Sort.Instance when entry.Node is InstanceTypeNode i: scope.Instances.Add(i); break;
                    case Sort.Component when entry.Node is ComponentTypeNode c: scope.Components.Add(c); break;
                    case Sort.Func: scope.Funcs.Add(entry.Node as FuncTypeNode); break;
                    case Sort.Type or Sort.Instance or Sort.Component:
                        throw new ComponentFormatException($"export `{e.Name}` of instance {e.Instance} is not a {SortCodes.Name(alias.Sort)}", 0, "alias");
                }
                break;
            }
        }
    }

    /// <summary>Adds what an import/export declares to the scope and returns the entry.</summary>
    public static ExternEntry Declare(TypeScopeSpace scope, string name, ExternDesc desc)
    {
        switch (desc.Kind)
        {
            case ExternKind.Type:
            {
                TypeNode created = desc.Bound.IsSubResource ? new ResourceNode() : new ExportedTypeNode(scope.Type(desc.Bound.Index));
                scope.Types.Add(created);
                return new ExternEntry(name, ExternKind.Type, created);
            }
            case ExternKind.Instance:
            {
                var node = scope.Type(desc.Index) as InstanceTypeNode
                    ?? throw new ComponentFormatException($"`{name}` is declared as an instance but type {desc.Index} is not an instance type", 0, "type");
                scope.Instances.Add(node);
                return new ExternEntry(name, ExternKind.Instance, node);
            }
            case ExternKind.Component:
            {
                var node = scope.Type(desc.Index) as ComponentTypeNode
                    ?? throw new ComponentFormatException($"`{name}` is declared as a component but type {desc.Index} is not a component type", 0, "type");
                scope.Components.Add(node);
                return new ExternEntry(name, ExternKind.Component, node);
            }
            case ExternKind.Func:
            {
                var node = scope.Type(desc.Index) as FuncTypeNode
                    ?? throw new ComponentFormatException($"`{name}` is declared as a function but type {desc.Index} is not a function type", 0, "type");
                scope.Funcs.Add(node);
                return new ExternEntry(name, ExternKind.Func, node);
            }
            default:
                return new ExternEntry(name, desc.Kind, new ResourceNode());
        }
    }
}

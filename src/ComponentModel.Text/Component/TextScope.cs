using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.CoreWasm.Text.Syntax;

namespace WitBindgen.ComponentModel.Text.Component;

/// <summary>What kind of body a scope is: each has its own index spaces.</summary>
internal enum ScopeKind { Component, ComponentType, InstanceType, ModuleType }

/// <summary>
/// The index spaces and <c>$id</c>s of one component, component type, instance type or core module type, and
/// where aliases the resolver injects go. Ids that name an item of an enclosing scope get an automatic
/// <c>alias outer</c> in this scope (as the reference assembler does), one per reference.
/// </summary>
internal abstract class TextScope
{
    private const int SortCount = 13;
    private readonly uint[] _counts = new uint[SortCount];
    private readonly Dictionary<string, uint>?[] _ids = new Dictionary<string, uint>?[SortCount];

    protected TextScope(TextScope? parent, ScopeKind kind, string? id)
    {
        Parent = parent;
        Kind = kind;
        Id = id;
    }

    public TextScope? Parent { get; }
    public ScopeKind Kind { get; }
    /// <summary>The scope's own <c>$id</c> (used by <c>alias outer $id ...</c>).</summary>
    public string? Id { get; }

    public uint Count(Sort sort) => _counts[(int)sort];

    /// <summary>
    /// Adds an item to a sort's index space, registering its id (unless <paramref name="bind"/> is false: the id
    /// then only names the item); returns its index.
    /// </summary>
    public uint Register(Sort sort, WatAtom? id, bool bind = true, string? name = null)
    {
        uint index = _counts[(int)sort]++;
        // An `(@name "...")` annotation names the item in place of its id.
        if ((name ?? id?.Text) is { } itemName) Named(sort, index, itemName);
        if (id is not null && bind)
        {
            var map = _ids[(int)sort] ??= new Dictionary<string, uint>();
            if (map.ContainsKey(id.Text)) throw id.Error($"duplicate {SortCodes.Name(sort)} identifier ${id.Text}");
            map[id.Text] = index;
        }
        return index;
    }

    /// <summary>An item got a name (a <c>$id</c>); components record it for their name section.</summary>
    protected virtual void Named(Sort sort, uint index, string name) { }

    public bool TryLookup(Sort sort, string id, out uint index)
    {
        index = 0;
        return _ids[(int)sort] is { } map && map.TryGetValue(id, out index);
    }

    /// <summary>Adds an alias to this scope's output (an alias section item or an alias declarator).</summary>
    public abstract uint EmitAlias(Alias alias, WatAtom? id, bool bind = true);

    /// <summary>Adds a component type definition (type section item or type declarator).</summary>
    public abstract uint AddTypeDef(TypeDefinition type, WatAtom? id, WatNode at);

    /// <summary>Adds a core type definition (core type section item or core type declarator).</summary>
    public abstract uint AddCoreTypeDef(CoreType type, WatAtom? id, WatNode at);

    /// <summary>Resolves an index (number or <c>$id</c>) in a sort, injecting an outer alias for enclosing-scope ids.</summary>
    public uint Resolve(Sort sort, WatNode node)
    {
        if (node is not WatAtom atom) throw node.Error($"expected a {SortCodes.Name(sort)} index");
        if (atom.Kind == WatAtomKind.Integer) return WatNumbers.ParseU32(atom);
        if (atom.Kind != WatAtomKind.Id) throw atom.Error($"expected a {SortCodes.Name(sort)} index");
        if (TryLookup(sort, atom.Text, out uint local)) return local;
        uint depth = 1;
        for (var outer = Parent; outer is not null; outer = outer.Parent, depth++)
        {
            if (!outer.TryLookup(sort, atom.Text, out uint found)) continue;
            if (sort is not (Sort.Type or Sort.Component or Sort.CoreModule or Sort.CoreType))
                throw atom.Error($"outer item `{atom.Text}` is not a module, type, or component");
            if (Kind == ScopeKind.ModuleType)
                throw atom.Error($"unknown {SortCodes.Name(sort)}: outer references in module types must use `alias outer`");
            // Every such reference gets its own unnamed alias (the id is not bound here), as the reference assembler does.
            return EmitAlias(new Alias(sort, new OuterAlias(depth, found)), null);
        }
        throw atom.Error($"unknown {SortCodes.Name(sort)}: failed to find name `${atom.Text}`");
    }

    /// <summary>The outer count for <c>alias outer</c>: a number, or the <c>$id</c> of an enclosing scope.</summary>
    public uint ResolveOuterCount(WatNode node)
    {
        if (node is WatAtom { Kind: WatAtomKind.Integer } n) return WatNumbers.ParseU32(n);
        if (node is not WatAtom { Kind: WatAtomKind.Id } id) throw node.Error("expected an outer component index");
        uint depth = 0;
        for (var s = this; s is not null; s = s.Parent, depth++)
            if (s.Id == id.Text) return depth;
        throw id.Error($"outer component `{id.Text}` not found");
    }

    /// <summary>The scope <paramref name="depth"/> levels out.</summary>
    public TextScope Outer(uint depth, WatNode at)
    {
        var s = this;
        for (uint i = 0; i < depth; i++) s = s.Parent ?? throw at.Error($"outer count of `{depth}` is too large");
        return s;
    }
}

/// <summary>A component body: items go to sections, consecutive items of one kind sharing a section.</summary>
internal sealed class ComponentScope : TextScope
{
    private readonly List<ComponentSection> _sections = new();
    private readonly List<object> _pending = new();
    private int _pendingId = -1;

    private readonly string? _displayName;

    public ComponentScope(TextScope? parent, string? id, string? displayName = null) : base(parent, ScopeKind.Component, id) =>
        _displayName = displayName;

    private readonly List<(Sort Sort, uint Index, string Name)> _names = new();

    protected override void Named(Sort sort, uint index, string name) => _names.Add((sort, index, name));

    /// <summary>The sections, ending with a <c>component-name</c> section for the component's and items' <c>$id</c>s.</summary>
    public IReadOnlyList<ComponentSection> Finish()
    {
        Flush();
        if (ComponentNameSection.Build(_displayName ?? Id, _names) is { } names) _sections.Add(names);
        if (Producers.Count > 0) _sections.Insert(0, ProducersSection());
        return _sections;
    }

    /// <summary><c>(@producers ...)</c> entries: field, name, version.</summary>
    public List<(string Field, string Name, string Version)> Producers { get; } = new();

    // The tool-conventions producers section: fields in first-use order, each with its name/version pairs.
    private CustomSection ProducersSection()
    {
        var w = new WasmWriter();
        var fields = new List<string>();
        foreach (var p in Producers) if (!fields.Contains(p.Field)) fields.Add(p.Field);
        w.U32((uint)fields.Count);
        foreach (var field in fields)
        {
            var values = Producers.FindAll(p => p.Field == field);
            w.Name(field).U32((uint)values.Count);
            foreach (var v in values) w.Name(v.Name).Name(v.Version);
        }
        return new CustomSection(0, "producers", w.ToArray());
    }

    private void Flush()
    {
        if (_pending.Count == 0) return;
        ComponentSection section = _pendingId switch
        {
            2 => new CoreInstanceSection(0, _pending.ConvertAll(o => (CoreInstanceDefinition)o)),
            3 => new CoreTypeSection(0, _pending.ConvertAll(o => (CoreType)o)),
            5 => new InstanceSection(0, _pending.ConvertAll(o => (InstanceDefinition)o)),
            6 => new AliasSection(0, _pending.ConvertAll(o => (Alias)o)),
            7 => new TypeSection(0, _pending.ConvertAll(o => (TypeDefinition)o)),
            8 => new CanonSection(0, _pending.ConvertAll(o => (CanonFunction)o)),
            10 => new ImportSection(0, _pending.ConvertAll(o => (ComponentImport)o)),
            _ => new ExportSection(0, _pending.ConvertAll(o => (ComponentExport)o)),
        };
        _sections.Add(section);
        _pending.Clear();
        _pendingId = -1;
    }

    private void Add(int sectionId, object item)
    {
        if (_pendingId != sectionId) Flush();
        _pendingId = sectionId;
        _pending.Add(item);
    }

    /// <summary>Adds a section that is written on its own (module, component, start, custom).</summary>
    public void AddSection(ComponentSection section)
    {
        Flush();
        _sections.Add(section);
    }

    public override uint EmitAlias(Alias alias, WatAtom? id, bool bind = true)
    {
        Add(6, alias);
        return Register(alias.Sort, id, bind);
    }

    public uint AddAlias(Alias alias, WatAtom? id, string? name = null)
    {
        Add(6, alias);
        return Register(alias.Sort, id, name: name);
    }

    public override uint AddTypeDef(TypeDefinition type, WatAtom? id, WatNode at) => AddType(type, id);
    public override uint AddCoreTypeDef(CoreType type, WatAtom? id, WatNode at) => AddCoreType(type, id);

    public uint AddCoreInstance(CoreInstanceDefinition d, WatAtom? id, string? name = null) { Add(2, d); return Register(Sort.CoreInstance, id, name: name); }
    public uint AddCoreType(CoreType t, WatAtom? id, string? name = null) { Add(3, t); return Register(Sort.CoreType, id, name: name); }
    public uint AddInstance(InstanceDefinition d, WatAtom? id, string? name = null) { Add(5, d); return Register(Sort.Instance, id, name: name); }
    public uint AddType(TypeDefinition t, WatAtom? id, string? name = null) { Add(7, t); return Register(Sort.Type, id, name: name); }
    public uint AddCanon(CanonFunction f, WatAtom? id, string? name = null) { Add(8, f); return Register(f.DefinesComponentFunc ? Sort.Func : Sort.CoreFunc, id, name: name); }
    public uint AddImport(ComponentImport i, WatAtom? id, string? name = null) { Add(10, i); return Register(DeclSorts.Of(i.Desc.Kind), id, name: name); }
    public uint AddExport(ComponentExport e, WatAtom? id, string? name = null) { Add(11, e); return Register(e.Sort, id, name: name); }
}

/// <summary>A component or instance type body: items are declarators.</summary>
internal sealed class DeclScope : TextScope
{
    public DeclScope(TextScope parent, ScopeKind kind, string? id) : base(parent, kind, id) { }

    public List<Declaration> Declarations { get; } = new();

    public override uint EmitAlias(Alias alias, WatAtom? id, bool bind = true)
    {
        Declarations.Add(new AliasDeclaration(alias));
        return Register(alias.Sort, bind ? id : null);
    }

    public override uint AddTypeDef(TypeDefinition type, WatAtom? id, WatNode at) => Add(new TypeDeclaration(type), id);
    public override uint AddCoreTypeDef(CoreType type, WatAtom? id, WatNode at) => Add(new CoreTypeDeclaration(type), id);

    public uint Add(Declaration d, WatAtom? id)
    {
        Declarations.Add(d);
        var sort = d switch
        {
            CoreTypeDeclaration => Sort.CoreType,
            TypeDeclaration => Sort.Type,
            AliasDeclaration a => a.Alias.Sort,
            ImportDeclaration i => DeclSorts.Of(i.Desc.Kind),
            ExportDeclaration e => DeclSorts.Of(e.Desc.Kind),
            _ => Sort.Type,
        };
        return Register(sort, id);
    }
}

/// <summary>A core module type body.</summary>
internal sealed class ModuleTypeScope : TextScope
{
    public ModuleTypeScope(TextScope parent, string? id) : base(parent, ScopeKind.ModuleType, id) { }

    public List<CoreModuleDeclaration> Declarations { get; } = new();

    public override uint EmitAlias(Alias alias, WatAtom? id, bool bind = true) => throw new System.InvalidOperationException("module types take no injected aliases");

    public override uint AddTypeDef(TypeDefinition type, WatAtom? id, WatNode at) => throw at.Error("component types cannot be defined in a core module type");

    public override uint AddCoreTypeDef(CoreType type, WatAtom? id, WatNode at)
    {
        Declarations.Add(new CoreTypeDeclarator(type));
        return Register(Sort.CoreType, id);
    }
}

internal static class DeclSorts
{
    public static Sort Of(ExternKind kind) => kind switch
    {
        ExternKind.Module => Sort.CoreModule,
        ExternKind.Func => Sort.Func,
        ExternKind.Value => Sort.Value,
        ExternKind.Type => Sort.Type,
        ExternKind.Component => Sort.Component,
        _ => Sort.Instance,
    };
}

using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.ComponentModel.Componentize;

/// <summary>An export a world declares, with its type already defined in the component being built.</summary>
internal sealed record WorldExport(string Name, ExternDesc Desc, InstanceTypeDefinition? InstanceType);

/// <summary>
/// Replays the declarations of a world's component type at the top level of the component being built: its types,
/// aliases and imports become the component's own, so the component imports exactly what the world imports. Imports
/// already present (another world naming the same interface) are shared. Index references are renumbered into the
/// component's index spaces.
/// </summary>
internal sealed class WorldImports
{
    private readonly ComponentBuilder _builder;
    private readonly Dictionary<string, (Sort Sort, uint Index)> _imports = new();

    private readonly Dictionary<uint, InstanceTypeDefinition> _instanceTypes = new();
    private readonly Dictionary<uint, TypeDefinition> _definitions = new();
    private readonly HashSet<uint> _resources = new();

    public WorldImports(ComponentBuilder builder) => _builder = builder;

    /// <summary>The definition a world type declaration gave a component-level type index, if it was one.</summary>
    public TypeDefinition? DefinitionOf(uint type) => _definitions.TryGetValue(type, out var d) ? d : null;

    // Where component-level type aliases come from: (instance, export name); and the aliases made, by origin.
    private readonly Dictionary<uint, (uint Instance, string Name)> _aliasOrigins = new();
    private readonly Dictionary<(uint, string), uint> _typeAliases = new();
    private readonly Dictionary<uint, bool> _containsResources = new();

    // Aliases type `name` of an instance at the top level (once), remembering where it came from and whether it is a resource.
    private uint AliasType(uint instance, string name)
    {
        if (_typeAliases.TryGetValue((instance, name), out var known)) return known;
        var aliased = _builder.AliasExport(Sort.Type, instance, name);
        _typeAliases[(instance, name)] = aliased;
        _aliasOrigins[aliased] = (instance, name);
        if (_instanceTypes.TryGetValue(instance, out var source) && ExportsResource(source, name)) _resources.Add(aliased);
        return aliased;
    }

    /// <summary>The name a component-level type was aliased under from an instance, if it was.</summary>
    public string? NameOf(uint type) => _aliasOrigins.TryGetValue(type, out var origin) ? origin.Name : null;

    /// <summary>
    /// Whether a component-level type is or contains a resource (handles included). Such types cannot be outer-aliased
    /// into a nested component; see <see cref="StructureOf"/>.
    /// </summary>
    public bool ContainsResources(uint type)
    {
        if (_resources.Contains(type)) return true;
        if (_containsResources.TryGetValue(type, out var known)) return known;
        var structure = StructureOf(type);
        bool result = structure is OwnType or BorrowType
            || (structure is not null and not InstanceTypeDefinition and not ComponentTypeDefinition && References(structure).Any(ContainsResources));
        _containsResources[type] = result;
        return result;
    }

    /// <summary>
    /// The definition of a component-level (non-resource) type with its references as component-level indices: what a
    /// world type declared at the top level, or what an imported instance type declares for one of its exports (the
    /// instance-local types it refers to are defined, or aliased from the instance, at the top level as needed). Null
    /// for resources and types of unknown shape.
    /// </summary>
    public TypeDefinition? StructureOf(uint type)
    {
        if (_definitions.TryGetValue(type, out var d)) return d;
        if (!_aliasOrigins.TryGetValue(type, out var origin) || !_instanceTypes.TryGetValue(origin.Instance, out var it)) return null;
        // The instance type's own type index space: definitions, outer aliases and exported types.
        var locals = new List<Declaration>();
        foreach (var declaration in it.Declarations)
            if (declaration is TypeDeclaration or AliasDeclaration { Alias.Sort: Sort.Type } or ExportDeclaration { Desc.Kind: ExternKind.Type })
                locals.Add(declaration);
        var top = new Dictionary<int, uint>();
        uint TopLevel(int local)
        {
            if (top.TryGetValue(local, out var known)) return known;
            uint index;
            switch (locals[local])
            {
                case TypeDeclaration t:
                    var definition = Remap(t.Type, new LazyIndices(i => TopLevel((int)i)));
                    index = _builder.AddType(definition);
                    _definitions[index] = definition;
                    break;
                case AliasDeclaration { Alias.Target: OuterAlias { Count: 1 } o }:
                    index = o.Index;
                    break;
                case ExportDeclaration x:
                    index = AliasType(origin.Instance, x.Name.Name);
                    break;
                default:
                    throw new ComponentizeException($"unsupported type declaration in the instance type of `{origin.Name}`");
            }
            top[local] = index;
            return index;
        }
        var export = it.Declarations.OfType<ExportDeclaration>().FirstOrDefault(x => x.Name.Name == origin.Name && x.Desc.Kind == ExternKind.Type);
        if (export is null || export.Desc.Bound.IsSubResource || export.Desc.Bound.Index >= locals.Count) return null;
        var bound = (int)export.Desc.Bound.Index;
        return locals[bound] is TypeDeclaration definition
            ? Remap(definition.Type, new LazyIndices(i => TopLevel((int)i)))
            : StructureOf(TopLevel(bound));
    }

    /// <summary>Whether a component-level type index is a resource (imported through an instance).</summary>
    public bool IsResource(uint type) => _resources.Contains(type);

    // Whether instance type `it` exports `name` as a resource (directly, or as an alias of an outer resource).
    private bool ExportsResource(InstanceTypeDefinition it, string name)
    {
        var local = new List<(bool Resource, bool Known)>();
        foreach (var d in it.Declarations)
        {
            switch (d)
            {
                case TypeDeclaration: local.Add((false, true)); break;
                case AliasDeclaration { Alias: { Sort: Sort.Type, Target: OuterAlias { Count: 1 } o } }:
                    local.Add((_resources.Contains(o.Index), true));
                    break;
                case AliasDeclaration { Alias.Sort: Sort.Type }: local.Add((false, false)); break;
                case ExportDeclaration { Desc.Kind: ExternKind.Type } x:
                    bool resource = x.Desc.Bound.IsSubResource
                        || (x.Desc.Bound.Index < local.Count && local[(int)x.Desc.Bound.Index].Resource);
                    if (x.Name.Name == name) return resource;
                    local.Add((resource, true));
                    break;
            }
        }
        return false;
    }

    /// <summary>Component-level index of an imported instance or function, by import name.</summary>
    public bool TryGet(string name, out Sort sort, out uint index)
    {
        if (_imports.TryGetValue(name, out var entry)) { sort = entry.Sort; index = entry.Index; return true; }
        // Core modules may name an interface by any semver-compatible version (`@0.2.6` for an `@0.2.12` import).
        var key = CompatibleKey(name);
        if (key is not null)
        {
            foreach (var candidate in _imports)
            {
                if (CompatibleKey(candidate.Key) != key) continue;
                sort = candidate.Value.Sort; index = candidate.Value.Index;
                return true;
            }
        }
        sort = default; index = 0;
        return false;
    }

    // `ns:pkg/iface@1.2.3` -> `ns:pkg/iface@1`, `@0.2.6` -> `@0.2`, `@0.0.1` stays; null without a version.
    internal static string? CompatibleKey(string name)
    {
        int at = name.IndexOf('@');
        if (at < 0) return null;
        var version = name.Substring(at + 1);
        int plus = version.IndexOfAny(new[] { '-', '+' });
        if (plus >= 0) return name;
        var parts = version.Split('.');
        if (parts.Length != 3) return name;
        var prefix = name.Substring(0, at + 1);
        if (parts[0] != "0") return prefix + parts[0];
        if (parts[1] != "0") return prefix + "0." + parts[1];
        return name;
    }

    // A slot whose definition waits for an export (exported instances exist only once their functions are lifted).
    private const uint Pending = uint.MaxValue - 1;

    /// <summary>
    /// Replays the import side of <paramref name="world"/> now: types, aliases and imports. Its exports, and what
    /// refers to an exported instance (types aliased from an export for a later export to use), are kept for
    /// <see cref="ReplayExports"/>, which runs once the core instances exist. Interface imports that no core module
    /// imports from (per <paramref name="isUsed"/>), and that nothing kept depends on, are left out, as tools that
    /// garbage-collect the adapter do.
    /// </summary>
    public WorldReplay Add(ComponentTypeDefinition world, Func<string, bool>? isUsed = null, Func<string, ISet<string>?>? usedNames = null)
    {
        if (isUsed is not null && usedNames is not null) world = InstanceTypeFilter.Narrow(world, usedNames, isUsed);
        var replay = new WorldReplay(world);
        var needed = isUsed is null ? null : Needed(world, isUsed);
        for (int position = 0; position < world.Declarations.Count; position++)
        {
            var declaration = world.Declarations[position];
            var space = replay.SpaceOf(declaration);
            if (needed is not null && !needed[position])
            {
                // Keep the index spaces aligned: a left-out definition takes a slot nothing kept refers to.
                space?.Add(uint.MaxValue);
                continue;
            }
            if (WaitsForExport(declaration, replay))
            {
                if (declaration is ImportDeclaration i)
                    throw new ComponentizeException($"import `{i.Name.Name}` of a world type refers to one of its exports");
                replay.Deferred.Add((position, space?.Count ?? -1));
                space?.Add(Pending);
                continue;
            }
            var value = Define(declaration, replay, export: null);
            if (space is not null) space.Add(value);
        }
        return replay;
    }

    /// <summary>
    /// Replays what <see cref="Add"/> left for later, in the world's order: each export is handed to
    /// <paramref name="lift"/>, which defines it and returns the index the component's export took in its index space;
    /// later declarations (types aliased from that export) then refer to it.
    /// </summary>
    public void ReplayExports(WorldReplay replay, Func<WorldExport, uint> lift)
    {
        foreach (var (position, slot) in replay.Deferred)
        {
            var declaration = replay.World.Declarations[position];
            var value = Define(declaration, replay, lift);
            if (slot >= 0) replay.SpaceOf(declaration)![slot] = value;
        }
        replay.Deferred.Clear();
    }

    // Whether a declaration is an export or refers (through a type or an instance slot) to something still pending.
    private static bool WaitsForExport(Declaration declaration, WorldReplay replay) => declaration switch
    {
        ExportDeclaration => true,
        TypeDeclaration t => References(t.Type).Any(r => r < replay.Types.Count && replay.Types[(int)r] == Pending),
        AliasDeclaration { Alias.Target: InstanceExportAlias e } => e.Instance < replay.Instances.Count && replay.Instances[(int)e.Instance] == Pending,
        AliasDeclaration { Alias.Target: OuterAlias } => false,
        ImportDeclaration i => DescReferences(i.Desc).Any(r => r < replay.Types.Count && replay.Types[(int)r] == Pending),
        _ => false,
    };

    private static IEnumerable<uint> DescReferences(ExternDesc d)
    {
        if (d.Kind == ExternKind.Type) return d.Bound.IsSubResource ? Enumerable.Empty<uint>() : new[] { d.Bound.Index };
        return d.Kind == ExternKind.Value ? Enumerable.Empty<uint>() : new[] { d.Index };
    }

    // Defines one declaration in the component; returns the index it takes (uint.MaxValue when it defines nothing there).
    private uint Define(Declaration declaration, WorldReplay replay, Func<WorldExport, uint>? export)
    {
        var types = replay.Types;
        switch (declaration)
        {
            case TypeDeclaration t:
                var remapped = Remap(t.Type, types);
                var index = _builder.AddType(remapped);
                _definitions[index] = remapped;
                return index;
            case AliasDeclaration { Alias: { Target: InstanceExportAlias e } alias }:
                var instance = replay.Instances[(int)e.Instance];
                if (instance >= Pending) throw new ComponentizeException($"a world type aliases `{e.Name}` of an instance that is not defined");
                if (alias.Sort == Sort.Type) return AliasType(instance, e.Name);
                return _builder.AliasExport(alias.Sort, instance, e.Name);
            case AliasDeclaration a:
                throw new ComponentizeException($"unsupported alias in a world type: {a.Alias.Target.GetType().Name}");
            case ImportDeclaration i:
                var desc = RemapDesc(i.Desc, types);
                var sort = ComponentReader.SortOf(desc.Kind);
                if (!_imports.TryGetValue(i.Name.Name, out var existing))
                {
                    existing = (sort, _builder.Import(i.Name, desc));
                    _imports[i.Name.Name] = existing;
                    if (desc.Kind == ExternKind.Instance && _definitions.TryGetValue(desc.Index, out var definition) && definition is InstanceTypeDefinition importedType)
                        _instanceTypes[existing.Index] = importedType;
                    if (desc.Kind == ExternKind.Type && desc.Bound.IsSubResource) _resources.Add(existing.Index);
                }
                return existing.Index;
            case ExportDeclaration x:
                if (export is null) throw new InvalidOperationException("exports are replayed after the core instances exist");
                var exportDesc = RemapDesc(x.Desc, types);
                InstanceTypeDefinition? instanceType = null;
                if (x.Desc.Kind == ExternKind.Instance && FindType(replay.World, x.Desc.Index) is InstanceTypeDefinition it)
                    instanceType = (InstanceTypeDefinition)Remap(it, types);
                var exported = export(new WorldExport(x.Name.Name, exportDesc, instanceType));
                if (instanceType is not null) _instanceTypes[exported] = instanceType;
                return exported;
            default:
                throw new ComponentizeException($"unsupported declaration in a world type: {declaration.GetType().Name}");
        }
    }

    // Which declarations to keep: exports, non-instance imports and used instance imports, plus everything they refer to.
    internal static bool[] Needed(ComponentTypeDefinition world, Func<string, bool> isUsed)
    {
        var decls = world.Declarations;
        var typeDecl = new List<int>();
        var instanceDecl = new List<int>();
        for (int i = 0; i < decls.Count; i++)
        {
            switch (decls[i])
            {
                case TypeDeclaration: typeDecl.Add(i); break;
                case AliasDeclaration { Alias.Sort: Sort.Type }: typeDecl.Add(i); break;
                case AliasDeclaration { Alias.Sort: Sort.Instance }: instanceDecl.Add(i); break;
                case ImportDeclaration { Desc.Kind: ExternKind.Type }: typeDecl.Add(i); break;
                case ImportDeclaration { Desc.Kind: ExternKind.Instance }: instanceDecl.Add(i); break;
                case ExportDeclaration { Desc.Kind: ExternKind.Type }: typeDecl.Add(i); break;
                case ExportDeclaration { Desc.Kind: ExternKind.Instance }: instanceDecl.Add(i); break;
            }
        }
        var needed = new bool[decls.Count];
        var work = new Stack<int>();
        void Mark(int position) { if (position >= 0 && !needed[position]) { needed[position] = true; work.Push(position); } }
        void MarkType(uint index) { if (index < typeDecl.Count) Mark(typeDecl[(int)index]); }
        for (int i = 0; i < decls.Count; i++)
        {
            bool root = decls[i] switch
            {
                ExportDeclaration => true,
                ImportDeclaration { Desc.Kind: ExternKind.Instance } imp => isUsed(imp.Name.Name),
                ImportDeclaration => true,
                _ => false,
            };
            if (root) Mark(i);
        }
        while (work.Count > 0)
        {
            switch (decls[work.Pop()])
            {
                case TypeDeclaration t:
                    foreach (var r in References(t.Type)) MarkType(r);
                    break;
                case AliasDeclaration { Alias.Target: InstanceExportAlias e }:
                    if (e.Instance < instanceDecl.Count) Mark(instanceDecl[(int)e.Instance]);
                    break;
                case ImportDeclaration i:
                    Desc(i.Desc);
                    break;
                case ExportDeclaration x:
                    Desc(x.Desc);
                    break;
            }
        }
        return needed;

        void Desc(ExternDesc d)
        {
            if (d.Kind == ExternKind.Type) { if (!d.Bound.IsSubResource) MarkType(d.Bound.Index); }
            else if (d.Kind != ExternKind.Value) MarkType(d.Index);
        }
    }

    // Type indices a definition refers to, in its own scope; for nested instance/component types, their `outer 1`
    // aliases (the enclosing scope's indices).
    internal static IEnumerable<uint> References(TypeDefinition type)
    {
        IEnumerable<uint> Of(params ValType?[] values) => values.Where(v => v is { IsPrimitive: false }).Select(v => v!.Value.Index);
        return type switch
        {
            RecordType r => Of(r.Fields.Select(f => (ValType?)f.Type).ToArray()),
            VariantType v => Of(v.Cases.Select(c => c.Type).ToArray()),
            ListType l => Of(l.Element),
            FixedListType l => Of(l.Element),
            TupleType t => Of(t.Types.Select(x => (ValType?)x).ToArray()),
            OptionType o => Of(o.Element),
            ResultType r => Of(r.Ok, r.Err),
            OwnType o => new[] { o.Resource },
            BorrowType b => new[] { b.Resource },
            StreamType s => Of(s.Element),
            FutureType f => Of(f.Element),
            MapType m => Of(m.Key, m.Value),
            FuncType f => Of(f.Params.Select(p => (ValType?)p.Type).Append(f.Result).ToArray()),
            InstanceTypeDefinition i => Outer(i.Declarations),
            ComponentTypeDefinition c => Outer(c.Declarations),
            _ => Enumerable.Empty<uint>(),
        };

        static IEnumerable<uint> Outer(IReadOnlyList<Declaration> declarations) =>
            declarations.Select(d => d is AliasDeclaration { Alias.Target: OuterAlias { Count: 1 } o } ? (uint?)o.Index : null)
                .Where(i => i is not null).Select(i => i!.Value);
    }

    // The definition behind a world-scope type index (types, type aliases and type imports share the space).
    private static TypeDefinition? FindType(ComponentTypeDefinition world, uint index)
    {
        uint n = 0;
        foreach (var d in world.Declarations)
        {
            bool defines = d switch
            {
                TypeDeclaration => true,
                AliasDeclaration a => a.Alias.Sort == Sort.Type,
                ImportDeclaration i => i.Desc.Kind == ExternKind.Type,
                ExportDeclaration e => e.Desc.Kind == ExternKind.Type,
                _ => false,
            };
            if (!defines) continue;
            if (n++ == index) return (d as TypeDeclaration)?.Type;
        }
        return null;
    }


    internal static ExternDesc RemapDesc(ExternDesc desc, IReadOnlyList<uint> types) => desc.Kind switch
    {
        ExternKind.Type => desc.Bound.IsSubResource ? desc : ExternDesc.Type(TypeBound.Eq(Map(types, desc.Bound.Index))),
        ExternKind.Value => desc,
        _ => desc with { Index = Map(types, desc.Index) },
    };

    private static uint Map(IReadOnlyList<uint> types, uint index)
    {
        if (index >= types.Count || types[(int)index] >= Pending)
            throw new ComponentizeException($"type index {index} of a world type cannot be mapped (it refers to a left-out or pending definition)");
        return types[(int)index];
    }

    private static ValType Map(IReadOnlyList<uint> types, ValType t) => t.IsPrimitive ? t : ValType.Ref(Map(types, t.Index));

    private static ValType? Map(IReadOnlyList<uint> types, ValType? t) => t is { } v ? Map(types, v) : null;

    /// <summary>Renumbers the type references of a definition from world scope to component scope.</summary>
    internal static TypeDefinition Remap(TypeDefinition type, IReadOnlyList<uint> types) => type switch
    {
        RecordType r => new RecordType(r.Fields.Select(f => new NamedValType(f.Name, Map(types, f.Type))).ToList()),
        VariantType v => new VariantType(v.Cases.Select(c => new CaseType(c.Name, Map(types, c.Type))).ToList()),
        ListType l => new ListType(Map(types, l.Element)),
        FixedListType l => new FixedListType(Map(types, l.Element), l.Length),
        TupleType t => new TupleType(t.Types.Select(x => Map(types, x)).ToList()),
        OptionType o => new OptionType(Map(types, o.Element)),
        ResultType r => new ResultType(Map(types, r.Ok), Map(types, r.Err)),
        OwnType o => new OwnType(Map(types, o.Resource)),
        BorrowType b => new BorrowType(Map(types, b.Resource)),
        StreamType s => new StreamType(Map(types, s.Element)),
        FutureType f => new FutureType(Map(types, f.Element)),
        MapType m => new MapType(Map(types, m.Key), Map(types, m.Value)),
        FuncType f => new FuncType(f.IsAsync, f.Params.Select(p => new NamedValType(p.Name, Map(types, p.Type))).ToList(), Map(types, f.Result)),
        InstanceTypeDefinition i => new InstanceTypeDefinition(i.Declarations.Select(d => RemapOuter(d, types)).ToList()),
        ComponentTypeDefinition c => new ComponentTypeDefinition(c.Declarations.Select(d => RemapOuter(d, types)).ToList()),
        _ => type,
    };

    // Inside a nested type only `outer 1` aliases reach the world scope.
    private static Declaration RemapOuter(Declaration d, IReadOnlyList<uint> types) =>
        d is AliasDeclaration { Alias: { Target: OuterAlias { Count: 1 } o } a }
            ? new AliasDeclaration(new Alias(a.Sort, new OuterAlias(1, Map(types, o.Index))))
            : d;
}

/// <summary>A world being replayed: its index spaces (component-level indices by world-level index) and what waits for the exports.</summary>
internal sealed class WorldReplay
{
    public WorldReplay(ComponentTypeDefinition world) => World = world;

    public ComponentTypeDefinition World { get; }
    public List<uint> Types { get; } = new();
    public List<uint> Instances { get; } = new();
    public List<uint> Funcs { get; } = new();

    /// <summary>Declarations (by position) replayed with the exports, with the slot each holds in its index space (-1: none).</summary>
    public List<(int Position, int Slot)> Deferred { get; } = new();

    /// <summary>The world-level index space a declaration adds to (null for sorts the componentizer does not track).</summary>
    public List<uint>? SpaceOf(Declaration declaration) => declaration switch
    {
        TypeDeclaration => Types,
        AliasDeclaration a => Space(a.Alias.Sort),
        ImportDeclaration i => Space(ComponentReader.SortOf(i.Desc.Kind)),
        ExportDeclaration e => Space(ComponentReader.SortOf(e.Desc.Kind)),
        _ => null,
    };

    private List<uint>? Space(Sort sort) => sort switch
    {
        Sort.Type => Types,
        Sort.Instance => Instances,
        Sort.Func => Funcs,
        _ => null,
    };
}

/// <summary>Type indices computed on first use (an index space as large as needed), for <see cref="WorldImports.Remap"/>.</summary>
internal sealed class LazyIndices : IReadOnlyList<uint>
{
    private readonly Func<uint, uint> _map;
    public LazyIndices(Func<uint, uint> map) => _map = map;
    public uint this[int index] => _map((uint)index);
    public int Count => int.MaxValue;
    public IEnumerator<uint> GetEnumerator() => throw new NotSupportedException();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

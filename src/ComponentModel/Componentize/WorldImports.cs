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

    /// <summary>
    /// Replays <paramref name="world"/>. Interface imports that no core module imports from (per
    /// <paramref name="isUsed"/>), and that nothing kept depends on, are left out, as tools that garbage-collect the
    /// adapter do.
    /// </summary>
    public IReadOnlyList<WorldExport> Add(ComponentTypeDefinition world, Func<string, bool>? isUsed = null, Func<string, ISet<string>?>? usedNames = null)
    {
        if (isUsed is not null && usedNames is not null) world = InstanceTypeFilter.Narrow(world, usedNames, isUsed);
        var types = new List<uint>();
        var instances = new List<uint>();
        var funcs = new List<uint>();
        var exports = new List<WorldExport>();
        var needed = isUsed is null ? null : Needed(world, isUsed);
        for (int position = 0; position < world.Declarations.Count; position++)
        {
            var declaration = world.Declarations[position];
            if (needed is not null && !needed[position])
            {
                // Keep the index spaces aligned: a left-out definition takes a slot nothing kept refers to.
                switch (declaration)
                {
                    case TypeDeclaration: types.Add(uint.MaxValue); break;
                    case AliasDeclaration a: SpaceOf(a.Alias.Sort, types, instances, funcs)?.Add(uint.MaxValue); break;
                    case ImportDeclaration i: SpaceOf(ComponentReader.SortOf(i.Desc.Kind), types, instances, funcs)?.Add(uint.MaxValue); break;
                }
                continue;
            }
            switch (declaration)
            {
                case TypeDeclaration t:
                    var remapped = Remap(t.Type, types);
                    types.Add(_builder.AddType(remapped));
                    _definitions[types[types.Count - 1]] = remapped;
                    break;
                case AliasDeclaration { Alias: { Target: InstanceExportAlias e } alias }:
                    var aliased = _builder.AliasExport(alias.Sort, instances[(int)e.Instance], e.Name);
                    if (alias.Sort == Sort.Type && _instanceTypes.TryGetValue(instances[(int)e.Instance], out var source) && ExportsResource(source, e.Name))
                        _resources.Add(aliased);
                    SpaceOf(alias.Sort, types, instances, funcs)?.Add(aliased);
                    break;
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
                    SpaceOf(sort, types, instances, funcs)?.Add(existing.Index);
                    break;
                case ExportDeclaration x:
                    var exportDesc = RemapDesc(x.Desc, types);
                    InstanceTypeDefinition? instanceType = null;
                    if (x.Desc.Kind == ExternKind.Instance && FindType(world, x.Desc.Index) is InstanceTypeDefinition it)
                        instanceType = (InstanceTypeDefinition)Remap(it, types);
                    exports.Add(new WorldExport(x.Name.Name, exportDesc, instanceType));
                    // Later declarations could refer to what an export defines; give it a slot.
                    var exportSort = ComponentReader.SortOf(x.Desc.Kind);
                    if (exportSort == Sort.Type) types.Add(exportDesc.Bound.IsSubResource ? uint.MaxValue : exportDesc.Bound.Index);
                    else SpaceOf(exportSort, types, instances, funcs)?.Add(uint.MaxValue);
                    break;
                default:
                    throw new ComponentizeException($"unsupported declaration in a world type: {declaration.GetType().Name}");
            }
        }
        return exports;
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

    private static List<uint>? SpaceOf(Sort sort, List<uint> types, List<uint> instances, List<uint> funcs) => sort switch
    {
        Sort.Type => types,
        Sort.Instance => instances,
        Sort.Func => funcs,
        _ => null,
    };

    internal static ExternDesc RemapDesc(ExternDesc desc, IReadOnlyList<uint> types) => desc.Kind switch
    {
        ExternKind.Type => desc.Bound.IsSubResource ? desc : ExternDesc.Type(TypeBound.Eq(Map(types, desc.Bound.Index))),
        ExternKind.Value => desc,
        _ => desc with { Index = Map(types, desc.Index) },
    };

    private static uint Map(IReadOnlyList<uint> types, uint index)
    {
        if (index >= types.Count || types[(int)index] == uint.MaxValue)
            throw new ComponentizeException($"type index {index} of a world type cannot be mapped (exported resources are not supported)");
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

using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>Core types, core instances (module instantiation and bags of core exports) and core aliases.</summary>
internal sealed partial class ComponentValidator
{
    private static CoreExternKind? CoreKindOf(Sort sort) => sort switch
    {
        Sort.CoreFunc => CoreExternKind.Func, Sort.CoreTable => CoreExternKind.Table, Sort.CoreMemory => CoreExternKind.Memory,
        Sort.CoreGlobal => CoreExternKind.Global, Sort.CoreTag => CoreExternKind.Tag, _ => null,
    };

    private static string CoreKindName(Sort sort) => SortCodes.Name(sort).Replace("core ", "");

    internal static string CoreKindName(CoreExternKind kind) => kind.ToString().ToLowerInvariant();

    private static void AddCoreEntry(Scope scope, CoreItem item)
    {
        switch (item.Kind)
        {
            case CoreExternKind.Func: scope.CoreFuncs.Add(item); break;
            case CoreExternKind.Table: scope.CoreTables.Add(item); break;
            case CoreExternKind.Memory: scope.CoreMemories.Add(item); break;
            case CoreExternKind.Global: scope.CoreGlobals.Add(item); break;
            default: scope.CoreTags.Add(item); break;
        }
    }

    private CoreItem CoreItemAt(Scope scope, Sort sort, uint index) => sort switch
    {
        Sort.CoreFunc => At(scope.CoreFuncs, index, "core func", this),
        Sort.CoreTable => At(scope.CoreTables, index, "table", this),
        Sort.CoreMemory => At(scope.CoreMemories, index, "memory", this),
        Sort.CoreGlobal => At(scope.CoreGlobals, index, "global", this),
        Sort.CoreTag => At(scope.CoreTags, index, "tag", this),
        _ => throw Error($"{SortCodes.Name(sort)} definitions cannot be exported from a core instance"),
    };

    /// <summary>The core type index entries a core type defines (a rec group one per member).</summary>
    private IEnumerable<CType> CoreTypesOf(Scope scope, CoreType type)
    {
        if (type is CoreRecGroup g)
        {
            var members = new List<CType>(g.Types.Count);
            foreach (var t in g.Types) members.Add(CoreTypeOf(scope, t));
            return members;
        }
        return new[] { CoreTypeOf(scope, type) };
    }

    private CType CoreTypeOf(Scope scope, CoreType type)
    {
        switch (type)
        {
            case CoreFuncType f: return new CoreSigType(new CoreSig(f.Params, f.Results));
            case CoreSubType { Type: CoreFuncType f }: return new CoreSigType(new CoreSig(f.Params, f.Results));
            case CoreSubType { Type: CoreStructType or CoreArrayType }:
            case CoreStructType or CoreArrayType: return new CoreGcType();
            case CoreModuleType m: return ModuleType(scope, m);
            default: throw Error("unsupported core type");
        }
    }

    private ModuleSig ModuleType(Scope scope, CoreModuleType m)
    {
        var types = new List<CType>();
        var imports = new List<(string, string, CoreItem)>();
        var importNames = new HashSet<string>();
        var exports = new Dictionary<string, CoreItem>();
        foreach (var d in m.Declarations)
        {
            switch (d)
            {
                case CoreTypeDeclarator { Type: CoreModuleType }:
                    throw Error("invalid leading byte (0x50) for a type in a module type: module types cannot be nested");
                case CoreTypeDeclarator t: types.AddRange(CoreTypesOf(scope, t.Type)); break;
                case CoreOuterAliasDeclaration a:
                {
                    if (a.Count == 0)
                    {
                        if (a.Index >= types.Count) throw Error($"type index out of bounds: {a.Index}");
                        types.Add(types[(int)a.Index]);
                        break;
                    }
                    var target = scope;
                    for (uint i = 1; i < a.Count; i++) target = target.Parent ?? throw Error($"invalid outer alias count of {a.Count}");
                    types.Add(At(target.CoreTypes, a.Index, "core type", this));
                    break;
                }
                case CoreImportDeclaration i:
                    if (!importNames.Add(i.Module + ":" + i.Name)) throw Error($"duplicate import name `{i.Module}:{i.Name}`");
                    imports.Add((i.Module, i.Name, CoreItemOf(types, i.Desc)));
                    break;
                case CoreExportDeclaration e:
                    if (exports.ContainsKey(e.Name)) throw Error($"export name `{e.Name}` already defined");
                    exports[e.Name] = CoreItemOf(types, e.Desc);
                    break;
            }
        }
        return new ModuleSig(imports, exports);
    }

    private CoreItem CoreItemOf(List<CType> types, CoreExternDesc d)
    {
        switch (d.Kind)
        {
            case CoreExternKind.Func:
            case CoreExternKind.Tag:
            {
                if (d.TypeIndex >= types.Count) throw Error($"type index out of bounds: {d.TypeIndex}");
                var sig = types[(int)d.TypeIndex] as CoreSigType ?? throw Error($"type index {d.TypeIndex} is not a function type");
                return new CoreItem(d.Kind, sig.Sig);
            }
            case CoreExternKind.Memory:
                if (!d.Is64 && (d.Minimum > 65536 || d.Maximum > 65536)) throw Error("memory size must be at most 65536 pages (4GiB)");
                if (d.Maximum is { } mx && mx < d.Minimum) throw Error("size minimum must not be greater than maximum");
                return new CoreItem(CoreExternKind.Memory, Min: d.Minimum, Max: d.Maximum, Shared: d.Shared, Is64: d.Is64);
            case CoreExternKind.Table:
                if (d.Maximum is { } tx && tx < d.Minimum) throw Error("size minimum must not be greater than maximum");
                return new CoreItem(CoreExternKind.Table, ElementType: d.ValueType, Min: d.Minimum, Max: d.Maximum, Is64: d.Is64);
            default:
                return new CoreItem(CoreExternKind.Global, Value: d.ValueType, Mutable: d.Mutable);
        }
    }

    private Dictionary<string, CoreItem>? CoreInstance(Scope scope, CoreInstanceDefinition def)
    {
        switch (def)
        {
            case CoreInlineExports bag:
            {
                var exports = new Dictionary<string, CoreItem>();
                foreach (var e in bag.Exports)
                {
                    if (exports.ContainsKey(e.Name)) throw Error($"export name `{e.Name}` already defined");
                    exports[e.Name] = CoreItemAt(scope, e.Sort, e.Index);
                }
                return exports;
            }
            case CoreInstantiate inst:
            {
                var module = At(scope.Modules, inst.Module, "module", this);
                var args = new Dictionary<string, Dictionary<string, CoreItem>?>();
                foreach (var a in inst.Args)
                {
                    if (args.ContainsKey(a.Name)) throw Error($"duplicate module instantiation argument named `{a.Name}`");
                    args[a.Name] = At(scope.CoreInstances, a.Instance, "core instance", this);
                }
                if (module is null) return null;
                foreach (var (moduleName, name, expected) in module.Imports)
                {
                    if (!args.TryGetValue(moduleName, out var exports)) throw Error($"missing module instantiation argument named `{moduleName}`");
                    if (exports is null) continue;
                    if (!exports.TryGetValue(name, out var actual))
                        throw Error($"module instantiation argument `{moduleName}` does not export an item named `{name}`");
                    if (CoreSubtyping.Problem(actual, expected) is { } problem) throw Error($"type mismatch in import `{moduleName}::{name}`: {problem}");
                }
                return module.Exports;
            }
            default:
                return null;
        }
    }
}

/// <summary>A GC struct or array type in a core type index space (not type-checked further).</summary>
internal sealed class CoreGcType : CType
{
}

/// <summary>A core function type in a core type index space.</summary>
internal sealed class CoreSigType : CType
{
    public CoreSigType(CoreSig sig) => Sig = sig;
    public CoreSig Sig { get; }
}

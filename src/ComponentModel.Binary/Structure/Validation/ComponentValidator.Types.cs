using System.Collections.Generic;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>Type definitions, component/instance type declarators, imports, exports and aliases.</summary>
internal sealed partial class ComponentValidator
{
    /// <summary>Byte size limit of a value type (fixed-size lists make huge flat values expressible).</summary>
    private const ulong MaxValueSize = (1UL << 28) - 1;

    private DefType Val(Scope scope, ValType v)
    {
        if (v.IsPrimitive) return DefType.Of(v.Primitive);
        var t = At(scope.Types, v.Index, "type", this);
        return t as DefType ?? throw Error($"type index {v.Index} is not a defined type");
    }

    private DefType? OptVal(Scope scope, ValType? v) => v is { } x ? Val(scope, x) : null;

    private ResourceId ResourceAt(Scope scope, uint index)
    {
        var t = At(scope.Types, index, "type", this);
        return t is ResourceType r ? r.Id : throw Error($"type index {index} is not a resource type");
    }

    /// <summary>Limits on a defined type's shape, so that every later walk over it stays bounded.</summary>
    private const int MaxTypeDepth = 100;
    private const long MaxTypeNodes = 1_000_000;

    private CType DefineType(Scope scope, TypeDefinition def)
    {
        var type = DefineTypeUnchecked(scope, def);
        if (type is DefType d)
        {
            if (d.Depth > MaxTypeDepth) throw Error($"type nesting is too deep (more than {MaxTypeDepth} levels)");
            if (d.NodeCount > MaxTypeNodes) throw Error($"effective type size exceeds the limit of {MaxTypeNodes}");
            _ = d.MentionsResources;
        }
        return type;
    }

    private CType DefineTypeUnchecked(Scope scope, TypeDefinition def)
    {
        switch (def)
        {
            case PrimitiveDefinedType p:
                return DefType.Of(p.Primitive);
            case RecordType rec:
            {
                var fields = new List<(string, DefType)>();
                foreach (var f in rec.Fields) fields.Add((f.Name, Val(scope, f.Type)));
                return Sized(new DefType(DefKind.Record, scope) { Fields = fields });
            }
            case VariantType v:
            {
                var cases = new List<(string, DefType?)>();
                foreach (var c in v.Cases) cases.Add((c.Name, OptVal(scope, c.Type)));
                return Sized(new DefType(DefKind.Variant, scope) { Cases = cases });
            }
            case ListType l: return new DefType(DefKind.List, scope) { A = Val(scope, l.Element) };
            case FixedListType fl:
                if (fl.Length == 0) throw Error("fixed-length lists must have more than zero elements");
                return Sized(new DefType(DefKind.FixedList, scope) { A = Val(scope, fl.Element), Length = fl.Length });
            case TupleType t:
            {
                var types = new List<DefType>();
                foreach (var x in t.Types) types.Add(Val(scope, x));
                return Sized(new DefType(DefKind.Tuple, scope) { Types = types });
            }
            case FlagsType f: return new DefType(DefKind.Flags, scope) { Names = f.Names };
            case EnumType e: return new DefType(DefKind.Enum, scope) { Names = e.Names };
            case OptionType o: return Sized(new DefType(DefKind.Option, scope) { A = Val(scope, o.Element) });
            case ResultType r: return Sized(new DefType(DefKind.Result, scope) { A = OptVal(scope, r.Ok), B = OptVal(scope, r.Err) });
            case OwnType own: return new DefType(DefKind.Own, scope) { Resource = ResourceAt(scope, own.Resource) };
            case BorrowType b: return new DefType(DefKind.Borrow, scope) { Resource = ResourceAt(scope, b.Resource) };
            case StreamType st:
            {
                var element = OptVal(scope, st.Element);
                if (element is { Kind: DefKind.Primitive, Primitive: PrimitiveValType.Char })
                    throw Error("`stream<char>` is not valid; use `stream<string>` or `stream<u8>` instead");
                return new DefType(DefKind.Stream, scope) { A = element };
            }
            case FutureType fu: return new DefType(DefKind.Future, scope) { A = OptVal(scope, fu.Element) };
            case MapType m: return new DefType(DefKind.Map, scope) { A = Val(scope, m.Key), B = Val(scope, m.Value) };
            case FuncType fn:
            {
                var ps = new List<(string, DefType)>();
                foreach (var p in fn.Params) ps.Add((p.Name, Val(scope, p.Type)));
                var result = OptVal(scope, fn.Result);
                if (result is not null && ContainsBorrow(result))
                    throw Error("function result cannot contain a `borrow` type");
                return new FuncSig(fn.IsAsync, ps, result);
            }
            case ResourceTypeDefinition rt:
            {
                if (!scope.IsConcrete) throw Error("resources can only be defined within a concrete component");
                if (rt.Destructor is { } d)
                {
                    var dtor = At(scope.CoreFuncs, d, "core func", this);
                    if (dtor.Func is { } sig && !sig.SameAs(new CoreSig(new[] { ValueType.I32 }, System.Array.Empty<ValueType>())))
                        throw Error("wrong signature for a destructor");
                }
                var id = new ResourceId(scope, isLocal: true);
                scope.DefinedResources.Add(id);
                return new ResourceType(id);
            }
            case ComponentTypeDefinition ct:
            {
                var inner = new Scope(scope, isConcrete: false);
                foreach (var d in ct.Declarations) Declare(inner, d);
                return new ComponentSig(inner.Imports, inner.Exports, inner.ImportedResources, inner.DefinedResources);
            }
            case InstanceTypeDefinition it:
            {
                var inner = new Scope(scope, isConcrete: false, isInstanceType: true);
                foreach (var d in it.Declarations) Declare(inner, d);
                return new InstanceSig(inner.Exports, inner.DefinedResources);
            }
            default:
                throw Error($"unsupported type definition {def.GetType().Name}");
        }
    }

    private DefType Sized(DefType t)
    {
        if (AbiShape.Size(t) > MaxValueSize) throw Error($"type exceeds maximum byte size of {MaxValueSize} bytes");
        return t;
    }

    private static bool ContainsBorrow(DefType t)
    {
        if (t.Kind == DefKind.Borrow) return true;
        if (t.Kind is DefKind.Stream or DefKind.Future) return false;
        foreach (var c in t.Children()) if (ContainsBorrow(c)) return true;
        return false;
    }

    private void Declare(Scope scope, Declaration d)
    {
        switch (d)
        {
            case CoreTypeDeclaration c: scope.CoreTypes.AddRange(CoreTypesOf(scope, c.Type)); break;
            case TypeDeclaration t: scope.Types.Add(DefineType(scope, t.Type)); break;
            case AliasDeclaration a:
                if (a.Alias.Target is InstanceExportAlias && a.Alias.Sort is not (Sort.Type or Sort.Instance))
                    throw Error("alias declarations in component and instance types may only refer to types or instances");
                if (a.Alias.Target is OuterAlias && a.Alias.Sort is not (Sort.Type or Sort.CoreType))
                    throw Error($"outer aliases in component and instance types may only refer to types or instances, not {SortCodes.Name(a.Alias.Sort)} definitions");
                AddAlias(scope, a.Alias);
                break;
            case ImportDeclaration i:
                AddImport(scope, i.Name, ExternOf(scope, i.Desc), i.Desc.Kind == ExternKind.Type && i.Desc.Bound.IsSubResource);
                break;
            case ExportDeclaration e:
                AddExport(scope, e.Name, ExternOf(scope, e.Desc), e.Desc.Kind == ExternKind.Type && e.Desc.Bound.IsSubResource);
                break;
        }
    }

    private Extern ExternOf(Scope scope, ExternDesc desc)
    {
        switch (desc.Kind)
        {
            case ExternKind.Module:
            {
                var t = At(scope.CoreTypes, desc.Index, "core type", this);
                return new Extern(ExternKind.Module, t as ModuleSig ?? throw Error($"core type index {desc.Index} is not a module type"));
            }
            case ExternKind.Func:
            {
                var t = At(scope.Types, desc.Index, "type", this);
                return new Extern(ExternKind.Func, t as FuncSig ?? throw Error($"type index {desc.Index} is not a function type"));
            }
            case ExternKind.Instance:
            {
                var t = At(scope.Types, desc.Index, "type", this);
                return new Extern(ExternKind.Instance, t as InstanceSig ?? throw Error($"type index {desc.Index} is not an instance type"));
            }
            case ExternKind.Component:
            {
                var t = At(scope.Types, desc.Index, "type", this);
                return new Extern(ExternKind.Component, t as ComponentSig ?? throw Error($"type index {desc.Index} is not a component type"));
            }
            case ExternKind.Type:
                if (desc.Bound.IsSubResource) return new Extern(ExternKind.Type, new ResourceType(new ResourceId(scope)));
                return new Extern(ExternKind.Type, At(scope.Types, desc.Bound.Index, "type", this));
            default:
                return new Extern(ExternKind.Value, null, Val(scope, desc.Value));
        }
    }

    private void CheckName(Scope scope, ExternName name, Extern item, string what)
    {
        if (NameValidation.SyntaxProblem(name) is { } syntax) throw Error($"{what} {syntax}");
        if (NameValidation.ImplementsProblem(name, item.Kind) is { } implements) throw Error(implements);
        var names = what == "import" ? scope.ImportNames : scope.ExportNames;
        if (names.Add(name.Name, what) is { } conflict) throw Error(conflict);
    }

    private void AddImport(Scope scope, ExternName name, Extern item, bool freshResource)
    {
        CheckName(scope, name, item, "import");
        if (!scope.IsInstanceType) ExportVisibility.Check(scope, item, scope.ImportNamed, "import", this);
        item = Named(scope, item, freshResource, scope.ImportedResources);
        if (item.Type is InstanceSig imported) scope.NamedInstances.Add(imported);
        AnnotatedNames.Check(scope, name.Name, item, scope.ImportResourceNames, this);
        Register(scope, item, name.Name, scope.ImportResourceNames);
        Name(scope.ImportNamed, item.Type);
        Name(scope.ExportNamed, item.Type);
        scope.Imports.Add((name.Name, item));
        AddEntry(scope, item);
    }

    private void AddExport(Scope scope, ExternName name, Extern item, bool freshResource)
    {
        CheckName(scope, name, item, "export");
        if (!scope.IsInstanceType) ExportVisibility.Check(scope, item, scope.ExportNamed, "export", this);
        item = Named(scope, item, freshResource, scope.DefinedResources);
        if (item.Type is InstanceSig exported)
        {
            scope.NamedInstances.Add(exported);
            NameExportsOf(scope.ExportNamed, exported, 0);
        }
        AnnotatedNames.Check(scope, name.Name, item, scope.ExportResourceNames, this);
        Register(scope, item, name.Name, scope.ExportResourceNames);
        Name(scope.ExportNamed, item.Type);
        scope.Exports.Add((name.Name, item));
        AddEntry(scope, item);
        // The index an exported value adds names the value already consumed by the export.
        if (item.Kind == ExternKind.Value) scope.ValueUsed[scope.ValueUsed.Count - 1] = true;
    }

    /// <summary>
    /// The entry an import or export adds: a named copy of a defined type, an alias of a resource, or (for a
    /// <c>sub resource</c> bound) the fresh resource; an imported instance type gets fresh resources of its own.
    /// </summary>
    private static Extern Named(Scope scope, Extern item, bool freshResource, List<ResourceId> resources)
    {
        switch (item.Type)
        {
            case ResourceType r when freshResource:
                resources.Add(r.Id);
                return item;
            case ResourceType r:
                return item with { Type = new ResourceType(new ResourceId(scope, r.Id)) };
            case DefType d when item.Kind == ExternKind.Type && d.Kind != DefKind.Primitive:
                return item with { Type = d.CopyFor(scope) };
            case InstanceSig i when item.Kind == ExternKind.Instance && (!scope.IsConcrete || ReferenceEquals(resources, scope.ImportedResources)):
                return item with { Type = ResourceSubstitution.Freshen(i, scope, resources) };
            default:
                return item;
        }
    }

    /// <summary>Records a type (and for a resource type, its exact id) as named for later imports/exports.</summary>
    private static void Name(HashSet<object> names, CType? type)
    {
        if (type is null) return;
        names.Add(type);
        if (type is ResourceType r) names.Add(r.Id);
    }

    /// <summary>
    /// An exported instance names what it exports, through nested instances: its types, and its resources together
    /// with the resources they alias (a bag of exports re-exports the resource itself, explicit in the instance).
    /// </summary>
    private static void NameExportsOf(HashSet<object> names, InstanceSig instance, int depth)
    {
        if (depth > 64) return;
        foreach (var (_, e) in instance.Exports)
        {
            switch (e.Type)
            {
                case DefType d: Name(names, d); break;
                case ResourceType r:
                    Name(names, r);
                    for (var id = r.Id.AliasOf; id is not null; id = id.AliasOf) names.Add(id);
                    break;
                case InstanceSig nested when e.Kind == ExternKind.Instance:
                    if (names.Add(nested)) NameExportsOf(names, nested, depth + 1);
                    break;
            }
        }
    }

    private static void Register(Scope scope, Extern item, string name, Dictionary<ResourceId, string> names)
    {
        if (item.Type is ResourceType r && !names.ContainsKey(r.Id)) names[r.Id] = name;
    }

    private static void AddEntry(Scope scope, Extern item)
    {
        switch (item.Kind)
        {
            case ExternKind.Func: scope.Funcs.Add(item.Func!); break;
            case ExternKind.Instance: scope.Instances.Add(item.Instance!); break;
            case ExternKind.Component: scope.Components.Add(item.Component!); break;
            case ExternKind.Module: scope.Modules.Add(item.Module); break;
            case ExternKind.Type: scope.Types.Add(item.Type!); break;
            case ExternKind.Value: scope.Values.Add(item.Value!); scope.ValueUsed.Add(false); break;
        }
    }

    private static ExternKind KindOf(Sort sort) => sort switch
    {
        Sort.Func => ExternKind.Func, Sort.Instance => ExternKind.Instance, Sort.Component => ExternKind.Component,
        Sort.CoreModule => ExternKind.Module, Sort.Type => ExternKind.Type, _ => ExternKind.Value,
    };

    private void AddAlias(Scope scope, Alias alias)
    {
        switch (alias.Target)
        {
            case InstanceExportAlias e:
            {
                var instance = At(scope.Instances, e.Instance, "instance", this);
                var item = instance.Export(e.Name) ?? throw Error($"instance {e.Instance} has no export named `{e.Name}`");
                var kind = KindOf(alias.Sort);
                if (SortCodes.IsCore(alias.Sort) && alias.Sort != Sort.CoreModule || item.Kind != kind)
                    throw Error($"export `{e.Name}` for instance {e.Instance} is not a {SortCodes.Name(alias.Sort)}");
                // A value type aliased out of an instance is named only when that instance was imported or exported
                // (or is an instance type's); resources aliased out of any instance are explicit in it.
                if (item.Type is not DefType || !scope.IsConcrete || scope.NamedInstances.Contains(instance))
                {
                    Name(scope.ImportNamed, item.Type);
                    Name(scope.ExportNamed, item.Type);
                }
                AddEntry(scope, item);
                break;
            }
            case CoreInstanceExportAlias c:
            {
                var exports = At(scope.CoreInstances, c.Instance, "core instance", this);
                var kind = CoreKindOf(alias.Sort);
                CoreItem item;
                if (exports is null) item = new CoreItem(kind ?? CoreExternKind.Func);
                else if (!exports.TryGetValue(c.Name, out item!)) throw Error($"core instance {c.Instance} has no export named `{c.Name}`");
                else if (kind is null || item.Kind != kind)
                    throw Error($"export `{c.Name}` for core instance {c.Instance} is not a {CoreKindName(alias.Sort)}");
                AddCoreEntry(scope, item);
                break;
            }
            case OuterAlias o:
            {
                var target = scope;
                bool crossesComponent = false;
                for (uint i = 0; i < o.Count; i++)
                {
                    crossesComponent |= target.IsConcrete;
                    target = target.Parent ?? throw Error($"invalid outer alias count of {o.Count}");
                }
                switch (alias.Sort)
                {
                    case Sort.Type:
                    {
                        var t = At(target.Types, o.Index, "type", this);
                        if (crossesComponent && ResourceSubstitution.MentionsResources(t))
                            throw Error("type index refers to resources not defined in the current component: it transitively refers to resources");
                        scope.Types.Add(t);
                        // Inside type declarations an outer type is usable as is; a concrete component must import or
                        // export it itself before its imports and exports may use it.
                        if (!scope.IsConcrete)
                        {
                            Name(scope.ImportNamed, t);
                            Name(scope.ExportNamed, t);
                        }
                        break;
                    }
                    case Sort.CoreType: scope.CoreTypes.Add(At(target.CoreTypes, o.Index, "core type", this)); break;
                    case Sort.CoreModule: scope.Modules.Add(At(target.Modules, o.Index, "module", this)); break;
                    case Sort.Component: scope.Components.Add(At(target.Components, o.Index, "component", this)); break;
                    default: throw Error($"outer aliases cannot refer to {SortCodes.Name(alias.Sort)} definitions");
                }
                break;
            }
        }
    }
}

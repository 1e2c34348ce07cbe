using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Binary;
using BinaryValType = WitBindgen.ComponentModel.Binary.ValType;
using ValType = WitBindgen.ComponentModel.Types.ValType;
using StringEncoding = WitBindgen.ComponentModel.Abi.StringEncoding;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// Instantiates a component: walks its definitions in order, filling the 13 index spaces of a <see cref="Scope"/>,
/// instantiating core modules and nested components, binding imports (from the linker at the root, from the
/// instantiation arguments below it) and producing the exports.
/// </summary>
internal sealed class ComponentInstantiator
{
    private readonly Store? _store;
    private readonly Dictionary<string, ResolvedImport?> _imports;

    /// <summary>An instantiator whose root imports come from <paramref name="imports"/> (see <see cref="ImportResolver"/>);
    /// <paramref name="store"/> is null only while a plan is made (no core instance is created then).</summary>
    public ComponentInstantiator(Store? store, Dictionary<string, ResolvedImport?> imports)
    {
        _store = store;
        _imports = imports;
    }

    /// <summary>The core instances, memories and tables made so far, given back if the instantiation fails.</summary>
    private readonly WitBindgen.Runtime.Execution.CreatedItems _created = new();

    private Store Store => _store ?? throw new InvalidOperationException("an instantiation plan has no store");

    /// <summary>
    /// Evaluates once, without a store, the leading sections of <paramref name="component"/> that bind only host imports
    /// and types (see <see cref="InstantiationPlan"/>); instantiations start from the result.
    /// </summary>
    public static InstantiationPlan Plan(Component component, Dictionary<string, ResolvedImport?> imports)
    {
        var instantiator = new ComponentInstantiator(null, imports);
        var def = new RtComponentDef(component, component.Binary, null);
        var scope = new Scope(null, new ComponentInstanceState(null));
        var sections = component.Binary.Sections;
        int count = 0;
        for (; count < sections.Count && InstantiationPlan.Covers(sections[count]); count++)
            instantiator.Section(def, scope, sections[count], null, null);
        scope.Trim();
        return new InstantiationPlan(scope, count, SpaceSizes.Of(component.Binary));
    }

    /// <summary>
    /// Instantiates the root component <paramref name="def"/> (see <see cref="Instantiate"/>). If that fails, the core
    /// instances, memories and tables it made are given back to the store: none of them is reachable from outside (the
    /// component instance was not returned), and the store's limits and address space are as before.
    /// </summary>
    public RtInstance InstantiateRoot(RtComponentDef def, InstantiationPlan? plan)
    {
        try
        {
            return Instantiate(def, null, plan);
        }
        catch
        {
            _created.Release(Store);
            throw;
        }
    }

    /// <summary>
    /// Instantiates <paramref name="def"/>; imports come from <paramref name="args"/> or, when null, from the linker.
    /// <paramref name="plan"/> (for the root) holds the leading sections evaluated already.
    /// </summary>
    public RtInstance Instantiate(RtComponentDef def, Dictionary<string, object>? args, InstantiationPlan? plan = null)
    {
        var state = new ComponentInstanceState(Store);
        var scope = plan is null ? new Scope(def.Closure, state, SpaceSizes.Of(def.Binary)) : Scope.FromPlan(plan.Scope, state, plan.Sizes);
        var exports = new InstanceExports(ExportLayout.Of(def.Binary));
        var sections = def.Binary.Sections;
        for (int i = plan?.Sections ?? 0; i < sections.Count; i++) Section(def, scope, sections[i], args, exports);
        return new RtInstance(exports, state);
    }

    private void Section(RtComponentDef def, Scope scope, ComponentSection section, Dictionary<string, object>? args, InstanceExports? exports)
    {
        switch (section)
        {
            case CustomSection: break;
            case CoreModuleSection m: scope.CoreModules.Add(def.Owner.ModuleOf(m)); break;
            case CoreInstanceSection ci:
                for (int i = 0; i < ci.Instances.Count; i++) scope.CoreInstances.Add(CoreInstance(scope, ci.Instances[i]));
                break;
            case CoreTypeSection ct:
                for (int i = 0; i < ct.Types.Count; i++) scope.CoreTypes.Add(ct.Types[i]);
                break;
            case NestedComponentSection n: scope.Components.Add(new RtComponentDef(def.Owner, n.Component, scope)); break;
            case InstanceSection inst:
                for (int i = 0; i < inst.Instances.Count; i++) scope.Instances.Add(ComponentInstance(scope, inst.Instances[i]));
                break;
            case AliasSection a:
                // Indexed loops here and below: a foreach over these IReadOnlyLists boxes an enumerator on every instantiation.
                for (int i = 0; i < a.Aliases.Count; i++) scope.Add(a.Aliases[i].Sort, Alias(scope, a.Aliases[i]));
                break;
            case TypeSection ts:
                for (int i = 0; i < ts.Types.Count; i++) scope.Types.Add(DefineType(scope, ts.Types[i]));
                break;
            case CanonSection cs:
                for (int i = 0; i < cs.Functions.Count; i++) Canon(scope, cs.Functions[i]);
                break;
            case ImportSection im:
                for (int i = 0; i < im.Imports.Count; i++) Import(scope, im.Imports[i], args);
                break;
            case ExportSection ex:
                for (int i = 0; i < ex.Exports.Count; i++)
                {
                    var export = ex.Exports[i];
                    var item = scope.Get(export.Sort, export.Index);
                    exports!.Add(item);
                    scope.Add(export.Sort, item);
                }
                break;
            case StartSection: throw FeatureCheck.Unsupported("component start function");
            default: throw FeatureCheck.Unsupported(section.GetType().Name);
        }
    }

    // ---- core instances ----

    private IReadOnlyDictionary<string, Extern> CoreInstance(Scope scope, CoreInstanceDefinition d)
    {
        if (d is CoreInlineExports inline)
        {
            var items = new Extern[inline.Exports.Count];
            for (int i = 0; i < items.Length; i++) items[i] = (Extern)scope.Get(inline.Exports[i].Sort, inline.Exports[i].Index);
            return new InlineCoreExports(inline.Exports, items);
        }
        var inst = (CoreInstantiate)d;
        _resolveScope = scope;
        _resolveArgs = inst.Args;
        return new CoreInstanceExports(WitBindgen.Runtime.Execution.Instantiator.Instantiate(
            Store, scope.CoreModules[(int)inst.Module], _resolve ??= ResolveCoreImport, _created));
    }

    // The core instantiation under way: its scope and arguments, read by one resolver delegate made per instantiator
    // (imports are all resolved before a start function could begin another core instantiation).
    private Scope? _resolveScope;
    private IReadOnlyList<CoreInstantiateArg>? _resolveArgs;
    private Func<WitBindgen.CoreWasm.Modules.Import, Extern?>? _resolve;

    /// <summary>Looks an import up in the argument instance of its module name (a later argument of the same name first,
    /// as a linker defining them in order would), without building a linker per core instance.</summary>
    private Extern? ResolveCoreImport(WitBindgen.CoreWasm.Modules.Import import)
    {
        var args = _resolveArgs!;
        for (int i = args.Count - 1; i >= 0; i--)
            if (string.Equals(args[i].Name, import.Module, StringComparison.Ordinal)
                && _resolveScope!.CoreInstances[(int)args[i].Instance].TryGetValue(import.Name, out var item))
                return item;
        return null;
    }

    // ---- component instances ----

    private RtInstance ComponentInstance(Scope scope, InstanceDefinition d)
    {
        if (d is InlineExports inline)
        {
            var bag = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var e in inline.Exports) bag[e.Name.Name] = scope.Get(e.Sort, e.Index);
            return new RtInstance(bag, null);
        }
        var inst = (Instantiate)d;
        var def = scope.Components[(int)inst.Component];
        var args = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var arg in inst.Args) args[arg.Name] = scope.Get(arg.Sort, arg.Index);
        return Instantiate(def, args);
    }

    // ---- aliases ----

    private static object Alias(Scope scope, Alias alias)
    {
        switch (alias.Target)
        {
            case InstanceExportAlias ie:
            {
                var inst = scope.Instances[(int)ie.Instance];
                if (!inst.Exports.TryGetValue(ie.Name, out var item))
                    throw new ComponentLinkException($"instance {ie.Instance} has no export named `{ie.Name}`");
                return item;
            }
            case CoreInstanceExportAlias ce:
            {
                var inst = scope.CoreInstances[(int)ce.Instance];
                if (!inst.TryGetValue(ce.Name, out var item))
                    throw new ComponentLinkException($"core instance {ce.Instance} has no export named `{ce.Name}`");
                return item;
            }
            case OuterAlias o:
                return scope.Outer(o.Count).Get(alias.Sort, o.Index);
            default:
                throw FeatureCheck.Unsupported(alias.Target.GetType().Name);
        }
    }

    // ---- types ----

    /// <summary>The resource types components of this instantiation defined, by run-time id (the host's guest resource handles find their destructor here).</summary>
    public Dictionary<int, RtResource> GuestResources => _guestResources ?? s_noGuestResources;

    private Dictionary<int, RtResource>? _guestResources;

    /// <summary>Shared by the instances of components that define no resource type (read only).</summary>
    private static readonly Dictionary<int, RtResource> s_noGuestResources = new();

    /// <summary>
    /// Function types without own or borrow handles, by definition: they resolve to the same types in every instantiation
    /// (only resource types are generative), so their <see cref="RtFuncType"/> and ABI plan, immutable, are built once per
    /// component rather than once per instance. The table holds them no longer than the component's decoded definitions.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FuncType, RtFuncType> s_resourceFreeFuncTypes = new();

    private RtType DefineType(Scope scope, TypeDefinition t)
    {
        switch (t)
        {
            case ResourceTypeDefinition r:
            {
                var dtor = r.Destructor is { } d ? scope.CoreFuncs[(int)d] : null;
                var resource = new RtResource(null, scope.State, dtor);
                scope.State.Handles.Table.DefineLocalResource(resource.Id);
                (_guestResources ??= new())[resource.Id] = resource;
                return resource;
            }
            case FuncType f:
            {
                if (s_resourceFreeFuncTypes.TryGetValue(f, out var shared)) return shared;
                var ps = new (string, ValType)[f.Params.Count];
                for (int i = 0; i < ps.Length; i++) ps[i] = (f.Params[i].Name, Val(scope, f.Params[i].Type));
                var type = new RtFuncType(ps, f.Result is { } r ? Val(scope, r) : null);
                if (!type.UsesHandles) s_resourceFreeFuncTypes.AddOrUpdate(f, type);
                return type;
            }
            case ComponentTypeDefinition or InstanceTypeDefinition:
                return new RtDeclaredType(t, scope);
            default:
                return new RtValType(DefVal(scope, t));
        }
    }

    private static ValType DefVal(Scope scope, TypeDefinition t)
    {
        switch (t)
        {
            case PrimitiveDefinedType p: return Prim(p.Primitive);
            case RecordType r:
            {
                var fields = new (string, ValType)[r.Fields.Count];
                for (int i = 0; i < fields.Length; i++) fields[i] = (r.Fields[i].Name, Val(scope, r.Fields[i].Type));
                return ValType.Record(fields);
            }
            case VariantType v:
            {
                var cases = new (string, ValType?)[v.Cases.Count];
                for (int i = 0; i < cases.Length; i++) cases[i] = (v.Cases[i].Name, v.Cases[i].Type is { } ct ? Val(scope, ct) : null);
                return ValType.Variant(cases);
            }
            case ListType l: return ValType.List(Val(scope, l.Element));
            case FixedListType fl: return ValType.FixedList(Val(scope, fl.Element), fl.Length);
            case TupleType tu:
            {
                var types = new ValType[tu.Types.Count];
                for (int i = 0; i < types.Length; i++) types[i] = Val(scope, tu.Types[i]);
                return ValType.Tuple(types);
            }
            case FlagsType f: return ValType.Flags(f.Names);
            case EnumType e: return ValType.Enum(e.Names);
            case OptionType o: return ValType.Option(Val(scope, o.Element));
            case ResultType r: return ValType.Result(r.Ok is { } ok ? Val(scope, ok) : null, r.Err is { } err ? Val(scope, err) : null);
            case OwnType o: return ValType.Own(Resource(scope, o.Resource).Id);
            case BorrowType b: return ValType.Borrow(Resource(scope, b.Resource).Id);
            case MapType m: return ValType.Map(Val(scope, m.Key), Val(scope, m.Value));
            case StreamType: throw FeatureCheck.Unsupported("stream");
            case FutureType: throw FeatureCheck.Unsupported("future");
            default: throw FeatureCheck.Unsupported(t.GetType().Name);
        }
    }

    private static RtResource Resource(Scope scope, uint index) =>
        scope.Types[(int)index] as RtResource ?? throw new ComponentLinkException($"type {index} is not a resource type");

    public static ValType Val(Scope scope, BinaryValType v)
    {
        if (v.IsPrimitive) return Prim(v.Primitive);
        return scope.Types[(int)v.Index] switch
        {
            RtValType t => t.Type,
            _ => throw new ComponentLinkException($"type {v.Index} is not a value type"),
        };
    }

    private static ValType Prim(PrimitiveValType p) => p switch
    {
        PrimitiveValType.Bool => ValType.Bool,
        PrimitiveValType.S8 => ValType.S8,
        PrimitiveValType.U8 => ValType.U8,
        PrimitiveValType.S16 => ValType.S16,
        PrimitiveValType.U16 => ValType.U16,
        PrimitiveValType.S32 => ValType.S32,
        PrimitiveValType.U32 => ValType.U32,
        PrimitiveValType.S64 => ValType.S64,
        PrimitiveValType.U64 => ValType.U64,
        PrimitiveValType.F32 => ValType.F32,
        PrimitiveValType.F64 => ValType.F64,
        PrimitiveValType.Char => ValType.Char,
        PrimitiveValType.String => ValType.String,
        _ => throw FeatureCheck.Unsupported("error-context"),
    };

    // ---- canon ----

    private static void Canon(Scope scope, CanonFunction f)
    {
        switch (f.Op)
        {
            case CanonOp.Lift:
            {
                var type = scope.Types[(int)f.TypeIndex] as RtFuncType ?? throw new ComponentLinkException($"type {f.TypeIndex} is not a function type");
                scope.Funcs.Add(new LiftedFunction(type, scope.CoreFuncs[(int)f.Index], Options(scope, f.Options)));
                break;
            }
            case CanonOp.Lower:
                scope.CoreFuncs.Add(CallerFree(CanonicalCalls.Lower(scope.Funcs[(int)f.Index], Options(scope, f.Options))));
                break;
            case CanonOp.ResourceNew:
                scope.CoreFuncs.Add(CallerFree(CanonicalCalls.ResourceNew(Resource(scope, f.Index), scope.State)));
                break;
            case CanonOp.ResourceDrop:
                scope.CoreFuncs.Add(CallerFree(CanonicalCalls.ResourceDrop(Resource(scope, f.Index), scope.State)));
                break;
            case CanonOp.ResourceRep:
                scope.CoreFuncs.Add(CallerFree(CanonicalCalls.ResourceRep(Resource(scope, f.Index), scope.State)));
                break;
            default:
                throw FeatureCheck.Unsupported(FeatureCheck.Name(f.Op));
        }
    }

    /// <summary>Canonical functions are made per component instance and reach it through their closure, never through a
    /// <see cref="Caller"/>: core instances import them as they are, without a bound copy each.</summary>
    private static Function CallerFree(Function function)
    {
        function.Context.CallerFree = true;
        return function;
    }

    private static CanonOptions Options(Scope scope, IReadOnlyList<CanonOption> options)
    {
        Memory? memory = null;
        Function? realloc = null, postReturn = null;
        var encoding = StringEncoding.Utf8;
        for (int i = 0; i < options.Count; i++)
        {
            var opt = options[i];
            switch (opt.Kind)
            {
                case CanonOptionKind.Utf8: encoding = StringEncoding.Utf8; break;
                case CanonOptionKind.Utf16: encoding = StringEncoding.Utf16; break;
                case CanonOptionKind.Latin1Utf16: encoding = StringEncoding.Latin1Utf16; break;
                case CanonOptionKind.Memory: memory = scope.CoreMemories[(int)opt.Index]; break;
                case CanonOptionKind.Realloc: realloc = scope.CoreFuncs[(int)opt.Index]; break;
                case CanonOptionKind.PostReturn: postReturn = scope.CoreFuncs[(int)opt.Index]; break;
                default: throw FeatureCheck.Unsupported("async canonical options");
            }
        }
        // The lifts and lowers of one instance mostly name the same memory and realloc: they share one CanonOptions
        // (and the realloc thunk and call options it makes on first use) instead of one each.
        for (var known = scope.Options; known is not null; known = known.Next)
            if (known.Memory == memory && known.Realloc == realloc && known.PostReturn == postReturn && known.Encoding == encoding) return known;
        return scope.Options = new CanonOptions
        {
            Instance = scope.State, Memory = memory, Realloc = realloc, PostReturn = postReturn, Encoding = encoding, Next = scope.Options,
        };
    }

    // ---- imports ----

    private void Import(Scope scope, WitBindgen.ComponentModel.Binary.ComponentImport import, Dictionary<string, object>? args)
    {
        var name = import.Name.Name;
        var desc = import.Desc;
        if (args is not null)
        {
            if (!args.TryGetValue(name, out var arg))
                throw new ComponentLinkException($"missing instantiation argument `{name}`");
            ArgumentChecks.Check(scope, name, desc, arg);
            scope.Add(SortOf(desc.Kind), arg);
            return;
        }
        _imports.TryGetValue(name, out var node);
        scope.Add(SortOf(desc.Kind), FromHost(scope, name, desc, node, Array.Empty<string>()));
    }

    /// <summary>The index space an import of <paramref name="kind"/> adds to.</summary>
    public static Sort SortOf(ComponentModel.Binary.ExternKind kind) => kind switch
    {
        ComponentModel.Binary.ExternKind.Func => Sort.Func,
        ComponentModel.Binary.ExternKind.Instance => Sort.Instance,
        ComponentModel.Binary.ExternKind.Type => Sort.Type,
        ComponentModel.Binary.ExternKind.Component => Sort.Component,
        ComponentModel.Binary.ExternKind.Module => Sort.CoreModule,
        _ => Sort.Value,
    };

    private object FromHost(Scope scope, string name, ExternDesc desc, ResolvedImport? node, string[] path)
    {
        string full = path.Length == 0 ? name : string.Join("#", path) + "#" + name;
        switch (desc.Kind)
        {
            case ComponentModel.Binary.ExternKind.Func:
            {
                var type = scope.Types[(int)desc.Index] as RtFuncType ?? throw new ComponentLinkException($"import `{full}`: type {desc.Index} is not a function type");
                return node?.Function switch
                {
                    TypedBinder typed => new HostFunc(type, full, typed(type, full)),
                    { } fn => new HostFunc(type, full, fn),
                    null => new TrappingFunc(type, full),
                };
            }
            case ComponentModel.Binary.ExternKind.Instance:
            {
                var declared = scope.Types[(int)desc.Index] as RtDeclaredType
                    ?? throw new ComponentLinkException($"import `{full}`: type {desc.Index} is not an instance type");
                if (declared.Definition is not InstanceTypeDefinition it)
                    throw new ComponentLinkException($"import `{full}`: type {desc.Index} is not an instance type");
                var childPath = new string[path.Length + 1];
                path.CopyTo(childPath, 0);
                childPath[path.Length] = name;
                return InstanceFromHost(declared.Scope, it, node, childPath);
            }
            case ComponentModel.Binary.ExternKind.Type:
                if (!desc.Bound.IsSubResource) return scope.Types[(int)desc.Bound.Index];
                return node?.Resource ?? new RtResource(name, null, null);
            default:
                throw FeatureCheck.Unsupported($"importing a {desc.Kind.ToString().ToLowerInvariant()} from the host (`{full}`)");
        }
    }

    private RtInstance InstanceFromHost(Scope declaringScope, InstanceTypeDefinition type, ResolvedImport? provider, string[] path)
    {
        var local = new Scope(declaringScope, declaringScope.State);
        var exports = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var d in type.Declarations)
        {
            switch (d)
            {
                case CoreTypeDeclaration c: local.CoreTypes.Add(c.Type); break;
                case TypeDeclaration t: local.Types.Add(DefineType(local, t.Type)); break;
                case AliasDeclaration a: local.Add(a.Alias.Sort, Alias(local, a.Alias)); break;
                case ExportDeclaration e:
                {
                    var child = provider?.Child(e.Name.Name, e.Desc.Kind, path);
                    var item = FromHost(local, e.Name.Name, e.Desc, child, path);
                    exports[e.Name.Name] = item;
                    if (e.Desc.Kind == ComponentModel.Binary.ExternKind.Type) local.Types.Add((RtType)item);
                    break;
                }
            }
        }
        return new RtInstance(exports, null);
    }
}

/// <summary>
/// Link-time checks of a nested component's instantiation arguments against its import declarations: the kind of every
/// argument, the exact type of a function, and the exports (names and kinds) an instance must have.
/// </summary>
internal static class ArgumentChecks
{
    public static void Check(Scope scope, string name, ExternDesc desc, object arg)
    {
        var expected = KindName(desc.Kind);
        var found = KindName(arg);
        if (expected != found)
            throw new ComponentLinkException($"import `{name}` has the wrong type: expected {expected}, found {found}");
        if (arg is RtFunc f && scope.Types[(int)desc.Index] is RtFuncType want && !Same(want, f.Type))
            throw new ComponentLinkException($"import `{name}` has the wrong type: expected {Signature(want)}, found {Signature(f.Type)}");
        if (arg is RtInstance inst && scope.Types[(int)desc.Index] is RtDeclaredType { Definition: InstanceTypeDefinition it })
        {
            foreach (var d in it.Declarations)
            {
                if (d is not ExportDeclaration e) continue;
                var want2 = KindName(e.Desc.Kind);
                if (!inst.Exports.TryGetValue(e.Name.Name, out var item))
                    throw new ComponentLinkException($"import `{name}` has the wrong type: expected an instance exporting {want2} `{e.Name.Name}`, found none");
                if (KindName(item) != want2)
                    throw new ComponentLinkException($"import `{name}#{e.Name.Name}` has the wrong type: expected {want2}, found {KindName(item)}");
            }
        }
    }

    private static bool Same(RtFuncType a, RtFuncType b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Parameters.Count != b.Parameters.Count) return false;
        for (int i = 0; i < a.Parameters.Count; i++)
            if (a.Parameters[i].Name != b.Parameters[i].Name || a.Parameters[i].Type.ToString() != b.Parameters[i].Type.ToString()) return false;
        return (a.Result is null) == (b.Result is null) && (a.Result is null || a.Result.ToString() == b.Result!.ToString());
    }

    /// <summary><c>func(a: u32, b: string) -> u32</c>.</summary>
    public static string Signature(RtFuncType t)
    {
        var sb = new System.Text.StringBuilder("func(");
        for (int i = 0; i < t.Parameters.Count; i++)
            sb.Append(i == 0 ? "" : ", ").Append(t.Parameters[i].Name).Append(": ").Append(t.Parameters[i].Type);
        sb.Append(')');
        if (t.Result is not null) sb.Append(" -> ").Append(t.Result);
        return sb.ToString();
    }

    private static string KindName(ComponentModel.Binary.ExternKind kind) => kind switch
    {
        ComponentModel.Binary.ExternKind.Func => "function",
        ComponentModel.Binary.ExternKind.Instance => "instance",
        ComponentModel.Binary.ExternKind.Type => "type",
        ComponentModel.Binary.ExternKind.Component => "component",
        ComponentModel.Binary.ExternKind.Module => "module",
        _ => "value",
    };

    private static string KindName(object item) => item switch
    {
        RtFunc => "function",
        RtInstance => "instance",
        RtType => "type",
        RtComponentDef => "component",
        Module => "module",
        _ => "value",
    };
}

/// <summary>Instantiating a component failed: an import is missing or of the wrong kind.</summary>
public sealed class ComponentLinkException : Exception
{
    /// <summary>Creates a link error.</summary>
    public ComponentLinkException(string message) : base(message)
    {
    }
}

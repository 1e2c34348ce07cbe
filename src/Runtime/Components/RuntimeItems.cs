using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Binary;
using CoreFuncType = WitBindgen.Runtime.Types.FuncType;
using ValType = WitBindgen.ComponentModel.Types.ValType;

namespace WitBindgen.Runtime.Components;

/// <summary>A type in a component instance's type index space, resolved at instantiation (resources are generative).</summary>
internal abstract class RtType
{
}

/// <summary>A value type with resources bound to run-time resource ids.</summary>
internal sealed class RtValType : RtType
{
    public RtValType(ValType type) => Type = type;
    public ValType Type { get; }
}

/// <summary>A component function type with its canonical ABI plan.</summary>
internal sealed class RtFuncType : RtType
{
    public RtFuncType(IReadOnlyList<(string Name, ValType Type)> parameters, ValType? result)
    {
        Parameters = parameters;
        Result = result;
        var types = new ValType[parameters.Count];
        for (int i = 0; i < types.Length; i++) types[i] = parameters[i].Type;
        Plan = FunctionAbiPlan.Create(types, result);
        foreach (var t in types) UsesHandles |= HasHandles(t);
        if (result is not null) UsesHandles |= HasHandles(result);
    }

    /// <summary>Whether a parameter or the result holds an own or borrow handle (calls then need a borrow scope).</summary>
    public bool UsesHandles { get; }

    private static bool HasHandles(ValType t)
    {
        if (t.Kind is WitBindgen.ComponentModel.Types.ValTypeKind.Own or WitBindgen.ComponentModel.Types.ValTypeKind.Borrow) return true;
        if (t.Element is { } e && HasHandles(e)) return true;
        foreach (var f in t.Fields) if (HasHandles(f)) return true;
        foreach (var c in t.Cases) if (c is not null && HasHandles(c)) return true;
        return false;
    }

    public IReadOnlyList<(string Name, ValType Type)> Parameters { get; }
    public ValType? Result { get; }
    public FunctionAbiPlan Plan { get; }

    private CoreFuncType? _lowerCoreType;

    /// <summary>The core type of a <c>canon lower</c> of this type (made once; types of host imports are shared by every instantiation).</summary>
    public CoreFuncType LowerCoreType => _lowerCoreType ??= CanonicalCalls.CoreType(Plan.Lower);
}

/// <summary>
/// A resource type. Each evaluation of a resource type definition creates a fresh one (a fresh <see cref="Id"/>);
/// <see cref="Owner"/> is the component instance that defined it (null for host resources).
/// </summary>
internal sealed class RtResource : RtType
{
    private static int s_nextGuest;
    private static int s_nextHost;

    public RtResource(string? name, ComponentInstanceState? owner, Function? destructor, Action<uint>? hostDestructor = null)
    {
        // Guest-defined resources get positive ids, host-defined ones negative (trap messages tell them apart).
        Id = owner is not null || destructor is not null ? Interlocked.Increment(ref s_nextGuest) : -Interlocked.Increment(ref s_nextHost);
        Name = name;
        Owner = owner;
        Destructor = destructor;
        HostDestructor = hostDestructor;
    }

    public int Id { get; }
    public string? Name { get; }
    public ComponentInstanceState? Owner { get; }
    public Function? Destructor { get; }
    public Action<uint>? HostDestructor { get; }

    /// <summary>For a host resource of a shared linker: the destructor, given the store of the instance that dropped the handle.</summary>
    public Action<Store, uint>? StoreDestructor { get; init; }
}

/// <summary>A component or instance type definition, interpreted when an import of that type is resolved.</summary>
internal sealed class RtDeclaredType : RtType
{
    public RtDeclaredType(TypeDefinition definition, Scope scope) { Definition = definition; Scope = scope; }
    public TypeDefinition Definition { get; }
    public Scope Scope { get; }
}

/// <summary>A callable component function: a lifted core function, a host function or a trap stub.</summary>
internal abstract class RtFunc
{
    protected RtFunc(RtFuncType type) => Type = type;
    public RtFuncType Type { get; }
    /// <summary>Calls the function; <paramref name="store"/> is the store of the instance calling it (host functions that take the store get it).</summary>
    public abstract ComponentValue? Invoke(ComponentValue[] args, Store store);
}

/// <summary>A component instance value: its exports by name (functions, instances, types, components, modules).</summary>
internal sealed class RtInstance
{
    public RtInstance(IReadOnlyDictionary<string, object> exports, ComponentInstanceState? state) { Exports = exports; State = state; }
    public IReadOnlyDictionary<string, object> Exports { get; }
    public ComponentInstanceState? State { get; }
}

/// <summary>
/// The export names of one component definition, laid out once (shared by every instantiation, made on first use): each
/// distinct name in order and the position of its last export among all exports of the definition's export sections.
/// </summary>
internal sealed class ExportLayout
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ComponentBinary, ExportLayout> s_layouts = new();

    private ExportLayout(ComponentBinary binary)
    {
        var names = new List<string>();
        int count = 0;
        foreach (var section in binary.Sections)
        {
            if (section is not ExportSection ex) continue;
            foreach (var export in ex.Exports)
            {
                // A later export of a name wins, as in a dictionary filled in order.
                if (!Index.ContainsKey(export.Name.Name)) names.Add(export.Name.Name);
                Index[export.Name.Name] = count++;
            }
        }
        Names = names.ToArray();
        Count = count;
    }

    /// <summary>The layout of <paramref name="binary"/>'s exports.</summary>
    public static ExportLayout Of(ComponentBinary binary) => s_layouts.GetValue(binary, static b => new ExportLayout(b));

    /// <summary>Position of each name's (last) export.</summary>
    public Dictionary<string, int> Index { get; } = new(StringComparer.Ordinal);

    /// <summary>The distinct names, in order of first export.</summary>
    public string[] Names { get; }

    /// <summary>How many exports the definition's export sections hold (duplicates included).</summary>
    public int Count { get; }
}

/// <summary>
/// The exports of one component instance: the items in export order, named through the definition's shared
/// <see cref="ExportLayout"/>, so an instantiation fills one array instead of building a dictionary.
/// </summary>
internal sealed class InstanceExports : IReadOnlyDictionary<string, object>
{
    private readonly ExportLayout _layout;
    private readonly object[] _items;
    private int _added;

    public InstanceExports(ExportLayout layout)
    {
        _layout = layout;
        _items = layout.Count == 0 ? Array.Empty<object>() : new object[layout.Count];
    }

    /// <summary>Adds the next export (in the order of the definition's export sections).</summary>
    public void Add(object item) => _items[_added++] = item;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value)
    {
        if (_layout.Index.TryGetValue(key, out int at) && at < _added)
        {
            value = _items[at];
            return true;
        }
        value = null;
        return false;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public object this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys
    {
        get { foreach (var (key, _) in this) yield return key; }
    }

    public IEnumerable<object> Values
    {
        get { foreach (var (_, value) in this) yield return value; }
    }

    public int Count
    {
        get
        {
            int count = 0;
            foreach (var _ in this) count++;
            return count;
        }
    }

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        foreach (var name in _layout.Names)
            if (TryGetValue(name, out var value)) yield return new KeyValuePair<string, object>(name, value);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A component definition with the scope its outer aliases see.</summary>
internal sealed class RtComponentDef
{
    public RtComponentDef(Component owner, ComponentBinary binary, Scope? closure) { Owner = owner; Binary = binary; Closure = closure; }
    public Component Owner { get; }
    public ComponentBinary Binary { get; }
    public Scope? Closure { get; }
}

/// <summary>The run-time state of one component instance (nested instances have their own).</summary>
internal sealed class ComponentInstanceState
{
    private readonly Store? _store;

    /// <summary>The state of an instance in <paramref name="store"/> (null only for the scope of an <see cref="InstantiationPlan"/>).</summary>
    public ComponentInstanceState(Store? store) => _store = store;

    /// <summary>The store the instance lives in (host functions it calls receive it).</summary>
    public Store Store => _store ?? throw new InvalidOperationException("an instantiation plan has no store");

    public InstanceHandles Handles { get; } = new();
    /// <summary>False while the instance is on the call stack (sync reentrance is a trap).</summary>
    public bool MayEnter = true;
    /// <summary>False during realloc, post-return and destructors: calling out is a trap.</summary>
    public bool MayLeave = true;
    /// <summary>Set after a trap: the instance cannot be entered again.</summary>
    public bool Poisoned;
}

/// <summary>The 13 index spaces of one component instance (or of a type declaration, for types only).</summary>
internal sealed class Scope
{
    /// <summary>A scope whose spaces are sized from <paramref name="sizes"/> (<see cref="SpaceSizes"/>) when given, else grown as needed.</summary>
    public Scope(Scope? parent, ComponentInstanceState state, int[]? sizes = null)
        : this(parent, state, sizes, null)
    {
    }

    private Scope(Scope? parent, ComponentInstanceState state, int[]? sizes, Scope? plan)
    {
        Parent = parent;
        State = state;
        if (sizes is null) return;
        var from = plan ?? s_empty;
        CoreFuncs = IndexSpace<Function>.StartingWith(from.CoreFuncs, sizes[(int)Sort.CoreFunc]);
        CoreTables = IndexSpace<Table>.StartingWith(from.CoreTables, sizes[(int)Sort.CoreTable]);
        CoreMemories = IndexSpace<Memory>.StartingWith(from.CoreMemories, sizes[(int)Sort.CoreMemory]);
        CoreGlobals = IndexSpace<Global>.StartingWith(from.CoreGlobals, sizes[(int)Sort.CoreGlobal]);
        CoreTags = IndexSpace<object?>.StartingWith(from.CoreTags, sizes[(int)Sort.CoreTag]);
        CoreTypes = IndexSpace<object?>.StartingWith(from.CoreTypes, sizes[(int)Sort.CoreType]);
        CoreModules = IndexSpace<Module>.StartingWith(from.CoreModules, sizes[(int)Sort.CoreModule]);
        CoreInstances = IndexSpace<IReadOnlyDictionary<string, Extern>>.StartingWith(from.CoreInstances, sizes[(int)Sort.CoreInstance]);
        Funcs = IndexSpace<RtFunc>.StartingWith(from.Funcs, sizes[(int)Sort.Func]);
        Values = IndexSpace<object?>.StartingWith(from.Values, sizes[(int)Sort.Value]);
        Types = IndexSpace<RtType>.StartingWith(from.Types, sizes[(int)Sort.Type]);
        Components = IndexSpace<RtComponentDef>.StartingWith(from.Components, sizes[(int)Sort.Component]);
        Instances = IndexSpace<RtInstance>.StartingWith(from.Instances, sizes[(int)Sort.Instance]);
    }

    /// <summary>Where a scope without a plan starts from: every space empty.</summary>
    private static readonly Scope s_empty = new(null, new ComponentInstanceState(null));

    public Scope? Parent { get; }
    public ComponentInstanceState State { get; }
    /// <summary>The canonical options made in this scope, latest first, shared by lifts and lowers naming the same ones.</summary>
    public CanonOptions? Options;

    // Mutable struct fields (not readonly, not properties): Add must change the scope's own copy.
    public IndexSpace<Function> CoreFuncs;
    public IndexSpace<Table> CoreTables;
    public IndexSpace<Memory> CoreMemories;
    public IndexSpace<Global> CoreGlobals;
    public IndexSpace<object?> CoreTags;
    public IndexSpace<object?> CoreTypes;
    public IndexSpace<Module> CoreModules;
    public IndexSpace<IReadOnlyDictionary<string, Extern>> CoreInstances;
    public IndexSpace<RtFunc> Funcs;
    public IndexSpace<object?> Values;
    public IndexSpace<RtType> Types;
    public IndexSpace<RtComponentDef> Components;
    public IndexSpace<RtInstance> Instances;

    /// <summary>
    /// A root scope that starts with the index spaces of <paramref name="plan"/> (made once per component and trimmed), with
    /// room for the rest of the component (<paramref name="sizes"/>): the items are shared, and a space the instantiation
    /// adds nothing to shares the plan's array too.
    /// </summary>
    public static Scope FromPlan(Scope plan, ComponentInstanceState state, int[] sizes) => new(null, state, sizes, plan);

    /// <summary>Cuts every space to its items: done to a plan's scope once, so instantiations can share its arrays.</summary>
    public void Trim()
    {
        CoreFuncs.Trim(); CoreTables.Trim(); CoreMemories.Trim(); CoreGlobals.Trim(); CoreTags.Trim(); CoreTypes.Trim(); CoreModules.Trim();
        CoreInstances.Trim(); Funcs.Trim(); Values.Trim(); Types.Trim(); Components.Trim(); Instances.Trim();
    }

    public Scope Outer(uint count)
    {
        var s = this;
        for (uint i = 0; i < count; i++) s = s.Parent ?? throw new InvalidOperationException("outer alias beyond the outermost component");
        return s;
    }

    /// <summary>The item at <paramref name="index"/> of a component sort.</summary>
    public object Get(Sort sort, uint index) => sort switch
    {
        Sort.Func => Funcs[(int)index],
        Sort.Type => Types[(int)index],
        Sort.Component => Components[(int)index],
        Sort.Instance => Instances[(int)index],
        Sort.CoreModule => CoreModules[(int)index],
        Sort.CoreFunc => CoreFuncs[(int)index],
        Sort.CoreTable => CoreTables[(int)index],
        Sort.CoreMemory => CoreMemories[(int)index],
        Sort.CoreGlobal => CoreGlobals[(int)index],
        Sort.CoreType => CoreTypes[(int)index] ?? new object(),
        _ => throw FeatureCheck.Unsupported("component values"),
    };

    /// <summary>Appends <paramref name="item"/> to the space of <paramref name="sort"/>.</summary>
    public void Add(Sort sort, object item)
    {
        switch (sort)
        {
            case Sort.Func: Funcs.Add((RtFunc)item); break;
            case Sort.Type: Types.Add((RtType)item); break;
            case Sort.Component: Components.Add((RtComponentDef)item); break;
            case Sort.Instance: Instances.Add((RtInstance)item); break;
            case Sort.CoreModule: CoreModules.Add((Module)item); break;
            case Sort.CoreFunc: CoreFuncs.Add((Function)item); break;
            case Sort.CoreTable: CoreTables.Add((Table)item); break;
            case Sort.CoreMemory: CoreMemories.Add((Memory)item); break;
            case Sort.CoreGlobal: CoreGlobals.Add((Global)item); break;
            case Sort.CoreType: CoreTypes.Add(item); break;
            case Sort.CoreTag: CoreTags.Add(item); break;
            default: throw FeatureCheck.Unsupported("component values");
        }
    }
}

/// <summary>
/// A core instance's exports as a component's index spaces read them: looked up by name through the module's export index,
/// so an instantiation builds no dictionary per core instance.
/// </summary>
internal sealed class CoreInstanceExports : IReadOnlyDictionary<string, Extern>
{
    private readonly Instance _instance;

    public CoreInstanceExports(Instance instance) => _instance = instance;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Extern value) => _instance.TryGetExport(key, out value);

    public bool ContainsKey(string key) => _instance.Module.ExportIndex.ContainsKey(key);

    public Extern this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => _instance.Exports.Keys;

    public IEnumerable<Extern> Values => _instance.Exports.Values;

    public int Count => _instance.Module.ExportIndex.Count;

    public IEnumerator<KeyValuePair<string, Extern>> GetEnumerator() => _instance.Exports.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// An inline core instance (<c>(core instance (export "name" (func 0)) ...)</c>): its few exports looked up by a linear
/// search over the definition's names, rather than copied into a dictionary on every instantiation.
/// </summary>
internal sealed class InlineCoreExports : IReadOnlyDictionary<string, Extern>
{
    private readonly IReadOnlyList<CoreInlineExport> _names;
    private readonly Extern[] _items;

    public InlineCoreExports(IReadOnlyList<CoreInlineExport> names, Extern[] items)
    {
        _names = names;
        _items = items;
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Extern value)
    {
        // The last export of a name wins, as in a dictionary filled in order.
        for (int i = _items.Length - 1; i >= 0; i--)
        {
            if (string.Equals(_names[i].Name, key, StringComparison.Ordinal))
            {
                value = _items[i];
                return true;
            }
        }
        value = null;
        return false;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public Extern this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => ToDictionary().Keys;

    public IEnumerable<Extern> Values => ToDictionary().Values;

    public int Count => ToDictionary().Count;

    public IEnumerator<KeyValuePair<string, Extern>> GetEnumerator() => ToDictionary().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private Dictionary<string, Extern> ToDictionary()
    {
        var all = new Dictionary<string, Extern>(StringComparer.Ordinal);
        for (int i = 0; i < _items.Length; i++) all[_names[i].Name] = _items[i];
        return all;
    }
}

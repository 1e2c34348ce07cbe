using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Abi;

namespace WitBindgen.Runtime.Components;

/// <summary>A component function implemented by the host: receives the arguments, returns the results (none or one).</summary>
public delegate ComponentValue[] ComponentHostFunction(ComponentValue[] args);

/// <summary>
/// A component function implemented by the host that also receives the <see cref="Store"/> of the instance calling it,
/// so one linker can serve many instances, each finding its own state (e.g. in <see cref="Store{T}.Data"/>).
/// </summary>
public delegate ComponentValue[] ComponentStoreHostFunction(Store store, ComponentValue[] args);

/// <summary>A typed host function as an import of <paramref name="type"/> named <paramref name="full"/> sees it (checked then).</summary>
internal delegate ComponentStoreHostFunction TypedBinder(RtFuncType type, string full);

/// <summary>
/// The typed fast path of a host import, written by generated host bindings: lifts the arguments from
/// <paramref name="call"/> (the caller's flat arguments and memory), calls the host's implementation, calls
/// <see cref="ComponentCall.Returned"/> and lowers the result (<see cref="ComponentCall.Return"/>, or into
/// <see cref="ComponentCall.ReturnArea"/>).
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public delegate void ComponentTypedHostFunction(ref ComponentCall call);

/// <summary>
/// A host function with a typed fast path: components whose import has type <see cref="Key"/> call
/// <see cref="Typed"/>; others get the dynamic <see cref="Fallback"/>. Linkers keep it as the target of a
/// <see cref="ComponentStoreHostFunction"/> (so it is copied, mirrored and replaced like any host function).
/// </summary>
internal sealed record TypedHostDefinition(string Key, ComponentTypedHostFunction Typed, ComponentStoreHostFunction Fallback)
{
    public ComponentValue[] Call(Store store, ComponentValue[] args) => Fallback(store, args);
}

/// <summary>
/// Defines what components import (host functions, nested instances such as <c>wasi:cli/stdout@0.2.3</c>, host
/// resources) and instantiates components. Import names are matched exactly first, then by the semver
/// compatibility key (<c>@1</c> for 1.x.y, <c>@0.2</c> for 0.2.x; none for 0.0.x or prereleases), the highest
/// version among the definitions sharing the key winning, so <c>wasi:cli/stdout@0.2.12</c> links to a host's
/// <c>@0.2.3</c> and the other way round.
/// </summary>
public sealed class ComponentLinker
{
    private readonly HashSet<Component> _trapUnknown = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates an empty linker.</summary>
    public ComponentLinker(Engine engine)
    {
        Engine = engine ?? throw new ArgumentNullException(nameof(engine));
        Root = new ComponentLinkerInstance();
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>The root: functions and instances imported by plain names.</summary>
    public ComponentLinkerInstance Root { get; }

    /// <summary>A root-level instance by name (created when missing), e.g. <c>wasi:cli/stdout@0.2.3</c>.</summary>
    public ComponentLinkerInstance Instance(string name) => Root.Instance(name);

    /// <summary>Every import of <paramref name="component"/> the linker does not define becomes functions (and resources) that trap when called.</summary>
    public void DefineUnknownImportsAsTraps(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        _trapUnknown.Add(component);
    }

    /// <summary>Instantiates <paramref name="component"/> in <paramref name="store"/>.</summary>
    /// <remarks>Resolves the imports on every call; to instantiate one component many times, resolve once with
    /// <see cref="InstantiatePre"/>.</remarks>
    /// <exception cref="ComponentLinkException">An import is not defined or has the wrong kind or type.</exception>
    /// <exception cref="LinkException">Core modules inside the component do not link.</exception>
    /// <exception cref="Trap">A core start function trapped.</exception>
    public ComponentInstance Instantiate(Store store, Component component)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(component);
        return InstantiatePre(component).InstantiateOnce(store);
    }

    /// <summary>
    /// Resolves every import of <paramref name="component"/> against this linker once, checking its kind (function,
    /// instance, resource) and that every export an imported instance declares is defined, and returns a
    /// <see cref="ComponentInstancePre"/> whose <see cref="ComponentInstancePre.Instantiate"/> repeats without name
    /// lookups. Later changes to the linker are not seen by the result.
    /// </summary>
    /// <exception cref="ComponentLinkException">An import is not defined or has the wrong kind; the message names the import and the expected and found kinds.</exception>
    public ComponentInstancePre InstantiatePre(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (component.Engine != Engine) throw new ArgumentException("the component was compiled for another engine", nameof(component));
        return new ComponentInstancePre(component, ImportResolver.Resolve(component, Root, _trapUnknown.Contains(component)));
    }
}

/// <summary>A set of host definitions by name: functions, nested instances and resources.</summary>
public sealed class ComponentLinkerInstance
{
    private readonly Dictionary<string, Delegate> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ComponentLinkerInstance> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RtResource> _resources = new(StringComparer.Ordinal);

    internal ComponentLinkerInstance()
    {
    }

    /// <summary>Defines (or replaces) a host function.</summary>
    public void DefineFunction(string name, ComponentHostFunction function)
    {
        ArgumentNullException.ThrowIfNull(name);
        _functions[name] = function ?? throw new ArgumentNullException(nameof(function));
    }

    /// <summary>Defines (or replaces) a host function that receives the <see cref="Store"/> of the calling instance.</summary>
    public void DefineFunction(string name, ComponentStoreHostFunction function)
    {
        ArgumentNullException.ThrowIfNull(name);
        _functions[name] = function ?? throw new ArgumentNullException(nameof(function));
    }

    /// <summary>
    /// Defines (or replaces) a host function from a typed delegate, such as <c>(uint a, uint b) =&gt; a + b</c> or
    /// <c>(string s) =&gt; s.Length</c>. Parameters and the result map to component types: bool, sbyte/byte, short/ushort,
    /// int/uint, long/ulong (s8..u64), float, double, <see cref="System.Text.Rune"/> (char), string, and arrays of these
    /// (list); void means no result. A first parameter of type <see cref="Store"/> receives the calling instance's store.
    /// The import's function type must be exactly the delegate's (parameter names aside): instantiation, not the first
    /// call, fails otherwise with a <see cref="ComponentLinkException"/> naming the import and both types.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter or the result type has no component type here.</exception>
    public void DefineFunction(string name, Delegate function)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(function);
        if (function is ComponentHostFunction or ComponentStoreHostFunction) { _functions[name] = function; return; }
        _functions[name] = (TypedBinder)TypedHostFunction.Create(function).Bind;
    }

    /// <summary>
    /// Defines (or replaces) a host function with a typed fast path (generated host bindings): a component whose import
    /// has the type <paramref name="typeKey"/> (the <c>FunctionAbiPlan.TypeKey</c> the bindings were generated for) calls
    /// <paramref name="typed"/> straight from its core code; any other calls <paramref name="fallback"/>.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public void DefineFunction(string name, string typeKey, ComponentTypedHostFunction typed, ComponentHostFunction fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        DefineFunction(name, typeKey, typed, (_, args) => fallback(args));
    }

    /// <summary>
    /// As <see cref="DefineFunction(string, string, ComponentTypedHostFunction, ComponentHostFunction)"/>, with a dynamic
    /// <paramref name="fallback"/> that receives the calling instance's store (host bindings whose implementation is found
    /// per store; the typed path reads it from <see cref="ComponentCall.Store"/>).
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public void DefineFunction(string name, string typeKey, ComponentTypedHostFunction typed, ComponentStoreHostFunction fallback)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(typeKey);
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(fallback);
        _functions[name] = new ComponentStoreHostFunction(new TypedHostDefinition(typeKey, typed, fallback).Call);
    }

    /// <summary>
    /// Defines a host resource type named <paramref name="name"/>. Its handles reach host functions as
    /// <see cref="ComponentValue.Own(uint)"/>/<see cref="ComponentValue.Borrow(uint)"/> of the rep the host chose;
    /// <paramref name="destructor"/> runs when a component drops an own handle.
    /// </summary>
    public void DefineResource(string name, Action<uint>? destructor = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        _resources[name] = new RtResource(name, null, null, destructor);
    }

    /// <summary>
    /// Defines a host resource type named <paramref name="name"/> whose objects, of type <typeparamref name="T"/>, live in
    /// the <see cref="ResourceTable"/> <paramref name="table"/> returns for the store of the calling instance: host functions
    /// hand objects to components with <see cref="ResourceTable.Own"/> and find them again with
    /// <see cref="ResourceTable.Get{T}(ComponentValue)"/> (borrows) or <see cref="ResourceTable.TakeOwn{T}"/> (an own handle
    /// moves ownership to the host). When a component drops an own handle the object leaves the table and is disposed
    /// (when <see cref="IDisposable"/>), once; a rep holding an object of another type traps.
    /// </summary>
    public void DefineResource<T>(string name, Func<Store, ResourceTable> table) where T : class
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(table);
        DefineResource(name, (store, rep) => table(store).Delete<T>(rep));
    }

    /// <summary>A nested instance by name (created when missing).</summary>
    public ComponentLinkerInstance Instance(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_instances.TryGetValue(name, out var inst)) _instances[name] = inst = new ComponentLinkerInstance();
        return inst;
    }

    /// <summary>A <see cref="ComponentHostFunction"/>, a <see cref="ComponentStoreHostFunction"/>, a factory of the first or a <see cref="TypedBinder"/>; or null.</summary>
    internal Delegate? LookupFunction(string name) => Lookup(_functions, name);
    internal ComponentLinkerInstance? LookupInstance(string name) => Lookup(_instances, name);

    /// <summary>Defines a host resource whose destructor finds its state through the store of the instance dropping the handle.</summary>
    internal void DefineResource(string name, Action<Store, uint> destructor) =>
        _resources[name] = new RtResource(name, null, null) { StoreDestructor = destructor };

    internal IEnumerable<KeyValuePair<string, Delegate>> Functions => _functions;
    internal IEnumerable<KeyValuePair<string, ComponentLinkerInstance>> Instances => _instances;
    internal IEnumerable<KeyValuePair<string, RtResource>> Resources => _resources;
    internal RtResource? LookupResource(string name) => Lookup(_resources, name);

    private static T? Lookup<T>(Dictionary<string, T> items, string name) where T : class => VersionKey.Find(items, name);
}

/// <summary>The semver compatibility key of a versioned name (RUNTIME-NOTES: versioned imports).</summary>
internal static class VersionKey
{
    /// <summary>
    /// <c>ns:pkg/iface@1.2.3</c> -&gt; <c>ns:pkg/iface@1</c>; <c>@0.2.3</c> -&gt; <c>@0.2</c>; null for unversioned names,
    /// 0.0.x versions and prereleases.
    /// </summary>
    public static string? Of(string name, out Version? version)
    {
        version = null;
        int at = name.LastIndexOf('@');
        if (at < 0) return null;
        var text = name.Substring(at + 1);
        int plus = text.IndexOf('+');
        if (plus >= 0) text = text.Substring(0, plus);
        if (text.Contains('-')) return null;
        var parts = text.Split('.');
        if (parts.Length != 3) return null;
        if (!uint.TryParse(parts[0], out var major) || !uint.TryParse(parts[1], out var minor) || !uint.TryParse(parts[2], out var patch)) return null;
        version = new Version((int)major, (int)minor, (int)patch);
        if (major > 0) return name.Substring(0, at) + "@" + major;
        if (minor > 0) return name.Substring(0, at) + "@0." + minor;
        return null;
    }

    /// <summary>The item named exactly <paramref name="name"/>, else the one with the highest version among those with
    /// the same compatibility key (so <c>@0.2.12</c> finds <c>@0.2.3</c> and the other way round), else null.</summary>
    public static T? Find<T>(IReadOnlyDictionary<string, T> items, string name) where T : class
    {
        if (items.TryGetValue(name, out var exact)) return exact;
        var key = Of(name, out _);
        if (key is null) return null;
        T? best = null;
        Version? bestVersion = null;
        foreach (var (candidate, item) in items)
        {
            if (Of(candidate, out var v) != key || v is null) continue;
            if (bestVersion is null || v > bestVersion) { best = item; bestVersion = v; }
        }
        return best;
    }
}

using System;
using WitBindgen.Runtime.Execution;

namespace WitBindgen.Runtime;

/// <summary>
/// What a host function sees of its caller, as wasmtime's <c>Caller</c>: the store, its data and the exports of
/// the instance whose code made the call (e.g. <c>caller.GetMemory("memory")</c>). It is a ref struct: it lives only
/// for the duration of the call and cannot be kept.
/// </summary>
/// <remarks>
/// The calling instance is the one that imported the host function: each importing instance gets its own
/// binding of the function at instantiation (no cost per call), used by its calls, its <c>ref.func</c> and the
/// table elements it writes; its exports keep the host's <see cref="Function"/>. A host function called from C#
/// (<see cref="Function.Invoke"/>), or placed in a table from C# (<see cref="Table.Set"/>) and called through it,
/// has no calling instance: then <see cref="GetExport"/> returns null and the store is the one given when the
/// function was created, if any.
/// </remarks>
public readonly ref struct Caller
{
    private readonly Store? _store;
    private readonly Instance? _instance;

    internal Caller(Store? store, Instance? instance)
    {
        _store = store;
        _instance = instance;
    }

    /// <summary>The store the call runs in.</summary>
    /// <exception cref="InvalidOperationException">The function was called outside any store (from C#, created without one).</exception>
    public Store Store => _store ?? throw new InvalidOperationException("the host function was called outside of any store (directly from C#, created without a store)");

    /// <summary>The store's data (<see cref="Store.Data"/>).</summary>
    public object? Data
    {
        get => Store.Data;
        set => Store.Data = value;
    }

    /// <summary>Whether the call comes from a wasm instance (its exports are available).</summary>
    public bool HasInstance => _instance is not null;

    /// <summary>An export of the calling instance, or null (no such export, or no calling instance).</summary>
    public Extern? GetExport(string name) => _instance?.GetExport(name);

    /// <summary>An exported function of the calling instance, or null.</summary>
    public Function? GetFunction(string name) => GetExport(name) as Function;

    /// <summary>An exported memory of the calling instance, or null (e.g. <c>GetMemory("memory")</c>).</summary>
    public Memory? GetMemory(string name) => GetExport(name) as Memory;

    /// <summary>An exported global of the calling instance, or null.</summary>
    public Global? GetGlobal(string name) => GetExport(name) as Global;

    /// <summary>An exported table of the calling instance, or null.</summary>
    public Table? GetTable(string name) => GetExport(name) as Table;
}

/// <summary>
/// A <see cref="Caller"/> of a <see cref="Store{T}"/>: the typed data by reference (<c>caller.Data.Count++</c>).
/// Declare it as the first parameter of a typed host delegate, e.g. <c>Func&lt;Caller&lt;MyState&gt;, int, int&gt;</c>.
/// </summary>
/// <typeparam name="T">The store's data type.</typeparam>
public readonly ref struct Caller<T>
{
    private readonly Store<T>? _store;
    private readonly Instance? _instance;

    internal Caller(Store<T>? store, Instance? instance)
    {
        _store = store;
        _instance = instance;
    }

    /// <summary>The store the call runs in.</summary>
    /// <exception cref="InvalidOperationException">The function was called outside any store.</exception>
    public Store<T> Store => _store ?? throw new InvalidOperationException("the host function was called outside of any store (directly from C#, created without a store)");

    /// <summary>The store's data, by reference: it can be read, changed in place or replaced.</summary>
    public ref T Data => ref Store.Data;

    /// <summary>Whether the call comes from a wasm instance (its exports are available).</summary>
    public bool HasInstance => _instance is not null;

    /// <summary>An export of the calling instance, or null (no such export, or no calling instance).</summary>
    public Extern? GetExport(string name) => _instance?.GetExport(name);

    /// <summary>An exported function of the calling instance, or null.</summary>
    public Function? GetFunction(string name) => GetExport(name) as Function;

    /// <summary>An exported memory of the calling instance, or null.</summary>
    public Memory? GetMemory(string name) => GetExport(name) as Memory;

    /// <summary>An exported global of the calling instance, or null.</summary>
    public Global? GetGlobal(string name) => GetExport(name) as Global;

    /// <summary>An exported table of the calling instance, or null.</summary>
    public Table? GetTable(string name) => GetExport(name) as Table;

    /// <summary>The untyped view of the same caller.</summary>
    public static implicit operator Caller(Caller<T> caller) => new(caller._store, caller._instance);
}

/// <summary>Builds callers for host trampolines (called from generated IL) and wraps host failures.</summary>
internal static class HostCalls
{
    public static Caller MakeCaller(InstanceContext host)
    {
        var instance = host.Caller?.Instance;
        return new Caller(host.Caller?.Store ?? host.HostStore, instance);
    }

    public static Caller<T> MakeTypedCaller<T>(InstanceContext host)
    {
        var store = host.Caller?.Store ?? host.HostStore;
        if (store is not null and not Store<T>)
            throw new Trap(TrapCode.HostError, $"host function {HostName(host)} expects a Store<{typeof(T).Name}>, but runs in a {StoreName(store)}");
        return new Caller<T>((Store<T>?)store, host.Caller?.Instance);
    }

    /// <summary>Exception filter of host trampolines: everything but a trap or a wasm exception (which wasm may
    /// catch) is a host failure.</summary>
    public static bool IsHostFailure(object exception) => exception is not (Trap or ThrownException);

    /// <summary>A trap standing for an exception thrown by a host function.</summary>
    public static Trap Failure(Exception exception, InstanceContext host) =>
        new(TrapCode.HostError, $"host function {HostName(host)} failed: {exception.GetType().Name}: {exception.Message}", exception);

    internal static string HostName(InstanceContext host) =>
        host.HostName is { } name ? $"'{name}'" : host.HostImport is { } import ? $"'{import.Module}::{import.Name}'" : "(anonymous)";

    internal static string StoreName(Store store) =>
        store.GetType().IsGenericType ? $"Store<{store.GetType().GetGenericArguments()[0].Name}>" : "Store";
}

using System;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;

namespace WitBindgen.Runtime.Wasi;

/// <summary>
/// One WASI interface in a linker. Each host function is defined once, as a function of the calling instance's
/// <see cref="WasiContext"/> (found through its store) and the arguments, so one linker serves every store and
/// nothing is bound per context.
/// </summary>
internal readonly struct HostInstance
{
    private readonly ComponentLinkerInstance _instance;
    private readonly Func<Store, WasiContext> _context;

    public HostInstance(ComponentLinker linker, string iface, Func<Store, WasiContext> context)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(context);
        _instance = linker.Instance(Wasi.Name(iface));
        _context = context;
    }

    /// <summary>A function with one result.</summary>
    public void Fn(string name, Func<WasiContext, ComponentValue[], ComponentValue> f)
    {
        var context = _context;
        _instance.DefineFunction(name, (store, a) => new[] { f(Wasi.ContextOf(context, store), a) });
    }

    /// <summary>A function without results.</summary>
    public void Fn0(string name, Action<WasiContext, ComponentValue[]> f)
    {
        var context = _context;
        _instance.DefineFunction(name, (store, a) => { f(Wasi.ContextOf(context, store), a); return Array.Empty<ComponentValue>(); });
    }

    /// <summary>A resource type whose handles index the context's table; dropping an own handle deletes the entry.</summary>
    public void Resource(string name)
    {
        var context = _context;
        _instance.DefineResource<object>(name, store => Wasi.ContextOf(context, store).Table);
    }
}

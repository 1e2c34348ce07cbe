using System;
using System.Collections.Generic;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.Runtime;

/// <summary>Resolves imports by (module, name) and instantiates modules.</summary>
public sealed class Linker
{
    private readonly Dictionary<(string Module, string Name), Extern> _items = new();

    /// <summary>Creates an empty linker.</summary>
    public Linker(Engine? engine = null) => Engine = engine;

    /// <summary>The engine, if given.</summary>
    public Engine? Engine { get; }

    /// <summary>Defines a host function.</summary>
    public void DefineFunction(string module, string name, FunctionType type, HostFunction callback) =>
        Define(module, name, new Function(type, callback));

    /// <summary>Defines a typed host function (see <see cref="Function.FromDelegate"/>), called without boxing.</summary>
    public void DefineFunction(string module, string name, Delegate callback) => Define(module, name, Function.FromDelegate(callback));

    /// <summary>Defines an item (a later definition of the same name replaces the earlier one).</summary>
    public void Define(string module, string name, Extern item)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(name);
        _items[(module, name)] = item ?? throw new ArgumentNullException(nameof(item));
    }

    /// <summary>Defines every export of <paramref name="instance"/> under <paramref name="module"/> (the spec's <c>register</c>).</summary>
    public void DefineInstance(string module, Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        foreach (var (name, item) in instance.Exports) Define(module, name, item);
    }

    /// <summary>Looks up a definition.</summary>
    public Extern? Get(string module, string name) => _items.TryGetValue((module, name), out var item) ? item : null;

    /// <summary>Instantiates <paramref name="module"/> in <paramref name="store"/>: links imports, initializes
    /// tables and memories from active segments, runs the start function.</summary>
    /// <exception cref="LinkException">An import is missing or incompatible.</exception>
    /// <exception cref="Trap">Segment initialization or the start function trapped.</exception>
    public Instance Instantiate(Store store, Module module)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(module);
        return Instantiator.Instantiate(store, module, import => Get(import.Module, import.Name));
    }
}

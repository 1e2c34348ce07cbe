using System;
using System.Collections.Generic;

namespace WitBindgen.Runtime.Wasi;

/// <summary>
/// The host objects a guest's resource handles stand for: each gets a representation number (the rep the
/// component runtime hands back to host functions); lookups check the object's type, so a rep of one resource type
/// never reaches the functions of another. Holds at most <see cref="Capacity"/> objects at a time.
/// </summary>
public sealed class ResourceTable
{
    private readonly Dictionary<uint, object> _items = new();
    private uint _next = 1;

    /// <summary>Creates a table holding at most <paramref name="capacity"/> objects.</summary>
    public ResourceTable(int capacity) => Capacity = capacity;

    /// <summary>The most objects the table holds at a time.</summary>
    public int Capacity { get; }

    /// <summary>How many objects the table holds.</summary>
    public int Count => _items.Count;

    /// <summary>Adds <paramref name="item"/>, returning its rep.</summary>
    /// <exception cref="WasiTrapException">The table is full.</exception>
    public uint Push(object item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_items.Count >= Capacity) throw new WasiTrapException($"resource table has no free space (limit of {Capacity} open handles reached)");
        while (_items.ContainsKey(_next) || _next == 0) _next++;
        var rep = _next++;
        _items[rep] = item;
        return rep;
    }

    /// <summary>The object of type <typeparamref name="T"/> at <paramref name="rep"/>.</summary>
    /// <exception cref="WasiTrapException">No such object, or it has another type.</exception>
    public T Get<T>(uint rep) where T : class
    {
        if (_items.TryGetValue(rep, out var item) && item is T t) return t;
        throw new WasiTrapException(_items.ContainsKey(rep) ? $"resource {rep} has the wrong type (expected {typeof(T).Name})" : $"unknown resource {rep}");
    }

    /// <summary>Removes the object at <paramref name="rep"/> without disposing it (ownership moved to the host).</summary>
    internal void Remove(uint rep) => _items.Remove(rep);

    /// <summary>Removes the object at <paramref name="rep"/> (disposing it when disposable); no effect when absent.</summary>
    public void Delete(uint rep)
    {
        if (_items.Remove(rep, out var item) && item is IDisposable d) d.Dispose();
    }
}

/// <summary>A WASI host failure that traps the guest (bad handle, limits).</summary>
public sealed class WasiTrapException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WasiTrapException(string message) : base(message) { }
}

/// <summary>Thrown by <c>wasi:cli/exit</c> to unwind the guest; the status is also in <see cref="WasiContext.ExitCode"/>.</summary>
public sealed class WasiExitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WasiExitException(int code) : base($"guest exited with status {code}") => Code = code;

    /// <summary>The exit status.</summary>
    public int Code { get; }
}

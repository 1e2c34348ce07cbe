using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// The host objects behind the handles of host-implemented resources, for one store (as wasmtime's
/// <c>ResourceTable</c>, which lives in the store's data): each object gets a rep, the number components see behind
/// their handles, and host functions receiving a handle get the object back. One table holds objects of every resource
/// type with one numbering; lookups check the type, so a rep of one resource never reaches the functions of another.
/// Holds at most <see cref="Capacity"/> objects at a time. Generated host bindings find the table through
/// <see cref="IResourceTableView"/>; WASI's context is one. Disposing the table disposes the objects it still holds.
/// </summary>
public sealed class ResourceTable : IDisposable
{
    /// <summary>The capacity of a table created without one.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Dictionary<uint, object> _items = new();
    // Objects lent as borrows, so lending one again gives the same rep; empty unless the host lends.
    private readonly Dictionary<object, uint> _lent = new(ReferenceEqualityComparer.Instance);
    private uint _next = 1;

    /// <summary>Creates a table holding at most <paramref name="capacity"/> objects.</summary>
    public ResourceTable(int capacity = DefaultCapacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        Capacity = capacity;
    }

    /// <summary>The most objects the table holds at a time.</summary>
    public int Capacity { get; }

    /// <summary>How many objects the table holds.</summary>
    public int Count
    {
        get { lock (_items) return _items.Count; }
    }

    /// <summary>Adds <paramref name="item"/> under a new rep and returns the rep.</summary>
    /// <exception cref="ResourceTableException">The table is full.</exception>
    public uint Push(object item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_items) return PushLocked(item);
    }

    private uint PushLocked(object item)
    {
        if (_items.Count >= Capacity) throw new ResourceTableException($"resource table has no free space (limit of {Capacity} open handles reached)");
        while (_next == 0 || _items.ContainsKey(_next)) _next++;
        var rep = _next++;
        _items[rep] = item;
        return rep;
    }

    /// <summary>The rep of <paramref name="item"/> when it was lent before and is still here, else adds it: the rep of a borrow the host passes.</summary>
    /// <exception cref="ResourceTableException">The table is full.</exception>
    public uint Lend(object item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_items)
        {
            if (_lent.TryGetValue(item, out var rep)) return rep;
            rep = PushLocked(item);
            _lent[item] = rep;
            return rep;
        }
    }

    /// <summary>An own handle for <paramref name="item"/> (a new rep) to return to, or pass into, a component: ownership moves to it.</summary>
    /// <exception cref="ResourceTableException">The table is full.</exception>
    public ComponentValue Own(object item) => ComponentValue.Own(Push(item));

    /// <summary>A borrow of <paramref name="item"/> to pass into a component (<see cref="Lend"/>).</summary>
    /// <exception cref="ResourceTableException">The table is full.</exception>
    public ComponentValue Borrow(object item) => ComponentValue.Borrow(Lend(item));

    /// <summary>The object of type <typeparamref name="T"/> at <paramref name="rep"/>; it stays in the table.</summary>
    /// <exception cref="ResourceTableException">No object has that rep, or it has another type.</exception>
    public T Get<T>(uint rep) where T : class
    {
        lock (_items)
        {
            _items.TryGetValue(rep, out var item);
            return item as T ?? throw Wrong<T>(rep, item);
        }
    }

    /// <summary>The object of type <typeparamref name="T"/> behind an own or borrow handle a component passed; it stays in the table.</summary>
    /// <exception cref="ResourceTableException">No object has that rep, or it has another type.</exception>
    public T Get<T>(ComponentValue handle) where T : class
    {
        if (handle.Kind is not (ValTypeKind.Own or ValTypeKind.Borrow))
            throw new ArgumentException($"expected an own or borrow handle, got {handle.Kind}", nameof(handle));
        return Get<T>(handle.HandleValue);
    }

    /// <summary>
    /// Removes the object of type <typeparamref name="T"/> at <paramref name="rep"/> without disposing it and returns it:
    /// ownership moved to the host (an own handle a component passed to it), which now decides its lifetime.
    /// </summary>
    /// <exception cref="ResourceTableException">No object has that rep, or it has another type.</exception>
    public T Remove<T>(uint rep) where T : class
    {
        lock (_items)
        {
            _items.TryGetValue(rep, out var item);
            if (item is not T value) throw Wrong<T>(rep, item);
            RemoveLocked(rep, item);
            return value;
        }
    }

    /// <summary>The object behind an own handle a component passed to the host, removed from the table (<see cref="Remove{T}"/>).</summary>
    /// <exception cref="ResourceTableException">No object has that rep, or it has another type.</exception>
    public T TakeOwn<T>(ComponentValue own) where T : class
    {
        if (own.Kind != ValTypeKind.Own) throw new ArgumentException($"expected an own handle, got {own.Kind}", nameof(own));
        return Remove<T>(own.HandleValue);
    }

    /// <summary>
    /// Removes the object of type <typeparamref name="T"/> at <paramref name="rep"/> and disposes it when disposable: a
    /// component dropped its own handle. No effect when the rep is absent.
    /// </summary>
    /// <exception cref="ResourceTableException">The object at that rep has another type.</exception>
    public void Delete<T>(uint rep) where T : class
    {
        object? item;
        lock (_items)
        {
            if (!_items.TryGetValue(rep, out item)) return;
            if (item is not T) throw Wrong<T>(rep, item);
            RemoveLocked(rep, item);
        }
        (item as IDisposable)?.Dispose();
    }

    /// <summary>Removes the object at <paramref name="rep"/> (disposing it when disposable), whatever its type; no effect when absent.</summary>
    public void Delete(uint rep) => Delete<object>(rep);

    /// <summary>Empties the table, disposing the disposable objects it held (the store, or the host state owning the table, goes away).</summary>
    public void Dispose()
    {
        object[] items;
        lock (_items)
        {
            items = new object[_items.Count];
            _items.Values.CopyTo(items, 0);
            _items.Clear();
            _lent.Clear();
        }
        foreach (var item in items) (item as IDisposable)?.Dispose();
    }

    /// <summary>The table for generated bindings' calls of <paramref name="export"/>: the one its store's <see cref="Store.Data"/> gives.</summary>
    /// <exception cref="InvalidOperationException">The store's data is not an <see cref="IResourceTableView"/>.</exception>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static ResourceTable Of(ComponentFunction export)
    {
        ArgumentNullException.ThrowIfNull(export);
        return export.Store.Data is IResourceTableView view ? view.Table
            : throw new InvalidOperationException("passing a host resource to a component needs the store's Data to be an IResourceTableView (the host state owning the store's resource table)");
    }

    private void RemoveLocked(uint rep, object item)
    {
        _items.Remove(rep);
        if (_lent.Count > 0 && _lent.TryGetValue(item, out var lentRep) && lentRep == rep) _lent.Remove(item);
    }

    private static ResourceTableException Wrong<T>(uint rep, object? found) => new(found is null
        ? $"unknown resource {rep}"
        : $"resource {rep} has the wrong type (expected {typeof(T).Name}, found {found.GetType().Name})");
}

/// <summary>
/// What gives generated host bindings the <see cref="ResourceTable"/> of a store (as wasmtime-wasi's <c>WasiView::table</c>):
/// the implementation of an imported interface that passes resources, and a store's <see cref="Store.Data"/> for the
/// calls of exports that pass them.
/// </summary>
public interface IResourceTableView
{
    /// <summary>The table of the store this host state belongs to.</summary>
    ResourceTable Table { get; }
}

/// <summary>A bad use of a <see cref="ResourceTable"/> (unknown rep, wrong resource type, table full): the calling component traps.</summary>
public sealed class ResourceTableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ResourceTableException(string message) : base(message) { }
}

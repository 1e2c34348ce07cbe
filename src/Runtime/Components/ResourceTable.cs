using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Abi;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// The host's typed handle table for a host-defined resource (<see cref="ComponentLinkerInstance.DefineResource{T}"/>):
/// each object the host hands to a component gets a rep (the number components see behind their handles), and host
/// functions receiving a handle get the object back. Thread-safe; reps are never reused while an object holds them.
/// </summary>
/// <typeparam name="T">The host's state for one resource.</typeparam>
public sealed class ResourceTable<T> where T : class
{
    private readonly Dictionary<uint, T> _byRep = new();
    private readonly Dictionary<T, uint> _byObject = new(ReferenceEqualityComparer.Instance);
    private uint _next;

    /// <summary>Number of objects in the table.</summary>
    public int Count
    {
        get { lock (_byRep) return _byRep.Count; }
    }

    /// <summary>Adds <paramref name="value"/> (or finds it, when already present) and returns its rep.</summary>
    public uint Add(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_byRep)
        {
            if (_byObject.TryGetValue(value, out var existing)) return existing;
            do { _next++; } while (_next == 0 || _byRep.ContainsKey(_next));
            _byRep[_next] = value;
            _byObject[value] = _next;
            return _next;
        }
    }

    /// <summary>An own handle for <paramref name="value"/> to return to (or pass into) a component: ownership moves to it.</summary>
    public ComponentValue Own(T value) => ComponentValue.Own(Add(value));

    /// <summary>A borrow of <paramref name="value"/> to pass into a component for one call.</summary>
    public ComponentValue Borrow(T value) => ComponentValue.Borrow(Add(value));

    /// <summary>The object behind <paramref name="rep"/>.</summary>
    /// <exception cref="InvalidOperationException">No object has that rep (it was dropped, or never created).</exception>
    public T Get(uint rep)
    {
        lock (_byRep)
            return _byRep.TryGetValue(rep, out var value) ? value : throw Unknown(rep);
    }

    /// <summary>The object behind an own or borrow handle a component passed; the object stays in the table.</summary>
    /// <exception cref="InvalidOperationException">No object has that rep.</exception>
    public T Get(ComponentValue handle) => Get(Rep(handle));

    /// <summary>Whether <paramref name="rep"/> names an object, and which.</summary>
    public bool TryGet(uint rep, out T? value)
    {
        lock (_byRep) return _byRep.TryGetValue(rep, out value);
    }

    /// <summary>Removes the object behind <paramref name="rep"/> and returns it.</summary>
    /// <exception cref="InvalidOperationException">No object has that rep.</exception>
    public T Remove(uint rep)
    {
        lock (_byRep)
        {
            if (!_byRep.Remove(rep, out var value)) throw Unknown(rep);
            _byObject.Remove(value);
            return value;
        }
    }

    /// <summary>
    /// The object behind an own handle a component passed to the host: ownership moves to the host, so the object
    /// leaves the table (no dispose runs; the host now decides its lifetime).
    /// </summary>
    /// <exception cref="InvalidOperationException">No object has that rep.</exception>
    public T TakeOwn(ComponentValue own)
    {
        if (own.Kind != WitBindgen.ComponentModel.Types.ValTypeKind.Own) throw new ArgumentException($"expected an own handle, got {own.Kind}", nameof(own));
        return Remove(own.HandleValue);
    }

    private static uint Rep(ComponentValue handle)
    {
        if (handle.Kind is not (WitBindgen.ComponentModel.Types.ValTypeKind.Own or WitBindgen.ComponentModel.Types.ValTypeKind.Borrow))
            throw new ArgumentException($"expected an own or borrow handle, got {handle.Kind}", nameof(handle));
        return handle.HandleValue;
    }

    private static InvalidOperationException Unknown(uint rep) =>
        new($"unknown {typeof(T).Name} resource {rep} (dropped, or never created)");
}

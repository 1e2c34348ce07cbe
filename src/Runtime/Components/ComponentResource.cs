using System;
using WitBindgen.ComponentModel.Abi;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// The host's handle to a resource a component defined (wasmtime's <c>ResourceAny</c>): what
/// <see cref="ComponentFunction.Call"/> returns, as <see cref="ComponentValue.HostHandle"/>, for an <c>own</c> result of
/// such a resource. Pass it back with <see cref="ComponentValue.Borrow(IHostResourceHandle)"/> (the host keeps it) or
/// <see cref="ComponentValue.Own(IHostResourceHandle)"/> (ownership moves into the callee); <see cref="Dispose"/> drops
/// it, running the component's destructor once. A dropped or moved handle, or one passed to an instance whose resource
/// type differs (another instance of the same component included), throws instead of reaching the component.
/// </summary>
public sealed class ComponentResource : IHostResourceHandle, IDisposable
{
    private readonly RtResource _type;
    private bool _gone;

    internal ComponentResource(RtResource type, uint rep, ComponentInstance instance)
    {
        _type = type;
        Rep = rep;
        Instance = instance;
    }

    /// <summary>The component instance whose exports returned the handle.</summary>
    public ComponentInstance Instance { get; }

    /// <inheritdoc/>
    public uint Rep { get; }

    /// <summary>Whether the handle was dropped (<see cref="Dispose"/>) or moved into a call as <c>own</c>.</summary>
    public bool IsDisposed => _gone;

    /// <summary>The handle of an own or borrow value returned by a component function.</summary>
    /// <exception cref="ArgumentException">The value is not a handle the host holds.</exception>
    public static ComponentResource FromValue(ComponentValue value) =>
        value.HostHandle as ComponentResource ?? throw new ArgumentException($"the {value.Kind} value holds no host handle to a component-defined resource", nameof(value));

    /// <inheritdoc/>
    uint IHostResourceHandle.Lower(int resourceType, bool own)
    {
        if (_gone) throw new ObjectDisposedException(nameof(ComponentResource), "the resource handle was dropped or moved");
        if (resourceType != _type.Id)
            throw new InvalidOperationException("the resource handle belongs to a different resource type or component instance");
        if (own) _gone = true;
        return Rep;
    }

    /// <summary>Drops the handle: runs the component's destructor (once; nothing when already dropped or moved).</summary>
    /// <exception cref="Trap">The destructor trapped, or the instance cannot be entered (poisoned, or on the call stack).</exception>
    public void Dispose()
    {
        if (_gone) return;
        _gone = true;
        var owner = _type.Owner;
        if (owner is not null && (owner.Poisoned || !owner.MayEnter)) throw CanonicalCalls.Trap("cannot enter component instance");
        if (owner is not null) owner.MayEnter = false;
        try { CanonicalCalls.RunDestructor(_type, Rep, Instance.Store); }
        catch (Exception e) when (e is Trap or CanonicalAbiTrap)
        {
            if (owner is not null) owner.Poisoned = true;
            if (e is CanonicalAbiTrap c) throw CanonicalCalls.AsTrap(c);
            throw;
        }
        finally
        {
            if (owner is not null) owner.MayEnter = true;
        }
    }
}

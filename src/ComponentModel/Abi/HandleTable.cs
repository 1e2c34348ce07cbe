using System;
using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Abi;

/// <summary>Handle operations the canonical ABI performs when lifting or lowering own/borrow values.</summary>
public interface IAbiHandles
{
    /// <summary>Lifts an own handle: removes it from the table and returns its rep.</summary>
    uint LiftOwn(int resourceType, uint index);
    /// <summary>Lifts a borrow: reads the rep and lends the handle for the current call.</summary>
    uint LiftBorrow(int resourceType, uint index);
    /// <summary>Lowers an owned rep into a new own handle.</summary>
    uint LowerOwn(int resourceType, uint rep);
    /// <summary>Lowers a borrowed rep into a new borrow handle scoped to the current call (or the rep itself for local resources).</summary>
    uint LowerBorrow(int resourceType, uint rep);
}

/// <summary>
/// A resource handle held by the host outside any component's handle table (the runtime's handles to guest-defined
/// resources). Lowering it as <c>own</c> moves ownership into the callee (the handle is unusable afterwards); as
/// <c>borrow</c> it stays with the host. Either way its resource type must be the one the callee expects.
/// </summary>
public interface IHostResourceHandle
{
    /// <summary>The resource representation (as lifted from the defining component).</summary>
    uint Rep { get; }

    /// <summary>
    /// The rep to lower into a call expecting resource type <paramref name="resourceType"/>; <paramref name="own"/>
    /// moves ownership. Throws when the handle was dropped or moved, or belongs to another resource type or instance.
    /// </summary>
    uint Lower(int resourceType, bool own);
}

/// <summary>The borrow bookkeeping of one call (the spec's Task/Subtask scope).</summary>
public sealed class HandleCallScope
{
    internal readonly List<uint> Lenders = new();
    /// <summary>Borrow handles created for this call (as callee) that are not dropped yet.</summary>
    public int BorrowCount { get; internal set; }
}

/// <summary>Result of <see cref="HandleTable.ResourceDrop"/>.</summary>
/// <param name="WasOwn">Whether the dropped handle was an own handle (false for a borrow).</param>
/// <param name="Rep">The representation the handle stood for.</param>
/// <param name="ResourceType">The resource type of the handle.</param>
public readonly record struct DroppedHandle(bool WasOwn, uint Rep, int ResourceType)
{
    /// <summary>Whether the resource's destructor must run (an own handle was dropped).</summary>
    public bool RunDestructor => WasOwn;
}

/// <summary>
/// A component instance's resource handle table: index 0 is reserved, freed slots are reused
/// (free list), at most 2^28-1 entries. Entries hold (resource type, rep, own, lend count, borrow scope).
/// Calls are bracketed by <see cref="EnterCall"/> and <see cref="ExitImportCall"/>/<see cref="ExitExportCall"/>.
/// </summary>
public sealed class HandleTable : IAbiHandles
{
    /// <summary>Maximum number of slots (including the reserved slot 0).</summary>
    public const uint MaxLength = (1u << 28) - 1;

    private struct Entry
    {
        public bool InUse;
        public bool Own;
        public int Type;
        public uint Rep;
        public int LendCount;
        public HandleCallScope? Scope;
    }

    private Entry[] _entries = new Entry[8];
    private uint _length = 1;
    private readonly Stack<uint> _free = new();
    private readonly HashSet<int> _localTypes = new();
    private readonly Stack<HandleCallScope> _scopes = new();

    /// <summary>Marks <paramref name="resourceType"/> as defined by this instance (borrows of it lower to the rep).</summary>
    public void DefineLocalResource(int resourceType) => _localTypes.Add(resourceType);

    /// <summary>Whether the resource type is defined by this instance.</summary>
    public bool IsLocal(int resourceType) => _localTypes.Contains(resourceType);

    /// <summary>Number of live handles.</summary>
    public int Count { get; private set; }

    /// <summary>The innermost active call scope, if any.</summary>
    public HandleCallScope? CurrentScope => _scopes.Count > 0 ? _scopes.Peek() : null;

    /// <summary>Starts a call; lift/lower of borrows within it are tracked by the returned scope.</summary>
    public HandleCallScope EnterCall()
    {
        var scope = new HandleCallScope();
        _scopes.Push(scope);
        return scope;
    }

    /// <summary>Ends a call made by this instance (import): releases the lends taken by lifted borrows.</summary>
    public void ExitImportCall(HandleCallScope scope)
    {
        PopScope(scope);
        foreach (var i in scope.Lenders)
            if (i < _length && _entries[i].InUse && _entries[i].LendCount > 0) _entries[i].LendCount--;
        scope.Lenders.Clear();
    }

    /// <summary>Ends a call into this instance (export): traps if borrow handles it received remain.</summary>
    public void ExitExportCall(HandleCallScope scope)
    {
        PopScope(scope);
        if (scope.BorrowCount != 0) throw CanonicalAbiTrap.Of(TrapKind.BorrowsRemain);
    }

    private void PopScope(HandleCallScope scope)
    {
        if (_scopes.Count == 0 || !ReferenceEquals(_scopes.Peek(), scope))
            throw new InvalidOperationException("call scopes must be exited in reverse order of entering");
        _scopes.Pop();
    }

    /// <summary><c>resource.new</c>: a new own handle for <paramref name="rep"/>.</summary>
    public uint ResourceNew(int resourceType, uint rep) => Add(resourceType, rep, own: true, scope: null);

    /// <summary><c>resource.rep</c>: the rep of handle <paramref name="index"/>.</summary>
    public uint ResourceRep(int resourceType, uint index) => Get(index, resourceType).Rep;

    /// <summary>
    /// <c>resource.drop</c>: removes handle <paramref name="index"/>. Traps if it is lent out. Dropping a
    /// borrow ends it; dropping an own handle tells the caller to run the destructor.
    /// </summary>
    public DroppedHandle ResourceDrop(int resourceType, uint index)
    {
        ref var e = ref Get(index, resourceType);
        if (e.LendCount != 0) throw CanonicalAbiTrap.Of(TrapKind.HandleBorrowed);
        var result = new DroppedHandle(e.Own, e.Rep, e.Type);
        if (!e.Own && e.Scope is { } scope) scope.BorrowCount--;
        Remove(index);
        return result;
    }

    /// <inheritdoc/>
    public uint LiftOwn(int resourceType, uint index)
    {
        ref var e = ref Get(index, resourceType);
        if (e.LendCount != 0) throw CanonicalAbiTrap.Of(TrapKind.HandleBorrowed);
        if (!e.Own) throw CanonicalAbiTrap.Of(TrapKind.OwnFromBorrow);
        uint rep = e.Rep;
        Remove(index);
        return rep;
    }

    /// <inheritdoc/>
    public uint LiftBorrow(int resourceType, uint index)
    {
        ref var e = ref Get(index, resourceType);
        e.LendCount++;
        if (CurrentScope is { } scope) scope.Lenders.Add(index);
        return e.Rep;
    }

    /// <inheritdoc/>
    public uint LowerOwn(int resourceType, uint rep) => Add(resourceType, rep, own: true, scope: null);

    /// <inheritdoc/>
    public uint LowerBorrow(int resourceType, uint rep)
    {
        if (_localTypes.Contains(resourceType)) return rep;
        var scope = CurrentScope;
        if (scope is not null) scope.BorrowCount++;
        return Add(resourceType, rep, own: false, scope);
    }

    /// <summary>Whether <paramref name="index"/> names a live handle.</summary>
    public bool Contains(uint index) => index != 0 && index < _length && _entries[index].InUse;

    /// <summary>The lend count of a live handle (for diagnostics and tests).</summary>
    public int LendCount(uint index) => Contains(index) ? _entries[index].LendCount : throw UnknownHandle(index);

    /// <summary>Whether a live handle is an own handle.</summary>
    public bool IsOwn(uint index) => Contains(index) ? _entries[index].Own : throw UnknownHandle(index);

    private uint Add(int type, uint rep, bool own, HandleCallScope? scope)
    {
        uint i;
        if (_free.Count > 0) i = _free.Pop();
        else
        {
            if (_length >= MaxLength) throw CanonicalAbiTrap.Of(TrapKind.HandleTableFull);
            i = _length++;
            if (i >= _entries.Length) Array.Resize(ref _entries, (int)Math.Min((long)_entries.Length * 2, MaxLength));
        }
        _entries[i] = new Entry { InUse = true, Own = own, Type = type, Rep = rep, Scope = scope };
        Count++;
        return i;
    }

    private ref Entry Get(uint index, int type)
    {
        if (index == 0 || index >= _length || !_entries[index].InUse) throw UnknownHandle(index);
        ref var e = ref _entries[index];
        if (e.Type != type)
            throw new CanonicalAbiTrap(TrapKind.WrongHandleType, $"handle index {index} used with the wrong type");
        return ref e;
    }

    private void Remove(uint index)
    {
        _entries[index] = default;
        _free.Push(index);
        Count--;
    }

    private static CanonicalAbiTrap UnknownHandle(uint index) => new(TrapKind.UnknownHandle, $"unknown handle index {index}");
}

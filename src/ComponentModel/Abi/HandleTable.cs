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

/// <summary>
/// One call's borrow bookkeeping in a <see cref="HandleTable"/> (the spec's Task/Subtask scope), as
/// <see cref="HandleTable.EnterCall"/> returns it: a token naming a frame of the table's scope stack, so entering
/// and leaving a call allocates nothing.
/// </summary>
public readonly struct HandleCallScope
{
    internal HandleCallScope(int depth, uint serial) { Depth = depth; Serial = serial; }

    /// <summary>The frame's position on the table's scope stack (1 for the outermost call).</summary>
    internal int Depth { get; }

    /// <summary>Tells this call from an earlier one at the same depth (a scope exited twice, or out of order).</summary>
    internal uint Serial { get; }
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
        /// <summary>For a borrow: the depth of the live call scope that counts it, 0 for none.</summary>
        public int ScopeDepth;
    }

    /// <summary>A call on the scope stack: its lenders are <c>_lenders[LenderStart..]</c> up to the next frame's start.</summary>
    private struct Frame
    {
        public uint Serial;
        public int LenderStart;
        public int BorrowCount;
    }

    private Entry[] _entries = new Entry[8];
    private uint _length = 1;
    private readonly Stack<uint> _free = new();
    private readonly HashSet<int> _localTypes = new();
    // Calls nest, so their scopes form a stack; the frames and the lent handle indices live in arrays the table
    // reuses, and entering or leaving a call allocates nothing once they have grown to the deepest nesting.
    private Frame[] _frames = Array.Empty<Frame>();
    private int _depth;
    private uint _serial;
    private uint[] _lenders = Array.Empty<uint>();
    private int _lenderCount;

    /// <summary>Marks <paramref name="resourceType"/> as defined by this instance (borrows of it lower to the rep).</summary>
    public void DefineLocalResource(int resourceType) => _localTypes.Add(resourceType);

    /// <summary>Whether the resource type is defined by this instance.</summary>
    public bool IsLocal(int resourceType) => _localTypes.Contains(resourceType);

    /// <summary>Number of live handles.</summary>
    public int Count { get; private set; }

    /// <summary>Starts a call; lift/lower of borrows within it are tracked by the returned scope.</summary>
    public HandleCallScope EnterCall()
    {
        if (_depth == _frames.Length) Array.Resize(ref _frames, Math.Max(4, _frames.Length * 2));
        uint serial = ++_serial;
        _frames[_depth++] = new Frame { Serial = serial, LenderStart = _lenderCount };
        return new HandleCallScope(_depth, serial);
    }

    /// <summary>Ends a call made by this instance (import): releases the lends taken by lifted borrows.</summary>
    public void ExitImportCall(HandleCallScope scope)
    {
        var frame = PopScope(scope);
        for (int k = frame.LenderStart; k < _lenderCount; k++)
        {
            uint i = _lenders[k];
            if (i < _length && _entries[i].InUse && _entries[i].LendCount > 0) _entries[i].LendCount--;
        }
        _lenderCount = frame.LenderStart;
        // Only after a trap: the callee's remaining borrows outlive the scope that counted them.
        if (frame.BorrowCount != 0) DetachBorrows(scope.Depth);
    }

    /// <summary>Ends a call into this instance (export): traps if borrow handles it received remain.</summary>
    public void ExitExportCall(HandleCallScope scope)
    {
        var frame = PopScope(scope);
        _lenderCount = frame.LenderStart;
        if (frame.BorrowCount == 0) return;
        DetachBorrows(scope.Depth);
        throw CanonicalAbiTrap.Of(TrapKind.BorrowsRemain);
    }

    /// <summary>Borrow handles received by the live call <paramref name="scope"/> that are not dropped yet.</summary>
    public int BorrowCount(HandleCallScope scope) => Live(scope) ? _frames[scope.Depth - 1].BorrowCount
        : throw new InvalidOperationException("the call scope has ended");

    private bool Live(HandleCallScope scope) =>
        scope.Depth > 0 && scope.Depth <= _depth && _frames[scope.Depth - 1].Serial == scope.Serial;

    private Frame PopScope(HandleCallScope scope)
    {
        if (scope.Depth != _depth || !Live(scope))
            throw new InvalidOperationException("call scopes must be exited in reverse order of entering");
        return _frames[--_depth];
    }

    /// <summary>The borrows counted by the scope at <paramref name="depth"/>, which ended, are counted by none.</summary>
    private void DetachBorrows(int depth)
    {
        for (uint i = 1; i < _length; i++)
            if (_entries[i].InUse && _entries[i].ScopeDepth == depth) _entries[i].ScopeDepth = 0;
    }

    /// <summary><c>resource.new</c>: a new own handle for <paramref name="rep"/>.</summary>
    public uint ResourceNew(int resourceType, uint rep) => Add(resourceType, rep, own: true, scopeDepth: 0);

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
        if (!e.Own && e.ScopeDepth != 0) _frames[e.ScopeDepth - 1].BorrowCount--;
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
        if (_depth > 0)
        {
            if (_lenderCount == _lenders.Length) Array.Resize(ref _lenders, Math.Max(8, _lenders.Length * 2));
            _lenders[_lenderCount++] = index;
        }
        return e.Rep;
    }

    /// <inheritdoc/>
    public uint LowerOwn(int resourceType, uint rep) => Add(resourceType, rep, own: true, scopeDepth: 0);

    /// <inheritdoc/>
    public uint LowerBorrow(int resourceType, uint rep)
    {
        if (_localTypes.Contains(resourceType)) return rep;
        if (_depth > 0) _frames[_depth - 1].BorrowCount++;
        return Add(resourceType, rep, own: false, _depth);
    }

    /// <summary>Whether <paramref name="index"/> names a live handle.</summary>
    public bool Contains(uint index) => index != 0 && index < _length && _entries[index].InUse;

    /// <summary>The lend count of a live handle (for diagnostics and tests).</summary>
    public int LendCount(uint index) => Contains(index) ? _entries[index].LendCount : throw UnknownHandle(index);

    /// <summary>Whether a live handle is an own handle.</summary>
    public bool IsOwn(uint index) => Contains(index) ? _entries[index].Own : throw UnknownHandle(index);

    private uint Add(int type, uint rep, bool own, int scopeDepth)
    {
        uint i;
        if (_free.Count > 0) i = _free.Pop();
        else
        {
            if (_length >= MaxLength) throw CanonicalAbiTrap.Of(TrapKind.HandleTableFull);
            i = _length++;
            if (i >= _entries.Length) Array.Resize(ref _entries, (int)Math.Min((long)_entries.Length * 2, MaxLength));
        }
        _entries[i] = new Entry { InUse = true, Own = own, Type = type, Rep = rep, ScopeDepth = scopeDepth };
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

using System;
using System.Collections.Generic;

namespace WitBindgen.Runtime.Execution;

/// <summary>
/// The core instances, memories and tables an instantiation created in its store, so that a failed one gives them back
/// (a component's, when a later core instance fails): the store uncounts them and unmaps the memories at once.
/// </summary>
internal sealed class CreatedItems
{
    private readonly List<Memory> _memories = new();
    private int _instances, _tables;

    /// <summary>Records a core instance's own (not imported) memories and tables, and the instance.</summary>
    public void Add(ReadOnlySpan<Memory> memories, int tables)
    {
        _instances++;
        foreach (var m in memories) _memories.Add(m);
        _tables += tables;
    }

    /// <summary>Gives everything recorded back to <paramref name="store"/>. Nothing of it may run afterwards (a released
    /// memory reads as empty, so a stray access traps rather than touching unmapped memory).</summary>
    public void Release(Store store)
    {
        foreach (var m in _memories) m.Release();
        for (var i = 0; i < _tables; i++) store.RemoveTable();
        for (var i = 0; i < _instances; i++) store.RemoveInstance();
        _memories.Clear();
        _instances = _tables = 0;
    }
}

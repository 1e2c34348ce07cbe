using System;

namespace WitBindgen.Runtime.Execution;

/// <summary>
/// The core instances, memories and tables an instantiation created in its store, so that a failed one gives them back
/// (a component's, when a later core instance fails): the store uncounts them and unmaps the memories at once.
/// </summary>
internal sealed class CreatedItems
{
    // An array grown by hand rather than a list: one per component instantiation, usually for one memory.
    private Memory[] _memories = Array.Empty<Memory>();
    private int _memoryCount, _instances, _tables;

    /// <summary>Records a core instance's own (not imported) memories and tables, and the instance.</summary>
    public void Add(ReadOnlySpan<Memory> memories, int tables)
    {
        _instances++;
        foreach (var m in memories)
        {
            if (_memoryCount == _memories.Length) Array.Resize(ref _memories, Math.Max(2, _memoryCount * 2));
            _memories[_memoryCount++] = m;
        }
        _tables += tables;
    }

    /// <summary>Gives everything recorded back to <paramref name="store"/>. Nothing of it may run afterwards (a released
    /// memory reads as empty, so a stray access traps rather than touching unmapped memory).</summary>
    public void Release(Store store)
    {
        for (var i = 0; i < _memoryCount; i++) _memories[i].Release();
        for (var i = 0; i < _tables; i++) store.RemoveTable();
        for (var i = 0; i < _instances; i++) store.RemoveInstance();
        _memories = Array.Empty<Memory>();
        _memoryCount = _instances = _tables = 0;
    }
}

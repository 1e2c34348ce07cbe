using System;
using System.Collections.Generic;

namespace WitBindgen.ComponentModel.Text.Component;

/// <summary>
/// References of one definition, resolved after the definition's inline types have been emitted: the reference
/// assembler first expands inline types (placing them before the definition) and only then resolves names, so
/// aliases it injects for the definition's own references come after those types.
/// </summary>
internal sealed class Pending
{
    private readonly List<Action> _actions = new();

    public void Add(Action action) => _actions.Add(action);

    public void Run()
    {
        foreach (var a in _actions) a();
        _actions.Clear();
    }
}

/// <summary>A value filled in now or when its <see cref="Pending"/> runs.</summary>
internal sealed class Slot<T>
{
    public Slot() { }
    public Slot(T value) => Value = value;
    public T Value { get; set; } = default!;
}

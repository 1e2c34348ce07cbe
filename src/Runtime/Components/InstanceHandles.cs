using System;
using WitBindgen.ComponentModel.Abi;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// A component instance's handle table as the canonical ABI sees it: ComponentModel's <see cref="HandleTable"/>
/// plus the resource type of every handle index it hands out, so a handle used with the wrong type traps with
/// wasmtime's wording ("expected guest-defined resource but found a different host-defined resource").
/// Guest resource ids are positive, host resource ids negative (<see cref="RtResource"/>).
/// </summary>
internal sealed class InstanceHandles : IAbiHandles
{
    private int[] _types = Array.Empty<int>();
    private HandleTable? _table;

    /// <summary>The table (made on first use: most instances of components without resources never need one).</summary>
    public HandleTable Table => _table ??= new();

    public uint LiftOwn(int resourceType, uint index)
    {
        try { return Table.LiftOwn(resourceType, index); }
        catch (CanonicalAbiTrap e) when (e.Kind == TrapKind.WrongHandleType) { throw WrongType(resourceType, index); }
    }

    public uint LiftBorrow(int resourceType, uint index)
    {
        try { return Table.LiftBorrow(resourceType, index); }
        catch (CanonicalAbiTrap e) when (e.Kind == TrapKind.WrongHandleType) { throw WrongType(resourceType, index); }
    }

    public uint LowerOwn(int resourceType, uint rep) => Record(resourceType, Table.LowerOwn(resourceType, rep));

    public uint LowerBorrow(int resourceType, uint rep)
    {
        if (Table.IsLocal(resourceType)) return Table.LowerBorrow(resourceType, rep);
        return Record(resourceType, Table.LowerBorrow(resourceType, rep));
    }

    public uint ResourceNew(int resourceType, uint rep) => Record(resourceType, Table.ResourceNew(resourceType, rep));

    public uint ResourceRep(int resourceType, uint index)
    {
        try { return Table.ResourceRep(resourceType, index); }
        catch (CanonicalAbiTrap e) when (e.Kind == TrapKind.WrongHandleType) { throw WrongType(resourceType, index); }
    }

    public DroppedHandle ResourceDrop(int resourceType, uint index)
    {
        try { return Table.ResourceDrop(resourceType, index); }
        catch (CanonicalAbiTrap e) when (e.Kind == TrapKind.WrongHandleType) { throw WrongType(resourceType, index); }
    }

    private uint Record(int type, uint index)
    {
        if (index >= _types.Length) Array.Resize(ref _types, (int)Math.Max(Math.Max(index + 1, (uint)_types.Length * 2), 8));
        _types[index] = type;
        return index;
    }

    private CanonicalAbiTrap WrongType(int expected, uint index)
    {
        int found = index < _types.Length ? _types[index] : 0;
        return new CanonicalAbiTrap(TrapKind.WrongHandleType,
            $"handle index {index} used with the wrong type, expected {Definer(expected)} resource but found a different {Definer(found)} resource");
    }

    private static string Definer(int resourceType) => resourceType > 0 ? "guest-defined" : "host-defined";
}

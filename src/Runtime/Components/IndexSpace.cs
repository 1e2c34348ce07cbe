using System;
using System.Runtime.CompilerServices;
using WitBindgen.ComponentModel.Binary;

namespace WitBindgen.Runtime.Components;

/// <summary>
/// One index space of a <see cref="Scope"/>: the items in an array sized, when the scope knows it, for every item the
/// component will add (<see cref="SpaceSizes"/>), so an instantiation fills it in place. A struct held in the scope's
/// fields: a scope's 13 spaces cost no object each, and a space nothing is added to costs nothing.
/// </summary>
internal struct IndexSpace<T>
{
    private T[]? _items;
    private int _count;

    /// <summary>An empty space with room for <paramref name="capacity"/> items.</summary>
    public IndexSpace(int capacity) => _items = capacity == 0 ? null : new T[capacity];

    public readonly int Count => _count;

    /// <summary>The item at <paramref name="index"/> (out of range: <see cref="ArgumentOutOfRangeException"/>, as a list's).</summary>
    public readonly T this[int index] => (uint)index < (uint)_count ? _items![index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The items, copied (tests and diagnostics).</summary>
    public readonly T[] ToArray() => _items is null ? Array.Empty<T>() : _items.AsSpan(0, _count).ToArray();

    public void Add(T item)
    {
        // A full array is never written to: one shared with a plan (see StartingWith) is copied first.
        if (_items is null || _count == _items.Length) Array.Resize(ref _items, Math.Max(4, _count * 2));
        _items[_count++] = item;
    }

    /// <summary>Cuts the array to the items (a plan's spaces, before instantiations share them).</summary>
    public void Trim()
    {
        if (_items is not null && _items.Length != _count) Array.Resize(ref _items, _count);
    }

    /// <summary>
    /// A space holding <paramref name="plan"/>'s items with room for <paramref name="capacity"/> in all. When nothing is
    /// to be added it shares the plan's (trimmed, so full) array, which <see cref="Add"/> would copy before writing.
    /// </summary>
    public static IndexSpace<T> StartingWith(in IndexSpace<T> plan, int capacity)
    {
        var space = new IndexSpace<T> { _count = plan._count };
        if (plan._items is null || plan._count == 0) space._items = capacity == 0 ? null : new T[capacity];
        else if (capacity <= plan._count && plan._items.Length == plan._count) space._items = plan._items;
        else
        {
            space._items = new T[Math.Max(capacity, plan._count)];
            Array.Copy(plan._items, space._items, plan._count);
        }
        return space;
    }
}

/// <summary>
/// How many items each index space of a component gets in all, counted once per component binary from its sections:
/// <see cref="Scope"/>s size their <see cref="IndexSpace{T}"/>s from it. Indexed by <see cref="Sort"/>.
/// </summary>
internal static class SpaceSizes
{
    private static readonly ConditionalWeakTable<ComponentBinary, int[]> s_sizes = new();

    /// <summary>The sizes of <paramref name="binary"/>'s spaces (counted on first use).</summary>
    public static int[] Of(ComponentBinary binary) => s_sizes.GetValue(binary, Count);

    private static int[] Count(ComponentBinary binary)
    {
        var sizes = new int[(int)Sort.Instance + 1];
        foreach (var section in binary.Sections)
        {
            switch (section)
            {
                case CoreModuleSection: sizes[(int)Sort.CoreModule]++; break;
                case CoreInstanceSection ci: sizes[(int)Sort.CoreInstance] += ci.Instances.Count; break;
                case CoreTypeSection ct: sizes[(int)Sort.CoreType] += ct.Types.Count; break;
                case NestedComponentSection: sizes[(int)Sort.Component]++; break;
                case InstanceSection inst: sizes[(int)Sort.Instance] += inst.Instances.Count; break;
                case TypeSection ts: sizes[(int)Sort.Type] += ts.Types.Count; break;
                case AliasSection a:
                    foreach (var alias in a.Aliases) Add(sizes, alias.Sort);
                    break;
                case CanonSection cs:
                    foreach (var f in cs.Functions) Add(sizes, f.Op == CanonOp.Lift ? Sort.Func : Sort.CoreFunc);
                    break;
                case ImportSection im:
                    foreach (var import in im.Imports) Add(sizes, ComponentInstantiator.SortOf(import.Desc.Kind));
                    break;
                case ExportSection ex:
                    foreach (var export in ex.Exports) Add(sizes, export.Sort);
                    break;
            }
        }
        return sizes;
    }

    private static void Add(int[] sizes, Sort sort)
    {
        if ((uint)sort < (uint)sizes.Length) sizes[(int)sort]++;
    }
}

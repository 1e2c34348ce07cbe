using System;
using WitBindgen.Runtime.Types;
using Core = WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;
using static WitBindgen.CoreWasm.Modules.ValueTypes;

namespace WitBindgen.Runtime;

/// <summary>A table of references (funcref elements are <see cref="Function"/> objects or null).</summary>
public sealed class Table : Extern
{
    // Read by compiled code; replaced on grow. Length == current size.
    internal object?[] Elements;

    private readonly uint _maxElements;
    private readonly ulong? _declaredMax;
    private readonly bool _is64;

    /// <summary>Creates a table filled with <paramref name="initial"/>.</summary>
    /// <exception cref="ArgumentException">The minimum exceeds the store's limits or the initial value has the wrong type.</exception>
    /// <exception cref="LinkException">The store holds <see cref="StoreLimits.MaxTables"/> tables already.</exception>
    public Table(Store store, TableType type, WasmValue initial = default)
        : this(store ?? throw new ArgumentNullException(nameof(store)), (type ?? throw new ArgumentNullException(nameof(type))).Core, initial)
    {
    }

    internal Table(Store store, Core.TableType type, WasmValue initial = default)
    {
        CoreElementType = type.ElementType;
        _declaredMax = type.Limits.Max;
        _is64 = type.Limits.Is64;
        var cap = store.Limits.MaxTableElements;
        if (type.Limits.Min > cap) throw new ArgumentException($"table minimum size of {type.Limits.Min} elements exceeds table limits");
        _maxElements = type.Limits.Max is { } max ? (uint)Math.Min(max, cap) : cap;
        var init = CheckValue(initial);
        store.AddTable();
        Elements = new object?[type.Limits.Min];
        if (init is not null) Array.Fill(Elements, init);
    }

    /// <summary>The element type (funcref or externref).</summary>
    public ValueKind ElementType => WasmValue.KindOf(CoreElementType);

    /// <summary>The element type; a typed reference names its function type by canonical id (TypeRegistry).</summary>
    internal ValueType CoreElementType { get; }

    /// <summary>The current type (minimum = current size).</summary>
    public TableType Type => new(ElementType, Size, _declaredMax, _is64);

    internal Core.TableType CoreType => new(CoreElementType, new Core.Limits(Size, _declaredMax, _is64));

    /// <summary>Whether this is a 64-bit table (table64: i64 indices).</summary>
    public bool Is64 => _is64;

    /// <summary>The current number of elements.</summary>
    public uint Size => (uint)Elements.Length;

    /// <summary>Reads an element.</summary>
    public WasmValue Get(uint index)
    {
        if (index >= (uint)Elements.Length) throw new Trap(TrapCode.TableOutOfBounds);
        return WasmValue.FromRef(CoreElementType, Elements[index]);
    }

    /// <summary>Writes an element.</summary>
    public void Set(uint index, WasmValue value)
    {
        var v = CheckValue(value);
        if (index >= (uint)Elements.Length) throw new Trap(TrapCode.TableOutOfBounds);
        Elements[index] = v;
    }

    /// <summary>Grows by <paramref name="delta"/> elements set to <paramref name="initial"/>; returns the old size or -1.</summary>
    public int Grow(uint delta, WasmValue initial = default) => GrowCore(delta, CheckValue(initial));

    internal int GrowCore(uint delta, object? initial)
    {
        var old = (uint)Elements.Length;
        var target = (ulong)old + delta;
        if (target > _maxElements || target > int.MaxValue / 2) return -1;
        if (delta == 0) return (int)old;
        var grown = new object?[target];
        Array.Copy(Elements, grown, old);
        if (initial is not null) Array.Fill(grown, initial, (int)old, (int)delta);
        Elements = grown;
        return (int)old;
    }

    internal bool IsCompatibleWith(Core.TableType expected) =>
        CoreElementType == expected.ElementType && _is64 == expected.Limits.Is64 && Size >= expected.Limits.Min
        && (expected.Limits.Max is not { } max || (_declaredMax is { } own && own <= max));

    private object? CheckValue(WasmValue value)
    {
        if (value.Type == 0 && CoreElementType.IsNullable()) return null; // default(WasmValue): null reference
        if (!Global.Fits(value, CoreElementType)) throw new ArgumentException($"value of type {value.Type.Name()} does not fit a {CoreElementType.Name()} table");
        return value.Ref;
    }
}

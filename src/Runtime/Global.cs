using System;
using WitBindgen.Runtime.Types;
using Core = WitBindgen.CoreWasm.Modules;
using static WitBindgen.CoreWasm.Modules.ValueTypes;

namespace WitBindgen.Runtime;

/// <summary>A global variable. Imports share the cell: a write is visible to every instance using it.</summary>
public sealed class Global : Extern
{
    // Read and written by compiled code. Numbers live in Bits (i32/f32 in the low 32 bits), references in Ref.
    internal long Bits;
    internal long High;
    internal object? Ref;
    private GlobalType? _type;

    /// <summary>Creates a global with an initial value.</summary>
    public Global(Store store, GlobalType type, WasmValue value)
    {
        ArgumentNullException.ThrowIfNull(store);
        _type = type ?? throw new ArgumentNullException(nameof(type));
        CoreType = type.Core;
        SetCore(value);
    }

    internal Global(Core.GlobalType type)
    {
        CoreType = type;
    }

    /// <summary>The type.</summary>
    public GlobalType Type => _type ??= GlobalType.From(CoreType);

    internal Core.GlobalType CoreType { get; }

    /// <summary>The current value. Setting an immutable global throws <see cref="InvalidOperationException"/>.</summary>
    public WasmValue Value
    {
        get => CoreType.ValueType switch
        {
            CoreWasm.Modules.ValueType.I32 => WasmValue.FromI32((int)Bits),
            CoreWasm.Modules.ValueType.I64 => WasmValue.FromI64(Bits),
            CoreWasm.Modules.ValueType.F32 => WasmValue.FromF32Bits((int)Bits),
            CoreWasm.Modules.ValueType.F64 => WasmValue.FromF64Bits(Bits),
            CoreWasm.Modules.ValueType.V128 => WasmValue.FromV128(Bits, High),
            _ => WasmValue.FromRef(CoreType.ValueType, Ref),
        };
        set
        {
            if (!CoreType.Mutable) throw new InvalidOperationException("global is immutable");
            SetCore(value);
        }
    }

    /// <summary>Whether a value may be stored where <paramref name="type"/> (canonical) is declared: funcref and externref
    /// take their own kind; a typed reference takes null when nullable, else a reference of its hierarchy (an externref
    /// counts in the any hierarchy, as the host's <c>any.convert_extern</c>; any reference kind for a type id, which
    /// the object decides) whose object is of the type (canonical id, subtypes included).</summary>
    internal static bool Fits(WasmValue value, CoreWasm.Modules.ValueType type)
    {
        if (!type.IsTypedReference()) return value.CoreType == type;
        if (!value.Type.IsReference()) return false;
        if (value.Ref is null) return type.IsNullable();
        var heap = type.HeapOf();
        var sameHierarchy = IsTypeIndex(heap) || TopOfAbstract(heap) switch
        {
            HeapFunc => value.Type == ValueKind.FuncRef,
            HeapAny => value.Type.IsAnyHierarchy() || value.Type == ValueKind.ExternRef,
            _ => value.Type == ValueKind.ExternRef,
        };
        return sameHierarchy && Execution.GcHelpers.Is(value.Ref, heap);
    }

    internal void SetCore(WasmValue value)
    {
        if (!Fits(value, CoreType.ValueType) && !(value.Type == 0 && CoreType.ValueType.IsNullable()))
            throw new ArgumentException($"value of type {value.Type.Name()} does not fit a {CoreType.ValueType.Name()} global");
        Bits = value.Bits;
        High = value.V128High;
        Ref = value.Ref;
    }
}

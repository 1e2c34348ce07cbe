using System;
using System.Globalization;

namespace WitBindgen.Runtime;

/// <summary>A WebAssembly value of any type (numbers, references; v128 as two 64-bit halves).</summary>
public readonly struct WasmValue : IEquatable<WasmValue>
{
    private readonly long _bits;
    private readonly long _high;
    private readonly object? _ref;

    private WasmValue(ValueKind type, long bits, long high, object? reference)
    {
        Type = type;
        _bits = bits;
        _high = high;
        _ref = reference;
    }

    /// <summary>The value's type.</summary>
    public ValueKind Type { get; }

    /// <summary>The type as the decoded model sees it.</summary>
    internal CoreWasm.Modules.ValueType CoreType => Type.ToCore();

    /// <summary>The public kind of a value type whose type indices are canonical ids (see <c>TypeRegistry</c>): a
    /// typed reference is seen as the nullable reference to its abstract heap type, a concrete type as the abstract type
    /// of its kind (funcref, structref, arrayref), the extern and exn hierarchies as externref.</summary>
    internal static ValueKind KindOf(CoreWasm.Modules.ValueType type)
    {
        if (!CoreWasm.Modules.ValueTypes.IsTypedReference(type)) return (ValueKind)type;
        var heap = CoreWasm.Modules.ValueTypes.HeapOf(type);
        if (CoreWasm.Modules.ValueTypes.IsTypeIndex(heap))
        {
            return Compilation.TypeRegistry.Gc(heap)?.Kind switch
            {
                CoreWasm.Modules.CompositeKind.Struct => ValueKind.StructRef,
                CoreWasm.Modules.CompositeKind.Array => ValueKind.ArrayRef,
                _ => ValueKind.FuncRef,
            };
        }
        if (CoreWasm.Modules.ValueTypes.TopOfAbstract(heap) == CoreWasm.Modules.ValueTypes.HeapFunc) return ValueKind.FuncRef;
        // The GC heap types' codes are their kinds'.
        var kind = (ValueKind)(heap & 0xFF);
        return heap == (CoreWasm.Modules.ValueTypes.AbstractFlag | (int)kind) && kind.IsAnyHierarchy() ? kind : ValueKind.ExternRef;
    }

    /// <summary>The value as i32 (valid when <see cref="Type"/> is I32).</summary>
    public int I32 => (int)_bits;

    /// <summary>The value as i64.</summary>
    public long I64 => _bits;

    /// <summary>The value as f32.</summary>
    public float F32 => BitConverter.Int32BitsToSingle((int)_bits);

    /// <summary>The value as f64.</summary>
    public double F64 => BitConverter.Int64BitsToDouble(_bits);

    /// <summary>The raw bits of a number (i32/f32 zero-extended).</summary>
    public long Bits => _bits;

    /// <summary>The low 64 bits of a v128.</summary>
    public long V128Low => _bits;

    /// <summary>The high 64 bits of a v128.</summary>
    public long V128High => _high;

    /// <summary>The reference (funcref: a <see cref="Function"/>; externref: any host object; the GC kinds: an
    /// <see cref="AnyRef"/>, that is a <see cref="StructRef"/>, <see cref="ArrayRef"/> or <see cref="I31Ref"/>, or a
    /// host object the guest internalized); null is the null reference.</summary>
    public object? Ref => _ref;

    /// <summary>Whether this is a null reference.</summary>
    public bool IsNullRef => _ref is null;

    /// <summary>An i32.</summary>
    public static WasmValue FromI32(int value) => new(ValueKind.I32, (uint)value, 0, null);

    /// <summary>An i64.</summary>
    public static WasmValue FromI64(long value) => new(ValueKind.I64, value, 0, null);

    /// <summary>An f32.</summary>
    public static WasmValue FromF32(float value) => new(ValueKind.F32, (uint)BitConverter.SingleToInt32Bits(value), 0, null);

    /// <summary>An f32 from raw bits (keeps NaN payloads).</summary>
    public static WasmValue FromF32Bits(int bits) => new(ValueKind.F32, (uint)bits, 0, null);

    /// <summary>An f64.</summary>
    public static WasmValue FromF64(double value) => new(ValueKind.F64, BitConverter.DoubleToInt64Bits(value), 0, null);

    /// <summary>An f64 from raw bits (keeps NaN payloads).</summary>
    public static WasmValue FromF64Bits(long bits) => new(ValueKind.F64, bits, 0, null);

    /// <summary>A v128 from its two halves (little endian: low first).</summary>
    public static WasmValue FromV128(long low, long high) => new(ValueKind.V128, low, high, null);

    /// <summary>A funcref (null for the null reference).</summary>
    public static WasmValue FromFuncRef(Function? function) => new(ValueKind.FuncRef, 0, 0, function);

    /// <summary>An externref (null for the null reference).</summary>
    public static WasmValue FromExternRef(object? value) => new(ValueKind.ExternRef, 0, 0, value);

    /// <summary>An anyref: a GC value a guest made (read from a <see cref="WasmValue"/> of a GC kind), or null.
    /// Where a subtype (eqref, structref, a concrete type) is expected, the object must be of it.</summary>
    public static WasmValue FromAnyRef(AnyRef? value) => new(ValueKind.AnyRef, 0, 0, value);

    /// <summary>An i31ref of the low 31 bits of <paramref name="value"/> (<see cref="I31Ref.Of(int)"/>).</summary>
    public static WasmValue FromI31(int value) => new(ValueKind.I31Ref, 0, 0, I31Ref.Of(value));

    /// <summary>The null reference of a reference type.</summary>
    public static WasmValue NullRef(ValueKind type) => new(type, 0, 0, null);

    /// <summary>The zero/null default value of a type.</summary>
    public static WasmValue Default(ValueKind type) => new(type, 0, 0, null);

    /// <summary>Creates a value of a given type from a boxed reference (reference types) — internal use by generated code.</summary>
    internal static WasmValue FromRef(ValueKind type, object? value) => new(type, 0, 0, value);

    internal static WasmValue FromRef(CoreWasm.Modules.ValueType type, object? value) => new(KindOf(type), 0, 0, value);

    internal static WasmValue Default(CoreWasm.Modules.ValueType type) => new(KindOf(type), 0, 0, null);

    /// <inheritdoc/>
    public bool Equals(WasmValue other) =>
        Type == other.Type && _bits == other._bits && _high == other._high && ReferenceEquals(_ref, other._ref);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is WasmValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, _bits, _high, _ref);

    /// <summary>Equality.</summary>
    public static bool operator ==(WasmValue left, WasmValue right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(WasmValue left, WasmValue right) => !left.Equals(right);

    /// <summary>Formats like <c>wasmtime run --invoke</c>: decimal integers, shortest round-trip floats.</summary>
    public override string ToString() => Type switch
    {
        ValueKind.I32 => I32.ToString(CultureInfo.InvariantCulture),
        ValueKind.I64 => I64.ToString(CultureInfo.InvariantCulture),
        ValueKind.F32 => FormatFloat(F32),
        ValueKind.F64 => FormatDouble(F64),
        ValueKind.V128 => "0x" + ((ulong)_high).ToString("x16", CultureInfo.InvariantCulture) + ((ulong)_bits).ToString("x16", CultureInfo.InvariantCulture),
        _ => _ref is null ? "null" : _ref is Function ? "<funcref>" : _ref is AnyRef gc ? gc.ToString()! : "<externref>",
    };

    private static string FormatFloat(float value) =>
        float.IsNaN(value) ? "NaN" : float.IsPositiveInfinity(value) ? "inf" : float.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string FormatDouble(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);
}

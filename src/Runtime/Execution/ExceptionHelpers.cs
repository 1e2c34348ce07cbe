using System.Runtime.Intrinsics;
using WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Execution;

/// <summary>Exception handling for compiled code (throw, throw_ref, catch clauses) and the payload's boxed form.</summary>
internal static class ExceptionHelpers
{
    /// <summary>throw: the exception of tag <paramref name="index"/> with the payload compiled code boxed.</summary>
    public static ThrownException Create(object?[] values, InstanceContext context, int index) => new(context.Tags[index], values);

    /// <summary>throw_ref: the exception itself (thrown again as it is), a trap for null.</summary>
    public static ThrownException Rethrow(object? exception) =>
        exception as ThrownException ?? throw new Trap(TrapCode.NullExceptionReference);

    /// <summary>Whether a caught exception has tag <paramref name="index"/> of the catching instance.</summary>
    public static bool Is(ThrownException exception, InstanceContext context, int index) => ReferenceEquals(exception.Tag, context.Tags[index]);

    /// <summary>Payload value <paramref name="index"/> of a caught exception, boxed.</summary>
    public static object? Value(ThrownException exception, int index) => exception.Values[index];

    internal static object? Box(WasmValue value, ValueType type) => type switch
    {
        ValueType.I32 => value.I32,
        ValueType.I64 => value.I64,
        ValueType.F32 => value.F32,
        ValueType.F64 => value.F64,
        ValueType.V128 => Vector128.Create(value.V128Low, value.V128High).AsByte(),
        _ => value.Ref,
    };

    internal static WasmValue Unbox(object? value, ValueType type) => type switch
    {
        ValueType.I32 => WasmValue.FromI32((int)value!),
        ValueType.I64 => WasmValue.FromI64((long)value!),
        ValueType.F32 => WasmValue.FromF32((float)value!),
        ValueType.F64 => WasmValue.FromF64((double)value!),
        ValueType.V128 => WasmValue.FromV128(((Vector128<byte>)value!).AsInt64().GetElement(0), ((Vector128<byte>)value!).AsInt64().GetElement(1)),
        _ => WasmValue.FromRef(type, value),
    };
}

using System;
using System.Runtime.Intrinsics;
using WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Execution;

/// <summary>Moves values between <see cref="WasmValue"/> arrays and typed IL values (used by invokers and host trampolines).</summary>
internal static class ValueBoxing
{
    public static int GetI32(WasmValue[] values, int i) => values[i].I32;
    public static long GetI64(WasmValue[] values, int i) => values[i].I64;
    public static float GetF32(WasmValue[] values, int i) => values[i].F32;
    public static double GetF64(WasmValue[] values, int i) => values[i].F64;
    public static object? GetRef(WasmValue[] values, int i) => values[i].Ref;
    public static Vector128<byte> GetV128(WasmValue[] values, int i) => Vector128.Create(values[i].V128Low, values[i].V128High).AsByte();

    public static void SetI32(WasmValue[] values, int i, int v) => values[i] = WasmValue.FromI32(v);
    public static void SetI64(WasmValue[] values, int i, long v) => values[i] = WasmValue.FromI64(v);
    public static void SetF32(WasmValue[] values, int i, float v) => values[i] = WasmValue.FromF32(v);
    public static void SetF64(WasmValue[] values, int i, double v) => values[i] = WasmValue.FromF64(v);
    public static void SetV128(WasmValue[] values, int i, Vector128<byte> v) => values[i] = WasmValue.FromV128(v.AsInt64().GetElement(0), v.AsInt64().GetElement(1));
    /// <summary>A reference of a function type or a type index: a GC struct or array (a type index of a GC module) goes to the
    /// host as an externref.</summary>
    public static void SetFuncRef(WasmValue[] values, int i, object? v) => values[i] = WasmValue.FromRef(v is null or Function ? ValueType.FuncRef : ValueType.ExternRef, v);
    public static void SetExternRef(WasmValue[] values, int i, object? v) => values[i] = WasmValue.FromRef(ValueType.ExternRef, v);

    /// <summary>Calls a flat host function from its trampoline (<paramref name="args"/> on the trampoline's stack).</summary>
    public static unsafe ulong CallFlatHost(InstanceContext context, ulong* args, int count)
    {
        try { return context.FlatHost!.Call(new ReadOnlySpan<ulong>(args, count)); }
        // As the host path: traps and wasm exceptions (a composed callee's, through a fused adapter) pass unchanged.
        catch (Exception e) when (HostCalls.IsHostFailure(e)) { throw HostCalls.Failure(e, context); }
    }

    /// <summary>Calls a host function from its trampoline and checks the result types.</summary>
    public static WasmValue[] CallHost(InstanceContext context, WasmValue[] args)
    {
        var type = context.HostType!;
        var results = new WasmValue[type.Results.Length];
        // Typed references arrive with the kind of their hierarchy's trampoline setter: give them the declared kind.
        for (var i = 0; i < args.Length; i++)
            if (type.Params[i].IsTypedReference()) args[i] = WasmValue.FromRef(type.Params[i], args[i].Ref);
        try
        {
            context.Host!(HostCalls.MakeCaller(context), args, results);
        }
        catch (Exception e) when (HostCalls.IsHostFailure(e))
        {
            // A filter, not a catch-and-rethrow: traps pass through without nesting exception dispatch.
            throw HostCalls.Failure(e, context);
        }
        for (var i = 0; i < results.Length; i++)
        {
            var expected = type.Results[i];
            // A typed reference (anyref, eqref...) is checked by subtyping: the object must be of the declared type.
            if (expected.IsTypedReference() ? Global.Fits(results[i], expected) : results[i].CoreType == expected)
            {
                if (expected.IsTypedReference()) results[i] = WasmValue.FromRef(expected, results[i].Ref);
                continue;
            }
            if (results[i].Type == 0 && results[i].Bits == 0) { results[i] = WasmValue.Default(expected); continue; }
            var actual = results[i].Type.IsReference() ? results[i].Type.Name() + " " + results[i] : results[i].Type.Name();
            throw new Trap(TrapCode.HostError, $"host function {HostCalls.HostName(context)} returned {actual} where {expected.Name()} was expected");
        }
        return results;
    }

    internal static string GetterName(ValueType type) => type switch
    {
        ValueType.I32 => nameof(GetI32),
        ValueType.I64 => nameof(GetI64),
        ValueType.F32 => nameof(GetF32),
        ValueType.F64 => nameof(GetF64),
        ValueType.FuncRef or ValueType.ExternRef => nameof(GetRef),
        ValueType.V128 => nameof(GetV128),
        _ when type.IsTypedReference() => nameof(GetRef),
        _ => throw new NotSupportedException($"unsupported feature: value type {type.Name()}"),
    };

    internal static string SetterName(ValueType type) => type switch
    {
        ValueType.I32 => nameof(SetI32),
        ValueType.I64 => nameof(SetI64),
        ValueType.F32 => nameof(SetF32),
        ValueType.F64 => nameof(SetF64),
        ValueType.FuncRef => nameof(SetFuncRef),
        ValueType.ExternRef => nameof(SetExternRef),
        ValueType.V128 => nameof(SetV128),
        _ when type.IsTypedReference() => type.IsFunctionReference() ? nameof(SetFuncRef) : nameof(SetExternRef),
        _ => throw new NotSupportedException($"unsupported feature: value type {type.Name()}"),
    };
}

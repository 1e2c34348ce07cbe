using System;
using System.Collections.Generic;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Compilation;

/// <summary>
/// How wasm types map to CLR types. A wasm function of type [p*] -> [r0 r1 ...] compiles to
/// <c>static r0 f(p..., ref r1, ..., InstanceContext ctx)</c> (void without results); extra results
/// travel through byref arguments so calls need no allocation.
/// </summary>
internal static class ClrTypes
{
    public static Type Of(ValueType type) => type switch
    {
        ValueType.I32 => typeof(int),
        ValueType.I64 => typeof(long),
        ValueType.F32 => typeof(float),
        ValueType.F64 => typeof(double),
        ValueType.FuncRef or ValueType.ExternRef => typeof(object),
        _ when type.IsTypedReference() => typeof(object),
        ValueType.V128 => typeof(System.Runtime.Intrinsics.Vector128<byte>),
        _ => throw new NotSupportedException($"unsupported feature: value type {type.Name()}"),
    };

    public static Type ReturnType(FunctionType type) => type.Results.Length == 0 ? typeof(void) : Of(type.Results[0]);

    public static Type[] ParameterTypes(FunctionType type)
    {
        var list = new List<Type>(type.Params.Length + type.Results.Length + 1);
        foreach (var p in type.Params) list.Add(Of(p));
        for (var i = 1; i < type.Results.Length; i++) list.Add(Of(type.Results[i]).MakeByRefType());
        list.Add(typeof(InstanceContext));
        return list.ToArray();
    }
}

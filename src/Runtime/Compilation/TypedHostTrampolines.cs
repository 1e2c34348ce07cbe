using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Compilation;

/// <summary>
/// Trampolines for typed host delegates, one per delegate type: <c>static R T(p..., InstanceContext ctx) =&gt;
/// ((TDelegate)ctx.HostDelegate).Invoke(p...)</c>, matching the compiled calling convention.
/// </summary>
internal static class TypedHostTrampolines
{
    private static readonly ConcurrentDictionary<Type, (FunctionType Type, IntPtr Code, Type Holder)> Cache = new();
    private static readonly object Gate = new();

    public static (FunctionType Type, IntPtr Code) For(Type delegateType)
    {
        if (!Cache.TryGetValue(delegateType, out var entry))
        {
            lock (Gate)
            {
                if (!Cache.TryGetValue(delegateType, out entry))
                {
                    entry = Build(delegateType);
                    Cache[delegateType] = entry;
                }
            }
        }
        return (entry.Type, entry.Code);
    }

    private static (FunctionType, IntPtr, Type) Build(Type delegateType)
    {
        var invoke = delegateType.GetMethod("Invoke") ?? throw new ArgumentException($"{delegateType} is not a delegate type");
        var parameters = invoke.GetParameters();
        var paramTypes = ImmutableArray.CreateBuilder<ValueType>();
        foreach (var p in parameters) paramTypes.Add(WasmTypeOf(p.ParameterType));
        var results = invoke.ReturnType == typeof(void) ? ImmutableArray<ValueType>.Empty : ImmutableArray.Create(WasmTypeOf(invoke.ReturnType));
        var type = new FunctionType(paramTypes.ToImmutable(), results);

        var module = DynamicAssemblies.Create("WasmHostDelegate");
        var tb = module.DefineType("Trampoline", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var parameterTypes = ClrTypes.ParameterTypes(type);
        var method = tb.DefineMethod("Host", MethodAttributes.Public | MethodAttributes.Static, ClrTypes.ReturnType(type), parameterTypes);
        var il = method.GetILGenerator();
        IlUtil.LoadArg(il, parameterTypes.Length - 1);
        il.Emit(OpCodes.Ldfld, typeof(InstanceContext).GetField(nameof(InstanceContext.HostDelegate))!);
        il.Emit(OpCodes.Castclass, delegateType);
        for (var i = 0; i < parameters.Length; i++) IlUtil.LoadArg(il, i);
        il.Emit(OpCodes.Callvirt, invoke);
        il.Emit(OpCodes.Ret);
        var created = tb.CreateType();
        return (type, created.GetMethod("Host")!.MethodHandle.GetFunctionPointer(), created);
    }

    private static ValueType WasmTypeOf(Type type) =>
        type == typeof(int) ? ValueType.I32
        : type == typeof(long) ? ValueType.I64
        : type == typeof(float) ? ValueType.F32
        : type == typeof(double) ? ValueType.F64
        : type == typeof(Vector128<byte>) ? ValueType.V128
        : throw new ArgumentException($"type {type} has no wasm equivalent for a typed host function (use HostFunction for references)");
}

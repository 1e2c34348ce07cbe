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
/// ((TDelegate)ctx.HostDelegate).Invoke([caller,] p...)</c>, matching the compiled calling convention. A leading
/// <see cref="Caller"/> or <see cref="Caller{T}"/> parameter is built from the context (a struct: no boxing). An
/// exception other than a trap thrown by the delegate becomes a <see cref="TrapCode.HostError"/> trap (caught
/// behind a filter, so traps pass through untouched).
/// </summary>
internal static class TypedHostTrampolines
{
    private static readonly ConcurrentDictionary<Type, (FunctionType Type, IntPtr Code, Type Holder, Type? DataType)> Cache = new();
    private static readonly object Gate = new();

    /// <summary>The signature, trampoline and, for a <see cref="Caller{T}"/> parameter, T.</summary>
    public static (FunctionType Type, IntPtr Code, Type? DataType) For(Type delegateType)
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
        return (entry.Type, entry.Code, entry.DataType);
    }

    private static (FunctionType, IntPtr, Type, Type?) Build(Type delegateType)
    {
        var invoke = delegateType.GetMethod("Invoke") ?? throw new ArgumentException($"{delegateType} is not a delegate type");
        var parameters = invoke.GetParameters();
        // An optional leading Caller / Caller<T>: not a wasm parameter.
        var first = parameters.Length > 0 ? parameters[0].ParameterType : null;
        MethodInfo? makeCaller = null;
        Type? dataType = null;
        if (first == typeof(Caller))
        {
            makeCaller = SignatureStubs.Method(typeof(HostCalls), nameof(HostCalls.MakeCaller));
        }
        else if (first is { IsGenericType: true } && first.GetGenericTypeDefinition() == typeof(Caller<>))
        {
            dataType = first.GetGenericArguments()[0];
            makeCaller = SignatureStubs.Method(typeof(HostCalls), nameof(HostCalls.MakeTypedCaller)).MakeGenericMethod(dataType);
        }
        var skip = makeCaller is null ? 0 : 1;
        var paramTypes = ImmutableArray.CreateBuilder<ValueType>();
        for (var i = skip; i < parameters.Length; i++) paramTypes.Add(WasmTypeOf(parameters[i].ParameterType));
        var results = invoke.ReturnType == typeof(void) ? ImmutableArray<ValueType>.Empty : ImmutableArray.Create(WasmTypeOf(invoke.ReturnType));
        var type = new FunctionType(paramTypes.ToImmutable(), results);

        var module = DynamicAssemblies.Create("WasmHostDelegate");
        // The delegate type and the store data type may be internal to the host's assembly.
        var ignoresAccess = typeof(System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute).GetConstructor(new[] { typeof(string) })!;
        var granted = new System.Collections.Generic.HashSet<string> { typeof(TypedHostTrampolines).Assembly.GetName().Name! };
        foreach (var used in new[] { delegateType, dataType })
        {
            if (used?.Assembly.GetName().Name is { } assemblyName && granted.Add(assemblyName))
                ((AssemblyBuilder)module.Assembly).SetCustomAttribute(new CustomAttributeBuilder(ignoresAccess, new object[] { assemblyName }));
        }
        var tb = module.DefineType("Trampoline", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var parameterTypes = ClrTypes.ParameterTypes(type);
        var method = tb.DefineMethod("Host", MethodAttributes.Public | MethodAttributes.Static, ClrTypes.ReturnType(type), parameterTypes);
        var il = method.GetILGenerator();
        var contextArg = parameterTypes.Length - 1;
        var result = invoke.ReturnType == typeof(void) ? null : il.DeclareLocal(invoke.ReturnType);
        il.BeginExceptionBlock();
        IlUtil.LoadArg(il, contextArg);
        il.Emit(OpCodes.Ldfld, typeof(InstanceContext).GetField(nameof(InstanceContext.HostDelegate))!);
        il.Emit(OpCodes.Castclass, delegateType);
        if (makeCaller is not null)
        {
            IlUtil.LoadArg(il, contextArg);
            il.Emit(OpCodes.Call, makeCaller);
        }
        for (var i = skip; i < parameters.Length; i++) IlUtil.LoadArg(il, i - skip);
        il.Emit(OpCodes.Callvirt, invoke);
        if (result is not null) il.Emit(OpCodes.Stloc, result);
        // filter: only exceptions that are not traps are handled (a trap unwinds untouched).
        il.BeginExceptFilterBlock();
        il.Emit(OpCodes.Call, SignatureStubs.Method(typeof(HostCalls), nameof(HostCalls.IsHostFailure)));
        il.BeginCatchBlock(null!);
        IlUtil.LoadArg(il, contextArg);
        il.Emit(OpCodes.Call, SignatureStubs.Method(typeof(HostCalls), nameof(HostCalls.Failure)));
        il.Emit(OpCodes.Throw);
        il.EndExceptionBlock();
        if (result is not null) il.Emit(OpCodes.Ldloc, result);
        il.Emit(OpCodes.Ret);
        var created = tb.CreateType();
        return (type, created.GetMethod("Host")!.MethodHandle.GetFunctionPointer(), created, dataType);
    }

    private static ValueType WasmTypeOf(Type type) =>
        type == typeof(int) ? ValueType.I32
        : type == typeof(long) ? ValueType.I64
        : type == typeof(float) ? ValueType.F32
        : type == typeof(double) ? ValueType.F64
        : type == typeof(Vector128<byte>) ? ValueType.V128
        : throw new ArgumentException($"type {type} has no wasm equivalent for a typed host function (use HostFunction for references)");
}

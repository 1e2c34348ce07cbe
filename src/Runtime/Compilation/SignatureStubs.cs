using System;
using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.Runtime.Compilation;

/// <summary>Calls compiled code of a signature with boxed arguments (host → wasm).</summary>
internal delegate void Invoker(IntPtr code, InstanceContext context, WasmValue[] args, WasmValue[] results);

/// <summary>
/// Per-signature generated code, cached process-wide: the invoker (host calls wasm) and the host
/// trampoline (wasm calls a <see cref="HostFunction"/> through the same calli convention as compiled functions).
/// </summary>
internal sealed class SignatureStubs
{
    private static readonly ConcurrentDictionary<FunctionType, SignatureStubs> Cache = new();
    private static readonly object Gate = new();

    private SignatureStubs(Invoker invoker, IntPtr hostTrampoline, Type holder)
    {
        Invoke = invoker;
        HostTrampoline = hostTrampoline;
        Holder = holder;
    }

    public Invoker Invoke { get; }

    /// <summary>Function pointer of the host trampoline.</summary>
    public IntPtr HostTrampoline { get; }

    /// <summary>Keeps the collectible assembly alive.</summary>
    public Type Holder { get; }

    public static SignatureStubs For(FunctionType type)
    {
        if (Cache.TryGetValue(type, out var stubs)) return stubs;
        lock (Gate)
        {
            if (Cache.TryGetValue(type, out stubs)) return stubs;
            stubs = Build(type);
            Cache[type] = stubs;
            return stubs;
        }
    }

    private static SignatureStubs Build(FunctionType type)
    {
        var module = DynamicAssemblies.Create("WasmStubs");
        var tb = module.DefineType("Stubs", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var returnType = ClrTypes.ReturnType(type);
        var parameterTypes = ClrTypes.ParameterTypes(type);
        var nParams = type.Params.Length;
        var nResults = type.Results.Length;

        // Invoker: unpack args, calli, pack results.
        var invoke = tb.DefineMethod("Invoke", MethodAttributes.Public | MethodAttributes.Static, typeof(void),
            new[] { typeof(IntPtr), typeof(InstanceContext), typeof(WasmValue[]), typeof(WasmValue[]) });
        var il = invoke.GetILGenerator();
        var extra = new LocalBuilder[nResults];
        for (var k = 1; k < nResults; k++) extra[k] = il.DeclareLocal(ClrTypes.Of(type.Results[k]));
        for (var i = 0; i < nParams; i++)
        {
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Call, Method(typeof(ValueBoxing), ValueBoxing.GetterName(type.Params[i])));
        }
        for (var k = 1; k < nResults; k++) il.Emit(OpCodes.Ldloca, extra[k]);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_0);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, returnType, parameterTypes, null);
        if (nResults > 0)
        {
            var first = il.DeclareLocal(returnType);
            il.Emit(OpCodes.Stloc, first);
            for (var k = 0; k < nResults; k++)
            {
                il.Emit(OpCodes.Ldarg_3);
                il.Emit(OpCodes.Ldc_I4, k);
                il.Emit(OpCodes.Ldloc, k == 0 ? first : extra[k]);
                il.Emit(OpCodes.Call, Method(typeof(ValueBoxing), ValueBoxing.SetterName(type.Results[k])));
            }
        }
        il.Emit(OpCodes.Ret);

        // Host trampoline: box args, call the host, unbox results.
        var trampoline = tb.DefineMethod("Host", MethodAttributes.Public | MethodAttributes.Static, returnType, parameterTypes);
        il = trampoline.GetILGenerator();
        var args = il.DeclareLocal(typeof(WasmValue[]));
        il.Emit(OpCodes.Ldc_I4, nParams);
        il.Emit(OpCodes.Newarr, typeof(WasmValue));
        il.Emit(OpCodes.Stloc, args);
        for (var i = 0; i < nParams; i++)
        {
            il.Emit(OpCodes.Ldloc, args);
            il.Emit(OpCodes.Ldc_I4, i);
            IlUtil.LoadArg(il, i);
            il.Emit(OpCodes.Call, Method(typeof(ValueBoxing), ValueBoxing.SetterName(type.Params[i])));
        }
        var contextArg = parameterTypes.Length - 1;
        IlUtil.LoadArg(il, contextArg);
        il.Emit(OpCodes.Ldloc, args);
        il.Emit(OpCodes.Call, Method(typeof(ValueBoxing), nameof(ValueBoxing.CallHost)));
        var results = il.DeclareLocal(typeof(WasmValue[]));
        il.Emit(OpCodes.Stloc, results);
        for (var k = 1; k < nResults; k++)
        {
            IlUtil.LoadArg(il, nParams + k - 1);
            il.Emit(OpCodes.Ldloc, results);
            il.Emit(OpCodes.Ldc_I4, k);
            il.Emit(OpCodes.Call, Method(typeof(ValueBoxing), ValueBoxing.GetterName(type.Results[k])));
            IlUtil.StoreIndirect(il, type.Results[k]);
        }
        if (nResults > 0)
        {
            il.Emit(OpCodes.Ldloc, results);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Call, Method(typeof(ValueBoxing), ValueBoxing.GetterName(type.Results[0])));
        }
        il.Emit(OpCodes.Ret);

        var created = tb.CreateType();
        var invoker = created.GetMethod("Invoke")!.CreateDelegate<Invoker>();
        var pointer = created.GetMethod("Host")!.MethodHandle.GetFunctionPointer();
        return new SignatureStubs(invoker, pointer, created);
    }

    internal static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new InvalidOperationException($"missing helper {type.Name}.{name}");
}

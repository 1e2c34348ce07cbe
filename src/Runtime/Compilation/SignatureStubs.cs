using System;
using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

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

    private SignatureStubs(Invoker invoker, IntPtr hostTrampoline, IntPtr flatHostTrampoline, Type holder)
    {
        Invoke = invoker;
        HostTrampoline = hostTrampoline;
        FlatHostTrampoline = flatHostTrampoline;
        Holder = holder;
    }

    public Invoker Invoke { get; }

    /// <summary>Function pointer of the host trampoline.</summary>
    public IntPtr HostTrampoline { get; }

    /// <summary>Function pointer of the flat host trampoline (numeric signatures with at most one result), else zero.</summary>
    public IntPtr FlatHostTrampoline { get; }

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

        bool flat = nResults <= 1 && IsNumber(type.Results) && IsNumber(type.Params);
        if (flat) EmitFlatHost(tb, type, returnType, parameterTypes);

        var created = tb.CreateType();
        var invoker = created.GetMethod("Invoke")!.CreateDelegate<Invoker>();
        var pointer = created.GetMethod("Host")!.MethodHandle.GetFunctionPointer();
        var flatPointer = flat ? created.GetMethod("FlatHost")!.MethodHandle.GetFunctionPointer() : IntPtr.Zero;
        return new SignatureStubs(invoker, pointer, flatPointer, created);
    }

    private static bool IsNumber(System.Collections.Immutable.ImmutableArray<ValueType> types)
    {
        foreach (var t in types) if (t is not (ValueType.I32 or ValueType.I64 or ValueType.F32 or ValueType.F64)) return false;
        return true;
    }

    /// <summary>
    /// The flat host trampoline: the arguments as ulong slots in a stack buffer (localloc), then
    /// <see cref="ValueBoxing.CallFlatHost"/>, its ulong result converted back to the core type.
    /// </summary>
    private static void EmitFlatHost(TypeBuilder tb, FunctionType type, Type returnType, Type[] parameterTypes)
    {
        var il = tb.DefineMethod("FlatHost", MethodAttributes.Public | MethodAttributes.Static, returnType, parameterTypes).GetILGenerator();
        int n = type.Params.Length;
        var buffer = il.DeclareLocal(typeof(ulong*));
        if (n > 0)
        {
            IlUtil.LoadInt(il, n * 8);
            il.Emit(OpCodes.Conv_U);
            il.Emit(OpCodes.Localloc);
        }
        else il.Emit(OpCodes.Ldc_I4_0);
        if (n == 0) il.Emit(OpCodes.Conv_U);
        il.Emit(OpCodes.Stloc, buffer);
        for (var i = 0; i < n; i++)
        {
            il.Emit(OpCodes.Ldloc, buffer);
            if (i > 0)
            {
                IlUtil.LoadInt(il, i * 8);
                il.Emit(OpCodes.Add);
            }
            IlUtil.LoadArg(il, i);
            switch (type.Params[i])
            {
                case ValueType.I32: il.Emit(OpCodes.Conv_U8); break;
                case ValueType.F32:
                    il.Emit(OpCodes.Call, typeof(BitConverter).GetMethod(nameof(BitConverter.SingleToUInt32Bits))!);
                    il.Emit(OpCodes.Conv_U8);
                    break;
                case ValueType.F64: il.Emit(OpCodes.Call, typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToUInt64Bits))!); break;
            }
            il.Emit(OpCodes.Stind_I8);
        }
        IlUtil.LoadArg(il, parameterTypes.Length - 1);
        il.Emit(OpCodes.Ldloc, buffer);
        IlUtil.LoadInt(il, n);
        il.Emit(OpCodes.Call, Method(typeof(ValueBoxing), nameof(ValueBoxing.CallFlatHost)));
        if (type.Results.Length == 0) il.Emit(OpCodes.Pop);
        else switch (type.Results[0])
        {
            case ValueType.I32: il.Emit(OpCodes.Conv_I4); break;
            case ValueType.F32:
                il.Emit(OpCodes.Conv_U4);
                il.Emit(OpCodes.Call, typeof(BitConverter).GetMethod(nameof(BitConverter.UInt32BitsToSingle))!);
                break;
            case ValueType.F64: il.Emit(OpCodes.Call, typeof(BitConverter).GetMethod(nameof(BitConverter.UInt64BitsToDouble))!); break;
        }
        il.Emit(OpCodes.Ret);
    }

    internal static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new InvalidOperationException($"missing helper {type.Name}.{name}");
}

using System;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Compilation;

/// <summary>The closed-over state of a typed export delegate.</summary>
internal sealed class DelegateTarget
{
    /// <summary>The function called: its current <see cref="Function.Code"/> is read at each call, so a kept delegate
    /// follows the switch from a first body to the full one (see Tiering).</summary>
    public Function Function = null!;
    public InstanceContext Context = null!;
    public Store Store = null!;

    /// <summary>Prologue of a thunk: native stack margin, then the depth to restore.</summary>
    public static int Begin(DelegateTarget target)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw new Trap(TrapCode.StackOverflow);
        return target.Store.Depth;
    }

    public static void End(DelegateTarget target, int depth) => target.Store.Depth = depth;

    /// <summary>Exception filter: attaches the wasm backtrace at the outermost call; never catches.</summary>
    public static bool Filter(object exception, int depth)
    {
        if (depth == 0 && exception is Trap { HasBacktrace: false } trap) trap.SetBacktrace(Backtrace.Capture(trap));
        return false;
    }
}

/// <summary>
/// Builds typed delegates over compiled functions: a thunk that calls the code pointer directly (calli)
/// with unboxed arguments, so hosts avoid <see cref="WasmValue"/> arrays on hot paths.
/// </summary>
internal static class DelegateThunks
{
    public static TDelegate Create<TDelegate>(Function function) where TDelegate : Delegate
    {
        var invoke = typeof(TDelegate).GetMethod("Invoke")!;
        var parameters = invoke.GetParameters();
        var type = function.CoreType;
        if (type.Results.Length > 1)
            throw new ArgumentException($"functions with several results cannot be bound to a delegate: {type}");
        if (parameters.Length != type.Params.Length)
            throw new ArgumentException($"delegate has {parameters.Length} parameters, the function {type}");
        for (var i = 0; i < parameters.Length; i++)
            if (parameters[i].ParameterType != ClrTypes.Of(type.Params[i]))
                throw new ArgumentException($"delegate parameter {i} is {parameters[i].ParameterType.Name}, the function takes {type.Params[i].Name()}");
        if (invoke.ReturnType != ClrTypes.ReturnType(type))
            throw new ArgumentException($"delegate returns {invoke.ReturnType.Name}, the function {type}");
        if (function.Context.Store is not { } store)
            throw new ArgumentException("host functions cannot be bound to a delegate; call their callback directly");

        var thunk = Thunks.GetOrAdd(typeof(TDelegate), _ => BuildThunk(invoke, type));
        var target = new DelegateTarget { Function = function, Context = function.Context, Store = store };
        return (TDelegate)thunk.CreateDelegate(typeof(TDelegate), target);
    }

    // One thunk per delegate type (its signature fixes the wasm signature), bound to a target per function.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, DynamicMethod> Thunks = new();

    private static DynamicMethod BuildThunk(MethodInfo invoke, FunctionType type)
    {
        var parameters = invoke.GetParameters();
        var thunkParameters = new Type[parameters.Length + 1];
        thunkParameters[0] = typeof(DelegateTarget);
        for (var i = 0; i < parameters.Length; i++) thunkParameters[i + 1] = parameters[i].ParameterType;
        var method = new DynamicMethod("wasm_thunk", invoke.ReturnType, thunkParameters, typeof(DelegateTarget).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        EmitGuardedCall(il, type, il =>
        {
            for (var i = 0; i < parameters.Length; i++) IlUtil.LoadArg(il, i + 1);
        });
        il.Emit(OpCodes.Ret);
        return method;
    }

    /// <summary>
    /// Emits a call of the compiled function a <see cref="DelegateTarget"/> (argument 0 of the method being emitted)
    /// holds, guarded as <see cref="Function.Invoke"/> is: the native stack check, the call depth restored afterwards,
    /// the wasm backtrace attached to a trap leaving the outermost call. <paramref name="loadArguments"/> pushes the
    /// function's parameters; the result, if any, is left on the stack.
    /// </summary>
    public static void EmitGuardedCall(ILGenerator il, FunctionType type, Action<ILGenerator> loadArguments)
    {
        var returnType = ClrTypes.ReturnType(type);
        var depth = il.DeclareLocal(typeof(int));
        var result = returnType == typeof(void) ? null : il.DeclareLocal(returnType);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, Helper(nameof(DelegateTarget.Begin)));
        il.Emit(OpCodes.Stloc, depth);
        il.BeginExceptionBlock();
        il.BeginExceptionBlock();
        loadArguments(il);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, typeof(DelegateTarget).GetField(nameof(DelegateTarget.Context))!);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, typeof(DelegateTarget).GetField(nameof(DelegateTarget.Function))!);
        il.Emit(OpCodes.Ldfld, typeof(Function).GetField(nameof(Function.Code), BindingFlags.NonPublic | BindingFlags.Instance)!);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, returnType, ClrTypes.ParameterTypes(type), null);
        if (result is not null) il.Emit(OpCodes.Stloc, result);
        il.BeginExceptFilterBlock();
        il.Emit(OpCodes.Ldloc, depth);
        il.Emit(OpCodes.Call, Helper(nameof(DelegateTarget.Filter)));
        il.BeginCatchBlock(null!);
        il.Emit(OpCodes.Rethrow);
        il.EndExceptionBlock();
        il.BeginFinallyBlock();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldloc, depth);
        il.Emit(OpCodes.Call, Helper(nameof(DelegateTarget.End)));
        il.EndExceptionBlock();
        if (result is not null) il.Emit(OpCodes.Ldloc, result);
    }

    private static MethodInfo Helper(string name) => typeof(DelegateTarget).GetMethod(name)!;
}

using System;
using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Types;

namespace WitBindgen.Runtime.Components.Abi;

/// <summary>
/// Calls a core function with flat canonical-ABI slots (i32/f32 as their 32 bits zero-extended, i64/f64 as their
/// 64 bits, as <see cref="CanonicalAbi"/> writes them) and returns its flat result (0 when it has none), without
/// per-call arrays. Compiled functions are called through a typed delegate (<see cref="Function.CreateDelegate{T}"/>:
/// the same stack check, depth and backtrace as <see cref="Function.Invoke"/>) behind an adapter emitted once per
/// core signature; host functions fall back to <see cref="Function.Invoke"/>.
/// </summary>
internal sealed unsafe class CoreThunk
{
    private delegate ulong Adapter(Delegate target, ulong* args);

    private static readonly ConcurrentDictionary<string, (Func<Function, Delegate> Bind, Adapter Adapter)> Adapters = new();
    private static readonly MethodInfo CreateDelegateMethod = typeof(Function).GetMethod(nameof(Function.CreateDelegate))!;

    private readonly Function _function;
    private readonly Delegate? _typed;
    private readonly Adapter? _adapter;
    private readonly ValueKind[] _params;
    private readonly bool _hasResult;

    public CoreThunk(Function function)
    {
        _function = function;
        var type = function.Type;
        _params = new ValueKind[type.Params.Length];
        for (int i = 0; i < _params.Length; i++) _params[i] = type.Params[i];
        _hasResult = type.Results.Length == 1;
        if (type.Results.Length > 1 || _params.Length > 16) return;
        foreach (var k in _params) if (!IsNumber(k)) return;
        if (_hasResult && !IsNumber(type.Results[0])) return;
        var (bind, adapter) = Adapters.GetOrAdd(Key(_params, _hasResult ? type.Results[0] : null),
            _ => Build(_params, _hasResult ? type.Results[0] : null));
        try
        {
            _typed = bind(function);
            _adapter = adapter;
        }
        catch (ArgumentException)
        {
            // A host function (or a signature with no delegate form): Invoke it.
        }
    }

    /// <summary>The function called.</summary>
    public Function Function => _function;

    /// <summary>Number of core parameters.</summary>
    public int ParamCount => _params.Length;

    /// <summary>Whether the function returns a value.</summary>
    public bool HasResult => _hasResult;

    /// <summary>Calls the function with <paramref name="args"/> (at least <see cref="ParamCount"/> slots).</summary>
    public ulong Call(ReadOnlySpan<ulong> args)
    {
        if (_adapter is { } adapter)
        {
            fixed (ulong* p = args) return adapter(_typed!, p);
        }
        var values = new WasmValue[_params.Length];
        for (int i = 0; i < values.Length; i++) values[i] = FromFlat(args[i], _params[i]);
        var results = _function.Invoke(values);
        return results.Length == 0 ? 0 : CanonicalCalls.ToFlat(results[0]);
    }

    private static bool IsNumber(ValueKind k) => k is ValueKind.I32 or ValueKind.I64 or ValueKind.F32 or ValueKind.F64;

    private static WasmValue FromFlat(ulong bits, ValueKind k) => k switch
    {
        ValueKind.I32 => WasmValue.FromI32((int)(uint)bits),
        ValueKind.I64 => WasmValue.FromI64((long)bits),
        ValueKind.F32 => WasmValue.FromF32Bits((int)(uint)bits),
        _ => WasmValue.FromF64Bits((long)bits),
    };

    private static string Key(ValueKind[] ps, ValueKind? result)
    {
        var chars = new char[ps.Length + 2];
        for (int i = 0; i < ps.Length; i++) chars[i] = Letter(ps[i]);
        chars[ps.Length] = ':';
        chars[ps.Length + 1] = result is { } r ? Letter(r) : '-';
        return new string(chars);
    }

    private static char Letter(ValueKind k) => k switch { ValueKind.I32 => 'i', ValueKind.I64 => 'I', ValueKind.F32 => 'f', _ => 'F' };

    private static Type Clr(ValueKind k) => k switch
    {
        ValueKind.I32 => typeof(int),
        ValueKind.I64 => typeof(long),
        ValueKind.F32 => typeof(float),
        _ => typeof(double),
    };

    // ulong Adapter(Delegate target, ulong* args) => (ulong)((TDelegate)target).Invoke((T0)args[0], ...)
    private static (Func<Function, Delegate>, Adapter) Build(ValueKind[] ps, ValueKind? result)
    {
        var types = new Type[ps.Length + (result is null ? 0 : 1)];
        for (int i = 0; i < ps.Length; i++) types[i] = Clr(ps[i]);
        if (result is { } r) types[ps.Length] = Clr(r);
        var delegateType = result is null
            ? System.Linq.Expressions.Expression.GetActionType(types)
            : System.Linq.Expressions.Expression.GetFuncType(types);
        var method = new DynamicMethod("component_core_call", typeof(ulong), new[] { typeof(Delegate), typeof(ulong*) },
            typeof(CoreThunk).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Castclass, delegateType);
        for (int i = 0; i < ps.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_1);
            if (i > 0)
            {
                il.Emit(OpCodes.Ldc_I4, i * 8);
                il.Emit(OpCodes.Add);
            }
            il.Emit(OpCodes.Ldind_I8);
            switch (ps[i])
            {
                case ValueKind.I32: il.Emit(OpCodes.Conv_U4); break;
                case ValueKind.I64: break;
                case ValueKind.F32:
                    il.Emit(OpCodes.Conv_U4);
                    il.Emit(OpCodes.Call, typeof(BitConverter).GetMethod(nameof(BitConverter.Int32BitsToSingle))!);
                    break;
                default:
                    il.Emit(OpCodes.Call, typeof(BitConverter).GetMethod(nameof(BitConverter.Int64BitsToDouble))!);
                    break;
            }
        }
        il.Emit(OpCodes.Callvirt, delegateType.GetMethod("Invoke")!);
        switch (result)
        {
            case null: il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Conv_U8); break;
            case ValueKind.I32: il.Emit(OpCodes.Conv_U8); break;
            case ValueKind.I64: break;
            case ValueKind.F32:
                il.Emit(OpCodes.Call, typeof(BitConverter).GetMethod(nameof(BitConverter.SingleToInt32Bits))!);
                il.Emit(OpCodes.Conv_U8);
                break;
            default:
                il.Emit(OpCodes.Call, typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToInt64Bits))!);
                break;
        }
        il.Emit(OpCodes.Ret);
        // Function.CreateDelegate<TDelegate> bound once per signature (its TDelegate result returned as Delegate).
        var bind = (Func<Function, Delegate>)Delegate.CreateDelegate(typeof(Func<Function, Delegate>),
            CreateDelegateMethod.MakeGenericMethod(delegateType));
        return (bind, method.CreateDelegate<Adapter>());
    }
}

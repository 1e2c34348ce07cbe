using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Reflection.Emit;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Compilation;
using WitBindgen.Runtime.Types;

namespace WitBindgen.Runtime.Components.Abi;

/// <summary>
/// Calls a core function with flat canonical-ABI slots (i32/f32 as their 32 bits zero-extended, i64/f64 as their
/// 64 bits, as <see cref="CanonicalAbi"/> writes them) and returns its flat result (0 when it has none), without
/// per-call arrays. A compiled function is called by one method emitted (and one delegate made) per core signature, given
/// the function's code pointer and context: it reads the slots and calls the code directly, guarded as <see cref="Function.Invoke"/> is (the
/// same stack check, depth and backtrace, <see cref="DelegateThunks.EmitGuardedCall"/>). Host functions fall back to
/// <see cref="Function.Invoke"/>.
/// </summary>
internal sealed unsafe class CoreThunk
{
    /// <summary>The emitted call of one core signature, given the function's <see cref="DelegateTarget"/>.</summary>
    private delegate ulong Entry(DelegateTarget target, ulong* args);

    /// <summary>
    /// What every thunk of one core signature shares: the parameter kinds and the emitted call (null when the slots cannot
    /// carry the signature). Made once per signature and kept with the module's <see cref="CoreWasm.Modules.FunctionType"/>,
    /// so a thunk made per component instance costs two small objects: no key, no array, no delegate binding.
    /// </summary>
    private sealed class Signature
    {
        public required ValueKind[] Params;
        public required bool HasResult;
        public required Entry? Entry;
    }

    private static readonly ConditionalWeakTable<CoreWasm.Modules.FunctionType, Signature> Signatures = new();

    /// <summary>The emitted calls by signature key: core types equal in kinds (but distinct objects) share one.</summary>
    private static readonly ConcurrentDictionary<string, Entry> Entries = new();

    private readonly Function _function;
    private readonly Signature _signature;
    private readonly DelegateTarget? _target;

    public CoreThunk(Function function)
    {
        _function = function;
        _signature = Signatures.GetValue(function.CoreType, _ => Describe(function));
        // A host function (no store, no compiled code to call) or a signature the slots cannot carry: Invoke it.
        if (_signature.Entry is not null && function.Context.Store is { } store)
            _target = new DelegateTarget { Function = function, Context = function.Context, Store = store };
    }

    private static Signature Describe(Function function)
    {
        var type = function.Type;
        var ps = new ValueKind[type.Params.Length];
        for (int i = 0; i < ps.Length; i++) ps[i] = type.Params[i];
        bool hasResult = type.Results.Length == 1;
        var result = hasResult ? type.Results[0] : (ValueKind?)null;
        bool flat = type.Results.Length <= 1 && ps.Length <= 16 && (result is null || IsNumber(result.Value));
        foreach (var k in ps) flat &= IsNumber(k);
        var core = function.CoreType;
        var entry = flat ? Entries.GetOrAdd(Key(ps, result), _ => (Entry)Build(core, ps, result).CreateDelegate(typeof(Entry))) : null;
        return new Signature { Params = ps, HasResult = hasResult, Entry = entry };
    }

    /// <summary>The function called.</summary>
    public Function Function => _function;

    /// <summary>Number of core parameters.</summary>
    public int ParamCount => _signature.Params.Length;

    /// <summary>Whether the function returns a value.</summary>
    public bool HasResult => _signature.HasResult;

    /// <summary>Calls the function with <paramref name="args"/> (at least <see cref="ParamCount"/> slots).</summary>
    public ulong Call(ReadOnlySpan<ulong> args)
    {
        if (_target is { } target)
        {
            fixed (ulong* p = args) return _signature.Entry!(target, p);
        }
        var ps = _signature.Params;
        var values = new WasmValue[ps.Length];
        for (int i = 0; i < values.Length; i++) values[i] = FromFlat(args[i], ps[i]);
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

    // ulong Entry(DelegateTarget target, ulong* args) => (ulong)calli target.Function.Code((T0)args[0], ..., target.Context), guarded.
    private static DynamicMethod Build(CoreWasm.Modules.FunctionType core, ValueKind[] ps, ValueKind? result)
    {
        var method = new DynamicMethod("component_core_call", typeof(ulong), new[] { typeof(DelegateTarget), typeof(ulong*) },
            typeof(CoreThunk).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        DelegateThunks.EmitGuardedCall(il, core, il =>
        {
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
        });
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
        return method;
    }
}

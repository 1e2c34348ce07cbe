using System;
using System.Reflection.Emit;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Compilation;

/// <summary>Small IL emission helpers shared by the emitters.</summary>
internal static class IlUtil
{
    /// <summary>Stores a value of <paramref name="type"/> through the address below it on the stack.</summary>
    public static void StoreIndirect(ILGenerator il, ValueType type)
    {
        if (type == ValueType.V128) il.Emit(OpCodes.Stobj, typeof(System.Runtime.Intrinsics.Vector128<byte>));
        else il.Emit(StoreOpCode(type));
    }

    private static OpCode StoreOpCode(ValueType type) => type switch
    {
        ValueType.I32 => OpCodes.Stind_I4,
        ValueType.I64 => OpCodes.Stind_I8,
        ValueType.F32 => OpCodes.Stind_R4,
        ValueType.F64 => OpCodes.Stind_R8,
        ValueType.FuncRef or ValueType.ExternRef => OpCodes.Stind_Ref,
        _ => throw new NotSupportedException($"unsupported value type {type}"),
    };

    public static void LoadInt(ILGenerator il, int value)
    {
        switch (value)
        {
            case -1: il.Emit(OpCodes.Ldc_I4_M1); break;
            case 0: il.Emit(OpCodes.Ldc_I4_0); break;
            case 1: il.Emit(OpCodes.Ldc_I4_1); break;
            case 2: il.Emit(OpCodes.Ldc_I4_2); break;
            case 3: il.Emit(OpCodes.Ldc_I4_3); break;
            case 4: il.Emit(OpCodes.Ldc_I4_4); break;
            case 5: il.Emit(OpCodes.Ldc_I4_5); break;
            case 6: il.Emit(OpCodes.Ldc_I4_6); break;
            case 7: il.Emit(OpCodes.Ldc_I4_7); break;
            case 8: il.Emit(OpCodes.Ldc_I4_8); break;
            default:
                if (value is >= sbyte.MinValue and <= sbyte.MaxValue) il.Emit(OpCodes.Ldc_I4_S, (sbyte)value);
                else il.Emit(OpCodes.Ldc_I4, value);
                break;
        }
    }

    public static void LoadArg(ILGenerator il, int index)
    {
        switch (index)
        {
            case 0: il.Emit(OpCodes.Ldarg_0); break;
            case 1: il.Emit(OpCodes.Ldarg_1); break;
            case 2: il.Emit(OpCodes.Ldarg_2); break;
            case 3: il.Emit(OpCodes.Ldarg_3); break;
            default:
                if (index <= 255) il.Emit(OpCodes.Ldarg_S, (byte)index);
                else il.Emit(OpCodes.Ldarg, (short)index);
                break;
        }
    }

    public static void StoreArg(ILGenerator il, int index)
    {
        if (index <= 255) il.Emit(OpCodes.Starg_S, (byte)index);
        else il.Emit(OpCodes.Starg, (short)index);
    }
}

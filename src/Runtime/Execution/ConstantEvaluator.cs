using System;
using System.Collections.Generic;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.Runtime.Compilation;

namespace WitBindgen.Runtime.Execution;

/// <summary>Evaluates validated constant expressions (including extended-const arithmetic).</summary>
internal static class ConstantEvaluator
{
    /// <summary>Evaluates <paramref name="expression"/>; <paramref name="typeIds"/> (the module's canonical type ids) name the
    /// types of GC allocations.</summary>
    public static WasmValue Evaluate(ConstantExpression expression, IReadOnlyList<Global> globals, IReadOnlyList<Function> functions, int[] typeIds)
    {
        // Most expressions are one instruction (then end): answered without a stack, as every instantiation evaluates them.
        var instructions = expression.Instructions;
        if (instructions.Length is 1 or 2 && (instructions.Length == 1 || instructions[1].OpCode == OpCode.End)
            && Single(instructions[0], globals, functions) is { } value)
            return value;
        var stack = new Stack<WasmValue>(2);
        foreach (var ins in expression.Instructions)
        {
            switch (ins.OpCode)
            {
                case OpCode.I32Const: stack.Push(WasmValue.FromI32((int)ins.B)); break;
                case OpCode.I64Const: stack.Push(WasmValue.FromI64(ins.B)); break;
                case OpCode.F32Const: stack.Push(WasmValue.FromF32Bits((int)ins.B)); break;
                case OpCode.F64Const: stack.Push(WasmValue.FromF64Bits(ins.B)); break;
                case OpCode.V128Const: stack.Push(WasmValue.FromV128(ins.B, ins.C)); break;
                case OpCode.RefNull: stack.Push(WasmValue.Default((CoreWasm.Modules.ValueType)ins.A)); break;
                case OpCode.RefFunc: stack.Push(WasmValue.FromFuncRef(functions[ins.A])); break;
                case OpCode.GlobalGet: stack.Push(globals[ins.A].Value); break;
                case OpCode.I32Add: Binary32(stack, static (a, b) => a + b); break;
                case OpCode.I32Sub: Binary32(stack, static (a, b) => a - b); break;
                case OpCode.I32Mul: Binary32(stack, static (a, b) => a * b); break;
                case OpCode.I64Add: Binary64(stack, static (a, b) => a + b); break;
                case OpCode.I64Sub: Binary64(stack, static (a, b) => a - b); break;
                case OpCode.I64Mul: Binary64(stack, static (a, b) => a * b); break;
                case OpCode.End: break;
                case OpCode.RefI31: stack.Push(GcValue(I31Ref.Of(stack.Pop().I32))); break;
                // The reference stays the same object; only its kind changes hierarchy.
                case OpCode.AnyConvertExtern: stack.Push(WasmValue.FromRef(ValueKind.AnyRef, stack.Pop().Ref)); break;
                case OpCode.ExternConvertAny: stack.Push(WasmValue.FromRef(ValueKind.ExternRef, stack.Pop().Ref)); break;
                case OpCode.StructNew or OpCode.StructNewDefault: stack.Push(GcValue(NewStruct(stack, ins, typeIds))); break;
                case OpCode.ArrayNew or OpCode.ArrayNewDefault or OpCode.ArrayNewFixed: stack.Push(GcValue(NewArray(stack, ins, typeIds))); break;
                default: throw new NotSupportedException($"constant expression instruction {ins.OpCode}");
            }
        }
        return stack.Pop();
    }

    private static WasmValue? Single(Instruction ins, IReadOnlyList<Global> globals, IReadOnlyList<Function> functions) => ins.OpCode switch
    {
        OpCode.I32Const => WasmValue.FromI32((int)ins.B),
        OpCode.I64Const => WasmValue.FromI64(ins.B),
        OpCode.F32Const => WasmValue.FromF32Bits((int)ins.B),
        OpCode.F64Const => WasmValue.FromF64Bits(ins.B),
        OpCode.GlobalGet => globals[ins.A].Value,
        OpCode.RefFunc => WasmValue.FromFuncRef(functions[ins.A]),
        _ => null,
    };

    private static WasmValue GcValue(object value) => WasmValue.FromRef(ValueKind.AnyRef, value);

    private static GcStruct NewStruct(Stack<WasmValue> stack, Instruction ins, int[] typeIds)
    {
        var result = GcHelpers.NewStruct(typeIds[ins.A]);
        var type = result.Type;
        if (ins.OpCode == OpCode.StructNewDefault) return result;
        for (var k = type.Storage.Length - 1; k >= 0; k--)
        {
            var value = stack.Pop();
            var slot = type.Slots[k];
            if (type.Storage[k].IsReference()) result.Refs[slot] = value.Ref;
            else
            {
                result.Bits[slot] = type.Storage[k] is CoreWasm.Modules.ValueType.I32 or ValueTypes.I8 or ValueTypes.I16 or CoreWasm.Modules.ValueType.F32 ? (int)value.Bits : value.Bits;
                if (type.Storage[k] == CoreWasm.Modules.ValueType.V128) result.Bits[slot + 1] = value.V128High;
            }
        }
        return result;
    }

    private static GcArray NewArray(Stack<WasmValue> stack, Instruction ins, int[] typeIds)
    {
        var id = typeIds[ins.A];
        WasmValue[] values;
        if (ins.OpCode == OpCode.ArrayNewFixed)
        {
            values = new WasmValue[(int)ins.B];
            for (var k = values.Length - 1; k >= 0; k--) values[k] = stack.Pop();
        }
        else
        {
            var length = stack.Pop().I32;
            if ((uint)length > GcHelpers.MaxArrayLength) throw new Trap(TrapCode.ArrayOutOfBounds);
            var value = ins.OpCode == OpCode.ArrayNew ? stack.Pop() : default;
            values = new WasmValue[length];
            Array.Fill(values, value);
        }
        var type = TypeRegistry.Gc(id)!;
        return type.Storage[0] switch
        {
            ValueTypes.I8 => new GcArray<byte>(type, Array.ConvertAll(values, v => (byte)v.Bits)),
            ValueTypes.I16 => new GcArray<ushort>(type, Array.ConvertAll(values, v => (ushort)v.Bits)),
            CoreWasm.Modules.ValueType.I32 => new GcArray<int>(type, Array.ConvertAll(values, v => (int)v.Bits)),
            CoreWasm.Modules.ValueType.I64 => new GcArray<long>(type, Array.ConvertAll(values, v => v.Bits)),
            CoreWasm.Modules.ValueType.F32 => new GcArray<float>(type, Array.ConvertAll(values, v => BitConverter.Int32BitsToSingle((int)v.Bits))),
            CoreWasm.Modules.ValueType.F64 => new GcArray<double>(type, Array.ConvertAll(values, v => BitConverter.Int64BitsToDouble(v.Bits))),
            CoreWasm.Modules.ValueType.V128 => new GcArray<System.Runtime.Intrinsics.Vector128<byte>>(type,
                Array.ConvertAll(values, v => System.Runtime.Intrinsics.Vector128.AsByte(System.Runtime.Intrinsics.Vector128.Create(v.V128Low, v.V128High)))),
            _ => new GcArray<object?>(type, Array.ConvertAll(values, v => v.Ref)),
        };
    }

    private static void Binary32(Stack<WasmValue> stack, Func<int, int, int> op)
    {
        var b = stack.Pop().I32;
        var a = stack.Pop().I32;
        stack.Push(WasmValue.FromI32(unchecked(op(a, b))));
    }

    private static void Binary64(Stack<WasmValue> stack, Func<long, long, long> op)
    {
        var b = stack.Pop().I64;
        var a = stack.Pop().I64;
        stack.Push(WasmValue.FromI64(unchecked(op(a, b))));
    }
}

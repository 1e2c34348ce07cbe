using System;
using System.Collections.Generic;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.Runtime.Execution;

/// <summary>Evaluates validated constant expressions (including extended-const arithmetic).</summary>
internal static class ConstantEvaluator
{
    public static WasmValue Evaluate(ConstantExpression expression, IReadOnlyList<Global> globals, IReadOnlyList<Function> functions)
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

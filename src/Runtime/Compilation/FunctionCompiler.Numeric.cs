using System;
using System.Reflection.Emit;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;
using OpCode = WitBindgen.CoreWasm.Modules.OpCode;

namespace WitBindgen.Runtime.Compilation;

/// <summary>Constants, arithmetic, bitwise and comparison instructions.</summary>
internal sealed partial class FunctionCompiler
{
    private bool EmitNumeric(in Instruction ins)
    {
        switch (ins.OpCode)
        {
            case OpCode.I32Const:
                IlUtil.LoadInt(_il, (int)ins.B);
                _height++;
                return true;
            case OpCode.I64Const:
                _il.Emit(OpCodes.Ldc_I8, ins.B);
                _height++;
                return true;
            case OpCode.F32Const:
                var f32 = BitConverter.Int32BitsToSingle((int)ins.B);
                if (float.IsNaN(f32))
                {
                    // NaN payloads must survive exactly: the JIT may quiet NaN constants, so materialize at run time.
                    IlUtil.LoadInt(_il, (int)ins.B);
                    _il.Emit(OpCodes.Call, Helper(typeof(ConstantHelpers), nameof(ConstantHelpers.F32FromBits)));
                }
                else if (ConstantHelpers.FoldableF32((int)ins.B) is { } field32)
                {
                    _il.Emit(OpCodes.Ldsfld, typeof(ConstantHelpers).GetField(field32)!);
                }
                else
                {
                    _il.Emit(OpCodes.Ldc_R4, f32);
                }
                _height++;
                return true;
            case OpCode.F64Const:
                var f64 = BitConverter.Int64BitsToDouble(ins.B);
                if (double.IsNaN(f64))
                {
                    _il.Emit(OpCodes.Ldc_I8, ins.B);
                    _il.Emit(OpCodes.Call, Helper(typeof(ConstantHelpers), nameof(ConstantHelpers.F64FromBits)));
                }
                else if (ConstantHelpers.FoldableF64(ins.B) is { } field64)
                {
                    _il.Emit(OpCodes.Ldsfld, typeof(ConstantHelpers).GetField(field64)!);
                }
                else
                {
                    _il.Emit(OpCodes.Ldc_R8, f64);
                }
                _height++;
                return true;

            case OpCode.I32Eqz:
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Ceq);
                return true;
            case OpCode.I64Eqz:
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Conv_I8);
                _il.Emit(OpCodes.Ceq);
                return true;

            case OpCode.I32Eq or OpCode.I64Eq or OpCode.F32Eq or OpCode.F64Eq:
                return Binary(OpCodes.Ceq);
            case OpCode.I32Ne or OpCode.I64Ne or OpCode.F32Ne or OpCode.F64Ne:
                return Binary(OpCodes.Ceq, negate: true);
            case OpCode.I32LtS or OpCode.I64LtS or OpCode.F32Lt or OpCode.F64Lt:
                return Binary(OpCodes.Clt);
            case OpCode.I32LtU or OpCode.I64LtU:
                return Binary(OpCodes.Clt_Un);
            case OpCode.I32GtS or OpCode.I64GtS or OpCode.F32Gt or OpCode.F64Gt:
                return Binary(OpCodes.Cgt);
            case OpCode.I32GtU or OpCode.I64GtU:
                return Binary(OpCodes.Cgt_Un);
            case OpCode.I32LeS or OpCode.I64LeS:
                return Binary(OpCodes.Cgt, negate: true);
            case OpCode.I32LeU or OpCode.I64LeU or OpCode.F32Le or OpCode.F64Le:
                // For floats cgt.un is "greater or unordered", so its negation is an ordered <=.
                return Binary(OpCodes.Cgt_Un, negate: true);
            case OpCode.I32GeS or OpCode.I64GeS:
                return Binary(OpCodes.Clt, negate: true);
            case OpCode.I32GeU or OpCode.I64GeU or OpCode.F32Ge or OpCode.F64Ge:
                return Binary(OpCodes.Clt_Un, negate: true);

            case OpCode.I32Add or OpCode.I64Add or OpCode.F32Add or OpCode.F64Add:
                return Binary(OpCodes.Add);
            case OpCode.I32Sub or OpCode.I64Sub or OpCode.F32Sub or OpCode.F64Sub:
                return Binary(OpCodes.Sub);
            case OpCode.I32Mul or OpCode.I64Mul or OpCode.F32Mul or OpCode.F64Mul:
                return Binary(OpCodes.Mul);
            case OpCode.F32Div or OpCode.F64Div:
                return Binary(OpCodes.Div);
            case OpCode.I32And or OpCode.I64And:
                return Binary(OpCodes.And);
            case OpCode.I32Or or OpCode.I64Or:
                return Binary(OpCodes.Or);
            case OpCode.I32Xor or OpCode.I64Xor:
                return Binary(OpCodes.Xor);

            case OpCode.I32Shl: return Shift(OpCodes.Shl, 31, wide: false);
            case OpCode.I32ShrS: return Shift(OpCodes.Shr, 31, wide: false);
            case OpCode.I32ShrU: return Shift(OpCodes.Shr_Un, 31, wide: false);
            case OpCode.I64Shl: return Shift(OpCodes.Shl, 63, wide: true);
            case OpCode.I64ShrS: return Shift(OpCodes.Shr, 63, wide: true);
            case OpCode.I64ShrU: return Shift(OpCodes.Shr_Un, 63, wide: true);

            case OpCode.I32DivS or OpCode.I32DivU or OpCode.I32RemS or OpCode.I32RemU
                or OpCode.I64DivS or OpCode.I64DivU or OpCode.I64RemS or OpCode.I64RemU
                or OpCode.I32Clz or OpCode.I32Ctz or OpCode.I32Popcnt or OpCode.I32Rotl or OpCode.I32Rotr
                or OpCode.I64Clz or OpCode.I64Ctz or OpCode.I64Popcnt or OpCode.I64Rotl or OpCode.I64Rotr
                or OpCode.F32Abs or OpCode.F32Neg or OpCode.F32Copysign or OpCode.F32Ceil or OpCode.F32Floor
                or OpCode.F32Trunc or OpCode.F32Nearest or OpCode.F32Sqrt or OpCode.F32Min or OpCode.F32Max
                or OpCode.F64Abs or OpCode.F64Neg or OpCode.F64Copysign or OpCode.F64Ceil or OpCode.F64Floor
                or OpCode.F64Trunc or OpCode.F64Nearest or OpCode.F64Sqrt or OpCode.F64Min or OpCode.F64Max:
                CallHelper(typeof(NumericHelpers), ins.OpCode.ToString());
                return true;

            case OpCode.I32Extend8S:
                _il.Emit(OpCodes.Conv_I1);
                return true;
            case OpCode.I32Extend16S:
                _il.Emit(OpCodes.Conv_I2);
                return true;
            case OpCode.I64Extend8S:
                _il.Emit(OpCodes.Conv_I1);
                _il.Emit(OpCodes.Conv_I8);
                return true;
            case OpCode.I64Extend16S:
                _il.Emit(OpCodes.Conv_I2);
                _il.Emit(OpCodes.Conv_I8);
                return true;
            case OpCode.I64Extend32S:
                _il.Emit(OpCodes.Conv_I4);
                _il.Emit(OpCodes.Conv_I8);
                return true;
            default:
                return false;
        }
    }

    private bool Binary(System.Reflection.Emit.OpCode op, bool negate = false)
    {
        _il.Emit(op);
        if (negate)
        {
            _il.Emit(OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Ceq);
        }
        _height--;
        return true;
    }

    /// <summary>Shift counts are taken modulo the width (IL leaves larger counts unspecified).</summary>
    private bool Shift(System.Reflection.Emit.OpCode op, int mask, bool wide)
    {
        if (wide) _il.Emit(OpCodes.Conv_I4);
        IlUtil.LoadInt(_il, mask);
        _il.Emit(OpCodes.And);
        _il.Emit(op);
        _height--;
        return true;
    }
}

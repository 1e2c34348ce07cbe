using System.Reflection.Emit;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;
using OpCode = WitBindgen.CoreWasm.Modules.OpCode;

namespace WitBindgen.Runtime.Compilation;

/// <summary>Fixed-width SIMD: v128 values are Vector128&lt;byte&gt; on the IL stack; every instruction calls a
/// helper named after its opcode (SimdLanes for immediates and memory, SimdRelaxed for relaxed SIMD, SimdArithmetic for the rest).</summary>
internal sealed partial class FunctionCompiler
{
    private bool EmitSimd(in Instruction ins)
    {
        switch (ins.OpCode)
        {
            case OpCode.V128Const:
                _il.Emit(OpCodes.Ldc_I8, ins.B);
                _il.Emit(OpCodes.Ldc_I8, ins.C);
                CallHelper(typeof(SimdLanes), nameof(SimdLanes.V128Const), adjustHeight: false);
                _height++;
                return true;
            case OpCode.I8x16Shuffle:
                _il.Emit(OpCodes.Ldc_I8, ins.B);
                _il.Emit(OpCodes.Ldc_I8, ins.C);
                CallHelper(typeof(SimdLanes), nameof(SimdLanes.I8x16Shuffle), adjustHeight: false);
                _height--;
                return true;
            case OpCode.I8x16ExtractLaneS or OpCode.I8x16ExtractLaneU or OpCode.I16x8ExtractLaneS or OpCode.I16x8ExtractLaneU
                or OpCode.I32x4ExtractLane or OpCode.I64x2ExtractLane or OpCode.F32x4ExtractLane or OpCode.F64x2ExtractLane:
                IlUtil.LoadInt(_il, ins.A);
                CallHelper(typeof(SimdLanes), ins.OpCode.ToString(), adjustHeight: false);
                return true;
            case OpCode.I8x16ReplaceLane or OpCode.I16x8ReplaceLane or OpCode.I32x4ReplaceLane or OpCode.I64x2ReplaceLane
                or OpCode.F32x4ReplaceLane or OpCode.F64x2ReplaceLane:
                IlUtil.LoadInt(_il, ins.A);
                CallHelper(typeof(SimdLanes), ins.OpCode.ToString(), adjustHeight: false);
                _height--;
                return true;
            case OpCode.V128Load or OpCode.V128Load8x8S or OpCode.V128Load8x8U or OpCode.V128Load16x4S or OpCode.V128Load16x4U
                or OpCode.V128Load32x2S or OpCode.V128Load32x2U or OpCode.V128Load8Splat or OpCode.V128Load16Splat
                or OpCode.V128Load32Splat or OpCode.V128Load64Splat or OpCode.V128Load32Zero or OpCode.V128Load64Zero:
                NarrowAddress(ins);
                LoadMemory(ins.A >> 8);
                LoadOffset(ins);
                CallHelper(typeof(SimdLanes), ins.OpCode.ToString(), adjustHeight: false);
                return true;
            case OpCode.V128Store:
                NarrowAddress(ins, typeof(System.Runtime.Intrinsics.Vector128<byte>));
                LoadMemory(ins.A >> 8);
                LoadOffset(ins);
                CallHelper(typeof(SimdLanes), nameof(SimdLanes.V128Store), adjustHeight: false);
                _height -= 2;
                return true;
            case OpCode.V128Load8Lane or OpCode.V128Load16Lane or OpCode.V128Load32Lane or OpCode.V128Load64Lane:
                NarrowAddress(ins, typeof(System.Runtime.Intrinsics.Vector128<byte>));
                LoadMemory(ins.A >> 8);
                LoadOffset(ins);
                IlUtil.LoadInt(_il, (int)ins.C);
                CallHelper(typeof(SimdLanes), ins.OpCode.ToString(), adjustHeight: false);
                _height--;
                return true;
            case OpCode.V128Store8Lane or OpCode.V128Store16Lane or OpCode.V128Store32Lane or OpCode.V128Store64Lane:
                NarrowAddress(ins, typeof(System.Runtime.Intrinsics.Vector128<byte>));
                LoadMemory(ins.A >> 8);
                LoadOffset(ins);
                IlUtil.LoadInt(_il, (int)ins.C);
                CallHelper(typeof(SimdLanes), ins.OpCode.ToString(), adjustHeight: false);
                _height -= 2;
                return true;
        }
        var name = ins.OpCode.ToString();
        if (typeof(SimdArithmetic).GetMethod(name) is not null)
        {
            CallHelper(typeof(SimdArithmetic), name);
            return true;
        }
        if (typeof(SimdLanes).GetMethod(name) is not null)
        {
            CallHelper(typeof(SimdLanes), name);
            return true;
        }
        if (typeof(SimdRelaxed).GetMethod(name) is not null)
        {
            CallHelper(typeof(SimdRelaxed), name);
            return true;
        }
        return false;
    }
}

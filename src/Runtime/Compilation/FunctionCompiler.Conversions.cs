using System.Reflection.Emit;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;
using OpCode = WitBindgen.CoreWasm.Modules.OpCode;

namespace WitBindgen.Runtime.Compilation;

/// <summary>Conversions: wrap/extend, float/int conversions (trapping and saturating), demote/promote, reinterpret.</summary>
internal sealed partial class FunctionCompiler
{
    private bool EmitConversion(in Instruction ins)
    {
        switch (ins.OpCode)
        {
            case OpCode.I32WrapI64:
                _il.Emit(OpCodes.Conv_I4);
                return true;
            case OpCode.I64ExtendI32S:
                _il.Emit(OpCodes.Conv_I8);
                return true;
            case OpCode.I64ExtendI32U:
                _il.Emit(OpCodes.Conv_U8);
                return true;
            case OpCode.F32ConvertI32S:
                _il.Emit(OpCodes.Conv_R4);
                return true;
            case OpCode.F64ConvertI32S:
                _il.Emit(OpCodes.Conv_R8);
                return true;
            case OpCode.I32TruncF32S or OpCode.I32TruncF32U or OpCode.I32TruncF64S or OpCode.I32TruncF64U
                or OpCode.I64TruncF32S or OpCode.I64TruncF32U or OpCode.I64TruncF64S or OpCode.I64TruncF64U
                or OpCode.I32TruncSatF32S or OpCode.I32TruncSatF32U or OpCode.I32TruncSatF64S or OpCode.I32TruncSatF64U
                or OpCode.I64TruncSatF32S or OpCode.I64TruncSatF32U or OpCode.I64TruncSatF64S or OpCode.I64TruncSatF64U
                or OpCode.F32ConvertI32U or OpCode.F32ConvertI64S or OpCode.F32ConvertI64U
                or OpCode.F64ConvertI32U or OpCode.F64ConvertI64S or OpCode.F64ConvertI64U
                or OpCode.F32DemoteF64 or OpCode.F64PromoteF32
                or OpCode.I32ReinterpretF32 or OpCode.I64ReinterpretF64 or OpCode.F32ReinterpretI32 or OpCode.F64ReinterpretI64:
                CallHelper(typeof(ConversionHelpers), ins.OpCode.ToString());
                return true;
            default:
                return false;
        }
    }
}

using System.Reflection.Emit;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;
using OpCode = WitBindgen.CoreWasm.Modules.OpCode;

namespace WitBindgen.Runtime.Compilation;

/// <summary>Loads, stores, memory.size/grow and bulk memory. Accesses go through inlined helpers taking
/// the address, the base and length of the memory named by the instruction (cached in locals) and the static offset.</summary>
internal sealed partial class FunctionCompiler
{
    private bool EmitMemory(in Instruction ins)
    {
        switch (ins.OpCode)
        {
            case OpCode.I32Load or OpCode.I64Load or OpCode.F32Load or OpCode.F64Load
                or OpCode.I32Load8S or OpCode.I32Load8U or OpCode.I32Load16S or OpCode.I32Load16U
                or OpCode.I64Load8S or OpCode.I64Load8U or OpCode.I64Load16S or OpCode.I64Load16U
                or OpCode.I64Load32S or OpCode.I64Load32U:
                LoadMemoryBaseAndLength(ins.A >> 8);
                _il.Emit(OpCodes.Ldc_I8, (long)(uint)ins.B);
                CallHelper(typeof(MemoryHelpers), ins.OpCode.ToString(), adjustHeight: false);
                return true;
            case OpCode.I32Store or OpCode.I64Store or OpCode.F32Store or OpCode.F64Store
                or OpCode.I32Store8 or OpCode.I32Store16 or OpCode.I64Store8 or OpCode.I64Store16 or OpCode.I64Store32:
                LoadMemoryBaseAndLength(ins.A >> 8);
                _il.Emit(OpCodes.Ldc_I8, (long)(uint)ins.B);
                CallHelper(typeof(MemoryHelpers), ins.OpCode.ToString(), adjustHeight: false);
                _height -= 2;
                return true;
            case OpCode.MemorySize:
                LoadMemory(ins.A);
                CallHelper(typeof(MemoryHelpers), nameof(MemoryHelpers.Size), adjustHeight: false);
                _height++;
                return true;
            case OpCode.MemoryGrow:
                LoadMemory(ins.A);
                CallHelper(typeof(MemoryHelpers), nameof(MemoryHelpers.Grow), adjustHeight: false);
                // All cached lengths: two imported memory indices may be the same memory.
                ReloadMemoryLength();
                return true;
            case OpCode.MemoryFill:
                LoadMemory(ins.A);
                CallHelper(typeof(MemoryHelpers), nameof(MemoryHelpers.Fill), adjustHeight: false);
                _height -= 3;
                return true;
            case OpCode.MemoryCopy when ins.A == ins.B:
                LoadMemory(ins.A);
                CallHelper(typeof(MemoryHelpers), nameof(MemoryHelpers.Copy), adjustHeight: false);
                _height -= 3;
                return true;
            case OpCode.MemoryCopy:
                LoadMemory(ins.A);
                LoadMemory((int)ins.B);
                CallHelper(typeof(MemoryHelpers), nameof(MemoryHelpers.CopyBetween), adjustHeight: false);
                _height -= 3;
                return true;
            case OpCode.MemoryInit:
                LoadContext();
                IlUtil.LoadInt(_il, ins.A);
                LoadMemory((int)ins.B);
                CallHelper(typeof(MemoryHelpers), nameof(MemoryHelpers.Init), adjustHeight: false);
                _height -= 3;
                return true;
            case OpCode.DataDrop:
                LoadContext();
                IlUtil.LoadInt(_il, ins.A);
                CallHelper(typeof(MemoryHelpers), nameof(MemoryHelpers.DataDrop), adjustHeight: false);
                return true;
            default:
                return false;
        }
    }
}

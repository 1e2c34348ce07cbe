using System.Reflection.Emit;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;
using OpCode = WitBindgen.CoreWasm.Modules.OpCode;

namespace WitBindgen.Runtime.Compilation;

/// <summary>Loads, stores, memory.size/grow and bulk memory. Accesses go through inlined helpers taking
/// the address, the base and length of the memory named by the instruction (cached in locals) and the static offset.
/// <para>memory64/table64: i64 addresses, indices and sizes are narrowed with saturation onto the 32-bit path
/// (<see cref="MemoryHelpers.Saturate"/>): a value beyond 32 bits becomes 0xFFFFFFFF, which is out of bounds of
/// every 64-bit memory (they grow to at most <see cref="Memory.MaxPages64"/> pages, below 4 GiB) and of every table,
/// so it traps exactly where the full 64-bit check would. Offsets beyond 32 bits saturate to 2^32 likewise.</para></summary>
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
                NarrowAddress(ins);
                LoadMemoryBaseAndLength(ins.A >> 8);
                LoadOffset(ins);
                CallHelper(typeof(MemoryHelpers), ins.OpCode.ToString(), adjustHeight: false);
                return true;
            case OpCode.I32Store or OpCode.I64Store or OpCode.F32Store or OpCode.F64Store
                or OpCode.I32Store8 or OpCode.I32Store16 or OpCode.I64Store8 or OpCode.I64Store16 or OpCode.I64Store32:
                NarrowAddress(ins, ClrTypes.Of(CoreWasm.Validation.OpSignatures.MemoryAccess(ins.OpCode).Type));
                LoadMemoryBaseAndLength(ins.A >> 8);
                LoadOffset(ins);
                CallHelper(typeof(MemoryHelpers), ins.OpCode.ToString(), adjustHeight: false);
                _height -= 2;
                return true;
            case OpCode.MemorySize:
                LoadMemory(ins.A);
                CallHelper(typeof(MemoryHelpers), nameof(MemoryHelpers.Size), adjustHeight: false);
                if (_module.Memory64[ins.A]) _il.Emit(OpCodes.Conv_I8);
                _height++;
                return true;
            case OpCode.MemoryGrow:
                if (_module.Memory64[ins.A]) Narrow();
                LoadMemory(ins.A);
                CallHelper(typeof(MemoryHelpers), nameof(MemoryHelpers.Grow), adjustHeight: false);
                if (_module.Memory64[ins.A]) _il.Emit(OpCodes.Conv_I8); // -1 stays -1; page counts are positive
                // All cached lengths: two imported memory indices may be the same memory.
                ReloadMemoryLength();
                return true;
            case OpCode.MemoryFill:
                if (_module.Memory64[ins.A]) NarrowOperands(true, false, true);
                LoadMemory(ins.A);
                CallHelper(typeof(MemoryHelpers), nameof(MemoryHelpers.Fill), adjustHeight: false);
                _height -= 3;
                return true;
            case OpCode.MemoryCopy when ins.A == ins.B:
                if (_module.Memory64[ins.A]) NarrowOperands(true, true, true);
                LoadMemory(ins.A);
                CallHelper(typeof(MemoryHelpers), nameof(MemoryHelpers.Copy), adjustHeight: false);
                _height -= 3;
                return true;
            case OpCode.MemoryCopy:
            {
                bool destination64 = _module.Memory64[ins.A], source64 = _module.Memory64[(int)ins.B];
                if (destination64 || source64) NarrowOperands(destination64, source64, destination64 && source64);
                LoadMemory(ins.A);
                LoadMemory((int)ins.B);
                CallHelper(typeof(MemoryHelpers), nameof(MemoryHelpers.CopyBetween), adjustHeight: false);
                _height -= 3;
                return true;
            }
            case OpCode.MemoryInit:
                if (_module.Memory64[(int)ins.B]) NarrowOperands(true, false, false);
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

    /// <summary>Narrows the address of a load or store on a 64-bit memory (the operands above it, of the given
    /// CLR types, pass through scratch locals).</summary>
    private void NarrowAddress(in Instruction ins, params System.Type[] above)
    {
        if (_module.Memory64[ins.A >> 8]) NarrowBelow(above);
    }

    /// <summary>Narrows the i64 operand under operands of the given CLR types (they pass through scratch locals).</summary>
    private void NarrowBelow(params System.Type[] above)
    {
        var spilled = new LocalBuilder[above.Length];
        for (var i = above.Length - 1; i >= 0; i--)
        {
            spilled[i] = Scratch(above[i], 200 + i);
            _il.Emit(OpCodes.Stloc, spilled[i]);
        }
        Narrow();
        foreach (var local in spilled) _il.Emit(OpCodes.Ldloc, local);
    }

    /// <summary>The static offset of a load or store: beyond 32 bits (64-bit memories only) it saturates to 2^32,
    /// out of bounds wherever it is added.</summary>
    private void LoadOffset(in Instruction ins) => _il.Emit(OpCodes.Ldc_I8, (long)System.Math.Min((ulong)ins.B, 1UL << 32));

    /// <summary>Narrows the top i64 operand to the 32-bit path.</summary>
    private void Narrow() => CallHelper(typeof(MemoryHelpers), nameof(MemoryHelpers.Saturate), adjustHeight: false);

    /// <summary>Narrows the three operands of a bulk memory or table instruction: which ones are i64 is given per
    /// operand (bottom first); the others pass through unchanged (i32, or <paramref name="middle"/> for the second).</summary>
    private void NarrowOperands(bool first, bool second, bool third, System.Type? middle = null)
    {
        var wide = new[] { first, second, third };
        var spilled = new LocalBuilder[3];
        for (var i = 2; i >= 0; i--)
        {
            spilled[i] = Scratch(wide[i] ? typeof(long) : i == 1 && middle is not null ? middle : typeof(int), 210 + i);
            _il.Emit(OpCodes.Stloc, spilled[i]);
        }
        for (var i = 0; i < 3; i++)
        {
            _il.Emit(OpCodes.Ldloc, spilled[i]);
            if (wide[i]) Narrow();
        }
    }
}

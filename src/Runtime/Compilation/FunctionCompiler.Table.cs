using System.Reflection.Emit;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;
using OpCode = WitBindgen.CoreWasm.Modules.OpCode;

namespace WitBindgen.Runtime.Compilation;

/// <summary>Table instructions and reference instructions (ref.null, ref.is_null, ref.func).</summary>
internal sealed partial class FunctionCompiler
{
    private bool EmitTable(in Instruction ins)
    {
        switch (ins.OpCode)
        {
            case OpCode.TableGet:
                if (_module.Table64[ins.A]) Narrow();
                LoadTable(ins.A);
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.Get), adjustHeight: false);
                return true;
            case OpCode.TableSet:
                if (_module.Table64[ins.A]) NarrowBelow(typeof(object));
                LoadTable(ins.A);
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.Set), adjustHeight: false);
                _height -= 2;
                return true;
            case OpCode.TableSize:
                LoadTable(ins.A);
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.Size), adjustHeight: false);
                if (_module.Table64[ins.A]) _il.Emit(OpCodes.Conv_U8);
                _height++;
                return true;
            case OpCode.TableGrow:
                if (_module.Table64[ins.A]) Narrow();
                LoadTable(ins.A);
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.Grow), adjustHeight: false);
                if (_module.Table64[ins.A]) _il.Emit(OpCodes.Conv_I8); // -1 stays -1; sizes fit 31 bits
                _height--;
                return true;
            case OpCode.TableFill:
                if (_module.Table64[ins.A]) NarrowOperands(true, false, true, typeof(object));
                LoadTable(ins.A);
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.Fill), adjustHeight: false);
                _height -= 3;
                return true;
            case OpCode.TableCopy:
            {
                bool destination64 = _module.Table64[ins.A], source64 = _module.Table64[(int)ins.B];
                if (destination64 || source64) NarrowOperands(destination64, source64, destination64 && source64);
                LoadTable(ins.A);
                LoadTable((int)ins.B);
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.Copy), adjustHeight: false);
                _height -= 3;
                return true;
            }
            case OpCode.TableInit:
                if (_module.Table64[(int)ins.B]) NarrowOperands(true, false, false);
                LoadContext();
                IlUtil.LoadInt(_il, ins.A);
                LoadTable((int)ins.B);
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.Init), adjustHeight: false);
                _height -= 3;
                return true;
            case OpCode.ElemDrop:
                LoadContext();
                IlUtil.LoadInt(_il, ins.A);
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.ElemDrop), adjustHeight: false);
                return true;
            case OpCode.RefNull:
                _il.Emit(OpCodes.Ldnull);
                _height++;
                return true;
            case OpCode.RefIsNull:
                _il.Emit(OpCodes.Ldnull);
                _il.Emit(OpCodes.Ceq);
                return true;
            case OpCode.RefAsNonNull:
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.AsNonNull), adjustHeight: false);
                return true;
            case OpCode.RefFunc:
                LoadContext();
                _il.Emit(OpCodes.Ldfld, ContextField(nameof(InstanceContext.Functions)));
                IlUtil.LoadInt(_il, ins.A);
                _il.Emit(OpCodes.Ldelem_Ref);
                _height++;
                return true;
            default:
                return false;
        }
    }
}

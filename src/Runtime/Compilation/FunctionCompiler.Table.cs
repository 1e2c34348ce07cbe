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
                LoadTable(ins.A);
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.Get), adjustHeight: false);
                return true;
            case OpCode.TableSet:
                LoadTable(ins.A);
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.Set), adjustHeight: false);
                _height -= 2;
                return true;
            case OpCode.TableSize:
                LoadTable(ins.A);
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.Size), adjustHeight: false);
                _height++;
                return true;
            case OpCode.TableGrow:
                LoadTable(ins.A);
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.Grow), adjustHeight: false);
                _height--;
                return true;
            case OpCode.TableFill:
                LoadTable(ins.A);
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.Fill), adjustHeight: false);
                _height -= 3;
                return true;
            case OpCode.TableCopy:
                LoadTable(ins.A);
                LoadTable((int)ins.B);
                CallHelper(typeof(TableHelpers), nameof(TableHelpers.Copy), adjustHeight: false);
                _height -= 3;
                return true;
            case OpCode.TableInit:
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

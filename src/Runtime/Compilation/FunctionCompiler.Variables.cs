using System.Reflection.Emit;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;
using OpCode = WitBindgen.CoreWasm.Modules.OpCode;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Compilation;

/// <summary>Locals (IL arguments and locals) and globals (shared cells).</summary>
internal sealed partial class FunctionCompiler
{
    private bool EmitVariable(in Instruction ins)
    {
        switch (ins.OpCode)
        {
            case OpCode.LocalGet:
                LoadLocal(ins.A);
                _height++;
                return true;
            case OpCode.LocalSet:
                StoreLocal(ins.A);
                _height--;
                return true;
            case OpCode.LocalTee:
                _il.Emit(OpCodes.Dup);
                StoreLocal(ins.A);
                return true;
            case OpCode.GlobalGet:
                LoadGlobal(ins.A);
                CallHelper(typeof(GlobalHelpers), "Get" + GlobalSuffix(ins.A), adjustHeight: false);
                _height++;
                return true;
            case OpCode.GlobalSet:
                LoadGlobal(ins.A);
                CallHelper(typeof(GlobalHelpers), "Set" + GlobalSuffix(ins.A), adjustHeight: false);
                _height--;
                return true;
            default:
                return false;
        }
    }

    private void LoadLocal(int index)
    {
        if (index < _type.Params.Length) IlUtil.LoadArg(_il, index);
        else _il.Emit(OpCodes.Ldloc, _locals[index - _type.Params.Length]);
    }

    private void StoreLocal(int index)
    {
        if (index < _type.Params.Length) IlUtil.StoreArg(_il, index);
        else _il.Emit(OpCodes.Stloc, _locals[index - _type.Params.Length]);
    }

    private void LoadGlobal(int index)
    {
        LoadContext();
        _il.Emit(OpCodes.Ldfld, ContextField(nameof(InstanceContext.Globals)));
        IlUtil.LoadInt(_il, index);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    private string GlobalSuffix(int index) => _module.GlobalTypes[index].ValueType switch
    {
        ValueType.I32 => "I32",
        ValueType.I64 => "I64",
        ValueType.F32 => "F32",
        ValueType.F64 => "F64",
        ValueType.FuncRef or ValueType.ExternRef => "Ref",
        ValueType.V128 => "V128",
        var typed when typed.IsTypedReference() => "Ref",
        var other => throw new System.NotSupportedException($"unsupported feature: global of type {other.Name()}"),
    };
}

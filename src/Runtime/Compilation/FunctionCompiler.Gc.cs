using System;
using System.Reflection;
using System.Reflection.Emit;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.Runtime.Execution;
using OpCode = WitBindgen.CoreWasm.Modules.OpCode;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Compilation;

/// <summary>
/// GC instructions: structs and arrays (GcStruct, GcArray&lt;T&gt;: objects the .NET GC manages), i31, ref.eq, casts
/// against the process-wide type registry, and the any/extern conversions (the identity: an externalized GC reference
/// is the same object, and a host reference internalized into <c>any</c> is only ever <c>any</c>).
/// </summary>
internal sealed partial class FunctionCompiler
{
    private bool EmitGc(in Instruction ins)
    {
        switch (ins.OpCode)
        {
            case OpCode.StructNew:
                EmitStructNew(ins.A);
                return true;
            case OpCode.StructNewDefault:
                IlUtil.LoadInt(_il, _module.TypeIds[ins.A]);
                CallGc(nameof(GcHelpers.NewStruct), untracked: 1);
                return true;
            case OpCode.StructGet or OpCode.StructGetS or OpCode.StructGetU:
            {
                var (storage, slot) = Field(ins.A, (int)ins.B);
                IlUtil.LoadInt(_il, slot);
                var suffix = storage switch
                {
                    ValueTypes.I8 => ins.OpCode == OpCode.StructGetS ? "I8S" : "I8U",
                    ValueTypes.I16 => ins.OpCode == OpCode.StructGetS ? "I16S" : "I16U",
                    _ => Suffix(storage),
                };
                CallGc("StructGet" + suffix, untracked: 1);
                return true;
            }
            case OpCode.StructSet:
            {
                var (storage, slot) = Field(ins.A, (int)ins.B);
                IlUtil.LoadInt(_il, slot);
                CallGc("StructSet" + Suffix(storage), untracked: 1);
                return true;
            }
            case OpCode.ArrayNew:
                IlUtil.LoadInt(_il, _module.TypeIds[ins.A]);
                if (Element(ins.A) is ValueTypes.I8 or ValueTypes.I16) CallGc(Element(ins.A) == ValueTypes.I8 ? nameof(GcHelpers.ArrayNewI8) : nameof(GcHelpers.ArrayNewI16), untracked: 1);
                else CallArray(nameof(GcHelpers.ArrayNew), ins.A, untracked: 1);
                return true;
            case OpCode.ArrayNewDefault:
                IlUtil.LoadInt(_il, _module.TypeIds[ins.A]);
                CallArray(nameof(GcHelpers.ArrayNewDefault), ins.A, untracked: 1);
                return true;
            case OpCode.ArrayNewFixed:
                EmitArrayNewFixed(ins.A, (int)ins.B);
                return true;
            case OpCode.ArrayNewData:
                LoadContext();
                IlUtil.LoadInt(_il, (int)ins.B);
                IlUtil.LoadInt(_il, _module.TypeIds[ins.A]);
                CallArray(nameof(GcHelpers.ArrayNewData), ins.A, untracked: 3);
                return true;
            case OpCode.ArrayNewElem:
                LoadContext();
                IlUtil.LoadInt(_il, (int)ins.B);
                IlUtil.LoadInt(_il, _module.TypeIds[ins.A]);
                CallGc(nameof(GcHelpers.ArrayNewElem), untracked: 3);
                return true;
            case OpCode.ArrayGet:
                CallArray(nameof(GcHelpers.ArrayGet), ins.A);
                return true;
            case OpCode.ArrayGetS or OpCode.ArrayGetU:
                CallGc("ArrayGet" + (Element(ins.A) == ValueTypes.I8 ? "I8" : "I16") + (ins.OpCode == OpCode.ArrayGetS ? "S" : "U"));
                return true;
            case OpCode.ArraySet:
                if (Element(ins.A) is ValueTypes.I8 or ValueTypes.I16) CallGc(Element(ins.A) == ValueTypes.I8 ? nameof(GcHelpers.ArraySetI8) : nameof(GcHelpers.ArraySetI16));
                else CallArray(nameof(GcHelpers.ArraySet), ins.A);
                return true;
            case OpCode.ArrayLen:
                CallGc(nameof(GcHelpers.ArrayLen));
                return true;
            case OpCode.ArrayFill:
                if (Element(ins.A) is ValueTypes.I8 or ValueTypes.I16) CallGc(Element(ins.A) == ValueTypes.I8 ? nameof(GcHelpers.ArrayFillI8) : nameof(GcHelpers.ArrayFillI16));
                else CallArray(nameof(GcHelpers.ArrayFill), ins.A);
                return true;
            case OpCode.ArrayCopy:
                CallArray(nameof(GcHelpers.ArrayCopy), ins.A);
                return true;
            case OpCode.ArrayInitData:
                LoadContext();
                IlUtil.LoadInt(_il, (int)ins.B);
                CallArray(nameof(GcHelpers.ArrayInitData), ins.A, untracked: 2);
                return true;
            case OpCode.ArrayInitElem:
                LoadContext();
                IlUtil.LoadInt(_il, (int)ins.B);
                CallGc(nameof(GcHelpers.ArrayInitElem), untracked: 2);
                return true;
            case OpCode.RefI31:
                CallGc(nameof(GcHelpers.RefI31));
                return true;
            case OpCode.I31GetS:
                CallGc(nameof(GcHelpers.I31GetS));
                return true;
            case OpCode.I31GetU:
                CallGc(nameof(GcHelpers.I31GetU));
                return true;
            case OpCode.RefEq:
                CallGc(nameof(GcHelpers.RefEq));
                return true;
            case OpCode.RefTest or OpCode.RefCast:
                LoadCastTarget((ValueType)ins.A);
                CallGc(ins.OpCode == OpCode.RefTest ? nameof(GcHelpers.Test) : nameof(GcHelpers.Cast), untracked: 3);
                return true;
            case OpCode.BrOnCast or OpCode.BrOnCastFail:
                _il.Emit(OpCodes.Dup);
                LoadCastTarget((ValueType)ins.C);
                CallGc(nameof(GcHelpers.Test), adjustHeight: false);
                if (ins.OpCode == OpCode.BrOnCastFail)
                {
                    _il.Emit(OpCodes.Ldc_I4_0);
                    _il.Emit(OpCodes.Ceq);
                }
                _height++; // the condition
                EmitBranchIf(ins.A);
                return true;
            case OpCode.AnyConvertExtern or OpCode.ExternConvertAny:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Pushes a cast target: its canonical heap type, its depth in its supertype chain and whether it admits null.</summary>
    private void LoadCastTarget(ValueType target)
    {
        var heap = target.HeapOf();
        var depth = int.MaxValue;
        if (ValueTypes.IsTypeIndex(heap))
        {
            heap = _module.TypeIds[heap];
            depth = TypeRegistry.Gc(heap)?.Depth ?? int.MaxValue;
        }
        IlUtil.LoadInt(_il, heap);
        IlUtil.LoadInt(_il, depth);
        IlUtil.LoadInt(_il, target.IsNullable() ? 1 : 0);
    }

    /// <summary>call_indirect's callee check: in a GC module a type that may have subtypes accepts them.</summary>
    private void EmitResolveIndirect(int typeIndex)
    {
        var id = _module.TypeIds[typeIndex];
        IlUtil.LoadInt(_il, id);
        if (_module.IsGc && TypeRegistry.Gc(id) is { } type && !_module.Definition.TypeDef(typeIndex).Final)
        {
            IlUtil.LoadInt(_il, type.Depth);
            CallGc(nameof(GcHelpers.ResolveIndirectSubtype), adjustHeight: false);
        }
        else
        {
            CallHelper(typeof(TableHelpers), nameof(TableHelpers.ResolveIndirect), adjustHeight: false);
        }
    }

    private void EmitStructNew(int typeIndex)
    {
        var fields = _module.Definition.TypeDef(typeIndex).Fields;
        var type = TypeRegistry.Gc(_module.TypeIds[typeIndex])!;
        var values = new LocalBuilder[fields.Length];
        for (var k = fields.Length - 1; k >= 0; k--)
        {
            values[k] = Scratch(ClrTypes.Of(fields[k].Storage.Unpacked()), 200 + k);
            _il.Emit(OpCodes.Stloc, values[k]);
        }
        IlUtil.LoadInt(_il, type.Id);
        CallGc(nameof(GcHelpers.NewStruct), adjustHeight: false);
        for (var k = 0; k < fields.Length; k++)
        {
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Ldloc, values[k]);
            IlUtil.LoadInt(_il, type.Slots[k]);
            CallGc("StructSet" + Suffix(fields[k].Storage), adjustHeight: false);
        }
        _height += 1 - fields.Length;
    }

    private void EmitArrayNewFixed(int typeIndex, int count)
    {
        var element = Element(typeIndex);
        var array = _il.DeclareLocal(typeof(object));
        IlUtil.LoadInt(_il, count);
        IlUtil.LoadInt(_il, _module.TypeIds[typeIndex]);
        _il.Emit(OpCodes.Call, ArrayHelper(nameof(GcHelpers.ArrayNewDefault), typeIndex));
        _il.Emit(OpCodes.Stloc, array);
        if (count > 0)
        {
            var value = Scratch(ClrTypes.Of(element.Unpacked()), 199);
            var set = element is ValueTypes.I8 or ValueTypes.I16
                ? Helper(typeof(GcHelpers), element == ValueTypes.I8 ? nameof(GcHelpers.ArraySetI8) : nameof(GcHelpers.ArraySetI16))
                : ArrayHelper(nameof(GcHelpers.ArraySet), typeIndex);
            for (var k = count - 1; k >= 0; k--)
            {
                _il.Emit(OpCodes.Stloc, value);
                _il.Emit(OpCodes.Ldloc, array);
                IlUtil.LoadInt(_il, k);
                _il.Emit(OpCodes.Ldloc, value);
                _il.Emit(OpCodes.Call, set);
            }
        }
        _il.Emit(OpCodes.Ldloc, array);
        _height += 1 - count;
    }

    /// <summary>A struct field's storage type and its slot in the struct's bits or references.</summary>
    private (ValueType Storage, int Slot) Field(int typeIndex, int field)
    {
        var type = TypeRegistry.Gc(_module.TypeIds[typeIndex])!;
        return (type.Storage[field], type.Slots[field]);
    }

    private ValueType Element(int typeIndex) => _module.Definition.TypeDef(typeIndex).Fields[0].Storage;

    /// <summary>The helper suffix of an unpacked storage type (packed ones are set as i32).</summary>
    private static string Suffix(ValueType storage) => storage switch
    {
        ValueTypes.I8 or ValueTypes.I16 or ValueType.I32 => "I32",
        ValueType.I64 => "I64",
        ValueType.F32 => "F32",
        ValueType.F64 => "F64",
        ValueType.V128 => "V128",
        _ => "Ref",
    };

    /// <summary>Calls a GC helper; by default adjusts the tracked height by its signature, less the
    /// <paramref name="untracked"/> constants pushed for it without counting them.</summary>
    private void CallGc(string name, bool adjustHeight = true, int untracked = 0)
    {
        CallHelper(typeof(GcHelpers), name, adjustHeight);
        if (adjustHeight) _height += untracked;
    }

    private static readonly System.Collections.Generic.Dictionary<(string, Type), MethodInfo> ArrayHelpers = new();

    /// <summary>A generic array helper instantiated at the array's CLR element type.</summary>
    private MethodInfo ArrayHelper(string name, int typeIndex)
    {
        var element = GcStorage.ElementType(Element(typeIndex));
        lock (ArrayHelpers)
        {
            if (!ArrayHelpers.TryGetValue((name, element), out var method))
                ArrayHelpers[(name, element)] = method = Helper(typeof(GcHelpers), name).MakeGenericMethod(element);
            return method;
        }
    }

    /// <summary>Calls a generic array helper; adjusts the tracked height by its signature.</summary>
    private void CallArray(string name, int typeIndex, int untracked = 0)
    {
        var method = ArrayHelper(name, typeIndex);
        _il.Emit(OpCodes.Call, method);
        _height += (method.ReturnType == typeof(void) ? 0 : 1) - method.GetParameters().Length + untracked;
    }
}

using WitBindgen.CoreWasm.Modules;
using VT = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.CoreWasm.Validation;

/// <summary>Typing of the GC instructions (structs, arrays, i31, casts, extern/any conversions, ref.eq).</summary>
internal sealed partial class FunctionValidator
{
    private DefinedType Composite(int index, CompositeKind kind) => _context.Composite(index, kind, $"function {_functionIndex}", _offset);

    private FieldType StructField(int type, long field)
    {
        var def = Composite(type, CompositeKind.Struct);
        if (field < 0 || field >= def.Fields.Length) throw Error($"unknown field {field}");
        return def.Fields[(int)field];
    }

    private FieldType ArrayElement(int type) => Composite(type, CompositeKind.Array).Fields[0];

    /// <summary>Reading a packed field needs the _s/_u form; an unpacked one the plain form.</summary>
    private void CheckPacking(FieldType field, bool signed)
    {
        var packed = field.Storage is ValueTypes.I8 or ValueTypes.I16;
        if (packed && !signed) throw Error("type mismatch: packed field needs get_s or get_u");
        if (!packed && signed) throw Error("type mismatch: field is not packed");
    }

    private void CheckMutable(FieldType field, string what)
    {
        if (!field.Mutable) throw Error("immutable " + what);
    }

    private void CheckNumeric(FieldType element)
    {
        if (element.Storage.IsReference()) throw Error("array type is not numeric or vector");
    }

    private void CheckElementSegment(int segment, FieldType element)
    {
        if (!Matches(ModuleValidator.EffectiveType(ElementAt(segment)), element.Storage)) throw Error("type mismatch");
    }

    /// <summary>A reference type named by an instruction: its type index must exist.</summary>
    private VT CheckReferenceType(VT type)
    {
        CheckValueType(type);
        return type;
    }

    /// <summary>Validates a GC instruction; false when <paramref name="ins"/> is not one.</summary>
    private bool GcStep(in Instruction ins, FunctionBody body)
    {
        switch (ins.OpCode)
        {
            case OpCode.StructNew:
            {
                var def = Composite(ins.A, CompositeKind.Struct);
                for (var k = def.Fields.Length - 1; k >= 0; k--) Pop(def.Fields[k].Storage.Unpacked());
                Push(ValueTypes.Ref(false, ins.A));
                return true;
            }
            case OpCode.StructNewDefault:
            {
                foreach (var field in Composite(ins.A, CompositeKind.Struct).Fields) _context.CheckDefaultable(field, $"function {_functionIndex}", _offset);
                Push(ValueTypes.Ref(false, ins.A));
                return true;
            }
            case OpCode.StructGet or OpCode.StructGetS or OpCode.StructGetU:
            {
                var field = StructField(ins.A, ins.B);
                CheckPacking(field, ins.OpCode != OpCode.StructGet);
                Pop(ValueTypes.Ref(true, ins.A));
                Push(field.Storage.Unpacked());
                return true;
            }
            case OpCode.StructSet:
            {
                var field = StructField(ins.A, ins.B);
                CheckMutable(field, "field");
                Pop(field.Storage.Unpacked());
                Pop(ValueTypes.Ref(true, ins.A));
                return true;
            }
            case OpCode.ArrayNew:
                Pop(VT.I32);
                Pop(ArrayElement(ins.A).Storage.Unpacked());
                Push(ValueTypes.Ref(false, ins.A));
                return true;
            case OpCode.ArrayNewDefault:
                _context.CheckDefaultable(ArrayElement(ins.A), $"function {_functionIndex}", _offset);
                Pop(VT.I32);
                Push(ValueTypes.Ref(false, ins.A));
                return true;
            case OpCode.ArrayNewFixed:
            {
                var element = ArrayElement(ins.A).Storage.Unpacked();
                // Beyond the frame's values every pop fails, or (unreachable code) yields the same unknown type.
                var available = _valueCount - _frames[_frameCount - 1].Height;
                for (long k = 0; k < ins.B && k <= available; k++) Pop(element);
                Push(ValueTypes.Ref(false, ins.A));
                return true;
            }
            case OpCode.ArrayNewData:
                CheckNumeric(ArrayElement(ins.A));
                CheckData((int)ins.B);
                Pop(VT.I32);
                Pop(VT.I32);
                Push(ValueTypes.Ref(false, ins.A));
                return true;
            case OpCode.ArrayNewElem:
                CheckElementSegment((int)ins.B, ArrayElement(ins.A));
                Pop(VT.I32);
                Pop(VT.I32);
                Push(ValueTypes.Ref(false, ins.A));
                return true;
            case OpCode.ArrayGet or OpCode.ArrayGetS or OpCode.ArrayGetU:
            {
                var element = ArrayElement(ins.A);
                CheckPacking(element, ins.OpCode != OpCode.ArrayGet);
                Pop(VT.I32);
                Pop(ValueTypes.Ref(true, ins.A));
                Push(element.Storage.Unpacked());
                return true;
            }
            case OpCode.ArraySet:
            {
                var element = ArrayElement(ins.A);
                CheckMutable(element, "array");
                Pop(element.Storage.Unpacked());
                Pop(VT.I32);
                Pop(ValueTypes.Ref(true, ins.A));
                return true;
            }
            case OpCode.ArrayLen:
                Pop(ValueTypes.Ref(true, ValueTypes.HeapArray));
                Push(VT.I32);
                return true;
            case OpCode.ArrayFill:
            {
                var element = ArrayElement(ins.A);
                CheckMutable(element, "array");
                Pop(VT.I32);
                Pop(element.Storage.Unpacked());
                Pop(VT.I32);
                Pop(ValueTypes.Ref(true, ins.A));
                return true;
            }
            case OpCode.ArrayCopy:
            {
                var destination = ArrayElement(ins.A);
                var source = ArrayElement((int)ins.B);
                CheckMutable(destination, "array");
                var packed = destination.Storage is ValueTypes.I8 or ValueTypes.I16 || source.Storage is ValueTypes.I8 or ValueTypes.I16;
                if (packed ? destination.Storage != source.Storage : !Matches(source.Storage, destination.Storage)) throw Error("array types do not match");
                Pop(VT.I32);
                Pop(VT.I32);
                Pop(ValueTypes.Ref(true, (int)ins.B));
                Pop(VT.I32);
                Pop(ValueTypes.Ref(true, ins.A));
                return true;
            }
            case OpCode.ArrayInitData or OpCode.ArrayInitElem:
            {
                var element = ArrayElement(ins.A);
                CheckMutable(element, "array");
                if (ins.OpCode == OpCode.ArrayInitData)
                {
                    CheckNumeric(element);
                    CheckData((int)ins.B);
                }
                else
                {
                    CheckElementSegment((int)ins.B, element);
                }
                Pop(VT.I32);
                Pop(VT.I32);
                Pop(VT.I32);
                Pop(ValueTypes.Ref(true, ins.A));
                return true;
            }
            case OpCode.RefI31:
                Pop(VT.I32);
                Push(ValueTypes.Ref(false, ValueTypes.HeapI31));
                return true;
            case OpCode.I31GetS or OpCode.I31GetU:
                Pop(ValueTypes.Ref(true, ValueTypes.HeapI31));
                Push(VT.I32);
                return true;
            case OpCode.RefEq:
                Pop(ValueTypes.Ref(true, ValueTypes.HeapEq));
                Pop(ValueTypes.Ref(true, ValueTypes.HeapEq));
                Push(VT.I32);
                return true;
            case OpCode.RefTest or OpCode.RefCast:
            {
                var target = CheckReferenceType((VT)ins.A);
                Pop(ValueTypes.Ref(true, _context.Subtyping.TopOf(target.HeapOf())));
                Push(ins.OpCode == OpCode.RefTest ? VT.I32 : target);
                return true;
            }
            case OpCode.BrOnCast or OpCode.BrOnCastFail:
                BranchOnCast(ins);
                return true;
            case OpCode.AnyConvertExtern or OpCode.ExternConvertAny:
            {
                var toAny = ins.OpCode == OpCode.AnyConvertExtern;
                var t = Pop(ValueTypes.Ref(true, toAny ? ValueTypes.HeapExtern : ValueTypes.HeapAny));
                Push(ValueTypes.Ref(t == Unknown || t.IsNullable(), toAny ? ValueTypes.HeapAny : ValueTypes.HeapExtern));
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>
    /// br_on_cast(_fail) l rt1 rt2: rt2 &lt;: rt1; the operand is rt1; the branch carries rt2 (br_on_cast) or rt1 minus
    /// rt2 (br_on_cast_fail: non-null when rt2 admits null), and the other one falls through.
    /// </summary>
    private void BranchOnCast(in Instruction ins)
    {
        var source = CheckReferenceType((VT)ins.B);
        var target = CheckReferenceType((VT)ins.C);
        if (!Matches(target, source)) throw Error("type mismatch");
        var label = LabelTypes(Label(ins.A));
        var difference = target.IsNullable() ? source.AsNonNull() : source;
        var branched = ins.OpCode == OpCode.BrOnCast ? target : difference;
        var fallthrough = ins.OpCode == OpCode.BrOnCast ? difference : target;
        if (label.Length == 0 || !Matches(branched, label[^1])) throw Error("type mismatch");
        Pop(source);
        var rest = label.RemoveAt(label.Length - 1);
        PopValues(rest);
        PushValues(rest);
        Push(fallthrough);
    }
}

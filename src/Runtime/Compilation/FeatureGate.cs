using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;
using OpCode = WitBindgen.CoreWasm.Modules.OpCode;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Compilation;

/// <summary>
/// What CoreWasm decodes and validates but the engine does not run yet: typed function references (typed
/// reference types anywhere in the module's declarations, call_ref, return_call_ref, ref.as_non_null,
/// br_on_null, br_on_non_null). Such a module is rejected before compilation as an unsupported feature, like
/// the reader rejects the proposals it does not decode. A plain module may still see typed references where the
/// validator infers them (<c>ref.func</c> produces <c>(ref $t)</c>); they compile as funcref.
/// </summary>
internal static class FeatureGate
{
    private const string FunctionReferences = "unsupported feature: function references";

    public static void Check(ModuleDefinition module)
    {
        foreach (var type in module.Types)
        {
            foreach (var t in type.Params) Check(t, "type");
            foreach (var t in type.Results) Check(t, "type");
        }
        foreach (var table in module.AllTables()) Check(table.ElementType, "table");
        foreach (var global in module.AllGlobals()) Check(global.ValueType, "global");
        foreach (var segment in module.Elements) Check(segment.ElementType, "element");
        foreach (var body in module.Codes)
        {
            foreach (var local in body.Locals) Check(local, "code");
            foreach (var ins in body.Instructions)
            {
                switch (ins.OpCode)
                {
                    case OpCode.CallRef or OpCode.ReturnCallRef or OpCode.RefAsNonNull or OpCode.BrOnNull or OpCode.BrOnNonNull:
                        throw new WasmDecodeException(FunctionReferences, "code", ins.Offset);
                    case OpCode.RefNull or OpCode.SelectTyped:
                        Check((ValueType)ins.A, "code", ins.Offset);
                        break;
                    case OpCode.Block or OpCode.Loop or OpCode.If:
                        if (ins.BlockValueType is { } single) Check(single, "code", ins.Offset);
                        break;
                }
            }
        }
    }

    private static void Check(ValueType type, string section, int offset = 0)
    {
        if (type.IsTypedReference()) throw new WasmDecodeException(FunctionReferences, section, offset);
    }
}

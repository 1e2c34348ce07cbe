using System.Collections.Generic;
using System.Collections.Immutable;
using WitBindgen.CoreWasm.Modules;
using VT = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.CoreWasm.Validation;

/// <summary>Validates a decoded module against the WebAssembly 2.0 (+ extended-const, SIMD, multi-memory, tail calls,
/// relaxed SIMD, function references, memory64/table64) type system.</summary>
internal static class ModuleValidator
{
    /// <summary>
    /// Validates <paramref name="module"/>; throws <see cref="WasmValidationException"/> with the spec's wording when it
    /// is invalid. Returns the module with the facts about its code the compiler needs; the definition is not changed.
    /// </summary>
    public static ValidatedModule Validate(ModuleDefinition module)
    {
        var context = new ValidationContext(module);

        CheckTypes(module, context.Subtyping);

        foreach (var import in module.Imports)
        {
            var where = $"import \"{import.Module}\" \"{import.Name}\"";
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    CheckFunctionType(module, import.FunctionTypeIndex, where);
                    break;
                case ExternalKind.Table:
                    CheckTableType(import.Table!, where);
                    CheckHeap(import.Table!.ElementType, module.Types.Length, where);
                    break;
                case ExternalKind.Global:
                    CheckHeap(import.Global!.ValueType, module.Types.Length, where);
                    break;
                case ExternalKind.Memory:
                    CheckMemoryType(import.Memory!, where);
                    break;
                case ExternalKind.Tag:
                    CheckTagType(module, import.FunctionTypeIndex, where);
                    break;
            }
        }
        foreach (var tag in module.Tags) CheckTagType(module, tag, "tag section");
        for (var i = 0; i < module.Functions.Length; i++)
        {
            CheckFunctionType(module, module.Functions[i], $"function {context.ImportedFunctionCount + i}");
        }
        for (var i = 0; i < module.Tables.Length; i++)
        {
            var table = module.Tables[i];
            CheckTableType(table, "table section");
            CheckHeap(table.ElementType, module.Types.Length, "table section");
            // A table of non-null references needs an initializer.
            if (!table.ElementType.IsDefaultable() && (i >= module.TableInitializers.Length || module.TableInitializers[i] is null))
                throw new WasmValidationException("type mismatch", "table section", 0);
        }
        foreach (var global in module.Globals) CheckHeap(global.Type.ValueType, module.Types.Length, "global section");
        foreach (var segment in module.Elements) CheckHeap(segment.ElementType, module.Types.Length, "element section");
        foreach (var memory in module.Memories) CheckMemoryType(memory, "memory section");

        CollectDeclaredReferences(module, context);

        // Table initializers (the table section precedes the globals: imported globals only).
        for (var i = 0; i < module.TableInitializers.Length; i++)
        {
            if (module.TableInitializers[i] is not { } init) continue;
            var index = context.Tables.Length - module.Tables.Length + i;
            CheckConstant(context, init, module.Tables[i].ElementType, context.ImportedGlobalCount, $"table {index}");
        }

        // Globals: initializers see imported and earlier defined globals only.
        for (var i = 0; i < module.Globals.Length; i++)
        {
            var global = module.Globals[i];
            var visibleGlobals = context.ImportedGlobalCount + i;
            CheckConstant(context, global.Init, global.Type.ValueType, visibleGlobals, $"global {visibleGlobals}");
        }

        // Elements.
        for (var i = 0; i < module.Elements.Length; i++)
        {
            var segment = module.Elements[i];
            var where = $"elem segment {i}";
            if (segment.Mode == SegmentMode.Active)
            {
                if (segment.TableIndex >= (uint)context.Tables.Length) throw new WasmValidationException($"unknown table {segment.TableIndex}", where, 0);
                CheckConstant(context, segment.Offset!, context.Tables[(int)segment.TableIndex].Limits.IndexType, context.Globals.Length, where);
                if (!context.Subtyping.Matches(EffectiveType(segment), context.Tables[(int)segment.TableIndex].ElementType)) throw new WasmValidationException("type mismatch", where, 0);
            }
            if (segment.UsesFunctionIndices)
            {
                foreach (var f in segment.FunctionIndices)
                    if (f >= (uint)context.Functions.Length) throw new WasmValidationException($"unknown function {f}", where, 0);
            }
            else
            {
                foreach (var expression in segment.Expressions) CheckConstant(context, expression, segment.ElementType, context.Globals.Length, where);
            }
        }

        // Data.
        for (var i = 0; i < module.Datas.Length; i++)
        {
            var segment = module.Datas[i];
            if (segment.Mode != SegmentMode.Active) continue;
            var where = $"data segment {i}";
            if (segment.MemoryIndex >= (uint)context.Memories.Length) throw new WasmValidationException($"unknown memory {segment.MemoryIndex}", where, 0);
            CheckConstant(context, segment.Offset!, context.Memories[(int)segment.MemoryIndex].Limits.IndexType, context.Globals.Length, where);
        }

        // Start.
        if (module.Start is { } start)
        {
            if (start >= (uint)context.Functions.Length) throw new WasmValidationException($"unknown function {start}", "start section", 0);
            var type = context.FunctionTypeOf((int)start);
            if (type.Params.Length != 0 || type.Results.Length != 0) throw new WasmValidationException("start function must have type [] -> []", "start section", 0);
        }

        // Exports.
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var export in module.Exports)
        {
            var where = $"export \"{export.Name}\"";
            var (count, what) = export.Kind switch
            {
                ExternalKind.Function => (context.Functions.Length, "function"),
                ExternalKind.Table => (context.Tables.Length, "table"),
                ExternalKind.Memory => (context.Memories.Length, "memory"),
                ExternalKind.Tag => (context.Tags.Length, "tag"),
                _ => (context.Globals.Length, "global"),
            };
            if (export.Index >= (uint)count) throw new WasmValidationException($"unknown {what} {export.Index}", where, 0);
            if (!names.Add(export.Name)) throw new WasmValidationException("duplicate export name", where, 0);
        }

        // Code.
        var facts = new FunctionFacts[module.Codes.Length];
        for (var i = 0; i < module.Codes.Length; i++)
        {
            var functionIndex = context.ImportedFunctionCount + i;
            var validator = new FunctionValidator(context, functionIndex);
            facts[i] = validator.Validate(module.Codes[i], context.FunctionTypeOf(functionIndex));
        }
        return new ValidatedModule(module, ImmutableArray.Create(facts));
    }

    /// <summary>
    /// The type section (GC): references name a type of an earlier or the same recursion group; a declared supertype is
    /// an earlier, non-final type of the same kind that this one matches (fields as a prefix, function parameters
    /// contravariant and results covariant).
    /// </summary>
    private static void CheckTypes(ModuleDefinition module, Subtyping subtyping)
    {
        for (var i = 0; i < module.Types.Length; i++)
        {
            var def = module.TypeDef(i);
            var where = $"type {i}";
            var visible = def.RecStart + def.RecSize;
            foreach (var t in def.Function.Params) CheckHeap(t, visible, where);
            foreach (var t in def.Function.Results) CheckHeap(t, visible, where);
            foreach (var field in def.Fields) CheckHeap(field.Storage, visible, where);
            if (def.SupertypeCount > 1) throw new WasmValidationException("multiple supertypes", where, 0);
            if (def.Supertype < 0) continue;
            if (def.Supertype >= i) throw new WasmValidationException($"unknown type {def.Supertype}", where, 0);
            var super = module.TypeDef(def.Supertype);
            if (super.Final || !subtyping.CompositeMatches(def, super))
                throw new WasmValidationException($"sub type {i} does not match super type {def.Supertype}", where, 0);
        }
    }

    /// <summary>A function's or tag's type index must name a function type.</summary>
    internal static void CheckFunctionType(ModuleDefinition module, uint typeIndex, string where)
    {
        if (typeIndex >= (uint)module.Types.Length) throw new WasmValidationException($"unknown type {typeIndex}", where, 0);
        if (module.TypeDef((int)typeIndex).Kind != CompositeKind.Func) throw new WasmValidationException($"non-function type {typeIndex}", where, 0);
    }

    /// <summary>The type of a segment's elements: <c>(ref func)</c> for function indices (never null), else its declared type.</summary>
    internal static VT EffectiveType(ElementSegment segment) =>
        segment.UsesFunctionIndices ? ValueTypes.Ref(false, ValueTypes.HeapFunc) : segment.ElementType;

    /// <summary>A typed reference's type index must be below <paramref name="typeCount"/>.</summary>
    private static void CheckHeap(VT type, int typeCount, string where)
    {
        if (type.IsTypedReference() && type.HeapOf() is var heap && ValueTypes.IsTypeIndex(heap) && heap >= typeCount)
            throw new WasmValidationException($"unknown type {heap}", where, 0);
    }

    private static void CheckTableType(TableType table, string where)
    {
        if (!table.Limits.Is64) CheckLimits(table.Limits, uint.MaxValue, "table size must be at most 2^32-1", where);
        else CheckLimits(table.Limits, ulong.MaxValue, "", where);
    }

    private static void CheckMemoryType(MemoryType memory, string where)
    {
        if (!memory.Limits.Is64) CheckLimits(memory.Limits, MemoryType.MaxPages, "memory size must be at most 65536 pages (4GiB)", where);
        else CheckLimits(memory.Limits, MemoryType.MaxPages64, "memory size must be at most 2^48 pages (16EiB)", where);
    }

    private static void CheckLimits(Limits limits, ulong bound, string tooLarge, string where)
    {
        if (limits.Min > bound) throw new WasmValidationException(tooLarge, where, 0);
        if (limits.Max is { } max)
        {
            if (max > bound) throw new WasmValidationException(tooLarge, where, 0);
            if (limits.Min > max) throw new WasmValidationException("size minimum must not be greater than maximum", where, 0);
        }
    }

    /// <summary>C.refs: functions named by ref.func or an index outside function bodies (globals, elements, exports).</summary>
    private static void CollectDeclaredReferences(ModuleDefinition module, ValidationContext context)
    {
        void FromExpression(ConstantExpression expression)
        {
            foreach (var ins in expression.Instructions)
                if (ins.OpCode == OpCode.RefFunc) context.DeclaredReferences.Add((uint)ins.A);
        }
        foreach (var global in module.Globals) FromExpression(global.Init);
        foreach (var init in module.TableInitializers)
            if (init is not null) FromExpression(init);
        foreach (var segment in module.Elements)
        {
            if (segment.UsesFunctionIndices) foreach (var f in segment.FunctionIndices) context.DeclaredReferences.Add(f);
            else foreach (var expression in segment.Expressions) FromExpression(expression);
        }
        foreach (var export in module.Exports)
            if (export.Kind == ExternalKind.Function) context.DeclaredReferences.Add(export.Index);
    }

    /// <summary>Checks a constant expression: constant instructions only (extended-const arithmetic included), of the given type.</summary>
    private static void CheckConstant(ValidationContext context, ConstantExpression expression, VT expected, int visibleGlobals, string where)
    {
        var stack = new List<VT>();
        void Pop(VT type, int offset)
        {
            if (stack.Count == 0 || !context.Subtyping.Matches(stack[^1], type)) throw new WasmValidationException("type mismatch", where, offset);
            stack.RemoveAt(stack.Count - 1);
        }
        foreach (var ins in expression.Instructions)
        {
            switch (ins.OpCode)
            {
                case OpCode.I32Const: stack.Add(VT.I32); break;
                case OpCode.I64Const: stack.Add(VT.I64); break;
                case OpCode.F32Const: stack.Add(VT.F32); break;
                case OpCode.F64Const: stack.Add(VT.F64); break;
                case OpCode.V128Const: stack.Add(VT.V128); break;
                case OpCode.RefNull:
                    CheckHeap((VT)ins.A, context.Types.Length, where);
                    stack.Add((VT)ins.A);
                    break;
                case OpCode.RefFunc:
                    if (ins.A < 0 || ins.A >= context.Functions.Length) throw new WasmValidationException($"unknown function {ins.A}", where, ins.Offset);
                    stack.Add(ValueTypes.Ref(false, (int)context.Functions[ins.A]));
                    break;
                case OpCode.GlobalGet:
                {
                    if (ins.A < 0 || ins.A >= visibleGlobals) throw new WasmValidationException($"unknown global {ins.A}", where, ins.Offset);
                    var global = context.Globals[ins.A];
                    if (global.Mutable) throw new WasmValidationException("constant expression required", where, ins.Offset);
                    stack.Add(global.ValueType);
                    break;
                }
                case OpCode.StructNew or OpCode.StructNewDefault:
                {
                    var def = context.Composite(ins.A, CompositeKind.Struct, where, ins.Offset);
                    for (var k = def.Fields.Length - 1; k >= 0; k--)
                    {
                        if (ins.OpCode == OpCode.StructNew) Pop(def.Fields[k].Storage.Unpacked(), ins.Offset);
                        else context.CheckDefaultable(def.Fields[k], where, ins.Offset);
                    }
                    stack.Add(ValueTypes.Ref(false, ins.A));
                    break;
                }
                case OpCode.ArrayNew or OpCode.ArrayNewDefault or OpCode.ArrayNewFixed:
                {
                    var element = context.Composite(ins.A, CompositeKind.Array, where, ins.Offset).Fields[0];
                    if (ins.OpCode == OpCode.ArrayNewFixed)
                    {
                        for (long k = 0; k < ins.B; k++) Pop(element.Storage.Unpacked(), ins.Offset);
                    }
                    else
                    {
                        Pop(VT.I32, ins.Offset);
                        if (ins.OpCode == OpCode.ArrayNew) Pop(element.Storage.Unpacked(), ins.Offset);
                        else context.CheckDefaultable(element, where, ins.Offset);
                    }
                    stack.Add(ValueTypes.Ref(false, ins.A));
                    break;
                }
                case OpCode.RefI31:
                    Pop(VT.I32, ins.Offset);
                    stack.Add(ValueTypes.Ref(false, ValueTypes.HeapI31));
                    break;
                case OpCode.AnyConvertExtern or OpCode.ExternConvertAny:
                {
                    var from = ins.OpCode == OpCode.AnyConvertExtern ? ValueTypes.HeapExtern : ValueTypes.HeapAny;
                    var nullable = stack.Count == 0 || stack[^1].IsNullable();
                    Pop(ValueTypes.Ref(true, from), ins.Offset);
                    stack.Add(ValueTypes.Ref(nullable, ins.OpCode == OpCode.AnyConvertExtern ? ValueTypes.HeapAny : ValueTypes.HeapExtern));
                    break;
                }
                case OpCode.I32Add or OpCode.I32Sub or OpCode.I32Mul:
                    Pop(VT.I32, ins.Offset);
                    Pop(VT.I32, ins.Offset);
                    stack.Add(VT.I32);
                    break;
                case OpCode.I64Add or OpCode.I64Sub or OpCode.I64Mul:
                    Pop(VT.I64, ins.Offset);
                    Pop(VT.I64, ins.Offset);
                    stack.Add(VT.I64);
                    break;
                default:
                    throw new WasmValidationException("constant expression required", where, ins.Offset);
            }
        }
        if (stack.Count != 1 || !context.Subtyping.Matches(stack[0], expected)) throw new WasmValidationException("type mismatch", where, 0);
    }

    /// <summary>A tag's type is a function type without results (its parameters are the exception's payload).</summary>
    private static void CheckTagType(ModuleDefinition module, uint typeIndex, string where)
    {
        CheckFunctionType(module, typeIndex, where);
        if (module.Types[(int)typeIndex].Results.Length != 0) throw new WasmValidationException("non-empty tag result type", where, 0);
    }
}

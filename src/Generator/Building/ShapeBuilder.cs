using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;
using WitBindgen.Generator.Mapping;
using WitBindgen.Generator.Model;
using WitBindgen.Generator.Naming;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator.Building;

/// <summary>
/// Computes the data an emitter needs to write a function's canonical ABI glue: <see cref="ValueShape"/>s
/// (C# type and member names from <see cref="TypeMapper"/> and <see cref="MemberNames"/>, layouts from
/// ComponentModel's <see cref="ValType"/>) and the <see cref="AbiPlan"/> of <see cref="FunctionAbiPlan"/>.
/// </summary>
internal sealed class ShapeBuilder
{
    private readonly Resolve _resolve;
    private readonly TypeMapper _mapper;
    private readonly ValTypeBuilder _layouts;
    private readonly Func<Id<TypeDef>, bool> _isExportedResource;

    public ShapeBuilder(Resolve resolve, TypeMapper mapper, Func<Id<TypeDef>, bool> isExportedResource)
    {
        _resolve = resolve;
        _mapper = mapper;
        _layouts = new ValTypeBuilder(resolve);
        _isExportedResource = isExportedResource;
    }

    /// <summary>The ABI side of <paramref name="f"/>.</summary>
    public FunctionAbi Function(Function f, string coreModule, string coreName, string target)
    {
        var plan = FunctionAbiPlan.FromWit(_layouts, f);
        var ps = f.Params.Select(p => Shape(p.Type)).ToEquatableArray();
        var result = f.Result is { } r ? Shape(r) : null;
        var data = new AbiPlan(
            Flat(plan.Lower.Params), Flat(plan.Lower.Results), Flat(plan.Lift.Params), Flat(plan.Lift.Results),
            plan.ParamsIndirect, plan.ParamAreaSize, plan.ParamAreaAlignment,
            plan.ParamTuple.FieldOffsets.ToEquatableArray(),
            plan.ResultIndirect, plan.ResultAreaSize, plan.ResultAreaAlignment);
        var ops = GlueOps.None;
        foreach (var p in ps) ops |= Ops(p, lifted: coreModule.Length == 0);
        if (result is not null) ops |= Ops(result, lifted: false) & ~GlueOps.BorrowScope;
        if (plan.ParamsIndirect) ops |= GlueOps.ParamArea;
        if (plan.ResultIndirect) ops |= GlueOps.ReturnArea;
        return new FunctionAbi(coreModule, coreName, target, ps, result, data, ops, plan.TypeKey);
    }

    private static GlueOps Ops(ValueShape s, bool lifted)
    {
        var ops = s.Kind switch
        {
            ShapeKind.String => GlueOps.Strings,
            ShapeKind.List or ShapeKind.Map => GlueOps.Lists,
            ShapeKind.Handle => GlueOps.Handles | (lifted && s.Handle!.Borrow && !s.Handle.Exported ? GlueOps.BorrowScope : GlueOps.None),
            _ => GlueOps.None,
        };
        foreach (var m in s.Members) if (m.Shape is not null) ops |= Ops(m.Shape, lifted);
        return ops;
    }

    private static EquatableArray<FlatType> Flat(IReadOnlyList<CoreValType>? types) =>
        types is null ? default : types.Select(t => t switch
        {
            CoreValType.I32 => FlatType.I32,
            CoreValType.I64 => FlatType.I64,
            CoreValType.F32 => FlatType.F32,
            _ => FlatType.F64,
        }).ToEquatableArray();

    /// <summary>The shape of a WIT value type (aliases followed).</summary>
    public ValueShape Shape(WitType t)
    {
        var d = _resolve.Dealias(t);
        switch (d.Kind)
        {
            case WitTypeKind.Bool: return Leaf(ShapeKind.Bool, d);
            case WitTypeKind.U8: return Leaf(ShapeKind.U8, d);
            case WitTypeKind.U16: return Leaf(ShapeKind.U16, d);
            case WitTypeKind.U32: return Leaf(ShapeKind.U32, d);
            case WitTypeKind.U64: return Leaf(ShapeKind.U64, d);
            case WitTypeKind.S8: return Leaf(ShapeKind.S8, d);
            case WitTypeKind.S16: return Leaf(ShapeKind.S16, d);
            case WitTypeKind.S32: return Leaf(ShapeKind.S32, d);
            case WitTypeKind.S64: return Leaf(ShapeKind.S64, d);
            case WitTypeKind.F32: return Leaf(ShapeKind.F32, d);
            case WitTypeKind.F64: return Leaf(ShapeKind.F64, d);
            case WitTypeKind.Char: return Leaf(ShapeKind.Char, d);
            case WitTypeKind.String: return Leaf(ShapeKind.String, d);
            case WitTypeKind.ErrorContext: return Unsupported(d);
        }
        var id = _resolve.DealiasId(d.TypeId);
        var def = _resolve.Types[id];
        var layout = _layouts.Build(d);
        var type = _mapper.Map(d);
        var witName = def.Name ?? "";
        ValueShape Make(ShapeKind kind, IEnumerable<ShapeMember>? members = null, HandleShape? handle = null) =>
            new(kind, type, witName, layout.Size, layout.Alignment, Flat(layout.FlatTypes), layout.DiscriminantSize,
                layout.PayloadOffset, layout.Length, members?.ToEquatableArray() ?? default, handle);
        switch (def.Kind)
        {
            case EnumKind e: return Make(ShapeKind.Enum) with { Length = (uint)e.Cases.Count };
            case FlagsKind fl: return Make(ShapeKind.Flags) with { Length = (uint)fl.Flags.Count };
            case HandleKind h:
                return Make(ShapeKind.Handle, handle: new HandleShape(h.IsBorrow, _isExportedResource(_resolve.DealiasId(h.Resource))));
            case RecordKind r:
                {
                    var names = MemberNames.RecordFields(SimpleName(type), r);
                    return Make(ShapeKind.Record, r.Fields.Select((f, i) => new ShapeMember(names[i], Shape(f.Type), layout.FieldOffsets[i])));
                }
            case TupleKind tu:
                return Make(ShapeKind.Tuple, tu.Types.Select((x, i) => new ShapeMember("Item" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Shape(x), layout.FieldOffsets[i])));
            case ListKind l: return Make(ShapeKind.List, new[] { new ShapeMember("Element", Shape(l.Element), 0) });
            case FixedListKind fl: return Make(ShapeKind.FixedList, new[] { new ShapeMember("Element", Shape(fl.Element), 0) });
            case MapKind m:
                {
                    var entryLayout = layout.Element!;
                    var entry = new ValueShape(ShapeKind.Tuple, "", "", entryLayout.Size, entryLayout.Alignment, Flat(entryLayout.FlatTypes), 0, 0, 0,
                        new[] { new ShapeMember("Key", Shape(m.Key), entryLayout.FieldOffsets[0]), new ShapeMember("Value", Shape(m.Value), entryLayout.FieldOffsets[1]) }.ToEquatableArray(), null);
                    return Make(ShapeKind.Map, new[] { new ShapeMember("Entry", entry, 0) });
                }
            case OptionKind o: return Make(ShapeKind.Option, new[] { new ShapeMember("Some", Shape(o.Element), layout.PayloadOffset) });
            case ResultKind res:
                return Make(ShapeKind.Result, new[]
                {
                    new ShapeMember("Ok", res.Ok is { } ok ? Shape(ok) : null, layout.PayloadOffset),
                    new ShapeMember("Err", res.Err is { } err ? Shape(err) : null, layout.PayloadOffset),
                });
            case VariantKind v:
                {
                    var names = MemberNames.VariantCases(SimpleName(type), v);
                    return Make(ShapeKind.Variant, v.Cases.Select((c, i) => new ShapeMember(names[i], c.Type is { } ct ? Shape(ct) : null, layout.PayloadOffset)));
                }
            default: return Unsupported(d);
        }
    }

    private ValueShape Leaf(ShapeKind kind, WitType t)
    {
        var layout = _layouts.Build(t);
        return new ValueShape(kind, _mapper.Map(t), "", layout.Size, layout.Alignment, Flat(layout.FlatTypes), 0, 0, 0, default, null);
    }

    private ValueShape Unsupported(WitType t) => new(ShapeKind.Unsupported, _mapper.Map(t), "", 0, 0, default, 0, 0, 0, default, null);

    private static string SimpleName(string full)
    {
        int dot = full.LastIndexOf('.');
        return dot >= 0 ? full.Substring(dot + 1) : full;
    }
}

using System.Collections.Generic;
using System.Linq;
using WitBindgen.WitParser.Model;

namespace WitBindgen.WitParser.Output;

/// <summary>Prints type definitions, type references and function signatures as WIT.</summary>
internal sealed class WitTypePrinter
{
    private readonly Resolve _resolve;
    private readonly IndentedWriter _w;

    public WitTypePrinter(Resolve resolve, IndentedWriter writer)
    {
        _resolve = resolve;
        _w = writer;
    }

    /// <summary>Prints a named type definition; <paramref name="resourceFunctions"/> go inside a resource's block.</summary>
    public void PrintTypeDef(Id<TypeDef> id, IReadOnlyList<Function> resourceFunctions)
    {
        var def = _resolve.Types[id];
        var name = WitNames.Escape(def.Name!);
        _w.Docs(def.Docs);
        _w.Attributes(def.Stability, def.ExternalId);
        switch (def.Kind)
        {
            case ResourceKind:
                if (resourceFunctions.Count == 0) { _w.Line($"resource {name};"); break; }
                _w.Line($"resource {name} {{").Indent();
                foreach (var f in resourceFunctions)
                {
                    _w.Docs(f.Docs);
                    _w.Attributes(f.Stability, f.ExternalId);
                    _w.Line(ResourceFunction(f));
                }
                _w.Dedent().Line("}");
                break;
            case RecordKind record:
                _w.Line($"record {name} {{").Indent();
                foreach (var field in record.Fields)
                {
                    _w.Docs(field.Docs);
                    _w.Line($"{WitNames.Escape(field.Name)}: {Type(field.Type)},");
                }
                _w.Dedent().Line("}");
                break;
            case FlagsKind flags:
                PrintCases("flags", name, flags.Flags.Select(f => (f.Docs, WitNames.Escape(f.Name))));
                break;
            case EnumKind @enum:
                PrintCases("enum", name, @enum.Cases.Select(c => (c.Docs, WitNames.Escape(c.Name))));
                break;
            case VariantKind variant:
                PrintCases("variant", name, variant.Cases.Select(c =>
                    (c.Docs, c.Type is { } t ? $"{WitNames.Escape(c.Name)}({Type(t)})" : WitNames.Escape(c.Name))));
                break;
            default:
                _w.Line($"type {name} = {Structure(def.Kind)};");
                break;
        }
    }

    private void PrintCases(string keyword, string name, IEnumerable<(string? Docs, string Text)> cases)
    {
        _w.Line($"{keyword} {name} {{").Indent();
        foreach (var (docs, text) in cases)
        {
            _w.Docs(docs);
            _w.Line(text + ",");
        }
        _w.Dedent().Line("}");
    }

    private string ResourceFunction(Function f)
    {
        switch (f.Kind)
        {
            case FunctionKind.Constructor:
                var own = f.Result is { IsId: true } r && _resolve.Types[r.TypeId].Kind is HandleKind { IsBorrow: false } h
                    && f.Resource is { } resource && _resolve.DealiasId(h.Resource) == _resolve.DealiasId(resource);
                var ctor = $"constructor({Params(f.Params)})";
                return own || f.Result is null ? ctor + ";" : $"{ctor} -> {Type(f.Result.Value)};";
            case FunctionKind.Static:
            case FunctionKind.AsyncStatic:
                return $"{WitNames.Escape(f.ItemName)}: static {Signature(f)};";
            default:
                return $"{WitNames.Escape(f.ItemName)}: {Signature(f)};";
        }
    }

    /// <summary><c>[async ]func(params)[ -&gt; result]</c>; methods omit their implicit <c>self</c>.</summary>
    public string Signature(Function f)
    {
        bool isAsync = f.Kind is FunctionKind.AsyncFreestanding or FunctionKind.AsyncMethod or FunctionKind.AsyncStatic;
        var parameters = f.Kind is FunctionKind.Method or FunctionKind.AsyncMethod ? f.Params.Skip(1) : f.Params;
        var text = $"{(isAsync ? "async " : "")}func({Params(parameters)})";
        return f.Result is { } result ? $"{text} -> {Type(result)}" : text;
    }

    private string Params(IEnumerable<Param> parameters) =>
        string.Join(", ", parameters.Select(p => $"{WitNames.Escape(p.Name)}: {Type(p.Type)}"));

    /// <summary>A type reference: a primitive, a name, or an anonymous type's structure.</summary>
    public string Type(WitType type)
    {
        if (!type.IsId) return type.PrimitiveName;
        var def = _resolve.Types[type.TypeId];
        if (def.Name is not null) return WitNames.Escape(def.Name);
        return Structure(def.Kind);
    }

    private string Structure(TypeDefKind kind) => kind switch
    {
        AliasKind a => Type(a.Target),
        HandleKind { IsBorrow: true } h => $"borrow<{Type(WitType.Id(h.Resource))}>",
        HandleKind h => Type(WitType.Id(h.Resource)),
        ListKind l => $"list<{Type(l.Element)}>",
        FixedListKind l => $"list<{Type(l.Element)}, {l.Length}>",
        MapKind m => $"map<{Type(m.Key)}, {Type(m.Value)}>",
        OptionKind o => $"option<{Type(o.Element)}>",
        ResultKind { Ok: null, Err: null } => "result",
        ResultKind { Err: null } r => $"result<{Type(r.Ok!.Value)}>",
        ResultKind { Ok: null } r => $"result<_, {Type(r.Err!.Value)}>",
        ResultKind r => $"result<{Type(r.Ok!.Value)}, {Type(r.Err!.Value)}>",
        TupleKind t => $"tuple<{string.Join(", ", t.Types.Select(Type))}>",
        FutureKind { Element: null } => "future",
        FutureKind f => $"future<{Type(f.Element!.Value)}>",
        StreamKind { Element: null } => "stream",
        StreamKind s => $"stream<{Type(s.Element!.Value)}>",
        _ => throw new System.InvalidOperationException($"{kind.GetType().Name} has no anonymous form"),
    };
}

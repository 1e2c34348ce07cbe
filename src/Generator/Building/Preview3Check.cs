using System.Collections.Generic;
using WitBindgen.Generator.Model;
using WitBindgen.WitParser.Model;

namespace WitBindgen.Generator.Building;

/// <summary>
/// Finds Preview 3 features (async functions, future, stream, error-context) that the generator
/// does not support yet, so it can report them instead of emitting broken code.
/// </summary>
internal sealed class Preview3Check
{
    /// <summary>Code of the "not supported yet" diagnostic.</summary>
    public const string Code = "WITGEN001";

    private readonly Resolve _resolve;
    private readonly HashSet<int> _visited = new();
    private readonly List<GeneratorDiagnostic> _found = new();

    public Preview3Check(Resolve resolve) => _resolve = resolve;

    /// <summary>Diagnostics found so far.</summary>
    public IReadOnlyList<GeneratorDiagnostic> Found => _found;

    /// <summary>Checks one function signature.</summary>
    public void CheckFunction(string where, Function function)
    {
        if (function.Kind is FunctionKind.AsyncFreestanding or FunctionKind.AsyncMethod or FunctionKind.AsyncStatic)
            Report($"{where}: function '{function.Name}' is async; Preview 3 async functions are not supported yet");
        foreach (var p in function.Params) CheckType($"{where}: function '{function.Name}'", p.Type);
        if (function.Result is { } r) CheckType($"{where}: function '{function.Name}'", r);
    }

    /// <summary>Checks a type and everything it contains.</summary>
    public void CheckType(string where, WitType type)
    {
        if (type.Kind == WitTypeKind.ErrorContext)
        {
            Report($"{where}: uses error-context; Preview 3 error-context is not supported yet");
            return;
        }
        if (!type.IsId || type.TypeId < 0 || type.TypeId >= _resolve.Types.Count || !_visited.Add(type.TypeId)) return;
        var def = _resolve.Types[type.TypeId];
        var label = def.Name is null ? where : $"{where}: type '{def.Name}'";
        switch (def.Kind)
        {
            case FutureKind: Report($"{label}: uses future; Preview 3 futures are not supported yet"); break;
            case StreamKind: Report($"{label}: uses stream; Preview 3 streams are not supported yet"); break;
            case AliasKind a: CheckType(label, a.Target); break;
            case RecordKind r: foreach (var f in r.Fields) CheckType(label, f.Type); break;
            case VariantKind v: foreach (var c in v.Cases) if (c.Type is { } t) CheckType(label, t); break;
            case OptionKind o: CheckType(label, o.Element); break;
            case ResultKind res:
                if (res.Ok is { } ok) CheckType(label, ok);
                if (res.Err is { } err) CheckType(label, err);
                break;
            case ListKind l: CheckType(label, l.Element); break;
            case FixedListKind fl: CheckType(label, fl.Element); break;
            case MapKind m: CheckType(label, m.Key); CheckType(label, m.Value); break;
            case TupleKind tu: foreach (var t in tu.Types) CheckType(label, t); break;
            case FlagsKind fk when fk.Flags.Count > 32:
                Report($"{label}: flags with more than 32 members are not valid in the component model");
                break;
        }
    }

    private void Report(string message)
    {
        var d = new GeneratorDiagnostic(Code, message);
        if (!_found.Contains(d)) _found.Add(d);
    }
}

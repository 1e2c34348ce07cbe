using System.Collections.Generic;
using System.Linq;
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
    private readonly HashSet<Id<TypeDef>> _visited = new();
    private readonly Dictionary<Id<TypeDef>, bool> _supported = new();
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
        if (!type.IsId || !_resolve.Types.Contains(type.TypeId) || !_visited.Add(type.TypeId)) return;
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

    /// <summary>Whether bindings can be generated for <paramref name="function"/> (not async, no Preview 3 types).</summary>
    public bool IsSupported(Function function)
    {
        if (function.Kind is FunctionKind.AsyncFreestanding or FunctionKind.AsyncMethod or FunctionKind.AsyncStatic) return false;
        foreach (var p in function.Params) if (!IsSupported(p.Type)) return false;
        return function.Result is not { } r || IsSupported(r);
    }

    /// <summary>Whether <paramref name="type"/> and everything it contains can be generated.</summary>
    public bool IsSupported(WitType type)
    {
        if (type.Kind == WitTypeKind.ErrorContext) return false;
        if (!type.IsId || !_resolve.Types.Contains(type.TypeId)) return true;
        if (_supported.TryGetValue(type.TypeId, out var known)) return known;
        _supported[type.TypeId] = true; // WIT types are acyclic; this only guards re-entry
        var supported = _resolve.Types[type.TypeId].Kind switch
        {
            FutureKind or StreamKind => false,
            FlagsKind fk => fk.Flags.Count <= 32,
            AliasKind a => IsSupported(a.Target),
            RecordKind r => r.Fields.All(f => IsSupported(f.Type)),
            VariantKind v => v.Cases.All(c => c.Type is not { } t || IsSupported(t)),
            OptionKind o => IsSupported(o.Element),
            ResultKind res => (res.Ok is not { } ok || IsSupported(ok)) && (res.Err is not { } err || IsSupported(err)),
            ListKind l => IsSupported(l.Element),
            FixedListKind fl => IsSupported(fl.Element),
            MapKind m => IsSupported(m.Key) && IsSupported(m.Value),
            TupleKind tu => tu.Types.All(IsSupported),
            _ => true,
        };
        _supported[type.TypeId] = supported;
        return supported;
    }

    private void Report(string message)
    {
        var d = new GeneratorDiagnostic(Code, message);
        if (!_found.Contains(d)) _found.Add(d);
    }
}

using System.Collections.Generic;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>
/// Canonical definitions: <c>lift</c>/<c>lower</c> with their options (memory and realloc where values live in
/// linear memory, realloc/post-return signatures, the lifted core function's signature, async), and the
/// <c>resource.*</c> built-ins; every other built-in defines a core function of unchecked type.
/// </summary>
internal sealed partial class ComponentValidator
{
    private static readonly ValueType[] NoTypes = System.Array.Empty<ValueType>();
    private static readonly CoreSig ReallocSig = new(new[] { ValueType.I32, ValueType.I32, ValueType.I32, ValueType.I32 }, new[] { ValueType.I32 });

    private void Canon(Scope scope, CanonFunction c)
    {
        switch (c.Op)
        {
            case CanonOp.Lift: scope.Funcs.Add(Lift(scope, c)); break;
            case CanonOp.Lower: scope.CoreFuncs.Add(Lower(scope, c)); break;
            case CanonOp.ResourceNew:
            case CanonOp.ResourceRep:
            {
                var id = ResourceAt(scope, c.Index);
                if (!id.Root.IsLocal || id.Root.Owner != scope) throw Error($"type index {c.Index} is not a local resource");
                scope.CoreFuncs.Add(new CoreItem(CoreExternKind.Func, new CoreSig(new[] { ValueType.I32 }, new[] { ValueType.I32 })));
                break;
            }
            case CanonOp.ResourceDrop:
            case CanonOp.ResourceDropAsync:
                ResourceAt(scope, c.Index);
                scope.CoreFuncs.Add(new CoreItem(CoreExternKind.Func, new CoreSig(new[] { ValueType.I32 }, NoTypes)));
                break;
            default:
                if (c.Op is CanonOp.StreamNew or CanonOp.StreamRead or CanonOp.StreamWrite or CanonOp.StreamCancelRead
                    or CanonOp.StreamCancelWrite or CanonOp.StreamDropReadable or CanonOp.StreamDropWritable)
                    ExpectDefined(scope, c.Index, DefKind.Stream);
                if (c.Op is CanonOp.FutureNew or CanonOp.FutureRead or CanonOp.FutureWrite or CanonOp.FutureCancelRead
                    or CanonOp.FutureCancelWrite or CanonOp.FutureDropReadable or CanonOp.FutureDropWritable)
                    ExpectDefined(scope, c.Index, DefKind.Future);
                OptionIndices(scope, c.Options);
                scope.CoreFuncs.Add(CoreItem.UnknownFunc);
                break;
        }
    }

    private void ExpectDefined(Scope scope, uint index, DefKind kind)
    {
        var t = At(scope.Types, index, "type", this);
        if (t is not DefType { } d || d.Kind != kind) throw Error($"type index {index} is not a {kind.ToString().ToLowerInvariant()} type");
    }

    private readonly record struct Options(CoreItem? Memory, CoreItem? Realloc, CoreItem? PostReturn, bool Async, CoreItem? Callback);

    private Options OptionIndices(Scope scope, IReadOnlyList<CanonOption> options)
    {
        CoreItem? memory = null, realloc = null, postReturn = null, callback = null;
        bool isAsync = false;
        foreach (var o in options)
        {
            switch (o.Kind)
            {
                case CanonOptionKind.Memory: memory = At(scope.CoreMemories, o.Index, "memory", this); break;
                case CanonOptionKind.Realloc: realloc = At(scope.CoreFuncs, o.Index, "core func", this); break;
                case CanonOptionKind.PostReturn: postReturn = At(scope.CoreFuncs, o.Index, "core func", this); break;
                case CanonOptionKind.Callback: callback = At(scope.CoreFuncs, o.Index, "core func", this); break;
                case CanonOptionKind.Async: isAsync = true; break;
            }
        }
        if (realloc?.Func is { } rs && !rs.SameAs(ReallocSig))
            throw Error($"canonical option `realloc` uses a core function with an incorrect signature: expected {ReallocSig}, found {rs}");
        return new Options(memory, realloc, postReturn, isAsync, callback);
    }

    private FuncSig Lift(Scope scope, CanonFunction c)
    {
        var core = At(scope.CoreFuncs, c.Index, "core func", this);
        var t = At(scope.Types, c.TypeIndex, "type", this);
        var f = t as FuncSig ?? throw Error($"type index {c.TypeIndex} is not a function type");
        var o = OptionIndices(scope, c.Options);
        if (o.Async && !f.IsAsync) throw Error("the `async` canonical option requires an async function type");
        if (o.Async) return f;
        var ps = AbiShape.FlatParams(f, out bool paramsSpilled);
        var rs = AbiShape.FlatResults(f, out bool resultsSpilled);
        bool paramsInMemory = paramsSpilled || Any(f, AbiShape.UsesMemory, false);
        bool resultsInMemory = resultsSpilled || Any(f, AbiShape.UsesMemory, true);
        if ((paramsInMemory || resultsInMemory) && o.Memory is null) throw Error("canonical option `memory` is required");
        if (paramsInMemory && o.Realloc is null) throw Error("canonical option `realloc` is required");
        if (core.Func is { } sig)
        {
            if (!Same(sig.Params, ps))
                throw Error($"lowered parameter types `{List(ps)}` do not match parameter types `{List(sig.Params)}` of core function {c.Index}");
            if (!Same(sig.Results, rs))
                throw Error($"lowered result types `{List(rs)}` do not match result types `{List(sig.Results)}` of core function {c.Index}");
        }
        if (o.PostReturn?.Func is { } post && !post.SameAs(new CoreSig(rs, NoTypes)))
            throw Error($"canonical option `post-return` uses a core function with an incorrect signature: expected {new CoreSig(rs, NoTypes)}, found {post}");
        return f;
    }

    private CoreItem Lower(Scope scope, CanonFunction c)
    {
        var f = At(scope.Funcs, c.Index, "func", this);
        var o = OptionIndices(scope, c.Options);
        if (o.Async && !f.IsAsync) throw Error("the `async` canonical option requires an async function type");
        if (o.Async) return CoreItem.UnknownFunc;
        var ps = AbiShape.FlatParams(f, out bool paramsSpilled);
        var rs = AbiShape.FlatResults(f, out bool resultsSpilled);
        bool paramsInMemory = paramsSpilled || Any(f, AbiShape.UsesMemory, false);
        bool resultsInMemory = resultsSpilled || Any(f, AbiShape.UsesMemory, true);
        if ((paramsInMemory || resultsInMemory) && o.Memory is null) throw Error("canonical option `memory` is required");
        if (Any(f, AbiShape.UsesMemory, true) && o.Realloc is null) throw Error("canonical option `realloc` is required");
        if (resultsSpilled)
        {
            ps.Add(ValueType.I32);
            rs = new List<ValueType>();
        }
        return new CoreItem(CoreExternKind.Func, new CoreSig(ps, rs));
    }

    private static bool Any(FuncSig f, System.Func<DefType, bool> test, bool results)
    {
        if (results) return f.Result is { } r && test(r);
        foreach (var (_, t) in f.Params) if (test(t)) return true;
        return false;
    }

    private static bool Same(IReadOnlyList<ValueType> a, IReadOnlyList<ValueType> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++) if (a[i] != b[i]) return false;
        return true;
    }

    private static string List(IReadOnlyList<ValueType> types)
    {
        var names = new List<string>();
        // wasmparser's Debug names for numbers (I32...); references by their text names.
        foreach (var t in types) names.Add(t.IsNumber() || t == ValueType.V128 ? t.ToString() : t.ShortName());
        return "[" + string.Join(", ", names) + "]";
    }
}

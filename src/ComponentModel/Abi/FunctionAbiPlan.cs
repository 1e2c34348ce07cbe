using System;
using System.Collections.Generic;
using WitBindgen.ComponentModel.Types;
using WitBindgen.WitParser.Model;

namespace WitBindgen.ComponentModel.Abi;

/// <summary>A core function signature.</summary>
public sealed class CoreSignature
{
    internal CoreSignature(CoreValType[] parameters, CoreValType[] results) { Params = parameters; Results = results; }
    /// <summary>Core parameter types.</summary>
    public IReadOnlyList<CoreValType> Params { get; }
    /// <summary>Core result types (0 or 1).</summary>
    public IReadOnlyList<CoreValType> Results { get; }
    /// <inheritdoc/>
    public override string ToString() => $"({string.Join(" ", Params)}) -> ({string.Join(" ", Results)})";
}

/// <summary>
/// How a (synchronous) component function type maps to core wasm, for both directions:
/// <list type="bullet">
/// <item><b>lift</b> (<c>canon lift</c>, an export): the core callee receives flat params (or one pointer to them
/// when more than <see cref="CanonicalAbi.MaxFlatParams"/>) and returns its result flat or as a pointer to it.</item>
/// <item><b>lower</b> (<c>canon lower</c>, an import): the core caller passes flat params (or one pointer) and,
/// when the result does not fit <see cref="CanonicalAbi.MaxFlatResults"/>, a trailing return-area pointer.</item>
/// </list>
/// The plan also runs the value conversions for hosts and the runtime, through the converters of its types (<see cref="AbiConverter"/>, specialised once per type).
/// </summary>
public sealed class FunctionAbiPlan
{
    private readonly ValType[] _params;
    private readonly ValType[] _results;

    private FunctionAbiPlan(ValType[] parameters, ValType? result)
    {
        _params = parameters;
        _results = result is null ? Array.Empty<ValType>() : new[] { result };
        Result = result;
        ParamTuple = ValType.Tuple(parameters);
        ResultTuple = ValType.Tuple(_results);
        FlatParamCount = ParamTuple.FlatCount;
        FlatResultCount = ResultTuple.FlatCount;

        var flatParams = ParamsIndirect ? new[] { CoreValType.I32 } : ParamTuple.Flat!;
        var flatResults = ResultIndirect ? Array.Empty<CoreValType>() : ResultTuple.Flat!;
        Lift = new CoreSignature(flatParams, ResultIndirect ? new[] { CoreValType.I32 } : flatResults);
        if (ResultIndirect)
        {
            var lowerParams = new CoreValType[flatParams.Length + 1];
            flatParams.CopyTo(lowerParams, 0);
            lowerParams[flatParams.Length] = CoreValType.I32;
            Lower = new CoreSignature(lowerParams, Array.Empty<CoreValType>());
        }
        else Lower = new CoreSignature(flatParams, flatResults);
    }

    /// <summary>Plans a function with <paramref name="parameters"/> and an optional <paramref name="result"/>.</summary>
    public static FunctionAbiPlan Create(IReadOnlyList<ValType> parameters, ValType? result)
    {
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        var ps = new ValType[parameters.Count];
        for (int i = 0; i < ps.Length; i++) ps[i] = parameters[i] ?? throw new ArgumentNullException(nameof(parameters));
        return new FunctionAbiPlan(ps, result);
    }

    /// <summary>Plans a WIT function, converting its types with <paramref name="types"/>.</summary>
    public static FunctionAbiPlan FromWit(ValTypeBuilder types, Function function)
    {
        if (types is null) throw new ArgumentNullException(nameof(types));
        if (function is null) throw new ArgumentNullException(nameof(function));
        var ps = new ValType[function.Params.Count];
        for (int i = 0; i < ps.Length; i++) ps[i] = types.Build(function.Params[i].Type);
        return new FunctionAbiPlan(ps, function.Result is { } r ? types.Build(r) : null);
    }

    /// <summary>Parameter types.</summary>
    public IReadOnlyList<ValType> Params => _params;
    /// <summary>Result type, if any.</summary>
    public ValType? Result { get; }
    /// <summary>The parameters as a tuple: the layout of the spilled parameter area.</summary>
    public ValType ParamTuple { get; }
    /// <summary>The result as a (0- or 1-element) tuple: the layout of the return area.</summary>
    public ValType ResultTuple { get; }
    /// <summary>Number of flat values of all parameters before spilling.</summary>
    public long FlatParamCount { get; }
    /// <summary>Number of flat values of the result before spilling.</summary>
    public long FlatResultCount { get; }
    /// <summary>Whether parameters travel as one pointer to a <see cref="ParamTuple"/> in memory.</summary>
    public bool ParamsIndirect => FlatParamCount > CanonicalAbi.MaxFlatParams;
    /// <summary>Whether the result travels through a return area (a returned pointer when lifted, an out-pointer parameter when lowered).</summary>
    public bool ResultIndirect => FlatResultCount > CanonicalAbi.MaxFlatResults;
    /// <summary>Size of the spilled parameter area.</summary>
    public uint ParamAreaSize => ParamTuple.Size;
    /// <summary>Alignment of the spilled parameter area.</summary>
    public uint ParamAreaAlignment => ParamTuple.Alignment;
    /// <summary>Size of the return area.</summary>
    public uint ResultAreaSize => ResultTuple.Size;
    /// <summary>Alignment of the return area.</summary>
    public uint ResultAreaAlignment => ResultTuple.Alignment;
    /// <summary>Core signature of the callee of <c>canon lift</c>.</summary>
    public CoreSignature Lift { get; }
    /// <summary>Core signature of the function produced by <c>canon lower</c>.</summary>
    public CoreSignature Lower { get; }

    /// <summary>
    /// The function type as text (<see cref="ValType.StructuralKey"/> of every parameter and the result): generated host
    /// bindings compare theirs with the component's before lowering straight into its memory.
    /// </summary>
    public string TypeKey => _typeKey ??= BuildTypeKey();

    private string? _typeKey;

    private string BuildTypeKey()
    {
        var parts = new string[_params.Length];
        for (int i = 0; i < parts.Length; i++) parts[i] = _params[i].StructuralKey();
        return "(" + string.Join(", ", parts) + ")" + (Result is { } r ? " -> " + r.StructuralKey() : "");
    }

    /// <summary>Number of flat slots <see cref="LowerArguments"/> writes.</summary>
    public int FlatArgumentCount => ParamsIndirect ? 1 : (int)FlatParamCount;

    /// <summary>
    /// Calling a lifted export: lowers <paramref name="args"/> into the callee's flat parameters
    /// (allocating the spilled area with realloc when indirect). Returns the number of slots written.
    /// </summary>
    public int LowerArguments(CanonicalOptions cx, ReadOnlySpan<ComponentValue> args, Span<ulong> flatArgs)
    {
        CheckCount(args.Length, _params.Length);
        CheckSlots(flatArgs.Length, FlatArgumentCount);
        if (ParamsIndirect)
        {
            uint ptr = cx.CallRealloc(0, 0, ParamTuple.Alignment, ParamTuple.Size);
            CanonicalAbi.CheckPointer(cx, ptr, ParamTuple.Alignment, ParamTuple.Size);
            ParamArea.StoreFields(cx, args, ptr);
            flatArgs[0] = ptr;
            return 1;
        }
        var converters = ParamConverters;
        int index = 0;
        for (int i = 0; i < converters.Length; i++) converters[i].LowerFlat(cx, args[i], flatArgs, ref index);
        return index;
    }

    /// <summary>Calling a lifted export: lifts the callee's core results (a pointer to the return area when indirect).</summary>
    public ComponentValue? LiftResult(CanonicalOptions cx, ReadOnlySpan<ulong> flatResults)
    {
        if (Result is null) return null;
        CheckSlots(flatResults.Length, Lift.Results.Count);
        if (ResultIndirect)
        {
            uint ptr = (uint)flatResults[0];
            CanonicalAbi.CheckPointer(cx, ptr, ResultTuple.Alignment, ResultTuple.Size);
            return ResultConverter.Load(cx, ptr);
        }
        int index = 0;
        return ResultConverter.LiftFlat(cx, flatResults, ref index);
    }

    /// <summary>Implementing a lowered import: lifts the core caller's arguments into <paramref name="args"/>.</summary>
    public void LiftArguments(CanonicalOptions cx, ReadOnlySpan<ulong> flatArgs, Span<ComponentValue> args)
    {
        CheckCount(args.Length, _params.Length);
        CheckSlots(flatArgs.Length, Lower.Params.Count);
        if (ParamsIndirect)
        {
            uint ptr = (uint)flatArgs[0];
            CanonicalAbi.CheckPointer(cx, ptr, ParamTuple.Alignment, ParamTuple.Size);
            ParamArea.LoadFields(cx, ptr, args);
            return;
        }
        var converters = ParamConverters;
        int index = 0;
        for (int i = 0; i < converters.Length; i++) args[i] = converters[i].LiftFlat(cx, flatArgs, ref index);
    }

    /// <summary>
    /// Implementing a lowered import: lowers <paramref name="result"/> into the core results, or into the
    /// caller's return area (the last of <paramref name="flatArgs"/>) when indirect. Returns the number of result slots written.
    /// </summary>
    public int LowerResult(CanonicalOptions cx, ComponentValue? result, ReadOnlySpan<ulong> flatArgs, Span<ulong> flatResults)
    {
        if (Result is null)
        {
            if (result is not null) throw new ArgumentException("the function has no result");
            return 0;
        }
        if (result is not { } value) throw new ArgumentException("the function needs a result");
        CheckSlots(flatArgs.Length, Lower.Params.Count);
        CheckSlots(flatResults.Length, Lower.Results.Count);
        if (ResultIndirect)
        {
            uint ptr = (uint)flatArgs[Lower.Params.Count - 1];
            CanonicalAbi.CheckPointer(cx, ptr, ResultTuple.Alignment, ResultTuple.Size);
            ResultConverter.Store(cx, value, ptr);
            return 0;
        }
        int index = 0;
        ResultConverter.LowerFlat(cx, value, flatResults, ref index);
        return index;
    }

    // The converters of the parameters, the spilled parameter area and the result: specialised once per function type
    // (on first call, so instantiation does not pay for functions never called), then reused by every call.
    private AbiConverter[]? _paramConverters;
    private AbiConverter[] ParamConverters => _paramConverters ??= Array.ConvertAll(_params, AbiConverter.For);
    private RecordConverter ParamArea => (RecordConverter)AbiConverter.For(ParamTuple);
    private AbiConverter ResultConverter => AbiConverter.For(Result!);

    private static void CheckSlots(int actual, int needed)
    {
        if (actual < needed) throw new ArgumentException($"expected at least {needed} flat slots but got {actual}");
    }

    private static void CheckCount(int actual, int expected)
    {
        if (actual != expected) throw new ArgumentException($"expected {expected} values but got {actual}");
    }
}

using System;
using WitBindgen.ComponentModel.Abi;

namespace WitBindgen.Runtime.Components.Abi;

/// <summary>
/// A <c>canon lower</c> of another component instance's <c>canon lift</c> (two components composed in one): a call from
/// the caller's core code straight into the callee's, the parameters moved from the caller's flat values and memory to
/// the callee's and the result back by <see cref="ValueMover"/>s (specialised per function type and string-encoding
/// pair), as wasmtime's fused adapters do; no <see cref="ComponentValue"/> is made. The call keeps the rules of the
/// host path: may_leave of the caller, may_enter of the callee (reentrance traps; a trapped callee is poisoned), both
/// handle tables' call scopes (a borrow lent by the caller is released when the call ends, one the callee received must
/// be dropped by then), post-return after the result is copied, and the adapters' trap wording
/// (<see cref="CanonicalCalls.AdapterTrap"/>).
/// </summary>
internal sealed class FusedAdapter : FlatHostFunction
{
    private readonly LiftedFunction _callee;
    private readonly CanonOptions _caller;
    private readonly FunctionAbiPlan _plan;
    private readonly bool _usesHandles;
    private Movers? _movers;

    private FusedAdapter(LiftedFunction callee, CanonOptions caller)
    {
        _callee = callee;
        _caller = caller;
        _plan = callee.Type.Plan;
        _usesHandles = callee.Type.UsesHandles;
    }

    /// <summary>The adapter for a lowering of <paramref name="callee"/> by the instance of <paramref name="caller"/>, or null for
    /// a type it does not move (futures, streams and error contexts: the host path handles them).</summary>
    public static FusedAdapter? TryCreate(LiftedFunction callee, CanonOptions caller)
    {
        var plan = callee.Type.Plan;
        foreach (var p in plan.Params) if (!ValueMover.Supports(p)) return null;
        if (plan.Result is { } r && !ValueMover.Supports(r)) return null;
        return new FusedAdapter(callee, caller);
    }

    /// <summary>The movers of one call's parameters and result (made on first call: instantiation does not pay for them).</summary>
    private sealed class Movers
    {
        public required ValueMover[] Params;
        public required ValueMover? ParamArea;
        public required ValueMover? Result;
    }

    private Movers Build()
    {
        var to = _callee.Options.Encoding;
        var from = _caller.Encoding;
        return new Movers
        {
            Params = _plan.ParamsIndirect ? Array.Empty<ValueMover>() : ParamMovers(from, to),
            ParamArea = _plan.ParamsIndirect ? ValueMover.For(_plan.ParamTuple, from, to) : null,
            // The result travels the other way: from the callee's encoding to the caller's.
            Result = _plan.Result is { } r ? ValueMover.For(_plan.ResultIndirect ? _plan.ResultTuple : r, to, from) : null,
        };
    }

    private ValueMover[] ParamMovers(StringEncoding from, StringEncoding to)
    {
        var movers = new ValueMover[_plan.Params.Count];
        for (int i = 0; i < movers.Length; i++) movers[i] = ValueMover.For(_plan.Params[i], from, to);
        return movers;
    }

    public override ulong Call(ReadOnlySpan<ulong> args)
    {
        var caller = _caller.Instance;
        if (!caller.MayLeave) throw CanonicalCalls.Trap("cannot leave component instance");
        var calleeOptions = _callee.Options;
        var callee = calleeOptions.Instance;
        if (callee.Poisoned || !callee.MayEnter) throw CanonicalCalls.Trap("cannot enter component instance");
        var movers = _movers ??= Build();
        var plan = _plan;
        var src = _caller.ForCall();
        var dst = calleeOptions.ForCall();
        HandleCallScope? callerScope = _usesHandles ? caller.Handles.Table.EnterCall() : null;
        HandleCallScope? calleeScope = null;
        callee.MayEnter = false;
        try
        {
            calleeScope = _usesHandles ? callee.Handles.Table.EnterCall() : null;
            Span<ulong> flat = stackalloc ulong[CanonicalCalls.MaxFlatSlots];
            flat = flat.Slice(0, plan.FlatArgumentCount);
            try { MoveParams(movers, src, dst, args, flat); }
            catch (CanonicalAbiTrap e) { throw CanonicalCalls.AdapterTrap(e, plan); }

            var thunk = _callee.Thunk;
            Span<ulong> flatResults = stackalloc ulong[1];
            flatResults[0] = thunk.Call(flat);
            flatResults = flatResults.Slice(0, thunk.HasResult ? 1 : 0);

            ulong result = 0;
            if (movers.Result is { } resultMover)
            {
                // Copied into the caller before post-return, which may free the callee's copy.
                try { result = MoveResult(resultMover, dst, src, args, flatResults); }
                catch (CanonicalAbiTrap e) { throw CanonicalCalls.AdapterTrap(e, plan); }
            }
            if (calleeScope is { } scope)
            {
                calleeScope = null;
                callee.Handles.Table.ExitExportCall(scope);
            }
            calleeOptions.RunPostReturn(flatResults);
            return result;
        }
        catch (Exception e) when (e is Trap or CanonicalAbiTrap)
        {
            callee.Poisoned = true;
            if (e is CanonicalAbiTrap abi) throw CanonicalCalls.AsTrap(abi);
            throw;
        }
        finally
        {
            if (calleeScope is { } open) callee.Handles.Table.ExitImportCall(open);
            callee.MayEnter = true;
            if (callerScope is { } lent) caller.Handles.Table.ExitImportCall(lent);
        }
    }

    /// <summary>The caller's flat arguments (or its spilled parameter area) into the callee's flat parameters (or a new area in its memory).</summary>
    private void MoveParams(Movers movers, CanonicalOptions src, CanonicalOptions dst, ReadOnlySpan<ulong> args, Span<ulong> flat)
    {
        var plan = _plan;
        if (movers.ParamArea is { } area)
        {
            uint from = (uint)args[0];
            CanonicalAbi.CheckPointer(src, from, plan.ParamAreaAlignment, plan.ParamAreaSize);
            uint to = dst.CallRealloc(0, 0, plan.ParamAreaAlignment, plan.ParamAreaSize);
            area.MoveMemory(src, dst, from, to);
            flat[0] = to;
            return;
        }
        int si = 0, di = 0;
        foreach (var p in movers.Params) p.MoveFlat(src, dst, args, ref si, flat, ref di);
    }

    /// <summary>The callee's flat result (or the return area it points to) into the caller's result (or its return area, the last argument).</summary>
    private ulong MoveResult(ValueMover mover, CanonicalOptions src, CanonicalOptions dst, ReadOnlySpan<ulong> args, ReadOnlySpan<ulong> flatResults)
    {
        var plan = _plan;
        if (plan.ResultIndirect)
        {
            uint from = (uint)flatResults[0];
            CanonicalAbi.CheckPointer(src, from, plan.ResultAreaAlignment, plan.ResultAreaSize);
            uint to = (uint)args[args.Length - 1];
            CanonicalAbi.CheckPointer(dst, to, plan.ResultAreaAlignment, plan.ResultAreaSize);
            mover.MoveMemory(src, dst, from, to);
            return 0;
        }
        Span<ulong> result = stackalloc ulong[1];
        int si = 0, di = 0;
        mover.MoveFlat(src, dst, flatResults, ref si, result, ref di);
        return result[0];
    }
}

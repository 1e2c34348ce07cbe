using System;
using System.Collections.Generic;
using System.Reflection.Emit;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;
using OpCode = WitBindgen.CoreWasm.Modules.OpCode;

namespace WitBindgen.Runtime.Compilation;

/// <summary>Control instructions: blocks, branches, calls, return, unreachable, drop/select.</summary>
internal sealed partial class FunctionCompiler
{
    private bool EmitControl(in Instruction ins)
    {
        switch (ins.OpCode)
        {
            case OpCode.Nop:
                return true;
            case OpCode.Unreachable:
                CallHelper(typeof(TrapHelpers), nameof(TrapHelpers.Unreachable), adjustHeight: false);
                _il.Emit(OpCodes.Throw);
                _dead = true;
                return true;
            case OpCode.Block:
                BeginBlock(FrameKind.Block, ins.A);
                return true;
            case OpCode.Loop:
                BeginLoop(ins.A);
                return true;
            case OpCode.If:
                BeginIf(ins.A);
                return true;
            case OpCode.Else:
                EmitElse(_frames[^1]);
                return true;
            case OpCode.End:
                EmitEnd();
                return true;
            case OpCode.Br:
                EmitBranch(ins.A);
                _dead = true;
                return true;
            case OpCode.BrIf:
                EmitBranchIf(ins.A);
                return true;
            case OpCode.BrTable:
                EmitBranchTable(_body.BranchTables[ins.A]);
                return true;
            case OpCode.Return:
                EmitBranch(_frames.Count - 1);
                _dead = true;
                return true;
            case OpCode.Call:
                EmitCall(ins.A);
                return true;
            case OpCode.CallIndirect:
                EmitCallIndirect(ins.A, (int)ins.B);
                return true;
            case OpCode.ReturnCall or OpCode.ReturnCallIndirect or OpCode.ReturnCallRef when InsideTry:
                EmitTailCallFromTry(ins);
                return true;
            case OpCode.ReturnCall:
                EmitReturnCall(ins.A);
                return true;
            case OpCode.ReturnCallIndirect:
                EmitReturnCallIndirect(ins.A, (int)ins.B);
                return true;
            case OpCode.CallRef:
                EmitCallRef(ins.A, tail: false);
                return true;
            case OpCode.ReturnCallRef:
                EmitCallRef(ins.A, tail: true);
                return true;
            case OpCode.BrOnNull:
                EmitBranchOnNull(ins.A);
                return true;
            case OpCode.BrOnNonNull:
                EmitBranchOnNonNull(ins.A);
                return true;
            case OpCode.Drop:
                _il.Emit(OpCodes.Pop);
                _height--;
                return true;
            case OpCode.Select:
                EmitSelect(_facts.SelectType(_pc));
                return true;
            case OpCode.SelectTyped:
                EmitSelect((CoreWasm.Modules.ValueType)ins.A);
                return true;
            default:
                return false;
        }
    }

    private void BeginBlock(FrameKind kind, int blockType)
    {
        var signature = _module.Definition.BlockSignature(blockType);
        _frames.Add(new Frame
        {
            Kind = kind,
            Signature = signature,
            Height = _height - signature.Params.Length,
            Label = _il.DefineLabel(),
        });
    }

    private void BeginLoop(int blockType)
    {
        var signature = _module.Definition.BlockSignature(blockType);
        var frame = new Frame { Kind = FrameKind.Loop, Signature = signature, Height = _height - signature.Params.Length };
        if (signature.Params.Length > 0)
        {
            // Branches back to the loop carry its parameters through locals.
            frame.Values = DeclareLocals(signature.Params);
            for (var i = frame.Values.Length - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, frame.Values[i]);
        }
        frame.Label = _il.DefineLabel();
        _il.MarkLabel(frame.Label);
        if (frame.Values is not null)
            foreach (var local in frame.Values) _il.Emit(OpCodes.Ldloc, local);
        _il.Emit(OpCodes.Ldloc, _store!);
        CallHelper(typeof(CallHelpers), _module.ConsumeFuel ? nameof(CallHelpers.LoopHeaderMetered) : nameof(CallHelpers.LoopHeader), adjustHeight: false);
        EmitResumePoint(resumable: signature.Params.Length == 0 && frame.Height == 0 && !InsideTry);
        _frames.Add(frame);
    }

    private void BeginIf(int blockType)
    {
        _height--; // condition
        var signature = _module.Definition.BlockSignature(blockType);
        var frame = new Frame
        {
            Kind = FrameKind.If,
            Signature = signature,
            Height = _height - signature.Params.Length,
            Label = _il.DefineLabel(),
            Else = _il.DefineLabel(),
        };
        if (signature.Params.Length > 0)
        {
            // Both arms start from the parameters: keep them in locals across the conditional branch.
            var condition = Scratch(typeof(int));
            _il.Emit(OpCodes.Stloc, condition);
            frame.Params = DeclareLocals(signature.Params);
            for (var i = frame.Params.Length - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, frame.Params[i]);
            _il.Emit(OpCodes.Ldloc, condition);
            _il.Emit(OpCodes.Brfalse, frame.Else);
            foreach (var local in frame.Params) _il.Emit(OpCodes.Ldloc, local);
        }
        else
        {
            _il.Emit(OpCodes.Brfalse, frame.Else);
        }
        _frames.Add(frame);
    }

    private void EmitElse(Frame frame)
    {
        if (!_dead)
        {
            StoreLabelValues(frame, frame.Signature.Results);
            _il.Emit(OpCodes.Br, frame.Label);
            frame.Branched = true;
        }
        _il.MarkLabel(frame.Else);
        frame.HasElse = true;
        _height = frame.Height;
        if (frame.Params is not null)
            foreach (var local in frame.Params) _il.Emit(OpCodes.Ldloc, local);
        _height += frame.Signature.Params.Length;
        _dead = false;
    }

    private void EmitEnd()
    {
        var frame = _frames[^1];
        if (frame.Kind == FrameKind.Try)
        {
            EndTry(frame);
            return;
        }
        if (frame.Kind == FrameKind.If && !frame.HasElse) EmitElse(frame); // the implicit else passes the params through
        _frames.RemoveAt(_frames.Count - 1);
        var results = frame.Signature.Results;
        if (frame.Kind == FrameKind.Function)
        {
            EmitEpilogue(frame);
            return;
        }
        if (frame.Kind != FrameKind.Loop && frame.Branched)
        {
            if (!_dead) StoreLabelValues(frame, results);
            _il.MarkLabel(frame.Label);
            foreach (var local in frame.Values ?? Array.Empty<LocalBuilder>()) _il.Emit(OpCodes.Ldloc, local);
            _dead = false;
        }
        _height = frame.Height + results.Length;
    }

    private void EmitEpilogue(Frame frame)
    {
        var results = _type.Results;
        if (!_dead) StoreLabelValues(frame, results);
        if (frame.Branched) _il.MarkLabel(frame.Label);
        if (_dead && !frame.Branched) return; // the body ends in a branch or throw
        var values = frame.Values ?? Array.Empty<LocalBuilder>();
        for (var k = 1; k < results.Length; k++)
        {
            IlUtil.LoadArg(_il, _type.Params.Length + k - 1);
            _il.Emit(OpCodes.Ldloc, values[k]);
            IlUtil.StoreIndirect(_il, results[k]);
        }
        EmitLeave();
        if (results.Length > 0) _il.Emit(OpCodes.Ldloc, values[0]);
        _il.Emit(OpCodes.Ret);
        _dead = true;
    }

    /// <summary>Pops the label's values from the top of the stack into the frame's locals (allocating them).</summary>
    private void StoreLabelValues(Frame frame, System.Collections.Immutable.ImmutableArray<CoreWasm.Modules.ValueType> types)
    {
        if (types.Length == 0) return;
        frame.Values ??= DeclareLocals(types);
        for (var i = types.Length - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, frame.Values[i]);
    }

    private LocalBuilder[] DeclareLocals(System.Collections.Immutable.ImmutableArray<CoreWasm.Modules.ValueType> types)
    {
        var locals = new LocalBuilder[types.Length];
        for (var i = 0; i < locals.Length; i++) locals[i] = _il.DeclareLocal(ClrTypes.Of(types[i]));
        return locals;
    }

    /// <summary>Emits a jump to the label <paramref name="depth"/> levels out: moves its values into the
    /// label's locals, pops what lies between, branches (with <c>leave</c> out of try_table regions it
    /// crosses). Does not change the tracked height.</summary>
    private void EmitBranch(int depth)
    {
        var target = _frames.Count - 1 - depth;
        var frame = _frames[target];
        var types = frame.Kind == FrameKind.Loop ? frame.Signature.Params : frame.Signature.Results;
        StoreLabelValues(frame, types);
        var crossed = OutermostTry(target, _frames.Count - 1);
        var extra = _height - types.Length - (crossed is null ? frame.Height : PhysicalBase());
        for (var i = 0; i < extra; i++) _il.Emit(OpCodes.Pop);
        if (crossed is null) _il.Emit(OpCodes.Br, frame.Label);
        else _il.Emit(OpCodes.Leave, ExitLabel(crossed, frame));
        if (frame.Kind != FrameKind.Loop) frame.Branched = true;
    }

    private void EmitBranchIf(int depth)
    {
        _height--; // condition
        var frame = _frames[_frames.Count - 1 - depth];
        var arity = frame.Kind == FrameKind.Loop ? frame.Signature.Params.Length : frame.Signature.Results.Length;
        if (arity == 0 && _height == frame.Height && OutermostTry(_frames.Count - 1 - depth, _frames.Count - 1) is null)
        {
            _il.Emit(OpCodes.Brtrue, frame.Label);
            if (frame.Kind != FrameKind.Loop) frame.Branched = true;
            return;
        }
        // Taken path: move the label values into locals and drop what lies between; the fall-through
        // path keeps the stack as it is.
        var skip = _il.DefineLabel();
        _il.Emit(OpCodes.Brfalse, skip);
        EmitBranch(depth);
        _il.MarkLabel(skip);
    }

    private void EmitBranchTable(int[] targets)
    {
        _height--; // index
        var index = Scratch(typeof(int));
        _il.Emit(OpCodes.Stloc, index);
        var stubs = new Dictionary<int, Label>();
        var labels = new Label[targets.Length - 1];
        for (var i = 0; i < labels.Length; i++)
        {
            if (!stubs.TryGetValue(targets[i], out var stub)) stubs[targets[i]] = stub = _il.DefineLabel();
            labels[i] = stub;
        }
        if (labels.Length > 0)
        {
            _il.Emit(OpCodes.Ldloc, index);
            _il.Emit(OpCodes.Switch, labels);
        }
        EmitBranch(targets[^1]);
        foreach (var (depth, stub) in stubs)
        {
            _il.MarkLabel(stub);
            EmitBranch(depth);
        }
        _dead = true;
    }

    private void EmitSelect(CoreWasm.Modules.ValueType type)
    {
        var clr = ClrTypes.Of(type);
        var condition = Scratch(typeof(int));
        var second = Scratch(clr, 1);
        var first = Scratch(clr, 2);
        _il.Emit(OpCodes.Stloc, condition);
        _il.Emit(OpCodes.Stloc, second);
        _il.Emit(OpCodes.Stloc, first);
        var takeFirst = _il.DefineLabel();
        var done = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, condition);
        _il.Emit(OpCodes.Brtrue, takeFirst);
        _il.Emit(OpCodes.Ldloc, second);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(takeFirst);
        _il.Emit(OpCodes.Ldloc, first);
        _il.MarkLabel(done);
        _height -= 2;
    }

    private void EmitCall(int functionIndex)
    {
        var type = _module.FunctionTypes[functionIndex];
        var results = PushResultAddresses(type);
        if (functionIndex < _module.ImportedFunctionCount)
        {
            var callee = Scratch(typeof(Function));
            LoadContext();
            _il.Emit(OpCodes.Ldfld, ContextField(nameof(InstanceContext.Functions)));
            IlUtil.LoadInt(_il, functionIndex);
            _il.Emit(OpCodes.Ldelem_Ref);
            _il.Emit(OpCodes.Stloc, callee);
            EmitCalli(callee, type);
        }
        else
        {
            LoadContext();
            EmitDefinedCall(functionIndex - _module.ImportedFunctionCount, type, tail: false);
        }
        FinishCall(type, results);
    }

    private void EmitCallIndirect(int typeIndex, int tableIndex)
    {
        var type = _module.Definition.Types[typeIndex];
        var callee = Scratch(typeof(Function));
        if (_module.Table64[tableIndex]) Narrow();
        LoadTable(tableIndex);
        EmitResolveIndirect(typeIndex);
        _il.Emit(OpCodes.Stloc, callee);
        _height--; // index
        var results = PushResultAddresses(type);
        EmitCalli(callee, type);
        FinishCall(type, results);
    }

    /// <summary>call_ref / return_call_ref: the reference (validated to be of the type) is checked for null only;
    /// then it is called like a call_indirect callee.</summary>
    private void EmitCallRef(int typeIndex, bool tail)
    {
        var type = _module.Definition.Types[typeIndex];
        var callee = Scratch(typeof(Function));
        CallHelper(typeof(TableHelpers), nameof(TableHelpers.CallTarget), adjustHeight: false);
        _il.Emit(OpCodes.Stloc, callee);
        _height--; // the reference
        if (tail)
        {
            PushOwnResultAddresses(type);
            EmitLeave();
            EmitCalli(callee, type, tail: true);
            FinishTailCall(type);
            return;
        }
        var results = PushResultAddresses(type);
        EmitCalli(callee, type);
        FinishCall(type, results);
    }

    /// <summary>br_on_null: a null reference is dropped and the branch taken; otherwise it stays (as non-null).</summary>
    private void EmitBranchOnNull(int depth)
    {
        var notNull = _il.DefineLabel();
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Brtrue, notNull);
        _il.Emit(OpCodes.Pop);
        _height--;
        EmitBranch(depth);
        _height++;
        _il.MarkLabel(notNull);
    }

    /// <summary>br_on_non_null: a non-null reference is passed to the label as its last value; a null one is dropped.</summary>
    private void EmitBranchOnNonNull(int depth)
    {
        var isNull = _il.DefineLabel();
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Brfalse, isNull);
        EmitBranch(depth);
        _il.MarkLabel(isNull);
        _il.Emit(OpCodes.Pop);
        _height--;
    }

    // ---- tail calls ----
    // return_call and return_call_indirect are IL tail calls (the `tail.` prefix, which RyuJIT always honours
    // for explicit tail calls: a jump when the callee's stack arguments fit the caller's incoming area, the
    // runtime's tail-call helpers otherwise), so mutual recursion of any depth runs in constant stack. The
    // frame leaves the call-depth count first (the callee enters it again), and the callee's extra results go
    // straight to the caller's own result addresses (the validator checked the result types are the same).

    private void EmitReturnCall(int functionIndex)
    {
        var type = _module.FunctionTypes[functionIndex];
        PushOwnResultAddresses(type);
        if (functionIndex < _module.ImportedFunctionCount)
        {
            var callee = Scratch(typeof(Function));
            LoadContext();
            _il.Emit(OpCodes.Ldfld, ContextField(nameof(InstanceContext.Functions)));
            IlUtil.LoadInt(_il, functionIndex);
            _il.Emit(OpCodes.Ldelem_Ref);
            _il.Emit(OpCodes.Stloc, callee);
            EmitLeave();
            EmitCalli(callee, type, tail: true);
        }
        else
        {
            LoadContext();
            EmitLeave();
            EmitDefinedCall(functionIndex - _module.ImportedFunctionCount, type, tail: true);
        }
        FinishTailCall(type);
    }

    private void EmitReturnCallIndirect(int typeIndex, int tableIndex)
    {
        var type = _module.Definition.Types[typeIndex];
        var callee = Scratch(typeof(Function));
        if (_module.Table64[tableIndex]) Narrow();
        LoadTable(tableIndex);
        EmitResolveIndirect(typeIndex);
        _il.Emit(OpCodes.Stloc, callee);
        _height--; // index
        PushOwnResultAddresses(type);
        EmitLeave();
        EmitCalli(callee, type, tail: true);
        FinishTailCall(type);
    }

    /// <summary>A tail callee writes its extra results where this function's caller expects them. An IL tail
    /// call needs an evaluation stack holding its arguments only: operands below them (valid wasm, discarded by
    /// the return) are dropped first, the arguments passing through scratch locals.</summary>
    private void PushOwnResultAddresses(FunctionType type)
    {
        var extra = _height - type.Params.Length;
        if (extra > 0)
        {
            var args = new LocalBuilder[type.Params.Length];
            for (var i = args.Length - 1; i >= 0; i--)
            {
                args[i] = Scratch(ClrTypes.Of(type.Params[i]), 100 + i);
                _il.Emit(OpCodes.Stloc, args[i]);
            }
            for (var i = 0; i < extra; i++) _il.Emit(OpCodes.Pop);
            foreach (var arg in args) _il.Emit(OpCodes.Ldloc, arg);
            _height = type.Params.Length;
        }
        for (var k = 1; k < type.Results.Length; k++) IlUtil.LoadArg(_il, _type.Params.Length + k - 1);
    }

    private void FinishTailCall(FunctionType type)
    {
        _il.Emit(OpCodes.Ret);
        _height -= type.Params.Length;
        _dead = true;
    }

    private void EmitCalli(LocalBuilder callee, FunctionType type, bool tail = false)
    {
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Ldfld, typeof(Function).GetField(nameof(Function.Context), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!);
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Ldfld, typeof(Function).GetField(nameof(Function.Code), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!);
        if (tail) _il.Emit(OpCodes.Tailcall);
        _il.EmitCalli(OpCodes.Calli, System.Reflection.CallingConventions.Standard, ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type), null);
    }

    /// <summary>Extra results come back through byref arguments pointing at scratch locals.</summary>
    private LocalBuilder[] PushResultAddresses(FunctionType type)
    {
        var locals = new LocalBuilder[type.Results.Length];
        for (var k = 1; k < locals.Length; k++)
        {
            locals[k] = Scratch(ClrTypes.Of(type.Results[k]), 10 + k);
            _il.Emit(OpCodes.Ldloca, locals[k]);
        }
        return locals;
    }

    private void FinishCall(FunctionType type, LocalBuilder[] results)
    {
        ReloadMemoryLength(); // the callee may have grown the memory
        for (var k = 1; k < results.Length; k++) _il.Emit(OpCodes.Ldloc, results[k]);
        _height += type.Results.Length - type.Params.Length;
    }
}

using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;
using OpCode = WitBindgen.CoreWasm.Modules.OpCode;

namespace WitBindgen.Runtime.Compilation;

/// <summary>
/// Exception handling: throw, throw_ref and try_table. A wasm exception is a <see cref="ThrownException"/>
/// (tag and boxed payload); try_table is an IL try block with one catch of that type only, so traps and other
/// .NET exceptions pass through. The values below the try_table are spilled to locals (a protected region starts
/// with an empty IL stack); branches out of the region <c>leave</c> to an exit after it that reloads them.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private static readonly FieldInfo StoreDepth = typeof(Store).GetField(nameof(Store.Depth), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private bool EmitException(in Instruction ins)
    {
        switch (ins.OpCode)
        {
            case OpCode.TryTable:
                BeginTry(ins.A, (int)ins.C);
                return true;
            case OpCode.Throw:
                EmitThrow(ins.A);
                return true;
            case OpCode.ThrowRef:
                CallHelper(typeof(ExceptionHelpers), nameof(ExceptionHelpers.Rethrow));
                _il.Emit(OpCodes.Throw);
                _height--;
                _dead = true;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether the code being compiled is inside a try_table's protected region.</summary>
    private bool InsideTry => OutermostTry(0, _frames.Count - 1) is not null;

    /// <summary>The outermost try_table among frames <paramref name="from"/>..<paramref name="to"/> (indices into
    /// the frame list), or null: a branch from frame <paramref name="to"/> to frame <paramref name="from"/> leaves
    /// the regions of the try_tables in that range (a try_table's own label is after its region).</summary>
    private Frame? OutermostTry(int from, int to)
    {
        for (var i = from; i <= to; i++)
            if (_frames[i].Kind == FrameKind.Try) return _frames[i];
        return null;
    }

    /// <summary>The tracked height where the IL stack begins here: the innermost try_table's height, else 0.</summary>
    private int PhysicalBase()
    {
        for (var i = _frames.Count - 1; i >= 0; i--)
            if (_frames[i].Kind == FrameKind.Try) return _frames[i].Height;
        return 0;
    }

    /// <summary>Where a branch leaving <paramref name="region"/> for <paramref name="target"/> goes: the
    /// try_table's own end, or an exit after the region reloading the values below the target.</summary>
    private Label ExitLabel(Frame region, Frame target)
    {
        if (ReferenceEquals(region, target)) return region.Label;
        region.Exits ??= new Dictionary<Frame, Label>();
        if (!region.Exits.TryGetValue(target, out var label)) region.Exits[target] = label = _il.DefineLabel();
        return label;
    }

    private void ReloadSpill(Frame region, int height)
    {
        for (var i = 0; i < height - region.SpillBase; i++) _il.Emit(OpCodes.Ldloc, region.Spill![i]);
    }

    private void BeginTry(int blockType, int catches)
    {
        var signature = _module.Definition.BlockSignature(blockType);
        var types = _facts.TryStack(_pc);
        var bottom = PhysicalBase();
        if (types.Length != _height) throw new InvalidOperationException("try_table: operand stack out of step with the validator");
        var spill = new LocalBuilder[_height - bottom];
        for (var i = spill.Length - 1; i >= 0; i--)
        {
            spill[i] = _il.DeclareLocal(ClrTypes.Of(types[bottom + i]));
            _il.Emit(OpCodes.Stloc, spill[i]);
        }
        var frame = new Frame
        {
            Kind = FrameKind.Try,
            Signature = signature,
            Height = _height - signature.Params.Length,
            Label = _il.DefineLabel(),
            Spill = spill,
            SpillBase = bottom,
            Depth = _il.DeclareLocal(typeof(int)),
            Catches = catches,
        };
        _il.Emit(OpCodes.Ldloc, _store!);
        _il.Emit(OpCodes.Ldfld, StoreDepth);
        _il.Emit(OpCodes.Stloc, frame.Depth);
        _il.BeginExceptionBlock();
        for (var i = spill.Length - signature.Params.Length; i < spill.Length; i++) _il.Emit(OpCodes.Ldloc, spill[i]);
        _frames.Add(frame);
    }

    private void EndTry(Frame frame)
    {
        var results = frame.Signature.Results;
        if (!_dead)
        {
            StoreLabelValues(frame, results);
            _il.Emit(OpCodes.Leave, frame.Label);
            frame.Branched = true;
        }
        EmitHandler(frame);
        _il.EndExceptionBlock();
        // Exits to outer labels: reload the values below the target, then branch (each ends in a branch).
        foreach (var (target, label) in frame.Exits ?? new Dictionary<Frame, Label>())
        {
            _il.MarkLabel(label);
            ReloadSpill(frame, target.Height);
            _il.Emit(OpCodes.Br, target.Label);
        }
        EmitPendingTailCalls(frame);
        _frames.RemoveAt(_frames.Count - 1);
        _height = frame.Height + results.Length;
        _dead = !frame.Branched;
        if (_dead) return;
        _il.MarkLabel(frame.Label);
        ReloadSpill(frame, frame.Height);
        foreach (var local in frame.Values ?? Array.Empty<LocalBuilder>()) _il.Emit(OpCodes.Ldloc, local);
    }

    /// <summary>The catch block: the call depth as it was at entry, then the clauses in order; an exception
    /// none matches is rethrown.</summary>
    private void EmitHandler(Frame frame)
    {
        _il.BeginCatchBlock(typeof(ThrownException));
        var exception = _il.DeclareLocal(typeof(ThrownException));
        _il.Emit(OpCodes.Stloc, exception);
        _il.Emit(OpCodes.Ldloc, _store!);
        _il.Emit(OpCodes.Ldloc, frame.Depth!);
        _il.Emit(OpCodes.Stfld, StoreDepth);
        var self = _frames.Count - 1;
        foreach (var clause in _body.Catches[frame.Catches])
        {
            var next = _il.DefineLabel();
            var tagged = clause.Kind is CatchKind.Catch or CatchKind.CatchRef;
            var count = 0;
            if (tagged)
            {
                _il.Emit(OpCodes.Ldloc, exception);
                LoadContext();
                IlUtil.LoadInt(_il, clause.Tag);
                _il.Emit(OpCodes.Call, Helper(typeof(ExceptionHelpers), nameof(ExceptionHelpers.Is)));
                _il.Emit(OpCodes.Brfalse, next);
                var payload = _module.TagTypes[clause.Tag].Params;
                for (var i = 0; i < payload.Length; i++)
                {
                    _il.Emit(OpCodes.Ldloc, exception);
                    IlUtil.LoadInt(_il, i);
                    _il.Emit(OpCodes.Call, Helper(typeof(ExceptionHelpers), nameof(ExceptionHelpers.Value)));
                    var clr = ClrTypes.Of(payload[i]);
                    if (clr.IsValueType) _il.Emit(OpCodes.Unbox_Any, clr);
                }
                count = payload.Length;
            }
            if (clause.Kind is CatchKind.CatchRef or CatchKind.CatchAllRef)
            {
                _il.Emit(OpCodes.Ldloc, exception);
                count++;
            }
            // The label counts from outside the try_table; its values are all the handler's stack holds.
            var targetIndex = self - 1 - clause.Label;
            var target = _frames[targetIndex];
            var types = target.Kind == FrameKind.Loop ? target.Signature.Params : target.Signature.Results;
            if (types.Length != count) throw new InvalidOperationException("catch clause arity out of step with the validator");
            StoreLabelValues(target, types);
            _il.Emit(OpCodes.Leave, ExitLabel(OutermostTry(targetIndex, self)!, target));
            if (target.Kind != FrameKind.Loop) target.Branched = true;
            _il.MarkLabel(next);
        }
        _il.Emit(OpCodes.Rethrow);
    }

    /// <summary>throw: the payload (the tag's parameters, on top of the stack) boxed into an array.</summary>
    private void EmitThrow(int tag)
    {
        var payload = _module.TagTypes[tag].Params;
        var values = new LocalBuilder[payload.Length];
        for (var i = values.Length - 1; i >= 0; i--)
        {
            values[i] = Scratch(ClrTypes.Of(payload[i]), 200 + i);
            _il.Emit(OpCodes.Stloc, values[i]);
        }
        IlUtil.LoadInt(_il, values.Length);
        _il.Emit(OpCodes.Newarr, typeof(object));
        for (var i = 0; i < values.Length; i++)
        {
            _il.Emit(OpCodes.Dup);
            IlUtil.LoadInt(_il, i);
            _il.Emit(OpCodes.Ldloc, values[i]);
            if (values[i].LocalType.IsValueType) _il.Emit(OpCodes.Box, values[i].LocalType);
            _il.Emit(OpCodes.Stelem_Ref);
        }
        LoadContext();
        IlUtil.LoadInt(_il, tag);
        _il.Emit(OpCodes.Call, Helper(typeof(ExceptionHelpers), nameof(ExceptionHelpers.Create)));
        _il.Emit(OpCodes.Throw);
        _height -= payload.Length;
        _dead = true;
    }

    /// <summary>A tail call inside a try_table: IL forbids the <c>tail.</c> prefix in a protected region, and
    /// the caller's frame (its handlers included) is gone once a tail call is made, so the try_table must not
    /// catch the callee's exceptions. The operands go to locals, the code leaves every region, and the tail call
    /// is made after the outermost one (constant stack, as everywhere else).</summary>
    private void EmitTailCallFromTry(in Instruction ins)
    {
        var types = new List<CoreWasm.Modules.ValueType>();
        var callee = ins.OpCode == OpCode.ReturnCall ? _module.FunctionTypes[ins.A] : _module.Definition.Types[ins.A];
        types.AddRange(callee.Params);
        if (ins.OpCode == OpCode.ReturnCallIndirect) types.Add(_module.Table64[(int)ins.B] ? CoreWasm.Modules.ValueType.I64 : CoreWasm.Modules.ValueType.I32);
        if (ins.OpCode == OpCode.ReturnCallRef) types.Add(CoreWasm.Modules.ValueType.FuncRef);
        var operands = new LocalBuilder[types.Count];
        for (var i = operands.Length - 1; i >= 0; i--)
        {
            operands[i] = _il.DeclareLocal(ClrTypes.Of(types[i]));
            _il.Emit(OpCodes.Stloc, operands[i]);
        }
        var extra = _height - operands.Length - PhysicalBase();
        for (var i = 0; i < extra; i++) _il.Emit(OpCodes.Pop);
        var outermost = OutermostTry(0, _frames.Count - 1)!;
        var label = _il.DefineLabel();
        (outermost.TailCalls ??= new()).Add((label, ins, operands));
        _il.Emit(OpCodes.Leave, label);
        _height -= operands.Length;
        _dead = true;
    }

    /// <summary>Emits the tail calls left from inside <paramref name="frame"/>'s region (now outside every region).</summary>
    private void EmitPendingTailCalls(Frame frame)
    {
        if (frame.TailCalls is null) return;
        var (height, dead) = (_height, _dead);
        foreach (var (label, call, operands) in frame.TailCalls)
        {
            _il.MarkLabel(label);
            foreach (var operand in operands) _il.Emit(OpCodes.Ldloc, operand);
            _height = operands.Length;
            switch (call.OpCode)
            {
                case OpCode.ReturnCall: EmitReturnCall(call.A); break;
                case OpCode.ReturnCallIndirect: EmitReturnCallIndirect(call.A, (int)call.B); break;
                default: EmitCallRef(call.A, tail: true); break;
            }
        }
        (_height, _dead) = (height, dead);
    }
}

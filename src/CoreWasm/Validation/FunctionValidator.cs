using System;
using System.Collections.Immutable;
using System.Linq;
using WitBindgen.CoreWasm.Modules;
using VT = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.CoreWasm.Validation;

/// <summary>
/// Validates one function body with the operand/control stack algorithm of the spec appendix and returns the facts the
/// compiler needs (<see cref="FunctionFacts"/>); the body itself is only read.
/// </summary>
internal sealed partial class FunctionValidator
{
    private const VT Unknown = 0;

    private struct Frame
    {
        public OpCode Kind;
        public ImmutableArray<VT> Params;
        public ImmutableArray<VT> Results;
        public int Height;
        public bool Unreachable;
        /// <summary>Height of <see cref="_initialized"/>'s log when the frame began: locals set inside are reset at its end.</summary>
        public int InitHeight;
    }

    private readonly ValidationContext _context;
    private readonly int _functionIndex;
    private VT[] _values = new VT[16];
    private int _valueCount;
    private Frame[] _frames = new Frame[8];
    private int _frameCount;
    private int _maxHeight;
    private int _maxDepth;
    private int _offset;
    private VT[] _locals = Array.Empty<VT>();
    // Non-defaultable (non-null reference) locals: whether set yet on this path, and the log of those set per block.
    private bool[] _initialized = Array.Empty<bool>();
    private readonly System.Collections.Generic.List<int> _initLog = new();
    // Side tables for the compiler, allocated on first use (most bodies have neither).
    private System.Collections.Generic.Dictionary<int, VT[]>? _tryStacks;
    private System.Collections.Generic.Dictionary<int, VT>? _selectTypes;

    public FunctionValidator(ValidationContext context, int functionIndex)
    {
        _context = context;
        _functionIndex = functionIndex;
    }

    public FunctionFacts Validate(FunctionBody body, FunctionType type)
    {
        var locals = new VT[type.Params.Length + body.Locals.Length];
        type.Params.CopyTo(locals);
        body.Locals.CopyTo(locals, type.Params.Length);
        _locals = locals;
        foreach (var local in locals) CheckValueType(local);
        _initialized = new bool[locals.Length];
        for (var i = 0; i < locals.Length; i++) _initialized[i] = i < type.Params.Length || locals[i].IsDefaultable();

        PushFrame(OpCode.Block, ImmutableArray<VT>.Empty, type.Results);
        var code = body.Instructions;
        for (var i = 0; i < code.Length; i++)
        {
            if (_frameCount == 0) { _offset = code[i].Offset; throw Error("operators remaining after end of function"); }
            _offset = code[i].Offset;
            Step(code, i, body);
        }
        if (_frameCount != 0) throw Error("END opcode expected");
        return new FunctionFacts(_maxHeight, _maxDepth, _tryStacks, _selectTypes);
    }

    private WasmValidationException Error(string reason) => new(reason, $"function {_functionIndex}", _offset);

    private void CheckValueType(VT type)
    {
        if (type.IsTypedReference() && type.HeapOf() is var heap && ValueTypes.IsTypeIndex(heap) && heap >= _context.Types.Length)
            throw Error($"unknown type {heap}");
    }

    private bool Matches(VT actual, VT expected) => _context.Subtyping.Matches(actual, expected);

    // ---- operand stack ----

    private void Push(VT type)
    {
        if (_valueCount == _values.Length) Array.Resize(ref _values, _values.Length * 2);
        _values[_valueCount++] = type;
        if (_valueCount > _maxHeight) _maxHeight = _valueCount;
    }

    private VT Pop()
    {
        ref var frame = ref _frames[_frameCount - 1];
        if (_valueCount == frame.Height)
        {
            if (frame.Unreachable) return Unknown;
            throw Error("type mismatch");
        }
        return _values[--_valueCount];
    }

    private VT Pop(VT expected)
    {
        var actual = Pop();
        if (actual != expected && actual != Unknown && expected != Unknown && !Matches(actual, expected)) throw Error("type mismatch");
        return actual;
    }

    private void PopValues(ImmutableArray<VT> types)
    {
        for (var i = types.Length - 1; i >= 0; i--) Pop(types[i]);
    }

    private void PushValues(ImmutableArray<VT> types)
    {
        foreach (var t in types) Push(t);
    }

    // ---- control stack ----

    private void PushFrame(OpCode kind, ImmutableArray<VT> parameters, ImmutableArray<VT> results)
    {
        if (_frameCount == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        _frames[_frameCount++] = new Frame
        {
            Kind = kind,
            Params = parameters,
            Results = results,
            Height = _valueCount,
            Unreachable = false,
            InitHeight = _initLog.Count,
        };
        if (_frameCount > _maxDepth) _maxDepth = _frameCount;
        PushValues(parameters);
    }

    private Frame PopFrame()
    {
        var frame = _frames[_frameCount - 1];
        PopValues(frame.Results);
        if (_valueCount != frame.Height) throw Error("type mismatch");
        _frameCount--;
        ResetInitialized(frame.InitHeight);
        return frame;
    }

    /// <summary>Forgets the initialization of locals set since the log had <paramref name="height"/> entries.</summary>
    private void ResetInitialized(int height)
    {
        for (var k = _initLog.Count - 1; k >= height; k--) _initialized[_initLog[k]] = false;
        _initLog.RemoveRange(height, _initLog.Count - height);
    }

    private void SetInitialized(int local)
    {
        if (_initialized[local]) return;
        _initialized[local] = true;
        _initLog.Add(local);
    }

    private static ImmutableArray<VT> LabelTypes(in Frame frame) => frame.Kind == OpCode.Loop ? frame.Params : frame.Results;

    private ref Frame Label(int depth)
    {
        if (depth < 0 || depth >= _frameCount) throw Error($"unknown label {depth}");
        return ref _frames[_frameCount - 1 - depth];
    }

    private void SetUnreachable()
    {
        ref var frame = ref _frames[_frameCount - 1];
        _valueCount = frame.Height;
        frame.Unreachable = true;
    }

    /// <summary>A tail call returns the callee's results as the function's own: they must match.</summary>
    private void CheckTailCallResults(FunctionType callee)
    {
        if (!_context.Subtyping.AllMatch(callee.Results, _frames[0].Results)) throw Error("type mismatch");
    }

    // ---- index checks ----

    private FunctionType BlockType(int blockType)
    {
        if (blockType >= 0) TypeAt(blockType);
        if (new Instruction { A = blockType }.BlockValueType is { } single) CheckValueType(single);
        return _context.Module.BlockSignature(blockType);
    }

    private VT Local(int index)
    {
        if (index < 0 || index >= _locals.Length) throw Error($"unknown local {index}");
        return _locals[index];
    }

    private GlobalType GlobalAt(int index)
    {
        if (index < 0 || index >= _context.Globals.Length) throw Error($"unknown global {index}");
        return _context.Globals[index];
    }

    private TableType TableAt(int index)
    {
        if (index < 0 || index >= _context.Tables.Length) throw Error($"unknown table {index}");
        return _context.Tables[index];
    }

    /// <summary>Checks the memory index; returns its address type (i64 for a 64-bit memory).</summary>
    private VT CheckMemory(int index)
    {
        if (index < 0 || index >= _context.Memories.Length) throw Error($"unknown memory {index}");
        return _context.Memories[index].Limits.IndexType;
    }

    /// <summary>The smaller of two index types (i32 unless both are i64): the type of a copy's length.</summary>
    private static VT MinIndexType(VT a, VT b) => a == VT.I64 && b == VT.I64 ? VT.I64 : VT.I32;

    private FunctionType FunctionAt(int index)
    {
        if (index < 0 || index >= _context.Functions.Length) throw Error($"unknown function {index}");
        return _context.FunctionTypeOf(index);
    }

    private FunctionType TypeAt(int index)
    {
        if (index < 0 || index >= _context.Types.Length) throw Error($"unknown type {index}");
        if (_context.Module.TypeDef(index).Kind != CompositeKind.Func) throw Error($"non-function type {index}");
        return _context.Types[index];
    }

    private FunctionType TagAt(int index)
    {
        if (index < 0 || index >= _context.Tags.Length) throw Error($"unknown tag {index}");
        return _context.Types[(int)_context.Tags[index]];
    }

    /// <summary>Checks that the frame's top values match <paramref name="types"/>, reporting a mismatch with both
    /// sequences as the reference interpreter does ("instruction requires [...] but stack has [...]").</summary>
    private void CheckOperands(ImmutableArray<VT> types)
    {
        ref var frame = ref _frames[_frameCount - 1];
        var available = _valueCount - frame.Height;
        var shown = Math.Min(available, types.Length);
        var ok = available >= types.Length || frame.Unreachable;
        for (var k = 1; ok && k <= shown; k++)
        {
            var actual = _values[_valueCount - k];
            ok = actual == Unknown || Matches(actual, types[^k]);
        }
        if (ok) return;
        var stack = string.Join(" ", Enumerable.Range(_valueCount - shown, shown).Select(k => _values[k].Name()));
        throw Error($"type mismatch: instruction requires [{string.Join(" ", types.Select(t => t.Name()))}] but stack has [{stack}]");
    }

    /// <summary>A catch clause passes the tag's payload (catch, catch_ref) and the exception (the _ref kinds)
    /// to its label, counted from outside the try_table.</summary>
    private void CheckCatch(CatchClause clause)
    {
        var label = LabelTypes(Label(clause.Label));
        var passed = clause.Kind is CatchKind.Catch or CatchKind.CatchRef ? TagAt(clause.Tag).Params : ImmutableArray<VT>.Empty;
        if (clause.Kind is CatchKind.CatchRef or CatchKind.CatchAllRef) passed = passed.Add(ValueTypes.Ref(false, ValueTypes.HeapExn));
        if (!_context.Subtyping.AllMatch(passed, label)) throw Error("type mismatch");
    }

    private void CheckData(int index)
    {
        var count = _context.Module.DataCount ?? (uint)_context.Module.Datas.Length;
        if (index < 0 || (uint)index >= count) throw Error($"unknown data segment {index}");
    }

    private ElementSegment ElementAt(int index)
    {
        if (index < 0 || index >= _context.Module.Elements.Length) throw Error($"unknown elem segment {index}");
        return _context.Module.Elements[index];
    }

    // ---- instructions ----

    private void Step(Instruction[] code, int index, FunctionBody body)
    {
        ref readonly var ins = ref code[index];
        var op = ins.OpCode;
        if (OpSignatures.TryGet(op, out var signature))
        {
            CheckLane(ins);
            for (var k = signature.Operands.Length - 1; k >= 0; k--) Pop(signature.Operands[k]);
            if (signature.Result is { } result) Push(result);
            return;
        }
        switch (op)
        {
            case OpCode.Unreachable:
                SetUnreachable();
                break;
            case OpCode.Nop:
                break;
            case OpCode.Block:
            case OpCode.Loop:
            {
                var type = BlockType(ins.A);
                PopValues(type.Params);
                PushFrame(op, type.Params, type.Results);
                break;
            }
            case OpCode.TryTable:
            {
                var type = BlockType(ins.A);
                foreach (var clause in body.Catches[(int)ins.C]) CheckCatch(clause);
                (_tryStacks ??= new())[index] = _values.AsSpan(0, _valueCount).ToArray();
                PopValues(type.Params);
                PushFrame(op, type.Params, type.Results);
                break;
            }
            case OpCode.Throw:
            {
                var payload = TagAt(ins.A).Params;
                CheckOperands(payload);
                PopValues(payload);
                SetUnreachable();
                break;
            }
            case OpCode.ThrowRef:
                Pop(ValueTypes.ExnRef);
                SetUnreachable();
                break;
            case OpCode.If:
            {
                var type = BlockType(ins.A);
                Pop(VT.I32);
                PopValues(type.Params);
                PushFrame(op, type.Params, type.Results);
                break;
            }
            case OpCode.Else:
            {
                if (_frames[_frameCount - 1].Kind != OpCode.If) throw Error("else without matching if");
                var frame = PopFrame();
                PushFrame(OpCode.Else, frame.Params, frame.Results);
                break;
            }
            case OpCode.End:
            {
                var frame = PopFrame();
                if (frame.Kind == OpCode.If && !_context.Subtyping.AllMatch(frame.Params, frame.Results)) throw Error("type mismatch");
                PushValues(frame.Results);
                break;
            }
            case OpCode.Br:
            {
                var label = LabelTypes(Label(ins.A));
                PopValues(label);
                SetUnreachable();
                break;
            }
            case OpCode.BrIf:
            {
                var label = LabelTypes(Label(ins.A));
                Pop(VT.I32);
                PopValues(label);
                PushValues(label);
                break;
            }
            case OpCode.BrTable:
                BranchTable(body.BranchTables[ins.A]);
                break;
            case OpCode.Return:
                PopValues(_frames[0].Results);
                SetUnreachable();
                break;
            case OpCode.Call:
            {
                var type = FunctionAt(ins.A);
                PopValues(type.Params);
                PushValues(type.Results);
                break;
            }
            case OpCode.CallIndirect:
            {
                var table = TableAt((int)ins.B);
                var type = TypeAt(ins.A);
                if (!Matches(table.ElementType, VT.FuncRef)) throw Error("type mismatch");
                Pop(table.Limits.IndexType);
                PopValues(type.Params);
                PushValues(type.Results);
                break;
            }
            case OpCode.ReturnCall:
            {
                var type = FunctionAt(ins.A);
                CheckTailCallResults(type);
                PopValues(type.Params);
                SetUnreachable();
                break;
            }
            case OpCode.CallRef:
            {
                var type = TypeAt(ins.A);
                Pop(ValueTypes.Ref(true, ins.A));
                PopValues(type.Params);
                PushValues(type.Results);
                break;
            }
            case OpCode.ReturnCallRef:
            {
                var type = TypeAt(ins.A);
                CheckTailCallResults(type);
                Pop(ValueTypes.Ref(true, ins.A));
                PopValues(type.Params);
                SetUnreachable();
                break;
            }
            case OpCode.ReturnCallIndirect:
            {
                var table = TableAt((int)ins.B);
                var type = TypeAt(ins.A);
                if (!Matches(table.ElementType, VT.FuncRef)) throw Error("type mismatch");
                CheckTailCallResults(type);
                Pop(table.Limits.IndexType);
                PopValues(type.Params);
                SetUnreachable();
                break;
            }
            case OpCode.Drop:
                Pop();
                break;
            case OpCode.Select:
            {
                Pop(VT.I32);
                var t1 = Pop();
                var t2 = Pop();
                if (t1.IsReference() || t2.IsReference()) throw Error("type mismatch");
                if (t1 != t2 && t1 != Unknown && t2 != Unknown) throw Error("type mismatch");
                var result = t1 == Unknown ? t2 : t1;
                (_selectTypes ??= new())[index] = result;
                Push(result);
                break;
            }
            case OpCode.SelectTyped:
            {
                if (ins.B != 1) throw Error("invalid result arity");
                var t = (VT)ins.A;
                CheckValueType(t);
                Pop(VT.I32);
                Pop(t);
                Pop(t);
                Push(t);
                break;
            }
            case OpCode.LocalGet:
            {
                var t = Local(ins.A);
                if (!_initialized[ins.A]) throw Error("uninitialized local");
                Push(t);
                break;
            }
            case OpCode.LocalSet:
                Pop(Local(ins.A));
                SetInitialized(ins.A);
                break;
            case OpCode.LocalTee:
            {
                var t = Local(ins.A);
                Pop(t);
                SetInitialized(ins.A);
                Push(t);
                break;
            }
            case OpCode.GlobalGet:
                Push(GlobalAt(ins.A).ValueType);
                break;
            case OpCode.GlobalSet:
            {
                var g = GlobalAt(ins.A);
                if (!g.Mutable) throw Error("immutable global");
                Pop(g.ValueType);
                break;
            }
            case OpCode.TableGet:
            {
                var table = TableAt(ins.A);
                Pop(table.Limits.IndexType);
                Push(table.ElementType);
                break;
            }
            case OpCode.TableSet:
            {
                var table = TableAt(ins.A);
                Pop(table.ElementType);
                Pop(table.Limits.IndexType);
                break;
            }
            case OpCode.MemorySize:
                Push(CheckMemory(ins.A));
                break;
            case OpCode.MemoryGrow:
            {
                var address = CheckMemory(ins.A);
                Pop(address);
                Push(address);
                break;
            }
            case OpCode.I32Const:
                Push(VT.I32);
                break;
            case OpCode.I64Const:
                Push(VT.I64);
                break;
            case OpCode.F32Const:
                Push(VT.F32);
                break;
            case OpCode.F64Const:
                Push(VT.F64);
                break;
            case OpCode.RefNull:
                CheckValueType((VT)ins.A);
                Push((VT)ins.A);
                break;
            case OpCode.RefAsNonNull:
            {
                var t = Pop();
                if (t == Unknown) { Push(Unknown); break; }
                if (!t.IsReference()) throw Error("type mismatch");
                Push(t.AsNonNull());
                break;
            }
            case OpCode.BrOnNull:
            {
                var label = LabelTypes(Label(ins.A));
                var t = Pop();
                if (t != Unknown && !t.IsReference()) throw Error("type mismatch");
                PopValues(label);
                PushValues(label);
                Push(t == Unknown ? Unknown : t.AsNonNull());
                break;
            }
            case OpCode.BrOnNonNull:
            {
                var label = LabelTypes(Label(ins.A));
                if (label.Length == 0 || !label[^1].IsReference()) throw Error("type mismatch");
                var t = Pop();
                if (t != Unknown && (!t.IsReference() || !Matches(t.AsNonNull(), label[^1]))) throw Error("type mismatch");
                var rest = label.RemoveAt(label.Length - 1);
                PopValues(rest);
                PushValues(rest);
                break;
            }
            case OpCode.RefIsNull:
            {
                var t = Pop();
                if (t != Unknown && !t.IsReference()) throw Error("type mismatch");
                Push(VT.I32);
                break;
            }
            case OpCode.RefFunc:
                FunctionAt(ins.A);
                if (!_context.DeclaredReferences.Contains((uint)ins.A)) throw Error("undeclared function reference");
                Push(ValueTypes.Ref(false, (int)_context.Functions[ins.A]));
                break;
            case OpCode.MemoryInit:
            {
                var address = CheckMemory((int)ins.B);
                CheckData(ins.A);
                Pop(VT.I32);
                Pop(VT.I32);
                Pop(address);
                break;
            }
            case OpCode.DataDrop:
                CheckData(ins.A);
                break;
            case OpCode.MemoryCopy:
            {
                var destination = CheckMemory(ins.A);
                var source = CheckMemory((int)ins.B);
                Pop(MinIndexType(destination, source));
                Pop(source);
                Pop(destination);
                break;
            }
            case OpCode.MemoryFill:
            {
                var address = CheckMemory(ins.A);
                Pop(address);
                Pop(VT.I32);
                Pop(address);
                break;
            }
            case OpCode.TableInit:
            {
                var table = TableAt((int)ins.B);
                var element = ElementAt(ins.A);
                if (!Matches(ModuleValidator.EffectiveType(element), table.ElementType)) throw Error("type mismatch");
                Pop(VT.I32);
                Pop(VT.I32);
                Pop(table.Limits.IndexType);
                break;
            }
            case OpCode.ElemDrop:
                ElementAt(ins.A);
                break;
            case OpCode.TableCopy:
            {
                var destination = TableAt(ins.A);
                var source = TableAt((int)ins.B);
                if (!Matches(source.ElementType, destination.ElementType)) throw Error("type mismatch");
                Pop(MinIndexType(destination.Limits.IndexType, source.Limits.IndexType));
                Pop(source.Limits.IndexType);
                Pop(destination.Limits.IndexType);
                break;
            }
            case OpCode.TableGrow:
            {
                var table = TableAt(ins.A);
                Pop(table.Limits.IndexType);
                Pop(table.ElementType);
                Push(table.Limits.IndexType);
                break;
            }
            case OpCode.TableSize:
                Push(TableAt(ins.A).Limits.IndexType);
                break;
            case OpCode.TableFill:
            {
                var table = TableAt(ins.A);
                Pop(table.Limits.IndexType);
                Pop(table.ElementType);
                Pop(table.Limits.IndexType);
                break;
            }
            default:
                if (GcStep(ins, body)) break;
                if (OpSignatures.NaturalAlignment(op) >= 0)
                {
                    MemoryAccess(ins);
                    break;
                }
                throw Error($"illegal opcode {op.Name()}");
        }
    }

    private void CheckLane(in Instruction ins)
    {
        var lanes = OpSignatures.LaneCount(ins.OpCode);
        if (lanes > 0 && (uint)ins.A >= (uint)lanes) throw Error("invalid lane index");
        if (ins.OpCode == OpCode.I8x16Shuffle)
        {
            for (var k = 0; k < 8; k++)
            {
                if (((ins.B >> (8 * k)) & 0xFF) >= 32 || ((ins.C >> (8 * k)) & 0xFF) >= 32) throw Error("invalid lane index");
            }
        }
    }

    private void MemoryAccess(in Instruction ins)
    {
        var op = ins.OpCode;
        var address = CheckMemory(ins.A >> 8);
        var align = ins.A & 0xFF;
        if (align > OpSignatures.NaturalAlignment(op)) throw Error("alignment must not be larger than natural");
        if (address == VT.I32 && (ulong)ins.B > uint.MaxValue) throw Error("offset out of range");
        var lanes = OpSignatures.LaneCount(op);
        if (lanes > 0)
        {
            if ((ulong)ins.C >= (ulong)lanes) throw Error("invalid lane index");
            var isStore = op >= OpCode.V128Store8Lane;
            Pop(VT.V128);
            Pop(address);
            if (!isStore) Push(VT.V128);
            return;
        }
        var (type, store) = OpSignatures.MemoryAccess(op);
        if (store)
        {
            Pop(type);
            Pop(address);
        }
        else
        {
            Pop(address);
            Push(type);
        }
    }

    private void BranchTable(int[] targets)
    {
        Pop(VT.I32);
        var defaultDepth = targets[^1];
        var arity = LabelTypes(Label(defaultDepth)).Length;
        for (var k = 0; k < targets.Length - 1; k++)
        {
            var label = LabelTypes(Label(targets[k]));
            if (label.Length != arity) throw Error("type mismatch");
            // Check without consuming: pop the label's types, then push back what was there.
            var popped = new VT[label.Length];
            for (var j = label.Length - 1; j >= 0; j--) popped[j] = Pop(label[j]);
            foreach (var t in popped) Push(t);
        }
        PopValues(LabelTypes(Label(defaultDepth)));
        SetUnreachable();
    }
}

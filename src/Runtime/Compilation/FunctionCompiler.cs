using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using WitBindgen.Runtime.Execution;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Validation;
using OpCode = WitBindgen.CoreWasm.Modules.OpCode;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Compilation;

/// <summary>
/// Compiles one validated function body to IL. The wasm operand stack is the IL evaluation stack;
/// values that cross a branch travel in per-label IL locals; unreachable code is not emitted.
/// Instruction families live in the partial files (Control, Variables, Numeric, Conversions, Memory, Table).
/// </summary>
internal sealed partial class FunctionCompiler
{
    private enum FrameKind { Function, Block, Loop, If, Try }

    private sealed class Frame
    {
        public FrameKind Kind;
        public FunctionType Signature = FunctionType.Empty;
        /// <summary>Operand stack height below the frame's parameters.</summary>
        public int Height;
        /// <summary>Branch target: the end (block, if, function) or the start (loop).</summary>
        public Label Label;
        /// <summary>Locals carrying the label's values (results; params for loops), allocated on first use.</summary>
        public LocalBuilder[]? Values;
        public bool Branched;
        public Label Else;
        public bool HasElse;
        public LocalBuilder[]? Params;
        /// <summary>try_table: the physical operand stack at entry (parameters included), bottom first; it is
        /// spilled because a protected region starts with an empty IL stack.</summary>
        public LocalBuilder[]? Spill;
        /// <summary>try_table: the tracked height where the physical stack began at entry.</summary>
        public int SpillBase;
        /// <summary>try_table: the store's call depth at entry, restored when a clause catches.</summary>
        public LocalBuilder? Depth;
        /// <summary>try_table: index of its clauses in <see cref="FunctionBody.Catches"/>.</summary>
        public int Catches;
        /// <summary>try_table: exits of branches leaving the region for outer labels, emitted after it.</summary>
        public Dictionary<Frame, Label>? Exits;
        /// <summary>try_table (the outermost): tail calls made inside it, emitted after its region.</summary>
        public List<(Label Label, Instruction Call, LocalBuilder[] Operands)>? TailCalls;
    }

    /// <summary>Frames above this size check the native stack on every call (see CallHelpers).</summary>
    private const int LargeFrameBytes = 2048;

    private readonly ModuleCompilation _module;
    private readonly ILGenerator _il;
    private readonly FunctionType _type;
    private readonly FunctionBody _body;
    // The validator's side tables for this body (stack bound, try_table stacks, untyped select types).
    private readonly FunctionFacts _facts;
    private readonly int _contextArg;
    // Index among the module-defined functions, and which of its bodies this is (see Tiering).
    private readonly int _definedIndex;
    private readonly BodyKind _kind;
    // Loops where a first body can switch to the resume body (in order), and the resume body's dispatch to them.
    private readonly List<Label> _resumePoints = new();
    private Label _dispatch;
    private readonly LocalBuilder[] _locals;
    private readonly List<Frame> _frames = new();
    private readonly Dictionary<(Type, int), LocalBuilder> _scratch = new();
    private LocalBuilder? _store;
    // No calls, a small frame, no fuel: the function checks the call depth without counting itself in it (nothing it
    // runs can observe the count) and does not probe the native stack (no wasm frame lies above it).
    private bool _leaf;
    // Per memory index used by the body (null when unused): the Memory, its fixed base and cached length.
    private LocalBuilder?[] _memory = Array.Empty<LocalBuilder?>();
    private LocalBuilder?[] _memoryBase = Array.Empty<LocalBuilder?>();
    private LocalBuilder?[] _memoryLength = Array.Empty<LocalBuilder?>();
    // Per table index reached by call_indirect (null otherwise): the Table, which never changes during an instance's life.
    private LocalBuilder?[] _table = Array.Empty<LocalBuilder?>();
    private int _height;
    // Index of the instruction being compiled (the validator's side tables are keyed by it).
    private int _pc;
    private bool _dead;
    private int _deadDepth;

    public FunctionCompiler(ModuleCompilation module, ILGenerator il, FunctionType type, FunctionBody body, FunctionFacts facts, int definedIndex, BodyKind kind)
    {
        _definedIndex = definedIndex;
        _kind = kind;
        _facts = facts;
        _module = module;
        _il = il;
        _type = type;
        _body = body;
        _contextArg = type.Params.Length + Math.Max(0, type.Results.Length - 1);
        _locals = new LocalBuilder[body.Locals.Length];
        for (var i = 0; i < _locals.Length; i++) _locals[i] = il.DeclareLocal(ClrTypes.Of(body.Locals[i]));
    }

    public void Compile()
    {
        EmitPrologue();
        _frames.Add(new Frame { Kind = FrameKind.Function, Signature = _type, Height = 0, Label = _il.DefineLabel() });
        var code = _body.Instructions;
        for (var pc = 0; pc < code.Length; pc++)
        {
            ref readonly var ins = ref code[pc];
            if (_dead)
            {
                switch (ins.OpCode)
                {
                    case OpCode.Block or OpCode.Loop or OpCode.If or OpCode.TryTable:
                        _deadDepth++;
                        continue;
                    case OpCode.End when _deadDepth > 0:
                        _deadDepth--;
                        continue;
                    case OpCode.End or OpCode.Else when _deadDepth == 0:
                        break;
                    default:
                        continue;
                }
            }
            _pc = pc;
            Emit(in ins);
            if (_frames.Count == 0) break;
        }
        if (_kind == BodyKind.Resume) EmitResumeDispatch();
    }

    private void Emit(in Instruction ins)
    {
        if (EmitControl(in ins) || EmitException(in ins) || EmitVariable(in ins) || EmitNumeric(in ins) || EmitConversion(in ins)
            || EmitMemory(in ins) || EmitTable(in ins) || EmitSimd(in ins) || EmitGc(in ins))
            return;
        throw new NotSupportedException($"unsupported feature: instruction {ins.OpCode} at offset {ins.Offset}");
    }

    private void EmitPrologue()
    {
        if (_kind == BodyKind.First) EmitTierCheck();
        _store = _il.DeclareLocal(typeof(Store));
        // Frame estimate: 16 bytes per parameter, local, operand stack slot and block (blocks may get IL
        // locals for their results); generous so that 16 "small" frames surely fit the probed margin.
        var blocks = 0;
        var calls = false;
        foreach (var ins in _body.Instructions)
        {
            if (ins.OpCode is OpCode.Block or OpCode.Loop or OpCode.If or OpCode.TryTable) blocks++;
            if (ins.OpCode is OpCode.Call or OpCode.CallIndirect or OpCode.CallRef
                or OpCode.ReturnCall or OpCode.ReturnCallIndirect or OpCode.ReturnCallRef) calls = true;
        }
        var slots = _type.Params.Length + _body.Locals.Length + _facts.MaxStackHeight + blocks;
        // Decided on the full body's frame, so that all bodies of a function agree (a resume body leaves what its
        // first body entered).
        _leaf = !calls && !_module.ConsumeFuel && slots * 16 <= LargeFrameBytes;
        LoadContext();
        _il.Emit(OpCodes.Ldfld, ContextField(nameof(InstanceContext.Store)));
        if (_kind == BodyKind.Resume)
        {
            // The first body that switches here has entered the call (depth, interrupt poll); this body leaves it.
            _il.Emit(OpCodes.Stloc, _store);
            CacheMemoriesAndTables();
            for (var i = 0; i < _locals.Length; i++)
            {
                IlUtil.LoadArg(_il, _contextArg + 1 + i);
                _il.Emit(OpCodes.Stloc, _locals[i]);
            }
            _dispatch = _il.DefineLabel();
            _il.Emit(OpCodes.Br, _dispatch);
            return;
        }
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, _store);
        // Unoptimized code keeps every IL local and stack temporary in the frame: count it twice as large.
        var largeFrame = slots * (_kind == BodyKind.First ? 32 : 16) > LargeFrameBytes;
        var enter = (_leaf, largeFrame, _module.ConsumeFuel) switch
        {
            (true, false, _) => nameof(CallHelpers.EnterLeaf),
            (true, true, _) => nameof(CallHelpers.EnterLeafLargeFrame),
            (false, false, false) => nameof(CallHelpers.Enter),
            (false, true, false) => nameof(CallHelpers.EnterLargeFrame),
            (false, false, true) => nameof(CallHelpers.EnterMetered),
            _ => nameof(CallHelpers.EnterLargeFrameMetered),
        };
        CallHelper(typeof(CallHelpers), enter, adjustHeight: false);
        CacheMemoriesAndTables();
    }

    /// <summary>Leaves the call-depth count on the way out (tail calls and returns); leaves never entered it.</summary>
    private void EmitLeave()
    {
        if (_leaf) return;
        _il.Emit(OpCodes.Ldloc, _store!);
        CallHelper(typeof(CallHelpers), nameof(CallHelpers.Leave), adjustHeight: false);
    }

    private void CacheMemoriesAndTables()
    {
        if (_module.HasMemory)
        {
            var used = UsedMemories(_body, _module.MemoryCount);
            _memory = new LocalBuilder?[used.Length];
            _memoryBase = new LocalBuilder?[used.Length];
            _memoryLength = new LocalBuilder?[used.Length];
            for (var index = 0; index < used.Length; index++)
                if (used[index]) CacheMemory(index);
        }
        CacheIndirectTables();
    }

    /// <summary>A first body counts its call and, once the function has switched, passes the call on to the full body
    /// (before entering the call-depth count, which the full body does).</summary>
    private void EmitTierCheck()
    {
        var first = _il.DefineLabel();
        LoadContext();
        IlUtil.LoadInt(_il, _definedIndex);
        _il.Emit(OpCodes.Call, Helper(typeof(Tiering), nameof(Tiering.Enter)));
        _il.Emit(OpCodes.Brfalse, first);
        for (var arg = 0; arg <= _contextArg; arg++) IlUtil.LoadArg(_il, arg);
        LoadModuleArray(nameof(CompiledModule.FunctionPointers), _definedIndex);
        _il.Emit(OpCodes.Tailcall);
        _il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, ClrTypes.ReturnType(_type), ClrTypes.ParameterTypes(_type), null);
        _il.Emit(OpCodes.Ret);
        _il.MarkLabel(first);
    }

    /// <summary>At a loop header: a first body counts the iteration and, once its function has switched, continues this
    /// call in the resume body from here (where a loop starts on an empty operand stack outside any try_table: the
    /// locals are all the state); the resume body marks the place it can continue from.</summary>
    private void EmitResumePoint(bool resumable)
    {
        if (_kind == BodyKind.First)
        {
            LoadContext();
            IlUtil.LoadInt(_il, _definedIndex);
            CallHelper(typeof(Tiering), nameof(Tiering.Iterate), adjustHeight: false);
            if (!resumable || !_module.Resumable[_definedIndex])
            {
                _il.Emit(OpCodes.Pop);
                return;
            }
            var stay = _il.DefineLabel();
            _il.Emit(OpCodes.Brfalse, stay);
            for (var arg = 0; arg <= _contextArg; arg++) IlUtil.LoadArg(_il, arg);
            foreach (var local in _locals) _il.Emit(OpCodes.Ldloc, local);
            IlUtil.LoadInt(_il, _resumePoints.Count);
            LoadModuleArray(nameof(CompiledModule.ResumePointers), _definedIndex);
            _il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, ClrTypes.ReturnType(_type), CompiledModule.ResumeParameterTypes(_type, _body), null);
            _il.Emit(OpCodes.Ret); // the resume body left the call-depth count
            _il.MarkLabel(stay);
            _resumePoints.Add(stay);
        }
        else if (_kind == BodyKind.Resume && resumable)
        {
            var point = _il.DefineLabel();
            _il.MarkLabel(point);
            _resumePoints.Add(point);
        }
    }

    private void EmitResumeDispatch()
    {
        _il.MarkLabel(_dispatch);
        IlUtil.LoadArg(_il, _contextArg + 1 + _locals.Length);
        _il.Emit(OpCodes.Switch, _resumePoints.ToArray());
        _il.Emit(OpCodes.Ldstr, "no such resume point");
        _il.Emit(OpCodes.Newobj, typeof(InvalidOperationException).GetConstructor(new[] { typeof(string) })!);
        _il.Emit(OpCodes.Throw);
    }

    /// <summary>A call to a module-defined function: a direct call of its full body from a full or resume body when that
    /// body exists (or from any body to a function without a first body); otherwise a call of the callee's current entry
    /// (its first body until it switches).</summary>
    private void EmitDefinedCall(int definedIndex, FunctionType type, bool tail)
    {
        if (_module.Methods[definedIndex] is { } full && (_kind != BodyKind.First || !_module.Tiered[definedIndex]))
        {
            if (tail) _il.Emit(OpCodes.Tailcall);
            _il.Emit(OpCodes.Call, full);
            return;
        }
        LoadModuleArray(nameof(CompiledModule.Entries), definedIndex);
        if (_module.Tiered[definedIndex])
        {
            // Zero until the callee's first call: then it is started here (no stub call, no stub to compile).
            var started = _il.DefineLabel();
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Brtrue, started);
            _il.Emit(OpCodes.Pop);
            LoadContext();
            IlUtil.LoadInt(_il, definedIndex);
            _il.Emit(OpCodes.Call, Helper(typeof(Tiering), nameof(Tiering.Start)));
            _il.MarkLabel(started);
        }
        if (tail) _il.Emit(OpCodes.Tailcall);
        _il.EmitCalli(OpCodes.Calli, System.Reflection.CallingConventions.Standard, ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type), null);
    }

    /// <summary>Loads element <paramref name="definedIndex"/> of an address array of the running module (see <see cref="CompiledModule"/>).</summary>
    private void LoadModuleArray(string field, int definedIndex)
    {
        LoadContext();
        _il.Emit(OpCodes.Ldfld, ContextField(nameof(InstanceContext.Module)));
        _il.Emit(OpCodes.Ldfld, typeof(CompiledModule).GetField(field)!);
        IlUtil.LoadInt(_il, definedIndex);
        _il.Emit(OpCodes.Ldelem_I);
    }

    /// <summary>Loads each table that call_indirect reaches into a local once (saves the context's table array load and its
    /// bounds check at every indirect call). Its elements array is still read at each call: table.grow replaces it.</summary>
    private void CacheIndirectTables()
    {
        foreach (var ins in _body.Instructions)
        {
            if (ins.OpCode is not (OpCode.CallIndirect or OpCode.ReturnCallIndirect)) continue;
            var index = (int)ins.B;
            if (_table.Length <= index) Array.Resize(ref _table, index + 1);
            if (_table[index] is not null) continue;
            LoadTable(index);
            _il.Emit(OpCodes.Stloc, _table[index] = _il.DeclareLocal(typeof(Table)));
        }
    }

    /// <summary>
    /// Loads memory <paramref name="index"/> into locals. The base never moves: load it once. The length
    /// changes only through memory.grow, which can only happen here or during a call: ReloadMemoryLength after those.
    /// </summary>
    private void CacheMemory(int index)
    {
        var memory = _il.DeclareLocal(typeof(Memory));
        LoadContext();
        if (index == 0)
        {
            _il.Emit(OpCodes.Ldfld, ContextField(nameof(InstanceContext.Memory0)));
        }
        else
        {
            _il.Emit(OpCodes.Ldfld, ContextField(nameof(InstanceContext.Memories)));
            IlUtil.LoadInt(_il, index);
            _il.Emit(OpCodes.Ldelem_Ref);
        }
        _il.Emit(OpCodes.Stloc, memory);
        var memoryBase = _il.DeclareLocal(typeof(byte).MakePointerType());
        _il.Emit(OpCodes.Ldloc, memory);
        _il.Emit(OpCodes.Ldfld, typeof(Memory).GetField(nameof(Memory.Base), BindingFlags.NonPublic | BindingFlags.Instance)!);
        _il.Emit(OpCodes.Stloc, memoryBase);
        _memory[index] = memory;
        _memoryBase[index] = memoryBase;
        _memoryLength[index] = _il.DeclareLocal(typeof(ulong));
        ReloadMemoryLength(index);
    }

    /// <summary>Which memories the body's instructions name (the prologue caches only those).</summary>
    private static bool[] UsedMemories(FunctionBody body, int memoryCount)
    {
        var used = new bool[memoryCount];
        foreach (var ins in body.Instructions)
        {
            var op = (ushort)ins.OpCode;
            if (op is >= 0x28 and <= 0x3E or >= 0xFD00 and <= 0xFD0B or >= 0xFD54 and <= 0xFD5D)
                used[ins.A >> 8] = true;
            else if (op is 0x3F or 0x40 or 0xFC0B)
                used[ins.A] = true;
            else if (op is 0xFC08)
                used[(int)ins.B] = true;
            else if (op is 0xFC0A)
            {
                used[ins.A] = true;
                used[(int)ins.B] = true;
            }
        }
        return used;
    }

    // ---- shared emission helpers ----

    private void LoadContext() => IlUtil.LoadArg(_il, _contextArg);

    private static FieldInfo ContextField(string name) =>
        typeof(InstanceContext).GetField(name) ?? throw new InvalidOperationException(name);

    private static readonly Dictionary<(Type, string), MethodInfo> HelperCache = new();

    private static MethodInfo Helper(Type type, string name)
    {
        lock (HelperCache)
        {
            if (!HelperCache.TryGetValue((type, name), out var method))
            {
                method = SignatureStubs.Method(type, name);
                HelperCache[(type, name)] = method;
            }
            return method;
        }
    }

    /// <summary>Calls a static helper; by default adjusts the tracked height by its signature.</summary>
    private void CallHelper(Type type, string name, bool adjustHeight = true)
    {
        var method = Helper(type, name);
        _il.Emit(OpCodes.Call, method);
        if (adjustHeight) _height += (method.ReturnType == typeof(void) ? 0 : 1) - method.GetParameters().Length;
    }

    private LocalBuilder Scratch(Type type, int slot = 0)
    {
        if (!_scratch.TryGetValue((type, slot), out var local))
        {
            local = _il.DeclareLocal(type);
            _scratch[(type, slot)] = local;
        }
        return local;
    }

    /// <summary>Refreshes every cached memory length (after a call, which may grow any memory).</summary>
    private void ReloadMemoryLength()
    {
        for (var index = 0; index < _memoryLength.Length; index++) ReloadMemoryLength(index);
    }

    private void ReloadMemoryLength(int index)
    {
        if (_memoryLength[index] is not { } length) return;
        _il.Emit(OpCodes.Ldloc, _memory[index]!);
        _il.Emit(OpCodes.Ldfld, typeof(Memory).GetField(nameof(Memory.Length), BindingFlags.NonPublic | BindingFlags.Instance)!);
        _il.Emit(OpCodes.Stloc, length);
    }

    /// <summary>Pushes the cached base pointer and length of memory <paramref name="index"/> for an inlined access helper.</summary>
    private void LoadMemoryBaseAndLength(int index)
    {
        if (index >= _memoryBase.Length || _memoryBase[index] is not { } memoryBase) throw new InvalidOperationException("memory instruction without a memory");
        _il.Emit(OpCodes.Ldloc, memoryBase);
        _il.Emit(OpCodes.Ldloc, _memoryLength[index]!);
    }

    private void LoadMemory(int index)
    {
        if (index >= _memory.Length || _memory[index] is not { } memory) throw new InvalidOperationException("memory instruction without a memory");
        _il.Emit(OpCodes.Ldloc, memory);
    }

    private void LoadTable(int index)
    {
        if (index < _table.Length && _table[index] is { } table)
        {
            _il.Emit(OpCodes.Ldloc, table);
            return;
        }
        LoadContext();
        _il.Emit(OpCodes.Ldfld, ContextField(nameof(InstanceContext.Tables)));
        IlUtil.LoadInt(_il, index);
        _il.Emit(OpCodes.Ldelem_Ref);
    }
}

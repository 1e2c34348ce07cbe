using System.Collections.Generic;
using WitBindgen.CoreWasm.Binary;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>
/// Type-checks the bodies of an embedded core module's functions (WebAssembly validation algorithm, spec appendix):
/// an operand stack of value types and a stack of control frames, for the MVP instructions plus sign extension,
/// multi-value blocks, the basic reference instructions, saturating truncations and memory.copy/fill and
/// table.grow/size/fill. A body using any other instruction (SIMD, bulk memory,
/// GC, exceptions, tail calls, threads...) stops the check for the rest of the module: it is not rejected.
/// </summary>
internal sealed class CoreFunctionBodies
{
    private const byte Unknown = 0;
    private const byte I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b, FuncRef = 0x70, ExternRef = 0x6f;
    private const int MaxLocals = 50000;

    private readonly List<CoreSig?> _types;
    private readonly List<CoreItem> _funcs;
    private readonly List<CoreItem> _tables;
    private readonly List<CoreItem> _memories;
    private readonly List<CoreItem> _globals;
    private readonly List<byte> _stack = new();
    private readonly List<Frame> _frames = new();
    private readonly List<byte> _locals = new();

    private sealed class Frame
    {
        public byte Opcode;
        public byte[] Start = System.Array.Empty<byte>();
        public byte[] End = System.Array.Empty<byte>();
        public int Height;
        public bool Unreachable;
        public byte[] Labels => Opcode == 0x03 ? Start : End;
    }

    /// <summary>An instruction or type this checker does not model.</summary>
    private sealed class NotModelled : System.Exception
    {
    }

    private CoreFunctionBodies(List<CoreSig?> types, List<CoreItem> funcs, List<CoreItem> tables, List<CoreItem> memories, List<CoreItem> globals)
    {
        _types = types;
        _funcs = funcs;
        _tables = tables;
        _memories = memories;
        _globals = globals;
    }

    /// <summary>
    /// Checks the code section <paramref name="code"/>; the defined functions start at <paramref name="firstDefined"/>
    /// in <paramref name="funcs"/>. Problems are returned as a message (null when valid or not modelled).
    /// </summary>
    public static string? Check(WasmReader code, int firstDefined, List<CoreSig?> types, List<CoreItem> funcs,
        List<CoreItem> tables, List<CoreItem> memories, List<CoreItem> globals)
    {
        var checker = new CoreFunctionBodies(types, funcs, tables, memories, globals);
        uint count = (uint)code.ReadLength();
        for (uint i = 0; i < count; i++)
        {
            uint size = code.ReadU32();
            var body = code.Sub((int)size);
            int index = firstDefined + (int)i;
            if (index >= funcs.Count || funcs[index].Func is not { } sig) return null;
            try
            {
                if (checker.Body(body, sig) is { } problem) return $"function {index}: {problem}";
            }
            catch (NotModelled)
            {
                return null;
            }
        }
        return null;
    }

    private string? Body(WasmReader r, CoreSig sig)
    {
        _locals.Clear();
        foreach (var p in sig.Params) _locals.Add((byte)p);
        long declared = 0;
        for (uint n = (uint)r.ReadLength(), i = 0; i < n; i++)
        {
            uint count = r.ReadU32();
            byte type = ValType(r.ReadByte());
            declared += count;
            if (declared > MaxLocals) throw new NotModelled();
            for (uint k = 0; k < count; k++) _locals.Add(type);
        }
        _stack.Clear();
        _frames.Clear();
        _frames.Add(new Frame { Opcode = 0x02, End = Bytes(sig.Results) });
        while (_frames.Count > 0)
        {
            if (r.AtEnd) return "unexpected end of function body: missing `end`";
            if (Instruction(r) is { } problem) return problem;
        }
        return r.AtEnd ? null : "operators remaining after the end of the function body";
    }

    private static byte[] Bytes(IReadOnlyList<CoreValType> types)
    {
        var result = new byte[types.Count];
        for (int i = 0; i < types.Count; i++) result[i] = (byte)types[i];
        return result;
    }

    private static byte ValType(byte b) => b is I32 or I64 or F32 or F64 or V128 or FuncRef or ExternRef ? b : throw new NotModelled();

    private static string Name(byte t) => t switch
    {
        I32 => "i32", I64 => "i64", F32 => "f32", F64 => "f64", V128 => "v128", FuncRef => "funcref", ExternRef => "externref",
        _ => "unknown",
    };

    private void Push(byte t) => _stack.Add(t);

    private string? Pop(out byte t)
    {
        var frame = _frames[_frames.Count - 1];
        if (_stack.Count == frame.Height)
        {
            t = Unknown;
            return frame.Unreachable ? null : "type mismatch: expected a type but nothing on stack";
        }
        t = _stack[_stack.Count - 1];
        _stack.RemoveAt(_stack.Count - 1);
        return null;
    }

    private string? Pop(byte expected)
    {
        if (Pop(out var actual) is { } problem) return problem.Replace("a type", Name(expected));
        if (actual != expected && actual != Unknown && expected != Unknown)
            return $"type mismatch: expected {Name(expected)}, found {Name(actual)}";
        return null;
    }

    private string? PopAll(byte[] types)
    {
        for (int i = types.Length - 1; i >= 0; i--) if (Pop(types[i]) is { } problem) return problem;
        return null;
    }

    private void PushAll(byte[] types)
    {
        foreach (var t in types) Push(t);
    }

    private void Enter(byte opcode, byte[] start, byte[] end)
    {
        _frames.Add(new Frame { Opcode = opcode, Start = start, End = end, Height = _stack.Count });
        PushAll(start);
    }

    private string? Leave(out Frame frame)
    {
        frame = _frames[_frames.Count - 1];
        if (PopAll(frame.End) is { } problem) return problem;
        if (_stack.Count != frame.Height) return "type mismatch: values remaining on stack at end of block";
        _frames.RemoveAt(_frames.Count - 1);
        return null;
    }

    private void SetUnreachable()
    {
        var frame = _frames[_frames.Count - 1];
        _stack.RemoveRange(frame.Height, _stack.Count - frame.Height);
        frame.Unreachable = true;
    }

    private (byte[] Start, byte[] End) BlockType(WasmReader r)
    {
        byte b = r.PeekByte();
        if (b == 0x40) { r.ReadByte(); return (System.Array.Empty<byte>(), System.Array.Empty<byte>()); }
        if (b is I32 or I64 or F32 or F64 or V128 or FuncRef or ExternRef) { r.ReadByte(); return (System.Array.Empty<byte>(), new[] { b }); }
        long index = r.ReadS33();
        if (index < 0 || index >= _types.Count || _types[(int)index] is not { } sig) throw new NotModelled();
        return (Bytes(sig.Params), Bytes(sig.Results));
    }

    private Frame? Label(uint depth) => depth < _frames.Count ? _frames[_frames.Count - 1 - (int)depth] : null;

    private byte AddressType(uint memory) => _memories[(int)memory].Is64 ? I64 : I32;

    private string? Unary(byte input, byte output) => Pop(input) ?? Then(() => Push(output));

    private string? Binary(byte input, byte output) => Pop(input) ?? Pop(input) ?? Then(() => Push(output));

    private static string? Then(System.Action action)
    {
        action();
        return null;
    }

    // Natural alignment (log2 bytes) of loads 0x28..0x35 and stores 0x36..0x3e.
    private static readonly int[] LoadAlign = { 2, 3, 2, 3, 0, 0, 1, 1, 0, 0, 1, 1, 2, 2 };
    private static readonly byte[] LoadType = { I32, I64, F32, F64, I32, I32, I32, I32, I64, I64, I64, I64, I64, I64 };
    private static readonly int[] StoreAlign = { 2, 3, 2, 3, 0, 1, 0, 1, 2 };
    private static readonly byte[] StoreType = { I32, I64, F32, F64, I32, I32, I64, I64, I64 };

    private string? MemArg(WasmReader r, int natural, out uint memory)
    {
        uint align = r.ReadU32();
        memory = 0;
        if ((align & 0x40) != 0) { align &= ~0x40u; memory = r.ReadU32(); }
        if (memory >= _memories.Count) return $"unknown memory {memory}";
        if (_memories[(int)memory].Is64) r.ReadU64(); else r.ReadU32();
        return align > natural ? "invalid memop alignment: alignment must not be larger than natural" : null;
    }

    private string? Instruction(WasmReader r)
    {
        byte op = r.ReadByte();
        switch (op)
        {
            case 0x00: SetUnreachable(); return null;
            case 0x01: return null;
            case 0x02:
            case 0x03:
            {
                var (start, end) = BlockType(r);
                if (PopAll(start) is { } problem) return problem;
                Enter(op, start, end);
                return null;
            }
            case 0x04:
            {
                var (start, end) = BlockType(r);
                if (Pop(I32) is { } cond) return cond;
                if (PopAll(start) is { } problem) return problem;
                Enter(op, start, end);
                return null;
            }
            case 0x05:
            {
                if (_frames[_frames.Count - 1].Opcode != 0x04) return "else found outside an `if` block";
                if (Leave(out var frame) is { } problem) return problem;
                Enter(0x05, frame.Start, frame.End);
                return null;
            }
            case 0x0b:
            {
                if (Leave(out var frame) is { } problem) return problem;
                if (frame.Opcode == 0x04 && !Same(frame.Start, frame.End)) return "type mismatch: `if` without `else` must leave its parameters as results";
                if (_frames.Count > 0) PushAll(frame.End);
                return null;
            }
            case 0x0c:
            {
                var label = Label(r.ReadU32());
                if (label is null) return "unknown label: branch depth too large";
                if (PopAll(label.Labels) is { } problem) return problem;
                SetUnreachable();
                return null;
            }
            case 0x0d:
            {
                var label = Label(r.ReadU32());
                if (label is null) return "unknown label: branch depth too large";
                if (Pop(I32) is { } cond) return cond;
                if (PopAll(label.Labels) is { } problem) return problem;
                PushAll(label.Labels);
                return null;
            }
            case 0x0e:
            {
                uint n = (uint)r.ReadLength();
                var targets = new List<Frame>();
                for (uint i = 0; i <= n; i++) targets.Add(Label(r.ReadU32()) ?? throw new NotModelled());
                if (Pop(I32) is { } cond) return cond;
                var fallback = targets[targets.Count - 1];
                foreach (var t in targets)
                {
                    if (t.Labels.Length != fallback.Labels.Length) return "type mismatch: br_table target labels have different number of types";
                    var popped = new List<byte>();
                    for (int i = t.Labels.Length - 1; i >= 0; i--)
                    {
                        if (Pop(out var actual) is { } problem) return problem;
                        if (actual != Unknown && actual != t.Labels[i]) return $"type mismatch: expected {Name(t.Labels[i])}, found {Name(actual)}";
                        popped.Insert(0, actual);
                    }
                    foreach (var p in popped) Push(p);
                }
                if (PopAll(fallback.Labels) is { } last) return last;
                SetUnreachable();
                return null;
            }
            case 0x0f:
            {
                if (PopAll(_frames[0].End) is { } problem) return problem;
                SetUnreachable();
                return null;
            }
            case 0x10:
            {
                uint f = r.ReadU32();
                if (f >= _funcs.Count) return $"unknown function {f}: function index out of bounds";
                var sig = _funcs[(int)f].Func ?? throw new NotModelled();
                if (PopAll(Bytes(sig.Params)) is { } problem) return problem;
                PushAll(Bytes(sig.Results));
                return null;
            }
            case 0x11:
            {
                uint type = r.ReadU32();
                uint table = r.ReadU32();
                if (type >= _types.Count) return $"unknown type {type}: type index out of bounds";
                var sig = _types[(int)type] ?? throw new NotModelled();
                if (table >= _tables.Count) return $"unknown table {table}: table index out of bounds";
                if (_tables[(int)table].ElementType != FuncRef) return "type mismatch: indirect calls must go through a table of funcref";
                if (Pop(_tables[(int)table].Is64 ? I64 : I32) is { } index) return index;
                if (PopAll(Bytes(sig.Params)) is { } problem) return problem;
                PushAll(Bytes(sig.Results));
                return null;
            }
            case 0x1a: return Pop(out _);
            case 0x1b:
            case 0x1c:
            {
                byte? typed = null;
                if (op == 0x1c)
                {
                    if ((uint)r.ReadLength() != 1) return "invalid result arity for `select`";
                    typed = ValType(r.ReadByte());
                }
                if (Pop(I32) is { } cond) return cond;
                if (typed is { } t) return Pop(t) ?? Pop(t) ?? Then(() => Push(t));
                if (Pop(out var a) is { } p1) return p1;
                if (Pop(out var b) is { } p2) return p2;
                if (a is FuncRef or ExternRef || b is FuncRef or ExternRef) return "type mismatch: select only takes integral types";
                if (a != Unknown && b != Unknown && a != b) return $"type mismatch: select operands have different types ({Name(b)} and {Name(a)})";
                Push(a == Unknown ? b : a);
                return null;
            }
            case 0x20:
            case 0x21:
            case 0x22:
            {
                uint l = r.ReadU32();
                if (l >= _locals.Count) return $"unknown local {l}: local index out of bounds";
                byte t = _locals[(int)l];
                if (op == 0x20) { Push(t); return null; }
                if (Pop(t) is { } problem) return problem;
                if (op == 0x22) Push(t);
                return null;
            }
            case 0x23:
            case 0x24:
            {
                uint g = r.ReadU32();
                if (g >= _globals.Count) return $"unknown global {g}: global index out of bounds";
                var global = _globals[(int)g];
                if (op == 0x23) { Push((byte)global.Value); return null; }
                if (!global.Mutable) return $"global is immutable: cannot modify it with `global.set`";
                return Pop((byte)global.Value);
            }
            case 0x25:
            case 0x26:
            {
                uint t = r.ReadU32();
                if (t >= _tables.Count) return $"unknown table {t}: table index out of bounds";
                var table = _tables[(int)t];
                if (op == 0x25) return Pop(table.Is64 ? I64 : I32) ?? Then(() => Push(table.ElementType));
                return Pop(table.ElementType) ?? Pop(table.Is64 ? I64 : I32);
            }
            case >= 0x28 and <= 0x35:
            {
                if (MemArg(r, LoadAlign[op - 0x28], out var memory) is { } problem) return problem;
                return Unary(AddressType(memory), LoadType[op - 0x28]);
            }
            case >= 0x36 and <= 0x3e:
            {
                if (MemArg(r, StoreAlign[op - 0x36], out var memory) is { } problem) return problem;
                return Pop(StoreType[op - 0x36]) ?? Pop(AddressType(memory));
            }
            case 0x3f:
            case 0x40:
            {
                uint memory = r.ReadU32();
                if (memory >= _memories.Count) return $"unknown memory {memory}";
                byte address = AddressType(memory);
                return op == 0x3f ? Then(() => Push(address)) : Unary(address, address);
            }
            case 0x41: r.ReadS32(); Push(I32); return null;
            case 0x42: r.ReadS64(); Push(I64); return null;
            case 0x43: r.Skip(4); Push(F32); return null;
            case 0x44: r.Skip(8); Push(F64); return null;
            case 0x45: return Unary(I32, I32);
            case >= 0x46 and <= 0x4f: return Binary(I32, I32);
            case 0x50: return Unary(I64, I32);
            case >= 0x51 and <= 0x5a: return Binary(I64, I32);
            case >= 0x5b and <= 0x60: return Binary(F32, I32);
            case >= 0x61 and <= 0x66: return Binary(F64, I32);
            case >= 0x67 and <= 0x69: return Unary(I32, I32);
            case >= 0x6a and <= 0x78: return Binary(I32, I32);
            case >= 0x79 and <= 0x7b: return Unary(I64, I64);
            case >= 0x7c and <= 0x8a: return Binary(I64, I64);
            case >= 0x8b and <= 0x91: return Unary(F32, F32);
            case >= 0x92 and <= 0x98: return Binary(F32, F32);
            case >= 0x99 and <= 0x9f: return Unary(F64, F64);
            case >= 0xa0 and <= 0xa6: return Binary(F64, F64);
            case 0xa7: return Unary(I64, I32);
            case 0xa8: case 0xa9: return Unary(F32, I32);
            case 0xaa: case 0xab: return Unary(F64, I32);
            case 0xac: case 0xad: return Unary(I32, I64);
            case 0xae: case 0xaf: return Unary(F32, I64);
            case 0xb0: case 0xb1: return Unary(F64, I64);
            case 0xb2: case 0xb3: return Unary(I32, F32);
            case 0xb4: case 0xb5: return Unary(I64, F32);
            case 0xb6: return Unary(F64, F32);
            case 0xb7: case 0xb8: return Unary(I32, F64);
            case 0xb9: case 0xba: return Unary(I64, F64);
            case 0xbb: return Unary(F32, F64);
            case 0xbc: return Unary(F32, I32);
            case 0xbd: return Unary(F64, I64);
            case 0xbe: return Unary(I32, F32);
            case 0xbf: return Unary(I64, F64);
            case 0xc0: case 0xc1: return Unary(I32, I32);
            case >= 0xc2 and <= 0xc4: return Unary(I64, I64);
            case 0xd0:
            {
                byte heap = r.ReadByte();
                if (heap is not (FuncRef or ExternRef)) throw new NotModelled();
                Push(heap);
                return null;
            }
            case 0xd1:
            {
                if (Pop(out var t) is { } problem) return problem;
                if (t is not (Unknown or FuncRef or ExternRef)) return $"type mismatch: expected a reference type, found {Name(t)}";
                Push(I32);
                return null;
            }
            case 0xd2:
            {
                uint f = r.ReadU32();
                if (f >= _funcs.Count) return $"unknown function {f}: function index out of bounds";
                Push(FuncRef);
                return null;
            }
            case 0xfc: return Prefixed(r);
            default:
                throw new NotModelled();
        }
    }

    // 0xFC: saturating truncations and the memory/table instructions that need no segment counts.
    private string? Prefixed(WasmReader r)
    {
        uint op = r.ReadU32();
        switch (op)
        {
            case 0: case 1: return Unary(F32, I32);
            case 2: case 3: return Unary(F64, I32);
            case 4: case 5: return Unary(F32, I64);
            case 6: case 7: return Unary(F64, I64);
            case 10:
            {
                uint to = r.ReadU32(), from = r.ReadU32();
                if (to >= _memories.Count || from >= _memories.Count) return $"unknown memory {System.Math.Max(to, from)}";
                if (_memories[(int)to].Is64 || _memories[(int)from].Is64) throw new NotModelled();
                return Pop(I32) ?? Pop(I32) ?? Pop(I32);
            }
            case 11:
            {
                uint memory = r.ReadU32();
                if (memory >= _memories.Count) return $"unknown memory {memory}";
                byte address = AddressType(memory);
                return Pop(address) ?? Pop(I32) ?? Pop(address);
            }
            case 15:
            case 16:
            case 17:
            {
                uint t = r.ReadU32();
                if (t >= _tables.Count) return $"unknown table {t}: table index out of bounds";
                var table = _tables[(int)t];
                if (table.Is64) throw new NotModelled();
                if (op == 16) { Push(I32); return null; }
                if (op == 15) return Pop(I32) ?? Pop(table.ElementType) ?? Then(() => Push(I32));
                return Pop(I32) ?? Pop(table.ElementType) ?? Pop(I32);
            }
            default:
                throw new NotModelled();
        }
    }

    private static bool Same(byte[] a, byte[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
        return true;
    }
}

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Collections.Immutable;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.CoreWasm.Validation;

namespace WitBindgen.CoreWasm.Binary;

/// <summary>The first "unsupported feature" found while decoding, reported once the module is fully read.</summary>
internal sealed class DeferredError
{
    public string? Reason { get; private set; }

    public int Offset { get; private set; }

    public string? Section { get; private set; }

    /// <summary>The offset of the first use of GC, if any (not an error: see <see cref="WasmReader.MarkGc"/>).</summary>
    public int? GcOffset { get; set; }

    public void Record(string reason, int offset, string? section)
    {
        if (Reason is not null) return;
        Reason = reason;
        Offset = offset;
        Section = section;
    }
}

/// <summary>Decodes instruction sequences (function bodies and constant expressions).</summary>
internal sealed class CodeReader
{
    private readonly bool _hasDataCount;
    private readonly List<Instruction> _instructions = new();
    private readonly List<int[]> _branchTables = new();
    private readonly List<CatchClause[]> _catches = new();

    private readonly DeferredError _deferred;

    // Reading a constant expression: instructions it may not contain are the validator's to report ("constant
    // expression required"), not the decoder's.
    private bool _constant;

    // Tags the module declares (imported and defined): the bound of the tag indices (reported while reading,
    // like the reference interpreter does).
    private readonly uint _tags;

    public CodeReader(bool hasDataCount, DeferredError deferred, uint tags = uint.MaxValue)
    {
        _hasDataCount = hasDataCount;
        _deferred = deferred;
        _tags = tags;
    }

    public FunctionBody ReadBody(WasmReader c, ImmutableArray<Modules.ValueType> locals, int bodyOffset, int size)
    {
        ReadSequence(c);
        return new FunctionBody(locals, _instructions.ToArray(), _branchTables.ToArray(), bodyOffset, size, _catches.ToArray());
    }

    public ImmutableArray<Instruction> ReadConstant(WasmReader c)
    {
        _constant = true;
        ReadSequence(c);
        _instructions.RemoveAt(_instructions.Count - 1); // the final end
        return _instructions.ToImmutableArray();
    }

    /// <summary>Reads instructions up to and including the <c>end</c> that closes depth 0.</summary>
    private void ReadSequence(WasmReader c)
    {
        var depth = 0;
        while (true)
        {
            var instruction = ReadInstruction(c);
            _instructions.Add(instruction);
            switch (instruction.OpCode)
            {
                case OpCode.Block:
                case OpCode.Loop:
                case OpCode.If:
                case OpCode.TryTable:
                    depth++;
                    break;
                case OpCode.End:
                    if (depth == 0) return;
                    depth--;
                    break;
                case OpCode.Else:
                    // An else outside any if ends the body's instruction sequence early.
                    if (depth == 0) throw c.Error("END opcode expected", instruction.Offset);
                    break;
            }
        }
    }

    private Instruction ReadInstruction(WasmReader c)
    {
        var offset = c.Position;
        var b = c.ReadByte();
        var ins = new Instruction { OpCode = (OpCode)b, Offset = offset };
        switch (b)
        {
            case 0x00 or 0x01 or 0x05 or 0x0B or 0x0F or 0x1A or 0x1B or 0xD1:
                break;
            case >= 0x45 and <= 0xC4:
                break;
            case 0x02 or 0x03 or 0x04:
                ins.A = ReadBlockType(c);
                break;
            case 0x0C or 0x0D or 0x10 or 0x12 or 0x20 or 0x21 or 0x22 or 0x23 or 0x24 or 0x25 or 0x26 or 0xD2:
                ins.A = ReadIndex(c);
                break;
            case 0x0E:
                ins.A = ReadBranchTable(c);
                break;
            case 0x11 or 0x13:
                ins.A = ReadIndex(c);
                ins.B = ReadIndex(c);
                break;
            case 0x1C:
            {
                var count = c.ReadCount();
                ins.B = count;
                for (var i = 0; i < count; i++)
                {
                    var t = ModuleReader.ReadValueType(c);
                    if (i == 0) ins.A = (int)t;
                }
                break;
            }
            case >= 0x28 and <= 0x3E:
                ReadMemArg(c, ref ins);
                break;
            case 0x3F or 0x40:
                ins.A = ReadIndex(c);
                break;
            case 0x41:
                ins.B = c.ReadS32();
                break;
            case 0x42:
                ins.B = c.ReadS64();
                break;
            case 0x43:
                c.ReadF32Bits(out var bits);
                ins.B = (uint)bits;
                break;
            case 0x44:
                ins.B = c.ReadU64Fixed();
                break;
            case 0xD0:
                ins.A = (int)ReadHeapType(c);
                break;
            case 0xFC:
                ReadMiscInstruction(c, ref ins, offset);
                break;
            case 0xFD:
                ReadSimdInstruction(c, ref ins, offset);
                break;
            // Unsupported instructions with simple immediates are decoded (so that malformed code is still
            // reported as such, like the reference interpreter does) and rejected after the whole module is read.
            case 0x0A:
                break;
            case 0x1F:
                ins.A = ReadBlockType(c);
                ins.C = ReadCatchClauses(c);
                break;
            case 0x08:
                ins.A = ReadTagIndex(c);
                break;
            case 0x09:
                ReadIndex(c);
                return Defer(c, ins, "legacy exception handling", offset);
            case 0x14 or 0x15 or 0xD5 or 0xD6:
                ins.A = ReadIndex(c);
                break;
            case 0xD4:
                break;
            case 0xD3:
                c.MarkGc(offset);
                break;
            case 0x06 or 0x07 or 0x18 or 0x19:
                throw c.Unsupported("legacy exception handling", offset);
            case 0xFB:
                c.MarkGc(offset);
                ReadGcInstruction(c, ref ins, offset);
                break;
            case 0xFE:
                throw c.Unsupported("threads (atomics)", offset);
            case 0xE0 or 0xE1 or 0xE2 or 0xE3 or 0xE4 or 0xE5 or 0xE6:
                throw c.Unsupported("stack switching", offset);
            default:
                throw c.Error($"illegal opcode {b:x2}", offset);
        }
        return ins;
    }

    /// <summary>Records the first unsupported instruction and stands in a <c>nop</c> for it.</summary>
    private Instruction Defer(WasmReader c, Instruction ins, string feature, int offset)
    {
        _deferred.Record("unsupported feature: " + feature, offset, c.Section);
        ins.OpCode = OpCode.Nop;
        return ins;
    }

    /// <summary>The catch clauses of try_table (catch and catch_ref name a tag and a label, catch_all(_ref) a
    /// label); returns their index in the body's catch table.</summary>
    private int ReadCatchClauses(WasmReader c)
    {
        var count = c.ReadCount();
        var clauses = new List<CatchClause>(Math.Min(count, c.Remaining));
        for (var i = 0; i < count; i++)
        {
            var kindOffset = c.Position;
            var kind = c.ReadByte();
            if (kind > 3) throw c.Error("malformed catch clause", kindOffset);
            var tag = kind < 2 ? ReadTagIndex(c) : -1;
            clauses.Add(new CatchClause((CatchKind)kind, tag, ReadIndex(c)));
        }
        _catches.Add(clauses.ToArray());
        return _catches.Count - 1;
    }

    private int ReadTagIndex(WasmReader c)
    {
        var offset = c.Position;
        var index = c.ReadU32();
        if (index >= _tags) throw new WasmValidationException($"unknown tag {index}", c.Section + " section", offset);
        return (int)index;
    }

    private static int ReadIndex(WasmReader c)
    {
        var value = c.ReadU32();
        // Indices beyond int range can never be valid; keep them distinguishable for "unknown ..." errors.
        return value > int.MaxValue ? int.MaxValue : (int)value;
    }

    private static int ReadBlockType(WasmReader c)
    {
        var offset = c.Position;
        var first = c.PeekByte();
        if (first == 0x40)
        {
            c.ReadByte();
            return Instruction.BlockTypeEmpty;
        }
        if ((first & 0xC0) == 0x40)
        {
            // A negative single-byte s33: a value type.
            c.ReadByte();
            var type = ModuleReader.ValueTypeFromByte(c, first, offset, "malformed value type");
            return Instruction.EncodeBlockType(type);
        }
        var index = c.ReadS33();
        if (index < 0) throw c.Error("malformed block type", offset);
        return index > int.MaxValue ? int.MaxValue : (int)index;
    }

    private int ReadBranchTable(WasmReader c)
    {
        var count = c.ReadCount();
        var targets = new List<int>(Math.Min(count, c.Remaining) + 1);
        for (var i = 0; i < count; i++) targets.Add(ReadIndex(c));
        targets.Add(ReadIndex(c));
        _branchTables.Add(targets.ToArray());
        return _branchTables.Count - 1;
    }

    /// <summary>The heap type of <c>ref.null</c>, as the nullable reference type it produces.</summary>
    private static Modules.ValueType ReadHeapType(WasmReader c) => Modules.ValueTypes.Ref(true, ModuleReader.ReadHeapType(c));

    /// <summary>Alignment exponent into A (memory index in bits 8+), offset into B.</summary>
    private static void ReadMemArg(WasmReader c, ref Instruction ins)
    {
        var flagsOffset = c.Position;
        var flags = c.ReadU32();
        uint memory = 0;
        if (flags >= 128) throw c.Error("malformed memop flags", flagsOffset);
        if (flags >= 64)
        {
            flags -= 64;
            memory = c.ReadU32();
            if (memory > 0xFFFF) memory = 0xFFFF; // certainly unknown; keeps A positive
        }
        ins.A = (int)flags | (int)(memory << 8);
        // Offsets are u64 in the binary (memory64; its bits kept in B); the validator rejects values beyond
        // 32 bits on a 32-bit memory.
        ins.B = (long)c.ReadU64();
    }

    private void ReadMiscInstruction(WasmReader c, ref Instruction ins, int offset)
    {
        var sub = c.ReadU32();
        ins.OpCode = (OpCode)(0xFC00 + Math.Min(sub, 0xFFu));
        switch (sub)
        {
            case <= 7:
                break;
            case 8:
                if (!_hasDataCount) throw c.Error("data count section required", offset);
                ins.A = ReadIndex(c);
                ins.B = ReadIndex(c);
                break;
            case 9:
                if (!_hasDataCount) throw c.Error("data count section required", offset);
                ins.A = ReadIndex(c);
                break;
            case 10 or 14:
                ins.A = ReadIndex(c);
                ins.B = ReadIndex(c);
                break;
            case 11 or 13 or 15 or 16 or 17:
                ins.A = ReadIndex(c);
                break;
            case 12:
                ins.A = ReadIndex(c);
                ins.B = ReadIndex(c);
                break;
            case >= 19 and <= 22:
                throw c.Unsupported("wide arithmetic", offset);
            default:
                throw c.Error($"illegal opcode fc {sub:x2}", offset);
        }
    }

    /// <summary>GC instructions (0xFB prefix): type/field/data/element indices into A and B; ref.test and ref.cast
    /// keep their target reference type in A; br_on_cast(_fail) its label in A and the two reference types in B, C.</summary>
    private void ReadGcInstruction(WasmReader c, ref Instruction ins, int offset)
    {
        var sub = c.ReadU32();
        ins.OpCode = (OpCode)(0xFB00 + Math.Min(sub, 0xFFu));
        switch (sub)
        {
            case 0 or 1 or 6 or 7 or 11 or 12 or 13 or 14 or 16:
                ins.A = ReadIndex(c);
                break;
            case 2 or 3 or 4 or 5 or 8 or 10 or 17 or 19:
                ins.A = ReadIndex(c);
                ins.B = ReadIndex(c);
                break;
            case 9 or 18:
                ins.A = ReadIndex(c);
                if (!_hasDataCount && !_constant) throw c.Error("data count section required", offset);
                ins.B = ReadIndex(c);
                break;
            case 15 or 26 or 27 or 28 or 29 or 30:
                break;
            case 20 or 21 or 22 or 23:
                ins.OpCode = sub < 22 ? OpCode.RefTest : OpCode.RefCast;
                ins.A = (int)Modules.ValueTypes.Ref(sub is 21 or 23, ModuleReader.ReadHeapType(c));
                break;
            case 24 or 25:
            {
                var flagsOffset = c.Position;
                var flags = c.ReadByte();
                if (flags > 3) throw c.Error("malformed br_on_cast flags", flagsOffset);
                ins.A = ReadIndex(c);
                ins.B = (int)Modules.ValueTypes.Ref((flags & 1) != 0, ModuleReader.ReadHeapType(c));
                ins.C = (int)Modules.ValueTypes.Ref((flags & 2) != 0, ModuleReader.ReadHeapType(c));
                break;
            }
            default:
                throw c.Error($"illegal opcode fb {sub:x2}", offset);
        }
    }

    private void ReadSimdInstruction(WasmReader c, ref Instruction ins, int offset)
    {
        var sub = c.ReadU32();
        if (sub >= 0x100 && sub <= 0x113)
        {
            ins.OpCode = (OpCode)(0xFD00 + sub); // relaxed SIMD: no immediates
            return;
        }
        var op = (OpCode)(0xFD00 + Math.Min(sub, 0xFFu));
        if (sub > 0xFF || !OpCodeNames.IsDefined(op)) throw c.Error($"illegal opcode fd {sub:x2}", offset);
        ins.OpCode = op;
        switch (sub)
        {
            case <= 11 or 92 or 93:
                ReadMemArg(c, ref ins);
                break;
            case >= 84 and <= 91:
                ReadMemArg(c, ref ins);
                ins.C = c.ReadByte();
                break;
            case 12 or 13:
            {
                var bytes = c.ReadBytes(16);
                ins.B = BinaryPrimitives.ReadInt64LittleEndian(bytes[..8]);
                ins.C = BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
                break;
            }
            case >= 21 and <= 34:
                ins.A = c.ReadByte();
                break;
        }
    }
}

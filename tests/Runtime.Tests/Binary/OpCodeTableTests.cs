using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Tests.Binary;

/// <summary>
/// Cross-checks the opcode table against an independent assembler: each instruction, written by its text name,
/// must decode to the <see cref="OpCode"/> of that name.
/// </summary>
public sealed class OpCodeTableTests
{
    public static IEnumerable<object[]> Opcodes() =>
        Enum.GetValues<OpCode>()
            .Where(op => (int)op >= 0xFD00 || ((int)op >= 0xFC00 && (int)op <= 0xFC07) || ((int)op >= 0x45 && (int)op <= 0xC4)
                || ((int)op >= 0x28 && (int)op <= 0x3E))
            .Select(op => new object[] { (ushort)op });

    [Theory]
    [MemberData(nameof(Opcodes))]
    public void TextNameDecodesToOpcode(ushort code)
    {
        var op = (OpCode)code;
        var name = op.Name();
        var immediates = name switch
        {
            "v128.const" => " i32x4 0 0 0 0",
            "i8x16.shuffle" => string.Concat(Enumerable.Repeat(" 0", 16)),
            _ when name.EndsWith("_lane", StringComparison.Ordinal) || name.Contains("_lane_", StringComparison.Ordinal) => " 0",
            _ => "",
        };
        var wasm = Wasmtime.Module.ConvertText($"(module (memory 1) (func {name}{immediates}))");
        var module = ModuleReader.Read(wasm);
        Assert.Equal(op, module.Codes[0].Instructions[0].OpCode);
    }

    /// <summary>The one table serves the engine and the text assembler: every engine opcode has a row whose text
    /// name leads back to the opcode's binary encoding, and encodings map back to the opcode.</summary>
    [Fact]
    public void EveryEngineOpcodeHasOneRowInTheTable()
    {
        foreach (var op in Enum.GetValues<OpCode>())
        {
            var encoding = OpCodeTable.EncodingOf(op);
            Assert.Equal(op, OpCodeTable.FromEncoding(encoding));
            Assert.True(OpCodeTable.Codes.TryGetValue(op.Name(), out var byName), $"{op}: no row named {op.Name()}");
            // Both forms of select share the text name; the typed one is 0x1C.
            Assert.Equal(op == OpCode.SelectTyped ? 0x1B : encoding, byName);
        }
    }

    [Fact]
    public void InstructionsOfEveryProposalHaveAnOpCode()
    {
        // GC is decoded and validated (the engine gates its execution).
        Assert.Equal(OpCode.RefEq, OpCodeTable.FromEncoding(OpCodeTable.Codes["ref.eq"]));
        Assert.Equal(OpCode.CallRef, OpCodeTable.FromEncoding(OpCodeTable.Codes["call_ref"]));
        Assert.Equal(OpCode.StructNew, OpCodeTable.FromEncoding(OpCodeTable.Codes["struct.new"]));
        Assert.Equal("br_on_cast_fail", OpCodeTable.Name(OpCode.BrOnCastFail));
        // Tail calls, exception handling and relaxed SIMD are run by the engine.
        Assert.Equal(OpCode.Throw, OpCodeTable.FromEncoding(OpCodeTable.Codes["throw"]));
        Assert.Equal(OpCode.TryTable, OpCodeTable.FromEncoding(OpCodeTable.Codes["try_table"]));
        Assert.Equal("throw_ref", OpCodeTable.Name(OpCode.ThrowRef));
        Assert.Equal(OpCode.ReturnCall, OpCodeTable.FromEncoding(OpCodeTable.Codes["return_call"]));
        Assert.Equal(OpCode.ReturnCallIndirect, OpCodeTable.FromEncoding(OpCodeTable.Codes["return_call_indirect"]));
        Assert.Equal(OpCode.F32x4RelaxedMadd, OpCodeTable.FromEncoding(OpCodeTable.Codes["f32x4.relaxed_madd"]));
        Assert.Equal(OpCode.I32x4RelaxedDotI8x16I7x16AddS, OpCodeTable.FromEncoding(OpCodeTable.Codes["i32x4.relaxed_dot_i8x16_i7x16_add_s"]));
        Assert.Equal("i16x8.relaxed_q15mulr_s", OpCodeTable.Name(OpCode.I16x8RelaxedQ15mulrS));
        Assert.Equal(OpCode.I32Add, OpCodeTable.FromEncoding(OpCodeTable.Codes["i32.add"]));
        Assert.Equal(Immediate.MemArg, OpCodeTable.ImmediatesOf("i64.load32_u"));
        Assert.Equal(Immediate.MemArgLane, OpCodeTable.ImmediatesOf("v128.load8_lane"));
        var add = OpCodeTable.Signature(OpCode.I32Add);
        Assert.NotNull(add);
        Assert.Equal(new[] { ValueType.I32, ValueType.I32 }, add!.Value.Operands);
        Assert.Equal(ValueType.I32, add.Value.Result);
    }
}

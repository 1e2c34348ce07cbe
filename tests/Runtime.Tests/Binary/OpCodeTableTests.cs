using System;
using System.Collections.Generic;
using System.Linq;
using WitBindgen.CoreWasm.Binary;
using WitBindgen.CoreWasm.Modules;

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
            .Select(op => new object[] { op });

    [Theory]
    [MemberData(nameof(Opcodes))]
    public void TextNameDecodesToOpcode(OpCode op)
    {
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
}

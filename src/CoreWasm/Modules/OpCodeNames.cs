namespace WitBindgen.CoreWasm.Modules;

/// <summary>Text-format names of opcodes (for diagnostics and disassembly), read from <see cref="OpCodeTable"/>.</summary>
internal static class OpCodeNames
{
    /// <summary>The text-format name, e.g. <c>i32.add</c>.</summary>
    public static string Name(this OpCode op) => OpCodeTable.Name(op);

    /// <summary>Whether the opcode is a defined (supported-by-the-model) opcode.</summary>
    public static bool IsDefined(OpCode op) => OpCodeTable.IsDefined(op);
}

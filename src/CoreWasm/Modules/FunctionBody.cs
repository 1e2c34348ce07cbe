using System.Collections.Immutable;

namespace WitBindgen.CoreWasm.Modules;

/// <summary>A function body from the code section.</summary>
internal sealed class FunctionBody
{
    /// <summary>Creates a body.</summary>
    public FunctionBody(ImmutableArray<ValueType> locals, Instruction[] instructions, int[][] branchTables, int offset, int size)
    {
        Locals = locals;
        Instructions = instructions;
        BranchTables = branchTables;
        Offset = offset;
        Size = size;
    }

    /// <summary>Declared locals (excluding parameters), expanded one entry per local.</summary>
    public ImmutableArray<ValueType> Locals { get; }

    /// <summary>The instructions including the final <c>end</c>. The validator annotates some immediates in place.</summary>
    public Instruction[] Instructions { get; }

    /// <summary>br_table targets: each entry lists label depths, the last one being the default.</summary>
    public int[][] BranchTables { get; }

    /// <summary>Byte offset of the body (its size field) in the module.</summary>
    public int Offset { get; }

    /// <summary>Body size in bytes.</summary>
    public int Size { get; }

    /// <summary>Set by the validator: the maximum operand stack height (values) of the function.</summary>
    public int MaxStackHeight { get; set; }

    /// <summary>Set by the validator: the maximum control nesting depth (including the function block).</summary>
    public int MaxControlDepth { get; set; }
}

using System.Collections.Immutable;

namespace WitBindgen.CoreWasm.Modules;

/// <summary>A function body from the code section.</summary>
internal sealed class FunctionBody
{
    /// <summary>Creates a body.</summary>
    public FunctionBody(ImmutableArray<ValueType> locals, Instruction[] instructions, int[][] branchTables, int offset, int size, CatchClause[][]? catches = null)
    {
        Catches = catches ?? System.Array.Empty<CatchClause[]>();
        Locals = locals;
        Instructions = instructions;
        BranchTables = branchTables;
        Offset = offset;
        Size = size;
    }

    /// <summary>Declared locals (excluding parameters), expanded one entry per local.</summary>
    public ImmutableArray<ValueType> Locals { get; }

    /// <summary>The instructions including the final <c>end</c>, as decoded (the validator's findings are in its
    /// <c>FunctionFacts</c>, not here).</summary>
    public Instruction[] Instructions { get; }

    /// <summary>br_table targets: each entry lists label depths, the last one being the default.</summary>
    public int[][] BranchTables { get; }

    /// <summary>try_table catch clauses, in order; a try_table's <see cref="Instruction.C"/> indexes this.</summary>
    public CatchClause[][] Catches { get; }

    /// <summary>Byte offset of the body (its size field) in the module.</summary>
    public int Offset { get; }

    /// <summary>Body size in bytes.</summary>
    public int Size { get; }
}

/// <summary>The kind of a try_table catch clause (its binary code).</summary>
internal enum CatchKind : byte
{
    /// <summary><c>catch x l</c>: the tag's payload to l.</summary>
    Catch = 0,
    /// <summary><c>catch_ref x l</c>: the payload and the exnref to l.</summary>
    CatchRef = 1,
    /// <summary><c>catch_all l</c>: nothing to l.</summary>
    CatchAll = 2,
    /// <summary><c>catch_all_ref l</c>: the exnref to l.</summary>
    CatchAllRef = 3,
}

/// <summary>One catch clause of a try_table: kind, tag index (catch and catch_ref) and label depth, the label
/// counted from outside the try_table.</summary>
internal readonly record struct CatchClause(CatchKind Kind, int Tag, int Label);

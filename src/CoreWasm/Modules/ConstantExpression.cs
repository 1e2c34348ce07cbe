using System.Collections.Immutable;

namespace WitBindgen.CoreWasm.Modules;

/// <summary>
/// A constant expression (global initializer, segment offset, element item). <see cref="Instructions"/>
/// excludes the terminating <c>end</c>.
/// </summary>
internal sealed class ConstantExpression
{
    /// <summary>Creates a constant expression.</summary>
    public ConstantExpression(ImmutableArray<Instruction> instructions) => Instructions = instructions;

    /// <summary>The instructions, without the final <c>end</c>.</summary>
    public ImmutableArray<Instruction> Instructions { get; }

    /// <summary>A one-instruction expression (e.g. <c>ref.func i</c> for element items given as indices).</summary>
    public static ConstantExpression Of(Instruction instruction) => new(ImmutableArray.Create(instruction));
}

using System.Collections.Generic;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.CoreWasm.Validation;

/// <summary>
/// What the validator learned about one function body that the compiler needs and the binary does not say: the
/// operand stack bounds, the stack under each try_table, and the operand type of each untyped <c>select</c>.
/// The decoded body is left as read; these side tables are keyed by instruction index.
/// </summary>
internal sealed class FunctionFacts
{
    private readonly Dictionary<int, ValueType[]>? _tryStacks;
    private readonly Dictionary<int, ValueType>? _selectTypes;

    internal FunctionFacts(int maxStackHeight, int maxControlDepth, Dictionary<int, ValueType[]>? tryStacks, Dictionary<int, ValueType>? selectTypes)
    {
        MaxStackHeight = maxStackHeight;
        MaxControlDepth = maxControlDepth;
        _tryStacks = tryStacks;
        _selectTypes = selectTypes;
    }

    /// <summary>The maximum operand stack height (values) of the function.</summary>
    public int MaxStackHeight { get; }

    /// <summary>The maximum control nesting depth, the function's own block included.</summary>
    public int MaxControlDepth { get; }

    /// <summary>The types of the whole operand stack where the try_table at instruction <paramref name="index"/>
    /// begins, its parameters included (the compiler spills them: a protected region starts empty).</summary>
    public ValueType[] TryStack(int index) =>
        _tryStacks is not null && _tryStacks.TryGetValue(index, out var types) ? types
            : throw new KeyNotFoundException($"no try_table at instruction {index}");

    /// <summary>The operand type of the untyped <c>select</c> at instruction <paramref name="index"/>
    /// (0 when unconstrained in unreachable code).</summary>
    public ValueType SelectType(int index) =>
        _selectTypes is not null && _selectTypes.TryGetValue(index, out var type) ? type
            : throw new KeyNotFoundException($"no select at instruction {index}");
}

using System.Collections.Generic;
using System.Collections.Immutable;
using WitBindgen.CoreWasm.Modules;
using VT = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.CoreWasm.Validation;

/// <summary>
/// Value subtyping of function references: <c>(ref ht)</c> &lt;: <c>(ref null ht)</c>; a function type index &lt;:
/// <c>func</c>; <c>nofunc</c> &lt;: every function heap type, <c>noextern</c> &lt;: <c>extern</c>, <c>noexn</c> &lt;: <c>exn</c>. Two type indices match
/// when their function types are structurally equal, references between them compared coinductively (every type
/// is its own recursion group without GC).
/// </summary>
internal sealed class Subtyping
{
    private readonly ImmutableArray<FunctionType> _types;

    public Subtyping(ImmutableArray<FunctionType> types) => _types = types;

    /// <summary>Whether a value of type <paramref name="actual"/> may be used where <paramref name="expected"/> is required.</summary>
    public bool Matches(VT actual, VT expected)
    {
        if (actual == expected) return true;
        if (!actual.IsReference() || !expected.IsReference()) return false;
        if (actual.IsNullable() && !expected.IsNullable()) return false;
        return HeapMatches(actual.HeapOf(), expected.HeapOf());
    }

    /// <summary>Whether two value types are the same type (equivalent type indices included).</summary>
    public bool Same(VT a, VT b) => Matches(a, b) && Matches(b, a);

    /// <summary>Heap subtyping.</summary>
    public bool HeapMatches(int actual, int expected)
    {
        if (actual == expected) return true;
        var actualIndex = ValueTypes.IsTypeIndex(actual);
        var expectedIndex = ValueTypes.IsTypeIndex(expected);
        if (actualIndex && expectedIndex) return Equivalent(actual, expected, null);
        if (actualIndex) return expected == ValueTypes.HeapFunc;
        if (actual == ValueTypes.HeapNoFunc) return expectedIndex || expected == ValueTypes.HeapFunc;
        if (actual == ValueTypes.HeapNoExtern) return expected == ValueTypes.HeapExtern;
        if (actual == ValueTypes.HeapNoExn) return expected == ValueTypes.HeapExn;
        return false;
    }

    private bool Equivalent(int i, int j, HashSet<(int, int)>? assumed)
    {
        if (i == j) return true;
        if (i >= _types.Length || j >= _types.Length) return false;
        assumed ??= new HashSet<(int, int)>();
        if (!assumed.Add((i, j))) return true;
        var a = _types[i];
        var b = _types[j];
        return SameTypes(a.Params, b.Params, assumed) && SameTypes(a.Results, b.Results, assumed);
    }

    private bool SameTypes(ImmutableArray<VT> a, ImmutableArray<VT> b, HashSet<(int, int)> assumed)
    {
        if (a.Length != b.Length) return false;
        for (var k = 0; k < a.Length; k++)
        {
            if (a[k] == b[k]) continue;
            if (!a[k].IsTypedReference() || !b[k].IsTypedReference() || a[k].IsNullable() != b[k].IsNullable()) return false;
            int x = a[k].HeapOf(), y = b[k].HeapOf();
            if (!ValueTypes.IsTypeIndex(x) || !ValueTypes.IsTypeIndex(y) || !Equivalent(x, y, assumed)) return false;
        }
        return true;
    }

    /// <summary>Whether two function types are equal up to equivalent type indices.</summary>
    public bool SameFunctionTypes(FunctionType a, FunctionType b) =>
        SameTypes(a.Params, b.Params, new HashSet<(int, int)>()) && SameTypes(a.Results, b.Results, new HashSet<(int, int)>());

    /// <summary>Whether every type of <paramref name="actual"/> matches the one at the same position of <paramref name="expected"/>.</summary>
    public bool AllMatch(ImmutableArray<VT> actual, ImmutableArray<VT> expected)
    {
        if (actual.Length != expected.Length) return false;
        for (var k = 0; k < actual.Length; k++)
            if (!Matches(actual[k], expected[k])) return false;
        return true;
    }
}

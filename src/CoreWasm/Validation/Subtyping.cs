using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using WitBindgen.CoreWasm.Modules;
using VT = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.CoreWasm.Validation;

/// <summary>
/// Value subtyping (function references and GC): <c>(ref ht)</c> &lt;: <c>(ref null ht)</c>; a defined type &lt;: its
/// declared supertypes and the abstract type of its kind (func; struct or array &lt;: eq &lt;: any, i31 &lt;: eq); the
/// bottom types none, nofunc, noextern, noexn below everything of their hierarchy. Type indices are compared
/// iso-recursively: every recursion group is canonicalised (references inside the group relative to it, references
/// to earlier groups by their canonical index), so that two indices are the same type when their canonical indices
/// are equal.
/// </summary>
internal sealed class Subtyping
{
    private readonly ModuleDefinition _module;
    // The canonical type index of every type index: the index of the first type equal to it.
    private readonly int[] _canonical;

    public Subtyping(ModuleDefinition module)
    {
        _module = module;
        _canonical = Canonicalise(module);
    }

    private static int[] Canonicalise(ModuleDefinition module)
    {
        var count = module.Types.Length;
        var canonical = new int[count];
        var groups = new Dictionary<string, int>(System.StringComparer.Ordinal);
        var i = 0;
        while (i < count)
        {
            var def = module.TypeDef(i);
            var start = i;
            var size = def.RecStart == i && def.RecSize > 0 ? System.Math.Min(def.RecSize, count - i) : 1;
            var key = new StringBuilder();
            for (var k = start; k < start + size; k++) Describe(module.TypeDef(k), start, size, canonical, key);
            var text = key.ToString();
            if (!groups.TryGetValue(text, out var first)) groups[text] = first = start;
            for (var k = 0; k < size; k++) canonical[start + k] = first + k;
            i += size;
        }
        return canonical;
    }

    /// <summary>Appends the structure of a defined type of the group [<paramref name="start"/>, +<paramref name="size"/>)
    /// with its type references resolved: "r" + position inside its own group, "c" + <paramref name="canonical"/> of a
    /// type of an earlier group, "x" + index for a forward reference (invalid, rejected elsewhere). The engine keys rec
    /// groups across modules with it, passing process-wide ids as <paramref name="canonical"/>.</summary>
    internal static void Describe(DefinedType def, int start, int size, int[] canonical, StringBuilder key)
    {
        void Index(int index)
        {
            if (index >= start && index < start + size) key.Append('r').Append(index - start);
            else if (index >= 0 && index < start) key.Append('c').Append(canonical[index]);
            else key.Append('x').Append(index);
            key.Append(' ');
        }
        void Type(VT type)
        {
            if (type.IsTypedReference() && ValueTypes.IsTypeIndex(type.HeapOf()))
            {
                key.Append(type.IsNullable() ? "n" : "r");
                Index(type.HeapOf());
            }
            else
            {
                key.Append((int)type).Append(' ');
            }
        }
        key.Append('(').Append((int)def.Kind).Append(def.Final ? 'f' : 'o');
        if (def.Supertype >= 0) Index(def.Supertype);
        key.Append(':');
        foreach (var p in def.Function.Params) Type(p);
        key.Append("->");
        foreach (var r in def.Function.Results) Type(r);
        foreach (var field in def.Fields)
        {
            key.Append(field.Mutable ? 'm' : 'i');
            Type(field.Storage);
        }
        key.Append(')');
    }

    /// <summary>Whether two type indices denote the same (iso-recursively equal) type.</summary>
    public bool SameIndex(int i, int j) => i == j || (i >= 0 && j >= 0 && i < _canonical.Length && j < _canonical.Length && _canonical[i] == _canonical[j]);

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

    /// <summary>The kind of a type index (func for an index out of range: it is reported elsewhere).</summary>
    private CompositeKind KindOf(int index) => index < _module.Types.Length ? _module.TypeDef(index).Kind : CompositeKind.Func;

    /// <summary>The top of a heap type's hierarchy: func, extern, exn or any.</summary>
    public int TopOf(int heap) =>
        ValueTypes.IsTypeIndex(heap) ? (KindOf(heap) == CompositeKind.Func ? ValueTypes.HeapFunc : ValueTypes.HeapAny) : ValueTypes.TopOfAbstract(heap);

    /// <summary>Heap subtyping.</summary>
    public bool HeapMatches(int actual, int expected)
    {
        if (actual == expected) return true;
        var actualIndex = ValueTypes.IsTypeIndex(actual);
        var expectedIndex = ValueTypes.IsTypeIndex(expected);
        if (actualIndex && expectedIndex)
        {
            // Declared supertypes (each below its subtype, so the walk ends).
            for (var t = actual; t >= 0 && t < _module.Types.Length; t = _module.TypeDef(t).Supertype)
            {
                if (SameIndex(t, expected)) return true;
                if (_module.TypeDef(t).Supertype >= t) break;
            }
            return false;
        }
        if (actualIndex)
        {
            return KindOf(actual) switch
            {
                CompositeKind.Func => expected == ValueTypes.HeapFunc,
                CompositeKind.Struct => expected is ValueTypes.HeapStruct or ValueTypes.HeapEq or ValueTypes.HeapAny,
                _ => expected is ValueTypes.HeapArray or ValueTypes.HeapEq or ValueTypes.HeapAny,
            };
        }
        if (expectedIndex)
        {
            return actual == ValueTypes.HeapNone ? KindOf(expected) != CompositeKind.Func
                : actual == ValueTypes.HeapNoFunc && KindOf(expected) == CompositeKind.Func;
        }
        if (ValueTypes.TopOfAbstract(actual) != ValueTypes.TopOfAbstract(expected)) return false;
        if (ValueTypes.IsBottom(actual) || expected == ValueTypes.TopOfAbstract(expected)) return true;
        return expected == ValueTypes.HeapEq && actual is ValueTypes.HeapI31 or ValueTypes.HeapStruct or ValueTypes.HeapArray;
    }

    /// <summary>Whether two function types are equal up to equivalent type indices.</summary>
    public bool SameFunctionTypes(FunctionType a, FunctionType b) => AllSame(a.Params, b.Params) && AllSame(a.Results, b.Results);

    private bool AllSame(ImmutableArray<VT> a, ImmutableArray<VT> b)
    {
        if (a.Length != b.Length) return false;
        for (var k = 0; k < a.Length; k++)
            if (!Same(a[k], b[k])) return false;
        return true;
    }

    /// <summary>Whether every type of <paramref name="actual"/> matches the one at the same position of <paramref name="expected"/>.</summary>
    public bool AllMatch(ImmutableArray<VT> actual, ImmutableArray<VT> expected)
    {
        if (actual.Length != expected.Length) return false;
        for (var k = 0; k < actual.Length; k++)
            if (!Matches(actual[k], expected[k])) return false;
        return true;
    }

    /// <summary>Field subtyping: same mutability; an immutable field is covariant, a mutable one invariant.</summary>
    public bool FieldMatches(FieldType actual, FieldType expected)
    {
        if (actual.Mutable != expected.Mutable) return false;
        if (actual.Storage is ValueTypes.I8 or ValueTypes.I16 || expected.Storage is ValueTypes.I8 or ValueTypes.I16) return actual.Storage == expected.Storage;
        return actual.Mutable ? Same(actual.Storage, expected.Storage) : Matches(actual.Storage, expected.Storage);
    }

    /// <summary>Whether defined type <paramref name="sub"/> may declare <paramref name="super"/> as its supertype.</summary>
    public bool CompositeMatches(DefinedType sub, DefinedType super)
    {
        if (sub.Kind != super.Kind) return false;
        switch (sub.Kind)
        {
            case CompositeKind.Func:
                return AllMatch(super.Function.Params, sub.Function.Params) && AllMatch(sub.Function.Results, super.Function.Results);
            default:
                if (sub.Fields.Length < super.Fields.Length) return false;
                for (var k = 0; k < super.Fields.Length; k++)
                    if (!FieldMatches(sub.Fields[k], super.Fields[k])) return false;
                return true;
        }
    }
}

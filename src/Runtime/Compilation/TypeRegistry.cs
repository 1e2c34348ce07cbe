using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Compilation;

/// <summary>
/// Process-wide canonical ids of types: iso-recursively equal types of any module get equal ids (see
/// <see cref="IdsOf(ModuleDefinition)"/>), which call_indirect compares against the id baked into the caller and
/// linking compares for function imports. Canonical value types (<see cref="Canonical(int[], ValueType)"/>) replace
/// a typed reference's type index by that id: they compare across modules.
/// </summary>
internal static partial class TypeRegistry
{
    private static readonly ConcurrentDictionary<string, int> ByKey = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<FunctionType, int> Closed = new();
    private static int _next;

    /// <summary>The id of a function type without type indices (host signatures, tags, plain module types): the
    /// same as the id of that type declared final in a rec group of its own by any module.</summary>
    public static int IdOf(FunctionType type) => Closed.GetOrAdd(type, static t => IdOfKey(ClosedKey(t)));

    private static string ClosedKey(FunctionType type)
    {
        var sb = new StringBuilder("(");
        foreach (var t in type.Params) sb.Append(((int)t).ToString("x", CultureInfo.InvariantCulture)).Append(' ');
        sb.Append("->");
        foreach (var t in type.Results) sb.Append(((int)t).ToString("x", CultureInfo.InvariantCulture)).Append(' ');
        return sb.Append(')').ToString();
    }

    /// <summary>The module-independent form of a value type: a type index becomes its canonical id.</summary>
    public static ValueType Canonical(int[] typeIds, ValueType type)
    {
        if (!type.IsTypedReference()) return type;
        var heap = type.HeapOf();
        return ValueTypes.IsTypeIndex(heap) && heap < typeIds.Length ? ValueTypes.Ref(type.IsNullable(), typeIds[heap]) : type;
    }

    /// <summary>The module-independent form of a signature (the same instance when it names no type index).</summary>
    public static FunctionType Canonical(int[] typeIds, FunctionType type)
    {
        if (!HasTypeIndex(type)) return type;
        var parameters = ImmutableArray.CreateBuilder<ValueType>(type.Params.Length);
        foreach (var t in type.Params) parameters.Add(Canonical(typeIds, t));
        var results = ImmutableArray.CreateBuilder<ValueType>(type.Results.Length);
        foreach (var t in type.Results) results.Add(Canonical(typeIds, t));
        return new FunctionType(parameters.MoveToImmutable(), results.MoveToImmutable());
    }

    /// <summary>Whether a signature names a type by index.</summary>
    public static bool HasTypeIndex(FunctionType type)
    {
        foreach (var t in type.Params)
            if (t.IsTypedReference() && ValueTypes.IsTypeIndex(t.HeapOf())) return true;
        foreach (var t in type.Results)
            if (t.IsTypedReference() && ValueTypes.IsTypeIndex(t.HeapOf())) return true;
        return false;
    }

    /// <summary>Subtyping of canonical value types (ids by their declared supertype chains, see <see cref="Gc"/>).</summary>
    public static bool Matches(ValueType actual, ValueType expected)
    {
        if (actual == expected) return true;
        if (!actual.IsReference() || !expected.IsReference()) return false;
        if (actual.IsNullable() && !expected.IsNullable()) return false;
        int a = actual.HeapOf(), e = expected.HeapOf();
        return a == e || HeapMatchesGc(a, e);
    }

    /// <summary>Long keys are stored as their SHA-256 (the registry lives as long as the process).</summary>
    private static int IdOfKey(string key)
    {
        if (key.Length > 256)
            key = "sha256 " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return ByKey.GetOrAdd(key, static _ => System.Threading.Interlocked.Increment(ref _next));
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using WitBindgen.CoreWasm.Modules;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Compilation;

/// <summary>
/// Process-wide canonical ids of function types: structurally equal signatures get equal ids, which
/// call_indirect compares against the id baked into the caller and linking compares for function imports.
/// A function type whose typed references name other types by module-relative index is keyed by its
/// expansion (the referenced types written out, a reference back to a type being expanded written as its
/// distance up the expansion path), so equal types of different modules get the same id.
/// Canonical value types (<see cref="Canonical(int[], ValueType)"/>) replace a typed
/// reference's type index by that id: they compare across modules.
/// </summary>
internal static partial class TypeRegistry
{
    private static readonly ConcurrentDictionary<string, int> ByKey = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<FunctionType, int> Closed = new();
    private static int _next;
    private static int _opaque;

    /// <summary>The longest expansion written for a key (cyclic types can expand exponentially).</summary>
    internal const int MaxKeyLength = 1 << 20;

    /// <summary>The most written for all keys of one module; past it, types with type indices get opaque ids.</summary>
    internal const int MaxModuleKeyLength = 1 << 23;

    /// <summary>The id of a function type without type indices (host signatures, plain modules).</summary>
    public static int IdOf(FunctionType type) =>
        Closed.GetOrAdd(type, static t => IdOfKey(new Expander(ImmutableArray<FunctionType>.Empty).Key(t)));

    /// <summary>The id of every type of a module, by type index.</summary>
    public static int[] IdsOf(ImmutableArray<FunctionType> types)
    {
        var ids = new int[types.Length];
        var expander = new Expander(types);
        string? opaque = null;
        var budget = MaxModuleKeyLength;
        for (var i = 0; i < ids.Length; i++)
        {
            if (!HasTypeIndex(types[i])) { ids[i] = IdOf(types[i]); continue; }
            if (budget > 0 && expander.Key(i, Math.Min(MaxKeyLength, budget)) is { } key)
            {
                ids[i] = IdOfKey(key);
                budget -= key.Length;
            }
            else
            {
                budget = 0;
                // Types referring to each other in many cycles expand to more than MaxKeyLength (or all keys of the
                // module to more than MaxModuleKeyLength): such a type, and every later one with type indices, gets
                // an id of its own (one per module and type index), so it matches no other type.
                opaque ??= "opaque " + System.Threading.Interlocked.Increment(ref _opaque).ToString(CultureInfo.InvariantCulture) + " ";
                ids[i] = IdOfKey(opaque + i.ToString(CultureInfo.InvariantCulture));
            }
        }
        return ids;
    }

    /// <summary>The module-independent form of a value type: a type index becomes its canonical id.</summary>
    public static ValueType Canonical(int[] typeIds, ValueType type)
    {
        if (!type.IsTypedReference()) return type;
        var heap = type.HeapOf();
        return ValueTypes.IsTypeIndex(heap) && heap < typeIds.Length ? ValueTypes.Ref(type.IsNullable(), typeIds[heap]) : type;
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

    private static bool HasTypeIndex(FunctionType type)
    {
        foreach (var t in type.Params)
            if (t.IsTypedReference() && ValueTypes.IsTypeIndex(t.HeapOf())) return true;
        foreach (var t in type.Results)
            if (t.IsTypedReference() && ValueTypes.IsTypeIndex(t.HeapOf())) return true;
        return false;
    }

    /// <summary>Writes types out with their references expanded; the key of a type whose expansion refers back to no
    /// type above it on the path is context-free (back references are relative) and memoised. The validator lets a
    /// type name only itself or earlier types, so that is every type; still, a chain of types each naming all earlier
    /// ones doubles in length per type, hence the limits.</summary>
    private sealed class Expander
    {
        private readonly ImmutableArray<FunctionType> _types;
        private readonly List<int> _path = new();
        private readonly Dictionary<int, string> _memo = new();
        private bool _overflow;
        private int _limit = MaxKeyLength;

        public Expander(ImmutableArray<FunctionType> types) => _types = types;

        /// <summary>The key of type <paramref name="index"/>, or null when its expansion exceeds <paramref name="limit"/>
        /// characters (the expander is unusable afterwards).</summary>
        public string? Key(int index, int limit)
        {
            _limit = limit;
            var sb = new StringBuilder();
            AppendIndex(sb, index);
            return _overflow ? null : sb.ToString();
        }

        public string Key(FunctionType type)
        {
            var sb = new StringBuilder();
            AppendType(sb, type);
            return sb.ToString();
        }

        /// <summary>Appends type <paramref name="index"/>; returns the lowest path position its expansion refers to.</summary>
        private int AppendIndex(StringBuilder sb, int index)
        {
            if (_memo.TryGetValue(index, out var known))
            {
                sb.Append(known);
                return int.MaxValue;
            }
            if (_overflow) return int.MaxValue;
            var position = _path.Count;
            _path.Add(index);
            var start = sb.Length;
            var lowest = AppendType(sb, _types[index]);
            _path.RemoveAt(position);
            if (lowest >= position) _memo[index] = sb.ToString(start, sb.Length - start);
            return lowest;
        }

        private int AppendType(StringBuilder sb, FunctionType type)
        {
            var lowest = int.MaxValue;
            sb.Append('(');
            foreach (var t in type.Params) lowest = Math.Min(lowest, AppendValue(sb, t));
            sb.Append("->");
            foreach (var t in type.Results) lowest = Math.Min(lowest, AppendValue(sb, t));
            sb.Append(')');
            return lowest;
        }

        private int AppendValue(StringBuilder sb, ValueType type)
        {
            if (!type.IsTypedReference() || !ValueTypes.IsTypeIndex(type.HeapOf()) || type.HeapOf() >= _types.Length)
            {
                sb.Append(((int)type).ToString("x", CultureInfo.InvariantCulture)).Append(' ');
                return int.MaxValue;
            }
            var heap = type.HeapOf();
            sb.Append(type.IsNullable() ? "rn" : "r");
            if (sb.Length > _limit)
            {
                _overflow = true;
                return int.MaxValue;
            }
            var at = _path.LastIndexOf(heap);
            if (at >= 0)
            {
                sb.Append('^').Append((_path.Count - 1 - at).ToString(CultureInfo.InvariantCulture)).Append(' ');
                return at;
            }
            return AppendIndex(sb, heap);
        }
    }
}

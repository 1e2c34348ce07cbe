using System;
using System.Text;
using System.Threading;
using WitBindgen.CoreWasm.Modules;
using WitBindgen.Runtime.Execution;
using ValueType = WitBindgen.CoreWasm.Modules.ValueType;

namespace WitBindgen.Runtime.Compilation;

/// <summary>
/// Canonical ids of a module's types, iso-recursively as the GC spec defines type equality, for modules with and
/// without GC alike: each recursion group is keyed by its structure, a reference inside the group by its position
/// there and one to an earlier group by that type's canonical id, so equal groups of different modules get equal ids
/// (casts, imports and call_indirect between modules that define the same type succeed). Every id has a
/// <see cref="GcType"/> (supertype chain, field layout) that casts and allocation read.
/// </summary>
internal static partial class TypeRegistry
{
    private static GcType?[] _gcTypes = new GcType?[64];
    private static readonly object GcLock = new();

    /// <summary>The deepest supertype chain a type may have (Wasmtime's limit too): casts keep the whole chain per type.</summary>
    internal const int MaxSubtypingDepth = 63;

    /// <summary>The runtime type of canonical id <paramref name="id"/>, or null (a host signature no module declared).</summary>
    public static GcType? Gc(int id)
    {
        var types = Volatile.Read(ref _gcTypes);
        return (uint)id < (uint)types.Length ? types[id] : null;
    }

    /// <summary>The id of every type of a module, by type index; registers their runtime types. A module without GC
    /// has only final function types, each a rec group of its own.</summary>
    public static int[] IdsOf(ModuleDefinition definition)
    {
        var count = definition.Types.Length;
        var ids = new int[count];
        var i = 0;
        while (i < count)
        {
            var def = definition.TypeDef(i);
            var size = def.RecStart == i && def.RecSize > 0 ? Math.Min(def.RecSize, count - i) : 1;
            if (size == 1 && IsPlainFunction(def))
            {
                // Keyed without the group structure so that host signatures (IdOf) match it.
                ids[i] = IdOf(def.Function);
            }
            else
            {
                var key = new StringBuilder("gc ");
                for (var k = i; k < i + size; k++) CoreWasm.Validation.Subtyping.Describe(definition.TypeDef(k), i, size, ids, key);
                // Hashed once: every member's key repeats it (a large group would otherwise cost its size squared).
                var group = key.Length > 256 ? "gc sha256 " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString()))) : key.ToString();
                for (var k = 0; k < size; k++) ids[i + k] = IdOfKey(group + "#" + k.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            for (var k = i; k < i + size; k++) Register(definition.TypeDef(k), k, ids);
            i += size;
        }
        return ids;
    }

    private static bool IsPlainFunction(DefinedType def) =>
        def.Kind == CompositeKind.Func && def.Final && def.Supertype < 0 && !HasTypeIndex(def.Function);

    private static void Register(DefinedType def, int index, int[] ids)
    {
        var id = ids[index];
        if (Gc(id) is not null) return;
        var super = def.Supertype >= 0 && def.Supertype < index ? Gc(ids[def.Supertype]) : null;
        if (super is not null && super.Ancestors.Length > MaxSubtypingDepth)
            throw new NotSupportedException($"unsupported feature: subtyping deeper than {MaxSubtypingDepth} (type {index})");
        var ancestors = super is null ? new[] { id } : [.. super.Ancestors, id];
        var storage = new ValueType[def.Fields.Length];
        for (var k = 0; k < storage.Length; k++)
        {
            var field = def.Fields[k].Storage;
            storage[k] = field is ValueTypes.I8 or ValueTypes.I16 ? field : Canonical(ids, field);
        }
        var type = new GcType(id, def.Kind, ancestors, storage);
        lock (GcLock)
        {
            var types = _gcTypes;
            if (id >= types.Length)
            {
                Array.Resize(ref types, Math.Max(id + 1, types.Length * 2));
                Volatile.Write(ref _gcTypes, types);
            }
            types[id] ??= type;
        }
    }

    /// <summary>Whether canonical id <paramref name="actual"/> is <paramref name="expected"/> or one of its declared subtypes.</summary>
    public static bool IsSubtype(int actual, int expected) =>
        actual == expected || (Gc(actual) is { } a && Gc(expected) is { } e && a.IsSubtypeOf(e));

    /// <summary>Heap subtyping of canonical heap types (ids or abstract), GC hierarchy included.</summary>
    private static bool HeapMatchesGc(int actual, int expected)
    {
        if (ValueTypes.IsTypeIndex(actual))
        {
            if (ValueTypes.IsTypeIndex(expected)) return IsSubtype(actual, expected);
            return (Gc(actual)?.Kind ?? CompositeKind.Func) switch
            {
                CompositeKind.Func => expected == ValueTypes.HeapFunc,
                CompositeKind.Struct => expected is ValueTypes.HeapStruct or ValueTypes.HeapEq or ValueTypes.HeapAny,
                _ => expected is ValueTypes.HeapArray or ValueTypes.HeapEq or ValueTypes.HeapAny,
            };
        }
        if (ValueTypes.IsTypeIndex(expected))
            return actual == ValueTypes.HeapNone ? Gc(expected) is { Kind: not CompositeKind.Func } : actual == ValueTypes.HeapNoFunc;
        if (ValueTypes.TopOfAbstract(actual) != ValueTypes.TopOfAbstract(expected)) return false;
        if (ValueTypes.IsBottom(actual) || expected == ValueTypes.TopOfAbstract(expected)) return true;
        return expected == ValueTypes.HeapEq && actual is ValueTypes.HeapI31 or ValueTypes.HeapStruct or ValueTypes.HeapArray;
    }
}

using System.Collections.Generic;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.ComponentModel.Binary.Validation;

/// <summary>
/// The canonical ABI facts validation needs (CanonicalABI.md): flattening of value types to core types, the byte
/// size of a value (saturating, to enforce the maximum), and whether a type needs linear memory (strings, lists).
/// </summary>
internal static class AbiShape
{
    public const int MaxFlatParams = 16;
    public const int MaxFlatResults = 1;

    /// <summary>
    /// Byte size of a value of the type (saturates instead of overflowing), laid out with 64-bit pointers (the larger
    /// of the two layouts), as the maximum value size must hold for both.
    /// </summary>
    public static ulong Size(DefType t) => SizeAlign(t).Size;

    private static (ulong Size, ulong Align) SizeAlign(DefType t)
    {
        // Primitives are shared between validations (threads): their layout is computed, never cached.
        if (t.Kind == DefKind.Primitive) return ComputeLayout(t);
        if (t.Layout is { } known) return known;
        var layout = ComputeLayout(t);
        t.Layout = layout;
        return layout;
    }

    private static (ulong Size, ulong Align) ComputeLayout(DefType t)
    {
        switch (t.Kind)
        {
            case DefKind.Primitive:
                return t.Primitive switch
                {
                    PrimitiveValType.Bool or PrimitiveValType.S8 or PrimitiveValType.U8 => (1, 1),
                    PrimitiveValType.S16 or PrimitiveValType.U16 => (2, 2),
                    PrimitiveValType.S64 or PrimitiveValType.U64 or PrimitiveValType.F64 => (8, 8),
                    // Sized with 64-bit pointers, the larger layout, so the limit holds for either pointer width.
                    PrimitiveValType.String => (16, 8),
                    _ => (4, 4),
                };
            case DefKind.List: return (16, 8);
            case DefKind.Map: return (16, 8);
            case DefKind.FixedList:
            {
                var (s, a) = SizeAlign(t.A!);
                return (Mul(s, t.Length), a);
            }
            case DefKind.Record:
            {
                var parts = new List<DefType>();
                foreach (var f in t.Fields) parts.Add(f.Type);
                return Struct(parts);
            }
            case DefKind.Tuple: return Struct(t.Types);
            case DefKind.Flags: return t.Names.Count <= 8 ? ((ulong)1, (ulong)1) : t.Names.Count <= 16 ? ((ulong)2, (ulong)2) : ((ulong)4, (ulong)4);
            case DefKind.Enum: return Discriminant(t.Names.Count);
            case DefKind.Variant:
            {
                var cases = new List<DefType?>();
                foreach (var c in t.Cases) cases.Add(c.Type);
                return Variant(cases);
            }
            case DefKind.Option: return Variant(new[] { null, t.A });
            case DefKind.Result: return Variant(new[] { t.A, t.B });
            default: return (4, 4);
        }
    }

    private static ulong Mul(ulong a, ulong b) => a != 0 && b > ulong.MaxValue / 4 / a ? ulong.MaxValue / 4 : a * b;

    private static ulong AlignTo(ulong x, ulong a) => x >= ulong.MaxValue / 4 ? x : (x + a - 1) / a * a;

    private static (ulong, ulong) Struct(IReadOnlyList<DefType> parts)
    {
        ulong size = 0, align = 1;
        foreach (var p in parts)
        {
            var (s, a) = SizeAlign(p);
            size = AlignTo(size, a);
            size = size >= ulong.MaxValue / 4 || s >= ulong.MaxValue / 4 ? ulong.MaxValue / 4 : size + s;
            if (a > align) align = a;
        }
        return (AlignTo(size, align), align);
    }

    private static (ulong, ulong) Discriminant(int cases) => cases <= 256 ? ((ulong)1, (ulong)1) : cases <= 65536 ? ((ulong)2, (ulong)2) : ((ulong)4, (ulong)4);

    private static (ulong, ulong) Variant(IReadOnlyList<DefType?> cases)
    {
        var (size, align) = Discriminant(cases.Count);
        ulong max = 0;
        foreach (var c in cases)
        {
            if (c is null) continue;
            var (s, a) = SizeAlign(c);
            if (s > max) max = s;
            if (a > align) align = a;
        }
        size = AlignTo(size, align);
        size = max >= ulong.MaxValue / 4 ? max : size + max;
        return (AlignTo(size, align), align);
    }

    /// <summary>Whether values of the type live (partly) in linear memory: strings, lists and maps.</summary>
    public static bool UsesMemory(DefType t)
    {
        if (t.Kind == DefKind.Primitive) return t.Primitive == PrimitiveValType.String;
        if (t.Kind is DefKind.List or DefKind.Map) return true;
        if (t.Kind is DefKind.Stream or DefKind.Future or DefKind.Own or DefKind.Borrow) return false;
        foreach (var c in t.Children()) if (UsesMemory(c)) return true;
        return false;
    }

    /// <summary>Flattens a value type to core types (joining variant payloads).</summary>
    public static void Flatten(DefType t, List<ValueType> into)
    {
        switch (t.Kind)
        {
            case DefKind.Primitive:
                switch (t.Primitive)
                {
                    case PrimitiveValType.S64: case PrimitiveValType.U64: into.Add(ValueType.I64); break;
                    case PrimitiveValType.F32: into.Add(ValueType.F32); break;
                    case PrimitiveValType.F64: into.Add(ValueType.F64); break;
                    case PrimitiveValType.String: into.Add(ValueType.I32); into.Add(ValueType.I32); break;
                    default: into.Add(ValueType.I32); break;
                }
                break;
            case DefKind.List:
            case DefKind.Map:
                into.Add(ValueType.I32); into.Add(ValueType.I32);
                break;
            case DefKind.FixedList:
                for (uint i = 0; i < t.Length && into.Count <= 1024; i++) Flatten(t.A!, into);
                break;
            case DefKind.Record:
                foreach (var f in t.Fields) Flatten(f.Type, into);
                break;
            case DefKind.Tuple:
                foreach (var x in t.Types) Flatten(x, into);
                break;
            case DefKind.Flags:
                into.Add(ValueType.I32);
                break;
            case DefKind.Variant:
            {
                var cases = new List<DefType?>();
                foreach (var c in t.Cases) cases.Add(c.Type);
                FlattenVariant(cases, into);
                break;
            }
            case DefKind.Option: FlattenVariant(new[] { null, t.A }, into); break;
            case DefKind.Result: FlattenVariant(new[] { t.A, t.B }, into); break;
            default:
                into.Add(ValueType.I32);
                break;
        }
    }

    private static void FlattenVariant(IReadOnlyList<DefType?> cases, List<ValueType> into)
    {
        var joined = new List<ValueType>();
        foreach (var c in cases)
        {
            if (c is null) continue;
            var flat = new List<ValueType>();
            Flatten(c, flat);
            for (int i = 0; i < flat.Count; i++)
            {
                if (i < joined.Count) joined[i] = Join(joined[i], flat[i]);
                else joined.Add(flat[i]);
            }
        }
        into.Add(ValueType.I32);
        into.AddRange(joined);
    }

    private static ValueType Join(ValueType a, ValueType b)
    {
        if (a == b) return a;
        if ((a == ValueType.I32 && b == ValueType.F32) || (a == ValueType.F32 && b == ValueType.I32)) return ValueType.I32;
        return ValueType.I64;
    }

    /// <summary>The flat parameter types of a list of values, spilled to one pointer beyond the limit.</summary>
    public static List<ValueType> FlatParams(FuncSig f, out bool spilled)
    {
        var flat = new List<ValueType>();
        foreach (var (_, t) in f.Params) Flatten(t, flat);
        spilled = flat.Count > MaxFlatParams;
        return spilled ? new List<ValueType> { ValueType.I32 } : flat;
    }

    public static List<ValueType> FlatResults(FuncSig f, out bool spilled)
    {
        var flat = new List<ValueType>();
        if (f.Result is { } r) Flatten(r, flat);
        spilled = flat.Count > MaxFlatResults;
        return spilled ? new List<ValueType> { ValueType.I32 } : flat;
    }
}

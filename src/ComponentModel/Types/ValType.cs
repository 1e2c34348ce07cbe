using System;
using System.Collections.Generic;
using System.Text;

namespace WitBindgen.ComponentModel.Types;

/// <summary>
/// An immutable component value type with its canonical ABI layout (size, alignment, field offsets,
/// discriminant size) and flattening computed once at construction.
/// Specialized types keep their identity (<see cref="ValTypeKind.Tuple"/>, <see cref="ValTypeKind.Option"/>...)
/// but expose their despecialized shape: tuples have <see cref="Fields"/>, enums/options/results have
/// <see cref="Cases"/>, maps have <see cref="Element"/> = <c>tuple&lt;K, V&gt;</c>.
/// </summary>
public sealed class ValType
{
    /// <summary>The most flat values materialized per type; larger types only report <see cref="FlatCount"/>.</summary>
    internal const int MaxMaterializedFlat = 64;

    private static readonly ValType?[] NoCases = Array.Empty<ValType?>();
    private static readonly ValType[] NoFields = Array.Empty<ValType>();
    private static readonly string[] NoNames = Array.Empty<string>();

    /// <summary><c>bool</c>.</summary>
    public static readonly ValType Bool = Prim(ValTypeKind.Bool, 1, CoreValType.I32);
    /// <summary><c>s8</c>.</summary>
    public static readonly ValType S8 = Prim(ValTypeKind.S8, 1, CoreValType.I32);
    /// <summary><c>u8</c>.</summary>
    public static readonly ValType U8 = Prim(ValTypeKind.U8, 1, CoreValType.I32);
    /// <summary><c>s16</c>.</summary>
    public static readonly ValType S16 = Prim(ValTypeKind.S16, 2, CoreValType.I32);
    /// <summary><c>u16</c>.</summary>
    public static readonly ValType U16 = Prim(ValTypeKind.U16, 2, CoreValType.I32);
    /// <summary><c>s32</c>.</summary>
    public static readonly ValType S32 = Prim(ValTypeKind.S32, 4, CoreValType.I32);
    /// <summary><c>u32</c>.</summary>
    public static readonly ValType U32 = Prim(ValTypeKind.U32, 4, CoreValType.I32);
    /// <summary><c>s64</c>.</summary>
    public static readonly ValType S64 = Prim(ValTypeKind.S64, 8, CoreValType.I64);
    /// <summary><c>u64</c>.</summary>
    public static readonly ValType U64 = Prim(ValTypeKind.U64, 8, CoreValType.I64);
    /// <summary><c>f32</c>.</summary>
    public static readonly ValType F32 = Prim(ValTypeKind.F32, 4, CoreValType.F32);
    /// <summary><c>f64</c>.</summary>
    public static readonly ValType F64 = Prim(ValTypeKind.F64, 8, CoreValType.F64);
    /// <summary><c>char</c>.</summary>
    public static readonly ValType Char = Prim(ValTypeKind.Char, 4, CoreValType.I32);
    /// <summary><c>string</c>: (pointer, tagged code units).</summary>
    public static readonly ValType String = new(ValTypeKind.String, 8, 4, new[] { CoreValType.I32, CoreValType.I32 }) { NeedsMemory = true };
    /// <summary><c>error-context</c>.</summary>
    public static readonly ValType ErrorContext = Prim(ValTypeKind.ErrorContext, 4, CoreValType.I32);

    private readonly CoreValType[]? _flat;

    /// <summary>The canonical ABI conversions of this type, specialised on first use (<see cref="Abi.AbiConverter.For"/>).</summary>
    internal Abi.AbiConverter? Converter;

    private ValType(ValTypeKind kind, uint size, uint alignment, CoreValType[]? flat, long flatCount = -1)
    {
        Kind = kind; Size = size; Alignment = alignment; _flat = flat;
        FlatCount = flat?.Length ?? flatCount;
        Fields = NoFields; Names = NoNames; Cases = NoCases; FieldOffsets = Array.Empty<uint>();
    }

    private static ValType Prim(ValTypeKind kind, uint size, CoreValType flat) => new(kind, size, size, new[] { flat });

    /// <summary>The kind.</summary>
    public ValTypeKind Kind { get; }
    /// <summary>Size in bytes when stored in linear memory (the spec's <c>elem_size</c>).</summary>
    public uint Size { get; }
    /// <summary>Alignment in bytes (1, 2, 4 or 8).</summary>
    public uint Alignment { get; }
    /// <summary>Number of core values this type flattens to.</summary>
    public long FlatCount { get; }
    /// <summary>The flattened core types, or null when <see cref="FlatCount"/> exceeds an internal bound (then such values always travel through memory).</summary>
    public IReadOnlyList<CoreValType>? FlatTypes => _flat;
    internal CoreValType[]? Flat => _flat;

    /// <summary>Element type of list, fixed-length list, option (the <c>some</c> payload), future/stream (may be null) and map (<c>tuple&lt;K,V&gt;</c>).</summary>
    public ValType? Element { get; private set; }
    /// <summary>Length of a fixed-length list.</summary>
    public uint Length { get; private set; }
    /// <summary>Field types of records and tuples.</summary>
    public IReadOnlyList<ValType> Fields { get; private set; }
    internal ValType[] FieldArray => (ValType[])Fields;
    /// <summary>Byte offsets of <see cref="Fields"/> from the start of the value.</summary>
    public IReadOnlyList<uint> FieldOffsets { get; private set; }
    internal uint[] FieldOffsetArray => (uint[])FieldOffsets;
    /// <summary>Field names (records), labels (enum, flags), case names (variant, option, result).</summary>
    public IReadOnlyList<string> Names { get; private set; }
    /// <summary>Case payload types of variant-like types (variant, enum, option, result); null for cases without payload.</summary>
    public IReadOnlyList<ValType?> Cases { get; private set; }
    internal ValType?[] CaseArray => (ValType?[])Cases;
    /// <summary>Discriminant size in bytes for variant-like types (1, 2 or 4).</summary>
    public uint DiscriminantSize { get; private set; }
    /// <summary>Offset of the payload of variant-like types.</summary>
    public uint PayloadOffset { get; private set; }
    /// <summary>Resource type id of own/borrow handles (the caller's identity for the resource type).</summary>
    public int ResourceId { get; private set; } = -1;
    /// <summary>Key and value types of a map.</summary>
    public ValType? MapKey { get; private set; }
    /// <summary>Value type of a map.</summary>
    public ValType? MapValue { get; private set; }
    /// <summary>For result: whether the ok/err payload exists is given by <see cref="Cases"/>[0]/[1].</summary>
    public ValType? Ok => Kind == ValTypeKind.Result ? Cases[0] : null;
    /// <summary>The error payload of a result.</summary>
    public ValType? Err => Kind == ValTypeKind.Result ? Cases[1] : null;

    /// <summary>Whether lifting or lowering this type touches linear memory (strings, lists, maps).</summary>
    public bool NeedsMemory { get; private set; }
    /// <summary>Whether lowering this type may call realloc.</summary>
    public bool NeedsRealloc => NeedsMemory;

    /// <summary><c>list&lt;T&gt;</c>.</summary>
    public static ValType List(ValType element)
    {
        if (element is null) throw new ArgumentNullException(nameof(element));
        return new ValType(ValTypeKind.List, 8, 4, new[] { CoreValType.I32, CoreValType.I32 }) { Element = element, NeedsMemory = true };
    }

    /// <summary><c>list&lt;T, N&gt;</c>; <paramref name="length"/> must be positive.</summary>
    public static ValType FixedList(ValType element, uint length)
    {
        if (element is null) throw new ArgumentNullException(nameof(element));
        if (length == 0) throw new ArgumentException("fixed-length lists must have a positive length", nameof(length));
        ulong size = (ulong)element.Size * length;
        if (size > uint.MaxValue) throw new ArgumentException("fixed-length list is too large", nameof(length));
        long flatCount = element.FlatCount * length;
        CoreValType[]? flat = null;
        if (element._flat is not null && flatCount <= MaxMaterializedFlat)
        {
            flat = new CoreValType[flatCount];
            for (int i = 0; i < length; i++) element._flat.CopyTo(flat, i * element._flat.Length);
        }
        return new ValType(ValTypeKind.FixedList, (uint)size, element.Alignment, flat, flatCount)
        { Element = element, Length = length, NeedsMemory = element.NeedsMemory };
    }

    /// <summary>A record with named fields (at least one).</summary>
    public static ValType Record(IReadOnlyList<(string Name, ValType Type)> fields)
    {
        if (fields is null || fields.Count == 0) throw new ArgumentException("records must have at least one field", nameof(fields));
        var names = new string[fields.Count];
        var types = new ValType[fields.Count];
        for (int i = 0; i < fields.Count; i++) { names[i] = fields[i].Name; types[i] = fields[i].Type ?? throw new ArgumentNullException(nameof(fields)); }
        var t = Struct(ValTypeKind.Record, types);
        t.Names = names;
        return t;
    }

    /// <summary>A tuple (despecialized to a record with positional fields). An empty tuple is allowed for spilled parameter lists.</summary>
    public static ValType Tuple(IReadOnlyList<ValType> types)
    {
        if (types is null) throw new ArgumentNullException(nameof(types));
        var arr = new ValType[types.Count];
        for (int i = 0; i < arr.Length; i++) arr[i] = types[i] ?? throw new ArgumentNullException(nameof(types));
        return Struct(ValTypeKind.Tuple, arr);
    }

    /// <summary>A tuple.</summary>
    public static ValType Tuple(params ValType[] types) => Tuple((IReadOnlyList<ValType>)types);

    /// <summary>A variant with (name, optional payload) cases (at least one).</summary>
    public static ValType Variant(IReadOnlyList<(string Name, ValType? Type)> cases)
    {
        if (cases is null || cases.Count == 0) throw new ArgumentException("variants must have at least one case", nameof(cases));
        var names = new string[cases.Count];
        var types = new ValType?[cases.Count];
        for (int i = 0; i < cases.Count; i++) { names[i] = cases[i].Name; types[i] = cases[i].Type; }
        return Union(ValTypeKind.Variant, names, types);
    }

    /// <summary>An enum (a variant without payloads).</summary>
    public static ValType Enum(IReadOnlyList<string> labels)
    {
        if (labels is null || labels.Count == 0) throw new ArgumentException("enums must have at least one case", nameof(labels));
        var names = new string[labels.Count];
        for (int i = 0; i < names.Length; i++) names[i] = labels[i];
        return Union(ValTypeKind.Enum, names, new ValType?[labels.Count]);
    }

    /// <summary><c>option&lt;T&gt;</c>: cases <c>none</c> and <c>some(T)</c>.</summary>
    public static ValType Option(ValType element)
    {
        if (element is null) throw new ArgumentNullException(nameof(element));
        var t = Union(ValTypeKind.Option, new[] { "none", "some" }, new ValType?[] { null, element });
        t.Element = element;
        return t;
    }

    /// <summary><c>result&lt;Ok, Err&gt;</c>: cases <c>ok(Ok?)</c> and <c>error(Err?)</c>.</summary>
    public static ValType Result(ValType? ok, ValType? err) =>
        Union(ValTypeKind.Result, new[] { "ok", "error" }, new[] { ok, err });

    /// <summary>A flags type with 1..32 labels (the current spec's limit).</summary>
    public static ValType Flags(IReadOnlyList<string> labels)
    {
        if (labels is null || labels.Count == 0) throw new ArgumentException("flags must have at least one label", nameof(labels));
        if (labels.Count > 32) throw new ArgumentException("flags may have at most 32 labels", nameof(labels));
        uint size = labels.Count <= 8 ? 1u : labels.Count <= 16 ? 2u : 4u;
        var names = new string[labels.Count];
        for (int i = 0; i < names.Length; i++) names[i] = labels[i];
        return new ValType(ValTypeKind.Flags, size, size, new[] { CoreValType.I32 }) { Names = names };
    }

    /// <summary><c>own&lt;R&gt;</c> for resource type <paramref name="resourceId"/>.</summary>
    public static ValType Own(int resourceId) => new(ValTypeKind.Own, 4, 4, new[] { CoreValType.I32 }) { ResourceId = resourceId };
    /// <summary><c>borrow&lt;R&gt;</c> for resource type <paramref name="resourceId"/>.</summary>
    public static ValType Borrow(int resourceId) => new(ValTypeKind.Borrow, 4, 4, new[] { CoreValType.I32 }) { ResourceId = resourceId };

    /// <summary><c>map&lt;K, V&gt;</c>, laid out as <c>list&lt;tuple&lt;K, V&gt;&gt;</c>.</summary>
    public static ValType Map(ValType key, ValType value)
    {
        if (key is null) throw new ArgumentNullException(nameof(key));
        if (value is null) throw new ArgumentNullException(nameof(value));
        return new ValType(ValTypeKind.Map, 8, 4, new[] { CoreValType.I32, CoreValType.I32 })
        { Element = Tuple(key, value), MapKey = key, MapValue = value, NeedsMemory = true };
    }

    /// <summary><c>future&lt;T&gt;</c> (T may be null).</summary>
    public static ValType Future(ValType? element) => new(ValTypeKind.Future, 4, 4, new[] { CoreValType.I32 }) { Element = element };
    /// <summary><c>stream&lt;T&gt;</c> (T may be null).</summary>
    public static ValType Stream(ValType? element) => new(ValTypeKind.Stream, 4, 4, new[] { CoreValType.I32 }) { Element = element };

    private static ValType Struct(ValTypeKind kind, ValType[] types)
    {
        uint offset = 0, align = 1;
        long flatCount = 0;
        bool materialize = true, needsMemory = false;
        var offsets = new uint[types.Length];
        for (int i = 0; i < types.Length; i++)
        {
            var f = types[i];
            offset = AlignTo(offset, f.Alignment);
            offsets[i] = offset;
            ulong next = (ulong)offset + f.Size;
            if (next > uint.MaxValue) throw new ArgumentException("record is too large");
            offset = (uint)next;
            align = Math.Max(align, f.Alignment);
            flatCount += f.FlatCount;
            materialize &= f._flat is not null;
            needsMemory |= f.NeedsMemory;
        }
        CoreValType[]? flat = null;
        if (materialize && flatCount <= MaxMaterializedFlat)
        {
            flat = new CoreValType[flatCount];
            int k = 0;
            foreach (var f in types) { f._flat!.CopyTo(flat, k); k += f._flat!.Length; }
        }
        return new ValType(kind, AlignTo(offset, align), align, flat, flatCount)
        { Fields = types, FieldOffsets = offsets, NeedsMemory = needsMemory };
    }

    private static ValType Union(ValTypeKind kind, string[] names, ValType?[] cases)
    {
        uint disc = cases.Length <= 1 << 8 ? 1u : cases.Length <= 1 << 16 ? 2u : 4u;
        uint maxAlign = 1, maxSize = 0;
        long payloadFlat = 0;
        bool materialize = true, needsMemory = false;
        foreach (var c in cases)
        {
            if (c is null) continue;
            maxAlign = Math.Max(maxAlign, c.Alignment);
            maxSize = Math.Max(maxSize, c.Size);
            payloadFlat = Math.Max(payloadFlat, c.FlatCount);
            materialize &= c._flat is not null;
            needsMemory |= c.NeedsMemory;
        }
        uint payloadOffset = AlignTo(disc, maxAlign);
        uint align = Math.Max(disc, maxAlign);
        ulong size = (ulong)payloadOffset + maxSize;
        if (size > uint.MaxValue) throw new ArgumentException("variant is too large");
        CoreValType[]? flat = null;
        if (materialize && payloadFlat + 1 <= MaxMaterializedFlat)
        {
            // Join the payload slots of all cases: equal types stay, i32+f32 -> i32, otherwise i64.
            var joined = new List<CoreValType>();
            foreach (var c in cases)
            {
                if (c is null) continue;
                for (int i = 0; i < c._flat!.Length; i++)
                {
                    var ft = c._flat[i];
                    if (i < joined.Count) joined[i] = Join(joined[i], ft);
                    else joined.Add(ft);
                }
            }
            flat = new CoreValType[joined.Count + 1];
            flat[0] = CoreValType.I32;
            joined.CopyTo(flat, 1);
        }
        return new ValType(kind, AlignTo((uint)size, align), align, flat, payloadFlat + 1)
        { Names = names, Cases = cases, DiscriminantSize = disc, PayloadOffset = payloadOffset, NeedsMemory = needsMemory };
    }

    private static CoreValType Join(CoreValType a, CoreValType b)
    {
        if (a == b) return a;
        if ((a == CoreValType.I32 && b == CoreValType.F32) || (a == CoreValType.F32 && b == CoreValType.I32)) return CoreValType.I32;
        return CoreValType.I64;
    }

    internal static uint AlignTo(uint ptr, uint alignment) => (ptr + alignment - 1) & ~(alignment - 1);

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Write(sb);
        return sb.ToString();
    }

    /// <summary>
    /// The type's structure as text with resources written as plain <c>own</c>/<c>borrow</c> (their ids are local to a
    /// component or a binding model): equal for types with the same canonical ABI and names, whoever built them.
    /// </summary>
    public string StructuralKey()
    {
        var sb = new StringBuilder();
        Write(sb, resourceIds: false);
        return sb.ToString();
    }

    private void Write(StringBuilder sb, bool resourceIds = true)
    {
        switch (Kind)
        {
            case ValTypeKind.List: sb.Append("list<"); Element!.Write(sb, resourceIds); sb.Append('>'); break;
            case ValTypeKind.FixedList: sb.Append("list<"); Element!.Write(sb, resourceIds); sb.Append(", ").Append(Length).Append('>'); break;
            case ValTypeKind.Option: sb.Append("option<"); Element!.Write(sb, resourceIds); sb.Append('>'); break;
            case ValTypeKind.Map: sb.Append("map<"); MapKey!.Write(sb, resourceIds); sb.Append(", "); MapValue!.Write(sb, resourceIds); sb.Append('>'); break;
            case ValTypeKind.Tuple:
                sb.Append("tuple<");
                for (int i = 0; i < Fields.Count; i++) { if (i > 0) sb.Append(", "); Fields[i].Write(sb, resourceIds); }
                sb.Append('>');
                break;
            case ValTypeKind.Record:
                sb.Append("record { ");
                for (int i = 0; i < Fields.Count; i++) { if (i > 0) sb.Append(", "); sb.Append(Names[i]).Append(": "); Fields[i].Write(sb, resourceIds); }
                sb.Append(" }");
                break;
            case ValTypeKind.Variant:
                sb.Append("variant { ");
                for (int i = 0; i < Cases.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    sb.Append(Names[i]);
                    if (Cases[i] is { } c) { sb.Append('('); c.Write(sb, resourceIds); sb.Append(')'); }
                }
                sb.Append(" }");
                break;
            case ValTypeKind.Enum: sb.Append("enum { ").Append(string.Join(", ", Names)).Append(" }"); break;
            case ValTypeKind.Flags: sb.Append("flags { ").Append(string.Join(", ", Names)).Append(" }"); break;
            case ValTypeKind.Result:
                sb.Append("result<");
                if (Cases[0] is { } ok) ok.Write(sb, resourceIds); else sb.Append('_');
                sb.Append(", ");
                if (Cases[1] is { } err) err.Write(sb, resourceIds); else sb.Append('_');
                sb.Append('>');
                break;
            case ValTypeKind.Own: sb.Append("own"); if (resourceIds) sb.Append('<').Append(ResourceId).Append('>'); break;
            case ValTypeKind.Borrow: sb.Append("borrow"); if (resourceIds) sb.Append('<').Append(ResourceId).Append('>'); break;
            case ValTypeKind.Future: sb.Append("future"); if (Element is not null) { sb.Append('<'); Element.Write(sb, resourceIds); sb.Append('>'); } break;
            case ValTypeKind.Stream: sb.Append("stream"); if (Element is not null) { sb.Append('<'); Element.Write(sb, resourceIds); sb.Append('>'); } break;
            case ValTypeKind.ErrorContext: sb.Append("error-context"); break;
            default: sb.Append(Kind.ToString().ToLowerInvariant()); break;
        }
    }
}

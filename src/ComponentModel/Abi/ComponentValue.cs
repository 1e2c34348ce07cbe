using System;
using System.Text;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.ComponentModel.Abi;

/// <summary>
/// A component-level value: a small struct holding scalar bits and, for compound values, a reference.
/// Integers, floats (as bits), chars (code point), flags (bit mask), variant case indices and handles
/// (resource rep for own/borrow, table index for future/stream/error-context) live in the bits;
/// strings, element/field arrays and variant payloads live in the reference.
/// </summary>
public readonly struct ComponentValue : IEquatable<ComponentValue>
{
    internal readonly ulong Bits;
    internal readonly object? Ref;

    private ComponentValue(ValTypeKind kind, ulong bits, object? reference)
    {
        Kind = kind; Bits = bits; Ref = reference;
    }

    /// <summary>The kind of type this value was made for.</summary>
    public ValTypeKind Kind { get; }

    /// <summary>A bool.</summary>
    public static ComponentValue Bool(bool v) => new(ValTypeKind.Bool, v ? 1UL : 0UL, null);
    /// <summary>An s8.</summary>
    public static ComponentValue S8(sbyte v) => new(ValTypeKind.S8, (ulong)(long)v, null);
    /// <summary>A u8.</summary>
    public static ComponentValue U8(byte v) => new(ValTypeKind.U8, v, null);
    /// <summary>An s16.</summary>
    public static ComponentValue S16(short v) => new(ValTypeKind.S16, (ulong)(long)v, null);
    /// <summary>A u16.</summary>
    public static ComponentValue U16(ushort v) => new(ValTypeKind.U16, v, null);
    /// <summary>An s32.</summary>
    public static ComponentValue S32(int v) => new(ValTypeKind.S32, (ulong)(long)v, null);
    /// <summary>A u32.</summary>
    public static ComponentValue U32(uint v) => new(ValTypeKind.U32, v, null);
    /// <summary>An s64.</summary>
    public static ComponentValue S64(long v) => new(ValTypeKind.S64, (ulong)v, null);
    /// <summary>A u64.</summary>
    public static ComponentValue U64(ulong v) => new(ValTypeKind.U64, v, null);
    /// <summary>An f32.</summary>
    public static ComponentValue F32(float v) => new(ValTypeKind.F32, SingleBits(v), null);
    /// <summary>An f32 from raw bits.</summary>
    public static ComponentValue F32Bits(uint bits) => new(ValTypeKind.F32, bits, null);
    /// <summary>An f64.</summary>
    public static ComponentValue F64(double v) => new(ValTypeKind.F64, (ulong)BitConverter.DoubleToInt64Bits(v), null);
    /// <summary>An f64 from raw bits.</summary>
    public static ComponentValue F64Bits(ulong bits) => new(ValTypeKind.F64, bits, null);
    /// <summary>A char (Unicode scalar value); throws for surrogates or values beyond U+10FFFF.</summary>
    public static ComponentValue Char(int codePoint)
    {
        if (codePoint < 0 || codePoint >= 0x110000 || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            throw new ArgumentOutOfRangeException(nameof(codePoint), "not a Unicode scalar value");
        return new(ValTypeKind.Char, (ulong)codePoint, null);
    }
    /// <summary>A string (valid UTF-16: lowering rejects unpaired surrogates with <see cref="ArgumentException"/>), lowered into a
    /// guest at its exact length in one <c>realloc</c> whatever the guest's encoding.</summary>
    public static ComponentValue String(string v) => new(ValTypeKind.String, 0, v ?? throw new ArgumentNullException(nameof(v)));
    /// <summary>A string lifted from memory, remembering its source encoding and tagged code units (the spec's lowering hint).</summary>
    internal static ComponentValue LiftedString(string v, StringEncoding encoding, uint taggedCodeUnits) =>
        new(ValTypeKind.String, ((ulong)((byte)encoding + 1) << 32) | taggedCodeUnits, v);
    /// <summary>A list.</summary>
    public static ComponentValue List(params ComponentValue[] elements) => new(ValTypeKind.List, 0, elements ?? throw new ArgumentNullException(nameof(elements)));
    /// <summary>A fixed-length list.</summary>
    public static ComponentValue FixedList(params ComponentValue[] elements) => new(ValTypeKind.FixedList, 0, elements ?? throw new ArgumentNullException(nameof(elements)));
    /// <summary>A record (fields in declaration order).</summary>
    public static ComponentValue Record(params ComponentValue[] fields) => new(ValTypeKind.Record, 0, fields ?? throw new ArgumentNullException(nameof(fields)));
    /// <summary>A tuple.</summary>
    public static ComponentValue Tuple(params ComponentValue[] fields) => new(ValTypeKind.Tuple, 0, fields ?? throw new ArgumentNullException(nameof(fields)));
    /// <summary>A map as (key, value) tuples.</summary>
    public static ComponentValue Map(params ComponentValue[] entries) => new(ValTypeKind.Map, 0, entries ?? throw new ArgumentNullException(nameof(entries)));
    /// <summary>A variant case with an optional payload.</summary>
    public static ComponentValue Variant(int caseIndex, ComponentValue? payload = null) =>
        new(ValTypeKind.Variant, (uint)caseIndex, payload is { } p ? new[] { p } : null);
    /// <summary>An enum case.</summary>
    public static ComponentValue Enum(int caseIndex) => new(ValTypeKind.Enum, (uint)caseIndex, null);
    /// <summary><c>none</c>.</summary>
    public static ComponentValue None => new(ValTypeKind.Option, 0, null);
    /// <summary><c>some(v)</c>.</summary>
    public static ComponentValue Some(ComponentValue v) => new(ValTypeKind.Option, 1, new[] { v });
    /// <summary><c>ok(v?)</c>.</summary>
    public static ComponentValue Ok(ComponentValue? v = null) => new(ValTypeKind.Result, 0, v is { } p ? new[] { p } : null);
    /// <summary><c>error(v?)</c>.</summary>
    public static ComponentValue Err(ComponentValue? v = null) => new(ValTypeKind.Result, 1, v is { } p ? new[] { p } : null);
    /// <summary>Flags as a bit mask (bit i = label i).</summary>
    public static ComponentValue Flags(uint mask) => new(ValTypeKind.Flags, mask, null);
    /// <summary>An own handle's resource representation.</summary>
    public static ComponentValue Own(uint rep) => new(ValTypeKind.Own, rep, null);
    /// <summary>A borrow handle's resource representation.</summary>
    public static ComponentValue Borrow(uint rep) => new(ValTypeKind.Borrow, rep, null);
    /// <summary>An own handle the host holds (e.g. to a guest-defined resource): lowering checks its resource type and moves ownership out of it.</summary>
    public static ComponentValue Own(IHostResourceHandle handle) =>
        new(ValTypeKind.Own, (handle ?? throw new ArgumentNullException(nameof(handle))).Rep, handle);
    /// <summary>A borrow of a handle the host holds: lowering checks its resource type; ownership stays with the host.</summary>
    public static ComponentValue Borrow(IHostResourceHandle handle) =>
        new(ValTypeKind.Borrow, (handle ?? throw new ArgumentNullException(nameof(handle))).Rep, handle);
    /// <summary>A future/stream/error-context handle index (passed through unchanged).</summary>
    public static ComponentValue Handle(ValTypeKind kind, uint index) => new(kind, index, null);

    internal static ComponentValue FromBits(ValTypeKind kind, ulong bits) => new(kind, bits, null);
    internal static ComponentValue Case(ValTypeKind kind, uint caseIndex, ComponentValue[]? payload) => new(kind, caseIndex, payload);
    internal static ComponentValue Compound(ValTypeKind kind, ComponentValue[] items) => new(kind, 0, items);

    /// <summary>As bool.</summary>
    public bool AsBool() => Bits != 0;
    /// <summary>Integer value as signed 64 bits (sign-extended for signed kinds).</summary>
    public long AsInt64() => (long)Bits;
    /// <summary>Integer value as unsigned 64 bits.</summary>
    public ulong AsUInt64() => Bits;
    /// <summary>As f32.</summary>
    public float AsSingle() => BitsToSingle((uint)Bits);
    /// <summary>As f64.</summary>
    public double AsDouble() => BitConverter.Int64BitsToDouble((long)Bits);
    /// <summary>The raw bits (floats, flags, handles, case index).</summary>
    public ulong RawBits => Bits;
    /// <summary>Code point of a char.</summary>
    public int AsChar() => (int)Bits;
    /// <summary>The string.</summary>
    public string AsString() => Ref as string ?? throw new InvalidOperationException("not a string");
    /// <summary>Elements of lists, fixed lists, maps; fields of records and tuples.</summary>
    public ComponentValue[] Items => Ref as ComponentValue[] ?? throw new InvalidOperationException("not a compound value");
    /// <summary>Case index of variant, enum, option (1 = some), result (1 = error).</summary>
    public int CaseIndex => (int)(uint)Bits;
    /// <summary>Payload of a variant-like value, if any.</summary>
    public ComponentValue? Payload => Ref is ComponentValue[] { Length: 1 } p && IsCase ? p[0] : null;
    /// <summary>Flag bit mask.</summary>
    public uint FlagBits => (uint)Bits;
    /// <summary>Resource rep (own/borrow) or handle index (future/stream/error-context).</summary>
    public uint HandleValue => (uint)Bits;
    /// <summary>The host-held handle behind an own/borrow value, if it was made from one (null for plain reps).</summary>
    public IHostResourceHandle? HostHandle => Ref as IHostResourceHandle;

    private bool IsCase => Kind is ValTypeKind.Variant or ValTypeKind.Enum or ValTypeKind.Option or ValTypeKind.Result;

    internal static uint SingleBits(float v)
    {
#if NET
        return BitConverter.SingleToUInt32Bits(v);
#else
        unsafe { return *(uint*)&v; }
#endif
    }

    internal static float BitsToSingle(uint bits)
    {
#if NET
        return BitConverter.UInt32BitsToSingle(bits);
#else
        unsafe { return *(float*)&bits; }
#endif
    }

    /// <summary>Structural equality (floats by bits; string encoding hints ignored).</summary>
    public bool Equals(ComponentValue other)
    {
        if (Kind != other.Kind) return false;
        if (Kind == ValTypeKind.String) return string.Equals(Ref as string, other.Ref as string, StringComparison.Ordinal);
        if (Bits != other.Bits) return false;
        // Handles compare by rep (a host-held handle object does not change which resource the value names).
        if (Kind is ValTypeKind.Own or ValTypeKind.Borrow) return true;
        if (Ref is ComponentValue[] a)
        {
            if (other.Ref is not ComponentValue[] b || a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (!a[i].Equals(b[i])) return false;
            return true;
        }
        return other.Ref is null;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ComponentValue v && Equals(v);

    /// <inheritdoc/>
    public override int GetHashCode() => Kind == ValTypeKind.String ? (Ref as string ?? "").GetHashCode() : Bits.GetHashCode() ^ (int)Kind;

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Write(sb);
        return sb.ToString();
    }

    private void Write(StringBuilder sb)
    {
        switch (Kind)
        {
            case ValTypeKind.Bool: sb.Append(AsBool() ? "true" : "false"); break;
            case ValTypeKind.S8: case ValTypeKind.S16: case ValTypeKind.S32: case ValTypeKind.S64: sb.Append(AsInt64()); break;
            case ValTypeKind.F32: sb.Append("f32:0x").Append(((uint)Bits).ToString("x8")); break;
            case ValTypeKind.F64: sb.Append("f64:0x").Append(Bits.ToString("x16")); break;
            case ValTypeKind.Char: sb.Append("U+").Append(((int)Bits).ToString("X4")); break;
            case ValTypeKind.String: sb.Append('"').Append(Ref as string).Append('"'); break;
            case ValTypeKind.Flags: sb.Append("flags:0x").Append(((uint)Bits).ToString("x")); break;
            case ValTypeKind.Variant: case ValTypeKind.Enum: case ValTypeKind.Option: case ValTypeKind.Result:
                sb.Append('#').Append(CaseIndex);
                if (Payload is { } p) { sb.Append('('); p.Write(sb); sb.Append(')'); }
                break;
            case ValTypeKind.List: case ValTypeKind.FixedList: case ValTypeKind.Record: case ValTypeKind.Tuple: case ValTypeKind.Map:
                sb.Append(Kind is ValTypeKind.Record or ValTypeKind.Tuple ? '(' : '[');
                var items = Ref as ComponentValue[] ?? Array.Empty<ComponentValue>();
                for (int i = 0; i < items.Length; i++) { if (i > 0) sb.Append(", "); items[i].Write(sb); }
                sb.Append(Kind is ValTypeKind.Record or ValTypeKind.Tuple ? ')' : ']');
                break;
            default: sb.Append(Bits); break;
        }
    }
}

using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.Runtime.Components.Abi;

/// <summary>
/// Moves one value of a component type from one component instance (<c>from</c>: its core flat values or linear memory,
/// lifted with its canonical options) to another (<c>to</c>: lowered with its options), the canonical ABI's lift
/// followed by lower without the value in between: no <see cref="ComponentValue"/>, scalars checked and copied slot to
/// slot or byte to byte, strings and lists copied from memory to memory with the receiver's realloc, handles moved from
/// one handle table to the other. One tree per (type, source encoding, destination encoding), built once
/// (<see cref="For"/>) and shared by every adapter of that type; the trap kinds are the converters' (<see cref="AbiConverter"/>).
/// </summary>
internal abstract class ValueMover
{
    /// <summary>Moves a value from flat slots at <paramref name="si"/> to flat slots at <paramref name="di"/> (both advanced past it).</summary>
    public abstract void MoveFlat(CanonicalOptions from, CanonicalOptions to, ReadOnlySpan<ulong> src, ref int si, Span<ulong> dst, ref int di);

    /// <summary>Moves a value stored at <paramref name="src"/> in <c>from</c>'s memory to <paramref name="dst"/> in <c>to</c>'s, both checked by the caller.</summary>
    public abstract void MoveMemory(CanonicalOptions from, CanonicalOptions to, uint src, uint dst);

    /// <summary>Whether the value's bytes are copied as they are (integers and aggregates of them): a list of them is one block copy.</summary>
    public virtual bool Plain => false;

    /// <summary>Whether the type needs no mover: a kind the adapter does not handle (futures, streams, error contexts).</summary>
    public static bool Supports(ValType t) => t.Kind switch
    {
        ValTypeKind.Future or ValTypeKind.Stream or ValTypeKind.ErrorContext => false,
        ValTypeKind.List or ValTypeKind.Map or ValTypeKind.FixedList => Supports(t.Element!),
        ValTypeKind.Record or ValTypeKind.Tuple => AllSupported(t.FieldArray),
        ValTypeKind.Variant or ValTypeKind.Option or ValTypeKind.Result => AllSupported(t.CaseArray),
        _ => true,
    };

    private static bool AllSupported(ValType?[] types)
    {
        foreach (var t in types) if (t is not null && !Supports(t)) return false;
        return true;
    }

    // Trees by type and encoding pair: a type whose tree holds no string is the same for every pair (index 0).
    private static readonly ConditionalWeakTable<ValType, ValueMover?[]> Cache = new();

    /// <summary>The mover of <paramref name="t"/> from strings in <paramref name="fromEncoding"/> to <paramref name="toEncoding"/> (built once).</summary>
    public static ValueMover For(ValType t, StringEncoding fromEncoding, StringEncoding toEncoding)
    {
        var movers = Cache.GetValue(t, static _ => new ValueMover?[9]);
        int slot = (int)fromEncoding * 3 + (int)toEncoding;
        if (movers[slot] is { } cached) return cached;
        lock (movers)
            return movers[slot] ??= Create(t, fromEncoding, toEncoding);
    }

    private static ValueMover Create(ValType t, StringEncoding from, StringEncoding to) => t.Kind switch
    {
        ValTypeKind.Bool => new BoolMover(),
        ValTypeKind.S8 => new IntMover(1, signed: true),
        ValTypeKind.U8 => new IntMover(1, signed: false),
        ValTypeKind.S16 => new IntMover(2, signed: true),
        ValTypeKind.U16 => new IntMover(2, signed: false),
        ValTypeKind.S32 or ValTypeKind.U32 => new IntMover(4, signed: false),
        ValTypeKind.S64 or ValTypeKind.U64 => new IntMover(8, signed: false),
        ValTypeKind.F32 => new F32Mover(),
        ValTypeKind.F64 => new F64Mover(),
        ValTypeKind.Char => new CharMover(),
        ValTypeKind.String => new StringMover(from, to),
        ValTypeKind.List or ValTypeKind.Map => new ListMover(t.Element!, For(t.Element!, from, to)),
        ValTypeKind.FixedList => new RecordMover(FixedListFields(t, from, to), FixedListOffsets(t)),
        ValTypeKind.Record or ValTypeKind.Tuple => new RecordMover(Array.ConvertAll(t.FieldArray, f => For(f, from, to)), t.FieldOffsetArray),
        ValTypeKind.Variant or ValTypeKind.Enum or ValTypeKind.Option or ValTypeKind.Result =>
            new VariantMover(t, Array.ConvertAll(t.CaseArray, c => c is null ? null : For(c, from, to))),
        ValTypeKind.Flags => new FlagsMover(t),
        ValTypeKind.Own => new OwnMover(t.ResourceId),
        ValTypeKind.Borrow => new BorrowMover(t.ResourceId),
        _ => throw new NotSupportedException($"no adapter for {t}"),
    };

    private static ValueMover[] FixedListFields(ValType t, StringEncoding from, StringEncoding to)
    {
        var fields = new ValueMover[t.Length];
        var element = For(t.Element!, from, to);
        for (int i = 0; i < fields.Length; i++) fields[i] = element;
        return fields;
    }

    private static uint[] FixedListOffsets(ValType t)
    {
        var offsets = new uint[t.Length];
        for (uint i = 0; i < offsets.Length; i++) offsets[i] = i * t.Element!.Size;
        return offsets;
    }

    /// <summary>Integers: flat values are wrapped to their width (sign-extended to 32 bits for s8/s16), memory is copied.</summary>
    private sealed class IntMover(uint size, bool signed) : ValueMover
    {
        public override bool Plain => true;

        public override void MoveFlat(CanonicalOptions from, CanonicalOptions to, ReadOnlySpan<ulong> src, ref int si, Span<ulong> dst, ref int di)
        {
            ulong v = src[si++];
            dst[di++] = size switch
            {
                1 => signed ? (uint)(sbyte)v : (byte)v,
                2 => signed ? (uint)(short)v : (ushort)v,
                4 => (uint)v,
                _ => v,
            };
        }

        public override void MoveMemory(CanonicalOptions from, CanonicalOptions to, uint src, uint dst) =>
            from.Bytes.Slice((int)src, (int)size).CopyTo(to.Bytes.Slice((int)dst));
    }

    private sealed class BoolMover : ValueMover
    {
        public override void MoveFlat(CanonicalOptions from, CanonicalOptions to, ReadOnlySpan<ulong> src, ref int si, Span<ulong> dst, ref int di) =>
            dst[di++] = (uint)src[si++] != 0 ? 1UL : 0UL;

        public override void MoveMemory(CanonicalOptions from, CanonicalOptions to, uint src, uint dst) =>
            to.Bytes[(int)dst] = from.Bytes[(int)src] != 0 ? (byte)1 : (byte)0;
    }

    /// <summary>Floats: NaNs are canonicalized, as the converters lift them.</summary>
    private sealed class F32Mover : ValueMover
    {
        public override void MoveFlat(CanonicalOptions from, CanonicalOptions to, ReadOnlySpan<ulong> src, ref int si, Span<ulong> dst, ref int di) =>
            dst[di++] = CanonicalAbi.CanonicalizeNaN32((uint)src[si++]);

        public override void MoveMemory(CanonicalOptions from, CanonicalOptions to, uint src, uint dst) =>
            BinaryPrimitives.WriteUInt32LittleEndian(to.Bytes.Slice((int)dst),
                CanonicalAbi.CanonicalizeNaN32(BinaryPrimitives.ReadUInt32LittleEndian(from.Bytes.Slice((int)src))));
    }

    private sealed class F64Mover : ValueMover
    {
        public override void MoveFlat(CanonicalOptions from, CanonicalOptions to, ReadOnlySpan<ulong> src, ref int si, Span<ulong> dst, ref int di) =>
            dst[di++] = CanonicalAbi.CanonicalizeNaN64(src[si++]);

        public override void MoveMemory(CanonicalOptions from, CanonicalOptions to, uint src, uint dst) =>
            BinaryPrimitives.WriteUInt64LittleEndian(to.Bytes.Slice((int)dst),
                CanonicalAbi.CanonicalizeNaN64(BinaryPrimitives.ReadUInt64LittleEndian(from.Bytes.Slice((int)src))));
    }

    private sealed class CharMover : ValueMover
    {
        public override void MoveFlat(CanonicalOptions from, CanonicalOptions to, ReadOnlySpan<ulong> src, ref int si, Span<ulong> dst, ref int di) =>
            dst[di++] = CanonicalAbi.CheckChar((uint)src[si++]);

        public override void MoveMemory(CanonicalOptions from, CanonicalOptions to, uint src, uint dst) =>
            BinaryPrimitives.WriteUInt32LittleEndian(to.Bytes.Slice((int)dst),
                CanonicalAbi.CheckChar(BinaryPrimitives.ReadUInt32LittleEndian(from.Bytes.Slice((int)src))));
    }

    /// <summary>Flags: bits past the last flag are cleared.</summary>
    private sealed class FlagsMover(ValType t) : ValueMover
    {
        private readonly uint _mask = CanonicalAbi.FlagMask(t);
        private readonly uint _size = t.Size;

        public override void MoveFlat(CanonicalOptions from, CanonicalOptions to, ReadOnlySpan<ulong> src, ref int si, Span<ulong> dst, ref int di) =>
            dst[di++] = (uint)src[si++] & _mask;

        public override void MoveMemory(CanonicalOptions from, CanonicalOptions to, uint src, uint dst) =>
            AbiConverter.StoreUInt(to.Bytes.Slice((int)dst), _size, AbiConverter.LoadUInt(from.Bytes.Slice((int)src), _size) & _mask);
    }

    /// <summary>A handle: one i32, flat or in memory, given a new index in the receiver's table.</summary>
    private abstract class HandleMover(int resource) : ValueMover
    {
        protected int Resource => resource;

        public override void MoveFlat(CanonicalOptions from, CanonicalOptions to, ReadOnlySpan<ulong> src, ref int si, Span<ulong> dst, ref int di) =>
            dst[di++] = Move(from, to, (uint)src[si++]);

        public override void MoveMemory(CanonicalOptions from, CanonicalOptions to, uint src, uint dst)
        {
            uint handle = Move(from, to, BinaryPrimitives.ReadUInt32LittleEndian(from.Bytes.Slice((int)src)));
            BinaryPrimitives.WriteUInt32LittleEndian(to.Bytes.Slice((int)dst), handle);
        }

        protected abstract uint Move(CanonicalOptions from, CanonicalOptions to, uint handle);
    }

    /// <summary>own: the handle leaves the sender's table (it must not be lent out) and a new one is made in the receiver's.</summary>
    private sealed class OwnMover(int resource) : HandleMover(resource)
    {
        protected override uint Move(CanonicalOptions from, CanonicalOptions to, uint handle) =>
            to.RequireHandles().LowerOwn(Resource, from.RequireHandles().LiftOwn(Resource, handle));
    }

    /// <summary>borrow: the sender's handle is lent for the call (released when the call ends); the receiver gets a borrow
    /// scoped to its call, or the rep when it defines the resource.</summary>
    private sealed class BorrowMover(int resource) : HandleMover(resource)
    {
        protected override uint Move(CanonicalOptions from, CanonicalOptions to, uint handle) =>
            to.RequireHandles().LowerBorrow(Resource, from.RequireHandles().LiftBorrow(Resource, handle));
    }

    /// <summary>Records, tuples and fixed-length lists: the fields in order, at their offsets in memory.</summary>
    private sealed class RecordMover : ValueMover
    {
        private readonly ValueMover[] _fields;
        private readonly uint[] _offsets;
        private readonly bool _plain;

        public RecordMover(ValueMover[] fields, uint[] offsets)
        {
            _fields = fields;
            _offsets = offsets;
            _plain = true;
            foreach (var f in fields) _plain &= f.Plain;
        }

        public override bool Plain => _plain;

        public override void MoveFlat(CanonicalOptions from, CanonicalOptions to, ReadOnlySpan<ulong> src, ref int si, Span<ulong> dst, ref int di)
        {
            foreach (var f in _fields) f.MoveFlat(from, to, src, ref si, dst, ref di);
        }

        public override void MoveMemory(CanonicalOptions from, CanonicalOptions to, uint src, uint dst)
        {
            var fields = _fields;
            var offsets = _offsets;
            for (int i = 0; i < fields.Length; i++) fields[i].MoveMemory(from, to, src + offsets[i], dst + offsets[i]);
        }
    }

    /// <summary>Variants, enums, options and results: the discriminant is checked, then the case's payload is moved;
    /// flat slots the case does not use are zero.</summary>
    private sealed class VariantMover : ValueMover
    {
        private readonly ValueMover?[] _cases;
        private readonly int _flatCount;
        private readonly uint _discriminantSize, _payloadOffset;

        public VariantMover(ValType t, ValueMover?[] cases)
        {
            _cases = cases;
            _flatCount = (int)t.FlatCount;
            _discriminantSize = t.DiscriminantSize;
            _payloadOffset = t.PayloadOffset;
        }

        public override void MoveFlat(CanonicalOptions from, CanonicalOptions to, ReadOnlySpan<ulong> src, ref int si, Span<ulong> dst, ref int di)
        {
            int srcEnd = si + _flatCount, dstEnd = di + _flatCount;
            uint disc = (uint)src[si++];
            if (disc >= (uint)_cases.Length) throw CanonicalAbiTrap.Of(TrapKind.InvalidDiscriminant);
            dst[di++] = disc;
            _cases[disc]?.MoveFlat(from, to, src, ref si, dst, ref di);
            while (di < dstEnd) dst[di++] = 0;
            si = srcEnd;
        }

        public override void MoveMemory(CanonicalOptions from, CanonicalOptions to, uint src, uint dst)
        {
            uint disc = AbiConverter.LoadUInt(from.Bytes.Slice((int)src), _discriminantSize);
            if (disc >= (uint)_cases.Length) throw CanonicalAbiTrap.Of(TrapKind.InvalidDiscriminant);
            AbiConverter.StoreUInt(to.Bytes.Slice((int)dst), _discriminantSize, disc);
            _cases[disc]?.MoveMemory(from, to, src + _payloadOffset, dst + _payloadOffset);
        }
    }

    /// <summary>A (pointer, length) pair, flat or in memory, moved to a new range in the receiver's memory.</summary>
    private abstract class RangeMover : ValueMover
    {
        public override void MoveFlat(CanonicalOptions from, CanonicalOptions to, ReadOnlySpan<ulong> src, ref int si, Span<ulong> dst, ref int di)
        {
            var (ptr, length) = Move(from, to, (uint)src[si], (uint)src[si + 1]);
            si += 2;
            dst[di] = ptr;
            dst[di + 1] = length;
            di += 2;
        }

        public override void MoveMemory(CanonicalOptions from, CanonicalOptions to, uint src, uint dst)
        {
            ReadOnlySpan<byte> m = from.Bytes.Slice((int)src);
            var (ptr, length) = Move(from, to, BinaryPrimitives.ReadUInt32LittleEndian(m), BinaryPrimitives.ReadUInt32LittleEndian(m.Slice(4)));
            // The receiver's memory is read again after its realloc (which may grow it).
            var d = to.Bytes.Slice((int)dst);
            BinaryPrimitives.WriteUInt32LittleEndian(d, ptr);
            BinaryPrimitives.WriteUInt32LittleEndian(d.Slice(4), length);
        }

        /// <summary>Moves the range at (<paramref name="ptr"/>, <paramref name="length"/>); returns the receiver's.</summary>
        protected abstract (uint Ptr, uint Length) Move(CanonicalOptions from, CanonicalOptions to, uint ptr, uint length);
    }

    /// <summary>Lists: the sender's range is checked, the receiver's allocated with its realloc, then the elements moved
    /// (one block copy when they are plain).</summary>
    private sealed class ListMover(ValType element, ValueMover mover) : RangeMover
    {
        private readonly uint _size = element.Size, _alignment = element.Alignment;

        protected override (uint Ptr, uint Length) Move(CanonicalOptions from, CanonicalOptions to, uint ptr, uint length)
        {
            ulong byteLength = (ulong)length * _size;
            if (byteLength > CanonicalAbi.MaxListByteLength) throw CanonicalAbiTrap.Of(TrapKind.ListTooLong);
            if ((ptr & (_alignment - 1)) != 0) throw CanonicalAbiTrap.Of(TrapKind.UnalignedPointer);
            if (ptr + byteLength > (ulong)from.Bytes.Length) throw CanonicalAbiTrap.Of(TrapKind.ListOutOfBounds);
            uint moved = to.CallRealloc(0, 0, _alignment, (uint)byteLength);
            if (mover.Plain) from.Bytes.Slice((int)ptr, (int)byteLength).CopyTo(to.Bytes.Slice((int)moved));
            else
            {
                for (uint i = 0; i < length; i++) mover.MoveMemory(from, to, ptr + i * _size, moved + i * _size);
            }
            return (moved, length);
        }
    }

    /// <summary>
    /// Strings: a string kept in its encoding (UTF-8 to UTF-8, UTF-16 to UTF-16, Latin-1 into latin1+utf16) is validated
    /// and copied byte for byte; the other pairs transcode through the text, with the realloc protocol of
    /// <see cref="CanonicalAbi"/>'s string storing (the spec's sequence of realloc calls for each pair).
    /// </summary>
    private sealed class StringMover(StringEncoding fromEncoding, StringEncoding toEncoding) : RangeMover
    {
        protected override (uint Ptr, uint Length) Move(CanonicalOptions from, CanonicalOptions to, uint ptr, uint length)
        {
            uint taggedUnits = length;
            // The simple source encoding: latin1+utf16 is Latin-1 or UTF-16 by its tag.
            var simple = fromEncoding;
            uint units = taggedUnits;
            if (fromEncoding == StringEncoding.Latin1Utf16)
            {
                if ((taggedUnits & CanonicalAbi.Utf16Tag) != 0) { simple = StringEncoding.Utf16; units ^= CanonicalAbi.Utf16Tag; }
                else simple = StringEncoding.Latin1Utf16;
            }
            // The three pairs that keep the encoding: the spec's store_string_copy, after the checks of loading the string.
            if (simple == toEncoding)
            {
                uint alignment = simple == StringEncoding.Utf8 ? 1u : 2u;
                ulong byteLength = simple == StringEncoding.Utf16 ? 2UL * units : units;
                if (byteLength > CanonicalAbi.MaxStringByteLength) throw CanonicalAbiTrap.Of(TrapKind.StringTooLong);
                if ((ptr & (alignment - 1)) != 0) throw CanonicalAbiTrap.Of(TrapKind.UnalignedPointer);
                if (ptr + byteLength > (ulong)from.Bytes.Length) throw CanonicalAbiTrap.Of(TrapKind.StringOutOfBounds);
                Validate(simple, from.Bytes.Slice((int)ptr, (int)byteLength));
                uint dst = to.CallRealloc(0, 0, alignment, (uint)byteLength);
                from.Bytes.Slice((int)ptr, (int)byteLength).CopyTo(to.Bytes.Slice((int)dst));
                return (dst, units);
            }
            return CanonicalAbi.StoreStringIntoRange(to, CanonicalAbi.LoadString(from, ptr, taggedUnits));
        }

        /// <summary>Traps on text that is not valid in <paramref name="encoding"/> (Latin-1 always is).</summary>
        private static void Validate(StringEncoding encoding, ReadOnlySpan<byte> bytes)
        {
            if (encoding == StringEncoding.Utf8)
            {
                if (System.Text.Unicode.Utf8.IsValid(bytes)) return;
                throw CanonicalAbiTrap.Of(CanonicalAbi.ValidateUtf8(bytes) == 1 ? TrapKind.InvalidUtf8 : TrapKind.IncompleteUtf8);
            }
            if (encoding != StringEncoding.Utf16) return;
            int n = bytes.Length / 2;
            for (int i = 0; i < n; i++)
            {
                int c = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(2 * i));
                if (c < 0xD800 || c > 0xDFFF) continue;
                if (c <= 0xDBFF && i + 1 < n)
                {
                    int next = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(2 * i + 2));
                    if (next >= 0xDC00 && next <= 0xDFFF) { i++; continue; }
                }
                throw CanonicalAbiTrap.Of(TrapKind.InvalidUtf16);
            }
        }
    }
}

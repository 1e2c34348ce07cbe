using System;
using System.Text;
using WitBindgen.ComponentModel.Types;

namespace WitBindgen.ComponentModel.Abi;

// Strings: loading decodes one of the three encodings into a .NET string (remembering the source
// encoding and code-unit count as the spec's hint); storing a lifted string follows the spec's realloc
// protocol for each of the encoding combinations, so the sequence of realloc calls matches the reference,
// and a host string takes one allocation of its exact length (StoreHostString).
public static partial class CanonicalAbi
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Loads a string from (<paramref name="ptr"/>, <paramref name="taggedCodeUnits"/>) in the options' encoding.</summary>
    internal static ComponentValue LoadString(CanonicalOptions cx, uint ptr, uint taggedCodeUnits) =>
        ComponentValue.LiftedString(LoadStringText(cx, ptr, taggedCodeUnits), cx.Encoding, taggedCodeUnits);

    /// <summary>The text of <see cref="LoadString"/> (the typed fast path keeps no encoding hint).</summary>
    internal static string LoadStringText(CanonicalOptions cx, uint ptr, uint taggedCodeUnits)
    {
        uint alignment;
        ulong byteLength;
        bool utf16, latin1 = false;
        switch (cx.Encoding)
        {
            case StringEncoding.Utf8: alignment = 1; byteLength = taggedCodeUnits; utf16 = false; break;
            case StringEncoding.Utf16: alignment = 2; byteLength = 2UL * taggedCodeUnits; utf16 = true; break;
            default:
                alignment = 2;
                if ((taggedCodeUnits & Utf16Tag) != 0) { byteLength = 2UL * (taggedCodeUnits ^ Utf16Tag); utf16 = true; }
                else { byteLength = taggedCodeUnits; utf16 = false; latin1 = true; }
                break;
        }
        if (byteLength > MaxStringByteLength) throw CanonicalAbiTrap.Of(TrapKind.StringTooLong);
        if ((ptr & (alignment - 1)) != 0) throw CanonicalAbiTrap.Of(TrapKind.UnalignedPointer);
        var memory = cx.Bytes;
        if (ptr + byteLength > (ulong)memory.Length) throw CanonicalAbiTrap.Of(TrapKind.StringOutOfBounds);
        ReadOnlySpan<byte> bytes = memory.Slice((int)ptr, (int)byteLength);
        return utf16 ? DecodeUtf16(bytes) : latin1 ? DecodeLatin1(bytes) : DecodeUtf8(bytes);
    }

    private static unsafe string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return string.Empty;
#if NET8_0_OR_GREATER
        // ASCII (the most common case): one vectorised check, then one widening copy straight into the result string.
        if (Ascii.IsValid(bytes))
        {
            fixed (byte* p = bytes)
                return string.Create(bytes.Length, (IntPtr)p, static (chars, src) => Ascii.ToUtf16(new ReadOnlySpan<byte>((byte*)src, chars.Length), chars, out _));
        }
        // Valid UTF-8 is checked vectorised; the byte loop only tells invalid from truncated.
        var status = System.Text.Unicode.Utf8.IsValid(bytes) ? 0 : ValidateUtf8(bytes);
        if (status != 0) throw CanonicalAbiTrap.Of(status == 1 ? TrapKind.InvalidUtf8 : TrapKind.IncompleteUtf8);
        // Already validated: the non-throwing decoder gives the same string without checking again.
        fixed (byte* p = bytes) return Encoding.UTF8.GetString(p, bytes.Length);
#else
        var status = ValidateUtf8(bytes);
        if (status != 0) throw CanonicalAbiTrap.Of(status == 1 ? TrapKind.InvalidUtf8 : TrapKind.IncompleteUtf8);
        fixed (byte* p = bytes) return StrictUtf8.GetString(p, bytes.Length);
#endif
    }

    /// <summary>0 = valid, 1 = invalid sequence, 2 = valid prefix truncated at the end.</summary>
    internal static int ValidateUtf8(ReadOnlySpan<byte> s)
    {
        int i = 0, n = s.Length;
        while (i < n)
        {
            byte b = s[i];
            if (b < 0x80) { i++; continue; }
            int need;
            byte lo = 0x80, hi = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) need = 1;
            else if (b >= 0xE0 && b <= 0xEF)
            {
                need = 2;
                if (b == 0xE0) lo = 0xA0;
                else if (b == 0xED) hi = 0x9F;
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                need = 3;
                if (b == 0xF0) lo = 0x90;
                else if (b == 0xF4) hi = 0x8F;
            }
            else return 1;
            for (int k = 1; k <= need; k++)
            {
                if (i + k >= n) return 2;
                byte c = s[i + k];
                if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return 1;
            }
            i += need + 1;
        }
        return 0;
    }

    private static unsafe string DecodeUtf16(ReadOnlySpan<byte> bytes)
    {
        int n = bytes.Length / 2;
        if (n == 0) return string.Empty;
        var chars = new char[n];
        for (int i = 0; i < n; i++) chars[i] = (char)(bytes[2 * i] | (bytes[2 * i + 1] << 8));
        for (int i = 0; i < n; i++)
        {
            char c = chars[i];
            if (c < 0xD800 || c > 0xDFFF) continue;
            if (c <= 0xDBFF && i + 1 < n && chars[i + 1] >= 0xDC00 && chars[i + 1] <= 0xDFFF) { i++; continue; }
            throw CanonicalAbiTrap.Of(TrapKind.InvalidUtf16);
        }
        return new string(chars);
    }

    private static string DecodeLatin1(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return string.Empty;
        var chars = new char[bytes.Length];
        for (int i = 0; i < chars.Length; i++) chars[i] = (char)bytes[i];
        return new string(chars);
    }

    /// <summary>Stores a string in the options' encoding; returns (pointer, tagged code units).</summary>
    internal static (uint Ptr, uint Units) StoreStringIntoRange(CanonicalOptions cx, in ComponentValue v)
    {
        string s = v.AsString();
        // Source encoding hint: strings lifted by this ABI remember theirs; host strings are UTF-16.
        uint hint = (uint)(v.Bits >> 32);
        if (hint == 0) return StoreHostString(cx, s);
        return StoreStringIntoRange(cx, s, (StringEncoding)(hint - 1), (uint)v.Bits);
    }

    /// <summary>
    /// Stores a host string in the options' encoding with one allocation of its exact length: UTF-8 its UTF-8 byte
    /// count, UTF-16 two bytes per code unit, latin1+utf16 Latin-1 when every code unit fits, else tagged UTF-16. This is
    /// the spec's <c>store_string_copy</c> (realloc(0, 0, alignment, length), aligned and in bounds) with the length
    /// measured first. The spec's guess-then-realloc transcodings bind strings passed between guests, which keep them
    /// (<see cref="StoreStringIntoRange(CanonicalOptions, in ComponentValue)"/>); how a host lowers its own strings is
    /// the host's choice (wasmtime copies its UTF-8 strings at their exact length), and an allocator that serves one
    /// call only, as the preview1 adapter's import realloc, needs exactly one. Returns (pointer, tagged code units).
    /// </summary>
    /// <exception cref="ArgumentException">The string holds an unpaired surrogate.</exception>
    internal static (uint Ptr, uint Units) StoreHostString(CanonicalOptions cx, string s)
    {
        if (2UL * (ulong)s.Length > MaxStringByteLength) throw CanonicalAbiTrap.Of(TrapKind.StringTooLong);
#if NET8_0_OR_GREATER
        // ASCII into UTF-8 (the common case): its length is known and it holds no surrogate, so one check and one copy.
        if (cx.Encoding == StringEncoding.Utf8 && Ascii.IsValid(s))
        {
            uint ptr = cx.CallRealloc(0, 0, 1, (uint)s.Length);
            Ascii.FromUtf16(s, cx.Bytes.Slice((int)ptr, s.Length), out _);
            return (ptr, (uint)s.Length);
        }
#endif
        if (HasLoneSurrogate(s)) throw new ArgumentException("a component string cannot contain unpaired surrogates");
        switch (cx.Encoding)
        {
            case StringEncoding.Utf8:
                int length = Utf8Length(s);
                if ((uint)length > MaxStringByteLength) throw CanonicalAbiTrap.Of(TrapKind.StringTooLong);
                return StoreCopyUtf8(cx, s, (uint)length);
            case StringEncoding.Utf16:
                return StoreCopyUtf16(cx, s);
            default:
                if (IsLatin1(s)) return StoreCopyLatin1(cx, s);
                var (utf16Ptr, units) = StoreCopyUtf16(cx, s);
                return (utf16Ptr, units | Utf16Tag);
        }
    }

    private static bool IsLatin1(string s)
    {
#if NET8_0_OR_GREATER
        return s.AsSpan().IndexOfAnyExceptInRange('\0', '\u00FF') < 0;
#else
        foreach (char c in s) if (c > 0xFF) return false;
        return true;
#endif
    }

    private static (uint Ptr, uint Units) StoreStringIntoRange(CanonicalOptions cx, string s, StringEncoding srcEncoding, uint srcCodeUnits)
    {
        // The simple source encoding: latin1+utf16 splits into latin1 or utf16 by the tag.
        bool srcLatin1 = false;
        if (srcEncoding == StringEncoding.Latin1Utf16)
        {
            if ((srcCodeUnits & Utf16Tag) != 0) srcCodeUnits ^= Utf16Tag;
            else srcLatin1 = true;
        }

        switch (cx.Encoding)
        {
            case StringEncoding.Utf8:
                if (srcEncoding == StringEncoding.Utf8) return StoreCopyUtf8(cx, s, srcCodeUnits);
                return StoreToUtf8(cx, s, srcCodeUnits, srcLatin1 ? 2UL * srcCodeUnits : 3UL * srcCodeUnits);
            case StringEncoding.Utf16:
                if (srcEncoding == StringEncoding.Utf8) return StoreUtf8ToUtf16(cx, s, srcCodeUnits);
                return StoreCopyUtf16(cx, s);
            default:
                if (srcEncoding != StringEncoding.Latin1Utf16) return StoreToLatin1OrUtf16(cx, s, srcCodeUnits);
                if (srcLatin1) return StoreCopyLatin1(cx, s);
                return StoreProbablyUtf16ToLatin1OrUtf16(cx, s);
        }
    }

    private static bool HasLoneSurrogate(string s)
    {
#if NET8_0_OR_GREATER
        // ASCII (the common case) holds no surrogate: one vectorised check, cheaper than searching the surrogate range.
        if (Ascii.IsValid(s)) return false;
        // No surrogate at all, found vectorised.
        if (s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0) return false;
#endif
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c < 0xD800 || c > 0xDFFF) continue;
            if (c <= 0xDBFF && i + 1 < s.Length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) { i++; continue; }
            return true;
        }
        return false;
    }

    private static unsafe int WriteUtf8(Span<byte> dst, string s, int charStart)
    {
        if (charStart >= s.Length) return 0;
        fixed (char* c = s)
        fixed (byte* b = dst)
            return Encoding.UTF8.GetBytes(c + charStart, s.Length - charStart, b, dst.Length);
    }

    private static unsafe int Utf8Length(string s)
    {
        if (s.Length == 0) return 0;
        fixed (char* c = s) return Encoding.UTF8.GetByteCount(c, s.Length);
    }

    private static void WriteUtf16(Span<byte> dst, string s, int charStart)
    {
        for (int i = charStart, j = 0; i < s.Length; i++, j += 2)
        {
            char c = s[i];
            dst[j] = (byte)c;
            dst[j + 1] = (byte)(c >> 8);
        }
    }

    private static (uint, uint) StoreCopyUtf8(CanonicalOptions cx, string s, uint byteLength)
    {
        uint ptr = cx.CallRealloc(0, 0, 1, byteLength);
        WriteUtf8(cx.Bytes.Slice((int)ptr, (int)byteLength), s, 0);
        return (ptr, byteLength);
    }

    private static (uint, uint) StoreCopyUtf16(CanonicalOptions cx, string s)
    {
        uint byteLength = 2u * (uint)s.Length;
        uint ptr = cx.CallRealloc(0, 0, 2, byteLength);
        WriteUtf16(cx.Bytes.Slice((int)ptr, (int)byteLength), s, 0);
        return (ptr, (uint)s.Length);
    }

    private static (uint, uint) StoreCopyLatin1(CanonicalOptions cx, string s)
    {
        uint ptr = cx.CallRealloc(0, 0, 2, (uint)s.Length);
        var m = cx.Bytes.Slice((int)ptr, s.Length);
        for (int i = 0; i < s.Length; i++) m[i] = (byte)s[i];
        return (ptr, (uint)s.Length);
    }

    /// <summary>UTF-16 or Latin-1 to UTF-8: optimistic ASCII copy, then worst-case realloc, then shrink.</summary>
    private static (uint, uint) StoreToUtf8(CanonicalOptions cx, string s, uint srcCodeUnits, ulong worstCase)
    {
        uint ptr = cx.CallRealloc(0, 0, 1, srcCodeUnits);
        int ascii = 0;
#if NET8_0_OR_GREATER
        // The ASCII prefix in one vectorised copy, which stops at the first wider code point (continued below).
        Ascii.FromUtf16(s, cx.Bytes.Slice((int)ptr, s.Length), out ascii);
#endif
        for (int i = ascii; i < s.Length; i++)
        {
            char c = s[i];
            if (c < 0x80) { cx.Bytes[(int)ptr + i] = (byte)c; continue; }
            if (worstCase > uint.MaxValue) throw CanonicalAbiTrap.Of(TrapKind.StringTooLong);
            ptr = cx.CallRealloc(ptr, srcCodeUnits, 1, (uint)worstCase);
            int written = i + WriteUtf8(cx.Bytes.Slice((int)ptr + i, (int)worstCase - i), s, i);
            if (worstCase > (ulong)written) ptr = cx.CallRealloc(ptr, (uint)worstCase, 1, (uint)written);
            return (ptr, (uint)written);
        }
        return (ptr, srcCodeUnits);
    }

    /// <summary>UTF-8 to UTF-16: worst-case allocation, then shrink.</summary>
    private static (uint, uint) StoreUtf8ToUtf16(CanonicalOptions cx, string s, uint srcCodeUnits)
    {
        ulong worstCase = 2UL * srcCodeUnits;
        if (worstCase > uint.MaxValue) throw CanonicalAbiTrap.Of(TrapKind.StringTooLong);
        uint ptr = cx.CallRealloc(0, 0, 2, (uint)worstCase);
        uint byteLength = 2u * (uint)s.Length;
        WriteUtf16(cx.Bytes.Slice((int)ptr, (int)byteLength), s, 0);
        if (byteLength < worstCase) ptr = cx.CallRealloc(ptr, (uint)worstCase, 2, byteLength);
        return (ptr, (uint)s.Length);
    }

    /// <summary>UTF-8/UTF-16 to latin1+utf16: optimistic Latin-1, inflating in place to UTF-16 at the first wide code point.</summary>
    private static (uint, uint) StoreToLatin1OrUtf16(CanonicalOptions cx, string s, uint srcCodeUnits)
    {
        uint ptr = cx.CallRealloc(0, 0, 2, srcCodeUnits);
        int latin1Length = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c < 0x100) { cx.Bytes[(int)ptr + latin1Length++] = (byte)c; continue; }
            ulong worstCase = 2UL * srcCodeUnits;
            if (worstCase > uint.MaxValue) throw CanonicalAbiTrap.Of(TrapKind.StringTooLong);
            ptr = cx.CallRealloc(ptr, srcCodeUnits, 2, (uint)worstCase);
            var m = cx.Bytes.Slice((int)ptr);
            for (int j = latin1Length - 1; j >= 0; j--)
            {
                m[2 * j] = m[j];
                m[2 * j + 1] = 0;
            }
            WriteUtf16(m.Slice(2 * latin1Length), s, i);
            uint byteLength = 2u * (uint)s.Length;
            if (worstCase > byteLength) ptr = cx.CallRealloc(ptr, (uint)worstCase, 2, byteLength);
            return (ptr, (uint)s.Length | Utf16Tag);
        }
        if ((uint)latin1Length < srcCodeUnits) ptr = cx.CallRealloc(ptr, srcCodeUnits, 2, (uint)latin1Length);
        return (ptr, (uint)latin1Length);
    }

    /// <summary>Tagged UTF-16 to latin1+utf16: copy as UTF-16, deflating to Latin-1 when every code point fits.</summary>
    private static (uint, uint) StoreProbablyUtf16ToLatin1OrUtf16(CanonicalOptions cx, string s)
    {
        uint byteLength = 2u * (uint)s.Length;
        uint ptr = cx.CallRealloc(0, 0, 2, byteLength);
        WriteUtf16(cx.Bytes.Slice((int)ptr, (int)byteLength), s, 0);
        bool wide = false;
        foreach (char c in s) if (c >= 0x100) { wide = true; break; }
        if (wide) return (ptr, (uint)s.Length | Utf16Tag);
        var m = cx.Bytes.Slice((int)ptr);
        for (int i = 0; i < s.Length; i++) m[i] = m[2 * i];
        ptr = cx.CallRealloc(ptr, byteLength, 1, (uint)s.Length);
        return (ptr, (uint)s.Length);
    }

    /// <summary>Number of UTF-8 bytes of <paramref name="s"/> (for hosts sizing buffers).</summary>
    internal static int GetUtf8Length(string s) => Utf8Length(s);
}

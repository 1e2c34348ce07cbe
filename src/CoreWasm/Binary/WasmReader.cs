using System;
using System.Buffers.Binary;
using System.Text;

namespace WitBindgen.CoreWasm.Binary;

/// <summary>
/// THE reader of WebAssembly binary primitives (LEB128 integers, fixed-width floats, names, length prefixes), shared
/// by the core module reader and the component reader. It reads <see cref="Bytes"/> from <see cref="Position"/> up to
/// <see cref="Limit"/> (the current section, function body or sub-range) and reports every problem with the spec
/// interpreter's wording ("unexpected end", "integer representation too long", "integer too large", "length out of
/// bounds", "malformed UTF-8 encoding"), the current <see cref="Section"/> and the absolute byte offset. The exception
/// type is chosen by whoever creates the reader: <see cref="WasmDecodeException"/> by default, the component
/// model's format exception for component binaries.
/// </summary>
internal sealed class WasmReader
{
    /// <summary>Creates the exception for a problem: (reason, section, absolute offset).</summary>
    public delegate WasmException ErrorFactory(string reason, string? section, int offset);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly ErrorFactory DecodeErrors = (reason, section, offset) => new WasmDecodeException(reason, section, offset);

    private readonly byte[] _bytes;
    private readonly int _end;
    private readonly ErrorFactory _errors;

    /// <summary>Creates a reader over <paramref name="bytes"/>[<paramref name="start"/>..<paramref name="end"/>)
    /// (<paramref name="end"/> -1: to the end of the array); problems become <paramref name="errors"/>'s exceptions
    /// (default <see cref="WasmDecodeException"/>).</summary>
    public WasmReader(byte[] bytes, int start = 0, int end = -1, ErrorFactory? errors = null)
    {
        _bytes = bytes;
        _end = end < 0 ? bytes.Length : end;
        _errors = errors ?? DecodeErrors;
        Position = start;
        Limit = _end;
        Section = null;
        EndMessage = "unexpected end";
    }

    /// <summary>Current absolute offset.</summary>
    public int Position;

    /// <summary>End of the readable region (exclusive, absolute); a reader may narrow it to a section or body.</summary>
    public int Limit;

    /// <summary>Name of the section being read (for diagnostics), null for the header.</summary>
    public string? Section;

    /// <summary>The message for reading past <see cref="Limit"/>.</summary>
    public string EndMessage;

    /// <summary>The underlying bytes (offsets are absolute in this array).</summary>
    public byte[] Bytes => _bytes;

    /// <summary>End of the range this reader was created over (absolute).</summary>
    public int Length => _end;

    /// <summary>Whether <see cref="Limit"/> is reached.</summary>
    public bool AtEnd => Position >= Limit;

    /// <summary>Bytes left before <see cref="Limit"/>.</summary>
    public int Remaining => Limit - Position;

    /// <summary>An error at the current position.</summary>
    public WasmException Error(string reason) => _errors(reason, Section, Position);

    /// <summary>An error at an explicit absolute offset.</summary>
    public WasmException Error(string reason, int offset) => _errors(reason, Section, offset);

    /// <summary>An "unsupported feature: X" error.</summary>
    public WasmException Unsupported(string feature, int offset) => _errors("unsupported feature: " + feature, Section, offset);

    /// <summary>Where a module reader records the first unsupported feature whose encoding it can read past (null:
    /// such features are thrown at once, see <see cref="Defer"/>).</summary>
    public DeferredError? Deferred;

    /// <summary>Reports an unsupported feature the caller then reads past structurally: recorded in
    /// <see cref="Deferred"/> so that a later malformation is still reported, thrown when there is none.</summary>
    public void Defer(string feature, int offset)
    {
        if (Deferred is null) throw Unsupported(feature, offset);
        Deferred.Record("unsupported feature: " + feature, offset, Section);
    }

    /// <summary>Notes a use of GC: module readers record its first offset (the module decodes, validates and runs);
    /// other readers report it as an unsupported feature.</summary>
    public void MarkGc(int offset)
    {
        if (Deferred is null) throw Unsupported("gc", offset);
        Deferred.GcOffset ??= offset;
    }

    /// <summary>A reader over the next <paramref name="length"/> bytes (same section, errors and end message);
    /// this reader skips them.</summary>
    public WasmReader Sub(int length)
    {
        if (length < 0 || length > Remaining) throw Error(EndMessage);
        var sub = new WasmReader(_bytes, Position, Position + length, _errors) { Section = Section, EndMessage = EndMessage, Deferred = Deferred };
        Position += length;
        return sub;
    }

    public byte ReadByte()
    {
        if (Position >= Limit) throw Error(EndMessage);
        return _bytes[Position++];
    }

    public byte PeekByte()
    {
        if (Position >= Limit) throw Error(EndMessage);
        return _bytes[Position];
    }

    /// <summary>The byte <paramref name="ahead"/> positions past the next one, without consuming anything.</summary>
    public byte PeekAt(int ahead)
    {
        if (ahead < 0 || ahead >= Remaining) throw Error(EndMessage);
        return _bytes[Position + ahead];
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Limit - Position) throw Error(EndMessage);
        var span = new ReadOnlySpan<byte>(_bytes, Position, count);
        Position += count;
        return span;
    }

    /// <summary>Skips <paramref name="count"/> bytes.</summary>
    public void Skip(int count)
    {
        if (count < 0 || count > Limit - Position) throw Error(EndMessage);
        Position += count;
    }

    /// <summary>Reads a length (or vector count) prefix and checks that that many bytes remain ("length out of bounds").</summary>
    public int ReadLength()
    {
        var start = Position;
        var n = ReadU32();
        if (n > (uint)(Limit - Position)) throw Error("length out of bounds", start);
        return (int)n;
    }

    /// <summary>Reads a vector count; the items themselves report running out of bytes.</summary>
    public int ReadCount()
    {
        var n = ReadU32();
        return n > int.MaxValue ? int.MaxValue : (int)n;
    }

    public uint ReadU32() => (uint)ReadUnsigned(32);

    public ulong ReadU64() => ReadUnsigned(64);

    public int ReadS32() => (int)ReadSigned(32);

    public long ReadS64() => ReadSigned(64);

    /// <summary>A signed 33-bit value (block types).</summary>
    public long ReadS33() => ReadSigned(33);

    private ulong ReadUnsigned(int bits)
    {
        ulong result = 0;
        var shift = 0;
        var maxBytes = (bits + 6) / 7;
        for (var i = 0; ; i++)
        {
            var b = ReadByte();
            if (i == maxBytes - 1)
            {
                if ((b & 0x80) != 0) throw Error("integer representation too long", Position - 1);
                var usedBits = bits - shift;
                if (usedBits < 7 && (b >> usedBits) != 0) throw Error("integer too large", Position - 1);
                return result | ((ulong)b << shift);
            }
            result |= (ulong)(b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) return result;
        }
    }

    private long ReadSigned(int bits)
    {
        long result = 0;
        var shift = 0;
        var maxBytes = (bits + 6) / 7;
        for (var i = 0; ; i++)
        {
            var b = ReadByte();
            if (i == maxBytes - 1)
            {
                if ((b & 0x80) != 0) throw Error("integer representation too long", Position - 1);
                var usedBits = bits - shift; // bits of this byte that carry value, the sign bit included
                if (usedBits < 7)
                {
                    // The unused high bits must replicate the sign bit.
                    var signAndUnused = b >> (usedBits - 1);
                    var allOnes = (1 << (7 - usedBits + 1)) - 1;
                    if (signAndUnused != 0 && signAndUnused != allOnes) throw Error("integer too large", Position - 1);
                }
                result |= (long)(b & 0x7F) << shift;
                shift += 7;
                break;
            }
            result |= (long)(b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) break;
        }
        if (shift < 64 && shift > 0)
        {
            // Sign-extend from the last payload bit read.
            var unused = 64 - shift;
            result = (result << unused) >> unused;
        }
        if (bits < 64)
        {
            var unused = 64 - bits;
            result = (result << unused) >> unused;
        }
        return result;
    }

    public float ReadF32Bits(out int bits)
    {
        var span = ReadBytes(4);
        bits = BinaryPrimitives.ReadInt32LittleEndian(span);
        return Bits.Int32BitsToSingle(bits);
    }

    public long ReadU64Fixed() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));

    /// <summary>A length-prefixed UTF-8 name.</summary>
    public string ReadName()
    {
        var length = ReadLength();
        var start = Position;
        var bytes = ReadBytes(length);
        try
        {
            return Bits.GetString(StrictUtf8, bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error("malformed UTF-8 encoding", start);
        }
    }
}

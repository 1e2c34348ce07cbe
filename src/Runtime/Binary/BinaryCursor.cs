using System;
using System.Text;

namespace WitBindgen.Runtime.Binary;

/// <summary>
/// Reads primitive values from a module binary with spec-conformant error reporting. Reading is bounded by
/// <see cref="Limit"/> (the current section or function body); the error for reading past it depends on the region.
/// </summary>
internal ref struct BinaryCursor
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;

    public BinaryCursor(ReadOnlySpan<byte> data)
    {
        _data = data;
        Position = 0;
        Limit = data.Length;
        Section = null;
        EndMessage = "unexpected end";
    }

    /// <summary>Current absolute offset.</summary>
    public int Position;

    /// <summary>End of the readable region (exclusive).</summary>
    public int Limit;

    /// <summary>Name of the section being read (for diagnostics), null for the header.</summary>
    public string? Section;

    /// <summary>The message for reading past <see cref="Limit"/>.</summary>
    public string EndMessage;

    public readonly int Length => _data.Length;

    public readonly bool AtLimit => Position >= Limit;

    public readonly int Remaining => Limit - Position;

    public readonly WasmDecodeException Error(string reason) => new(reason, Section, Position);

    public readonly WasmDecodeException Error(string reason, int offset) => new(reason, Section, offset);

    public readonly WasmDecodeException Unsupported(string feature, int offset) => new("unsupported feature: " + feature, Section, offset);

    public byte ReadByte()
    {
        if (Position >= Limit) throw Error(EndMessage);
        return _data[Position++];
    }

    public readonly byte PeekByte()
    {
        if (Position >= Limit) throw Error(EndMessage);
        return _data[Position];
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Limit - Position) throw Error(EndMessage);
        var span = _data.Slice(Position, count);
        Position += count;
        return span;
    }

    /// <summary>Reads a length prefix and checks that that many bytes remain ("length out of bounds").</summary>
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
        bits = span[0] | (span[1] << 8) | (span[2] << 16) | (span[3] << 24);
        return BitConverter.Int32BitsToSingle(bits);
    }

    public long ReadU64Fixed()
    {
        var span = ReadBytes(8);
        return BitConverter.ToInt64(span);
    }

    /// <summary>A length-prefixed UTF-8 name.</summary>
    public string ReadName()
    {
        var length = ReadLength();
        var start = Position;
        var bytes = ReadBytes(length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error("malformed UTF-8 encoding", start);
        }
    }
}

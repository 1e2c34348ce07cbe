using System;
using System.Text;

namespace WitBindgen.ComponentModel.Binary;

/// <summary>
/// Reads WebAssembly primitive encodings from a byte range; every failure is a <see cref="ComponentFormatException"/>
/// carrying the absolute offset and the current section name.
/// </summary>
internal sealed class WasmReader
{
    private readonly byte[] _bytes;
    private readonly int _end;
    private int _position;

    /// <summary>Creates a reader over <paramref name="bytes"/>[start..end).</summary>
    public WasmReader(byte[] bytes, int start = 0, int end = -1)
    {
        _bytes = bytes;
        _position = start;
        _end = end < 0 ? bytes.Length : end;
    }

    /// <summary>The section being read, used in error messages.</summary>
    public string? Section { get; set; }

    /// <summary>Absolute offset of the next byte.</summary>
    public int Position => _position;

    /// <summary>Absolute end offset.</summary>
    public int End => _end;

    /// <summary>The underlying bytes.</summary>
    public byte[] Bytes => _bytes;

    /// <summary>Whether all bytes were read.</summary>
    public bool AtEnd => _position >= _end;

    /// <summary>Bytes left.</summary>
    public int Remaining => _end - _position;

    /// <summary>Creates an exception at the current position.</summary>
    public ComponentFormatException Error(string problem) => new(problem, _position, Section);

    /// <summary>Creates an exception at an explicit offset.</summary>
    public ComponentFormatException ErrorAt(string problem, int offset) => new(problem, offset, Section);

    /// <summary>Reads one byte.</summary>
    public byte Byte()
    {
        if (_position >= _end) throw Error("unexpected end of data");
        return _bytes[_position++];
    }

    /// <summary>Looks at the next byte without consuming it.</summary>
    public byte Peek()
    {
        if (_position >= _end) throw Error("unexpected end of data");
        return _bytes[_position];
    }

    /// <summary>Looks at the byte <paramref name="ahead"/> positions past the next one without consuming anything.</summary>
    public byte PeekAt(int ahead)
    {
        if (ahead < 0 || ahead >= Remaining) throw Error("unexpected end of data");
        return _bytes[_position + ahead];
    }

    /// <summary>Reads <paramref name="count"/> raw bytes.</summary>
    public byte[] ReadBytes(int count)
    {
        if (count < 0 || count > Remaining) throw Error($"length {count} exceeds the {Remaining} remaining bytes");
        var result = new byte[count];
        Array.Copy(_bytes, _position, result, 0, count);
        _position += count;
        return result;
    }

    /// <summary>Skips bytes.</summary>
    public void Skip(int count)
    {
        if (count < 0 || count > Remaining) throw Error($"length {count} exceeds the {Remaining} remaining bytes");
        _position += count;
    }

    /// <summary>Reads an unsigned LEB128 u32.</summary>
    public uint U32()
    {
        int start = _position;
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = Byte();
            if (shift == 28 && (b & 0x70) != 0) throw ErrorAt("integer too large for u32", start);
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) break;
            if (shift >= 28) throw ErrorAt("integer representation too long", start);
        }
        return (uint)result;
    }

    /// <summary>Reads an unsigned LEB128 u64.</summary>
    public ulong U64()
    {
        int start = _position;
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = Byte();
            if (shift == 63 && (b & 0x7e) != 0) throw ErrorAt("integer too large for u64", start);
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) break;
            if (shift >= 63) throw ErrorAt("integer representation too long", start);
        }
        return result;
    }

    /// <summary>Reads a signed LEB128 of at most <paramref name="bits"/> bits (32, 33 or 64).</summary>
    public long Signed(int bits)
    {
        int start = _position;
        long result = 0;
        int shift = 0;
        byte b;
        int maxBytes = (bits + 6) / 7;
        int count = 0;
        do
        {
            b = Byte();
            if (++count > maxBytes) throw ErrorAt("integer representation too long", start);
            result |= (long)(b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) result |= -1L << shift;
        if (bits < 64)
        {
            long min = -(1L << (bits - 1)), max = (1L << (bits - 1)) - 1;
            if (result < min || result > max) throw ErrorAt($"integer too large for s{bits}", start);
        }
        return result;
    }

    /// <summary>Reads a name (length-prefixed UTF-8).</summary>
    public string Name()
    {
        int start = _position;
        uint length = U32();
        if (length > Remaining) throw ErrorAt($"name length {length} exceeds the {Remaining} remaining bytes", start);
        try
        {
            var s = Strict.GetString(_bytes, _position, (int)length);
            _position += (int)length;
            return s;
        }
        catch (DecoderFallbackException)
        {
            throw ErrorAt("malformed UTF-8 encoding in name", start);
        }
    }

    private static readonly Encoding Strict = new UTF8Encoding(false, true);

    /// <summary>Reads a vector length and checks it is plausible against the remaining bytes.</summary>
    public uint Count()
    {
        int start = _position;
        uint count = U32();
        if (count > Remaining) throw ErrorAt($"vector length {count} exceeds the {Remaining} remaining bytes", start);
        return count;
    }

    /// <summary>A reader over the next <paramref name="length"/> bytes; this reader skips them.</summary>
    public WasmReader Sub(int length)
    {
        if (length < 0 || length > Remaining) throw Error($"size {length} exceeds the {Remaining} remaining bytes");
        var sub = new WasmReader(_bytes, _position, _position + length) { Section = Section };
        _position += length;
        return sub;
    }
}

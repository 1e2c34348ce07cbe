using System;
using System.Text;

namespace WitBindgen.ComponentModel.Text.Core;

/// <summary>A growable byte buffer with the wasm binary primitives (minimal LEB128, little-endian floats, names).</summary>
internal sealed class CoreByteWriter
{
    private byte[] _buffer = new byte[64];

    public int Length { get; private set; }

    public void Byte(byte value)
    {
        if (Length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        _buffer[Length++] = value;
    }

    public void Bytes(byte[] bytes) => Bytes(bytes, 0, bytes.Length);

    public void Bytes(byte[] bytes, int offset, int count)
    {
        if (Length + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        Buffer.BlockCopy(bytes, offset, _buffer, Length, count);
        Length += count;
    }

    public void Bytes(CoreByteWriter other) => Bytes(other._buffer, 0, other.Length);

    public CoreByteWriter U32(uint value)
    {
        U64(value);
        return this;
    }

    public void U64(ulong value)
    {
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            Byte(b);
        }
        while (value != 0);
    }

    public void S32(int value) => S64(value);

    public void S64(long value)
    {
        while (true)
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            if (done)
            {
                Byte(b);
                return;
            }
            Byte((byte)(b | 0x80));
        }
    }

    public void FixedU32(uint bits)
    {
        for (int i = 0; i < 4; i++) Byte((byte)(bits >> (8 * i)));
    }

    public void FixedU64(ulong bits)
    {
        for (int i = 0; i < 8; i++) Byte((byte)(bits >> (8 * i)));
    }

    /// <summary>A length-prefixed byte string (names are UTF-8).</summary>
    public void Name(byte[] utf8)
    {
        U32((uint)utf8.Length);
        Bytes(utf8);
    }

    public void Name(string text) => Name(Encoding.UTF8.GetBytes(text));

    /// <summary>A section: id, size, contents.</summary>
    public void Section(byte id, CoreByteWriter contents)
    {
        Byte(id);
        U32((uint)contents.Length);
        Bytes(contents);
    }

    /// <summary>Removes the last byte (used to drop a trailing <c>end</c>).</summary>
    public void Truncate(int length) => Length = length;

    public byte[] ToArray()
    {
        var result = new byte[Length];
        Buffer.BlockCopy(_buffer, 0, result, 0, Length);
        return result;
    }
}

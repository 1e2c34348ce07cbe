using System;
using System.IO;
using System.Text;
using WitBindgen.CoreWasm.Modules;

namespace WitBindgen.CoreWasm.Binary;

/// <summary>
/// THE writer of WebAssembly binary primitives: an append-only byte buffer with minimal LEB128, little-endian
/// fixed-width values, names and sections. Used by the core WAT assembler, the component writer and the componentizer.
/// </summary>
internal sealed class WasmWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;

    /// <summary>Number of bytes written.</summary>
    public int Length => _length;

    /// <summary>A copy of the bytes written.</summary>
    public byte[] ToArray()
    {
        var result = new byte[_length];
        Array.Copy(_buffer, result, _length);
        return result;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        var size = Math.Max(_buffer.Length * 2, _length + extra);
        Array.Resize(ref _buffer, size);
    }

    /// <summary>Writes one byte.</summary>
    public WasmWriter Byte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
        return this;
    }

    /// <summary>Writes raw bytes.</summary>
    public WasmWriter Bytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(new Span<byte>(_buffer, _length, bytes.Length));
        _length += bytes.Length;
        return this;
    }

    /// <summary>Writes <paramref name="count"/> bytes of <paramref name="bytes"/> from <paramref name="offset"/>.</summary>
    public WasmWriter Bytes(byte[] bytes, int offset, int count) => Bytes(new ReadOnlySpan<byte>(bytes, offset, count));

    /// <summary>Appends another writer's bytes.</summary>
    public WasmWriter Bytes(WasmWriter other) => Append(other);

    /// <summary>Writes an unsigned LEB128 (u32).</summary>
    public WasmWriter U32(uint value) => U64(value);

    /// <summary>Writes an unsigned LEB128 (u64).</summary>
    public WasmWriter U64(ulong value)
    {
        do
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            if (value != 0) b |= 0x80;
            Byte(b);
        } while (value != 0);
        return this;
    }

    /// <summary>Writes a signed LEB128 (s32, s33 and s64 share the encoding).</summary>
    public WasmWriter S64(long value)
    {
        while (true)
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            if (!done) b |= 0x80;
            Byte(b);
            if (done) return this;
        }
    }

    /// <summary>Writes a heap type (s33): an abstract one as its one-byte code, a type index as a signed LEB128.</summary>
    public WasmWriter HeapType(int heap) =>
        Modules.ValueTypes.IsTypeIndex(heap) ? S64(heap) : Byte((byte)(heap & 0x7F));

    /// <summary>Writes a value or storage type; a nullable abstract reference takes its one-byte shorthand
    /// (<c>(ref null any)</c> is 0x6E), the reader's inverse.</summary>
    public WasmWriter ValueType(Modules.ValueType type)
    {
        if (!type.IsTypedReference()) return Byte((byte)type);
        var heap = type.HeapOf();
        if (type.IsNullable() && !Modules.ValueTypes.IsTypeIndex(heap)) return Byte((byte)(heap & 0x7F));
        return Byte(type.IsNullable() ? (byte)0x63 : (byte)0x64).HeapType(heap);
    }

    /// <summary>Writes a signed LEB128 (s32).</summary>
    public WasmWriter S32(int value) => S64(value);

    /// <summary>Writes 4 little-endian bytes.</summary>
    public WasmWriter FixedU32(uint bits)
    {
        for (int i = 0; i < 4; i++) Byte((byte)(bits >> (8 * i)));
        return this;
    }

    /// <summary>Writes 8 little-endian bytes.</summary>
    public WasmWriter FixedU64(ulong bits)
    {
        for (int i = 0; i < 8; i++) Byte((byte)(bits >> (8 * i)));
        return this;
    }

    /// <summary>Writes a length-prefixed byte string (names are UTF-8).</summary>
    public WasmWriter Name(byte[] utf8)
    {
        U32((uint)utf8.Length);
        return Bytes(utf8);
    }

    /// <summary>Writes a name: its UTF-8 length then the bytes.</summary>
    public WasmWriter Name(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        U32((uint)bytes.Length);
        return Bytes(bytes);
    }

    /// <summary>Writes a section: id, byte size, then the content produced by <paramref name="content"/>.</summary>
    public WasmWriter Section(byte id, Action<WasmWriter> content)
    {
        var inner = new WasmWriter();
        content(inner);
        Byte(id);
        U32((uint)inner.Length);
        return Bytes(new ReadOnlySpan<byte>(inner._buffer, 0, inner._length));
    }

    /// <summary>Writes a section: id, byte size, then <paramref name="contents"/>.</summary>
    public WasmWriter Section(byte id, WasmWriter contents)
    {
        Byte(id);
        U32((uint)contents.Length);
        return Append(contents);
    }

    /// <summary>Drops everything after the first <paramref name="length"/> bytes (e.g. a trailing <c>end</c>).</summary>
    public void Truncate(int length) => _length = length;

    /// <summary>Writes a custom section (id 0) with a name and raw content.</summary>
    public WasmWriter CustomSection(string name, ReadOnlySpan<byte> content)
    {
        var nameWriter = new WasmWriter().Name(name);
        Byte(0);
        U32((uint)(nameWriter.Length + content.Length));
        Bytes(new ReadOnlySpan<byte>(nameWriter._buffer, 0, nameWriter._length));
        return Bytes(content);
    }

    /// <summary>Appends another writer's bytes.</summary>
    public WasmWriter Append(WasmWriter other) => Bytes(new ReadOnlySpan<byte>(other._buffer, 0, other._length));

    /// <summary>Writes the bytes to a stream.</summary>
    public void WriteTo(Stream stream) => stream.Write(_buffer, 0, _length);
}

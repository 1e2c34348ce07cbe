using System;
using System.IO;
using System.Threading;
using WitBindgen.Runtime.Wasi.Io;

namespace WitBindgen.Runtime.Wasi.Filesystem;

/// <summary>Reads a file from an offset (files are always ready).</summary>
internal sealed class FileInputStream : WasiInputStream
{
    private readonly FileStream _file;
    private long _offset;
    public FileInputStream(FileStream file, long offset, CancellationToken cancel) : base(cancel) { _file = file; _offset = offset; }

    public override StreamStatus Read(int max, out byte[] data, out string? error)
    {
        error = null;
        try
        {
            var buffer = new byte[Math.Min(max, 1 << 20)];
            int n = RandomAccess.Read(_file.SafeFileHandle, buffer, _offset);
            if (n == 0 && max > 0) { data = Array.Empty<byte>(); return StreamStatus.Closed; }
            _offset += n;
            data = n == buffer.Length ? buffer : buffer.AsSpan(0, n).ToArray();
            return StreamStatus.Ok;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException or NotSupportedException)
        {
            data = Array.Empty<byte>();
            error = e.Message;
            FilesystemErrorCode = (int)Sandbox.Map(e).Code;
            return StreamStatus.Failed;
        }
    }
}

/// <summary>Writes a file at an offset, or at its end for append streams.</summary>
internal sealed class FileOutputStream : WasiOutputStream
{
    private readonly FileStream _file;
    private long _offset;
    private readonly bool _append;
    public FileOutputStream(FileStream file, long offset, bool append, CancellationToken cancel) : base(cancel) { _file = file; _offset = offset; _append = append; }

    public override StreamStatus Write(ReadOnlySpan<byte> data, out string? error)
    {
        error = null;
        try
        {
            long at = _append ? RandomAccess.GetLength(_file.SafeFileHandle) : _offset;
            RandomAccess.Write(_file.SafeFileHandle, data, at);
            _offset = at + data.Length;
            return StreamStatus.Ok;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException or NotSupportedException)
        {
            error = e.Message;
            FilesystemErrorCode = (int)Sandbox.Map(e).Code;
            return StreamStatus.Failed;
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace WitBindgen.Runtime.Wasi.Io;

/// <summary>How a stream operation ended.</summary>
internal enum StreamStatus { Ok, Closed, Failed }

/// <summary>A host input stream behind a <c>wasi:io/streams.input-stream</c>.</summary>
internal abstract class WasiInputStream
{
    /// <summary>Reads up to <paramref name="max"/> bytes without blocking (possibly none).</summary>
    public abstract StreamStatus Read(int max, out byte[] data, out string? error);

    /// <summary>The <c>wasi:filesystem</c> error-code case of the last failure, for file streams.</summary>
    public int? FilesystemErrorCode { get; protected set; }

    /// <summary>The <c>wasi:http/types.error-code</c> of the last failure, for HTTP body streams (<c>http-error-code</c>).</summary>
    public WitBindgen.ComponentModel.Abi.ComponentValue? HttpErrorCode { get; protected set; }

    /// <summary>Whether a read would return data or end of stream now.</summary>
    public virtual bool IsReady => true;

    /// <summary>Signalled when the stream becomes ready (null: always ready).</summary>
    public virtual WaitHandle? ReadyHandle => null;

    /// <summary>Waits until <see cref="IsReady"/> (traps with <see cref="TrapCode.Interrupted"/> when <paramref name="cancel"/> is cancelled).</summary>
    public void WaitReady(CancellationToken cancel = default)
    {
        if (!IsReady) Poll.WaitUntil(() => IsReady, ReadyHandle, cancel);
    }
}

/// <summary>A host output stream behind a <c>wasi:io/streams.output-stream</c>.</summary>
internal abstract class WasiOutputStream
{
    /// <summary>The most bytes one <c>write</c> may take (also the buffered data limit).</summary>
    public const int WriteBudget = 64 * 1024;

    /// <summary>The <c>wasi:filesystem</c> error-code case of the last failure, for file streams.</summary>
    public int? FilesystemErrorCode { get; protected set; }

    /// <summary>How many bytes a write may take now.</summary>
    public virtual StreamStatus CheckWrite(out long permit, out string? error) { permit = WriteBudget; error = null; return StreamStatus.Ok; }

    /// <summary>Writes (the caller checked the budget).</summary>
    public abstract StreamStatus Write(ReadOnlySpan<byte> data, out string? error);

    /// <summary>Flushes to the destination.</summary>
    public virtual StreamStatus Flush(out string? error) { error = null; return StreamStatus.Ok; }

    /// <summary>Starts a flush without blocking (<c>flush</c>); streams that write synchronously just flush.</summary>
    public virtual StreamStatus StartFlush(out string? error) => Flush(out error);

    /// <summary>Flushes from the host side (end of run).</summary>
    public void FlushHost() => Flush(out _);

    /// <summary>Whether <c>check-write</c> would permit a write (or report a failure) now.</summary>
    public virtual bool WriteReady => true;

    /// <summary>Signalled when <see cref="WriteReady"/> may have become true (null: always ready).</summary>
    public virtual WaitHandle? WriteReadyHandle => null;

    /// <summary>Waits until a write of <paramref name="count"/> bytes is permitted, or the stream failed or closed
    /// (traps with <see cref="TrapCode.Interrupted"/> when <paramref name="cancel"/> is cancelled).</summary>
    public void WaitWritable(long count, CancellationToken cancel)
    {
        bool Writable() => CheckWrite(out var permit, out _) != StreamStatus.Ok || permit >= count;
        if (!Writable()) Poll.WaitUntil(Writable, WriteReadyHandle, cancel);
    }
}

/// <summary>Bytes in memory, then end of stream.</summary>
internal sealed class MemoryInputStream : WasiInputStream
{
    private readonly byte[] _bytes;
    private int _pos;
    public MemoryInputStream(byte[] bytes) => _bytes = bytes;

    public override StreamStatus Read(int max, out byte[] data, out string? error)
    {
        error = null;
        if (_pos >= _bytes.Length) { data = Array.Empty<byte>(); return StreamStatus.Closed; }
        int n = Math.Min(max, _bytes.Length - _pos);
        data = _bytes.AsSpan(_pos, n).ToArray();
        _pos += n;
        return StreamStatus.Ok;
    }
}

/// <summary>
/// A .NET stream read on a background thread into a bounded buffer, so reads never block the guest unless it
/// asks to and pollables report real readiness (console stdin, pipes, sockets).
/// </summary>
internal sealed class BackgroundInputStream : WasiInputStream
{
    private const int BufferLimit = 64 * 1024;
    private readonly Stream _stream;
    private readonly object _lock = new();
    private readonly Queue<byte[]> _chunks = new();
    private readonly ManualResetEvent _ready = new(false);
    private readonly ManualResetEvent _space = new(true);
    private int _buffered;
    private byte[]? _head;
    private int _headPos;
    private bool _eof;
    private string? _error;
    private Thread? _thread;

    public BackgroundInputStream(Stream stream) => _stream = stream;

    private void EnsureStarted()
    {
        if (_thread is not null) return;
        _thread = new Thread(Pump) { IsBackground = true, Name = "wasi input stream" };
        _thread.Start();
    }

    private void Pump()
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                _space.WaitOne();
                int n = _stream.Read(buffer, 0, buffer.Length);
                lock (_lock)
                {
                    if (n == 0) { _eof = true; _ready.Set(); return; }
                    _chunks.Enqueue(buffer.AsSpan(0, n).ToArray());
                    _buffered += n;
                    if (_buffered >= BufferLimit) _space.Reset();
                    _ready.Set();
                }
            }
        }
        catch (Exception e)
        {
            lock (_lock) { _error = e.Message; _ready.Set(); }
        }
    }

    public override bool IsReady
    {
        get
        {
            EnsureStarted();
            lock (_lock) return _head is not null || _chunks.Count > 0 || _eof || _error is not null;
        }
    }

    public override WaitHandle? ReadyHandle { get { EnsureStarted(); return _ready; } }

    public override StreamStatus Read(int max, out byte[] data, out string? error)
    {
        EnsureStarted();
        lock (_lock)
        {
            error = null;
            if (_head is null && _chunks.Count > 0) { _head = _chunks.Dequeue(); _headPos = 0; }
            if (_head is null)
            {
                data = Array.Empty<byte>();
                if (_error is not null) { error = _error; return StreamStatus.Failed; }
                if (_eof) return StreamStatus.Closed;
                _ready.Reset();
                return StreamStatus.Ok;
            }
            int n = Math.Min(max, _head.Length - _headPos);
            data = _head.AsSpan(_headPos, n).ToArray();
            _headPos += n;
            _buffered -= n;
            if (_headPos == _head.Length) _head = null;
            if (_buffered < BufferLimit) _space.Set();
            if (_head is null && _chunks.Count == 0 && !_eof && _error is null) _ready.Reset();
            return StreamStatus.Ok;
        }
    }
}

/// <summary>Writes go straight to a .NET stream.</summary>
internal sealed class DotnetOutputStream : WasiOutputStream
{
    private readonly Stream _stream;
    public DotnetOutputStream(Stream stream) => _stream = stream;

    public override StreamStatus Write(ReadOnlySpan<byte> data, out string? error)
    {
        error = null;
        try { _stream.Write(data); return StreamStatus.Ok; }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException) { error = e.Message; return StreamStatus.Failed; }
    }

    public override StreamStatus Flush(out string? error)
    {
        error = null;
        try { _stream.Flush(); return StreamStatus.Ok; }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { error = e.Message; return StreamStatus.Failed; }
    }
}

/// <summary>Discards everything written.</summary>
internal sealed class SinkOutputStream : WasiOutputStream
{
    public override StreamStatus Write(ReadOnlySpan<byte> data, out string? error) { error = null; return StreamStatus.Ok; }
}

/// <summary>A <c>wasi:io/error.error</c>: a message and, for filesystem or HTTP body failures, their error code.</summary>
internal sealed class IoError
{
    public IoError(string message, int? filesystemCode = null, WitBindgen.ComponentModel.Abi.ComponentValue? httpCode = null)
    {
        Message = message;
        FilesystemCode = filesystemCode;
        HttpCode = httpCode;
    }

    public string Message { get; }
    public int? FilesystemCode { get; }
    /// <summary>The <c>wasi:http/types.error-code</c> value, for HTTP body failures.</summary>
    public WitBindgen.ComponentModel.Abi.ComponentValue? HttpCode { get; }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using WitBindgen.Bindings;
using WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Streams;
using ErrorResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Error.Error;
using PollableResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Poll.Pollable;
using CountResult = WitBindgen.Bindings.Result<ulong, WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Streams.StreamError>;

namespace WitBindgen.Runtime.Wasi.Io;

/// <summary>How a stream operation ended.</summary>
internal enum StreamStatus { Ok, Closed, Failed }

/// <summary>
/// A host input stream: the <c>wasi:io/streams.input-stream</c> of the typed bindings. Subclasses implement the
/// non-blocking <see cref="Read(int, out byte[], out string?)"/> and readiness; the blocking methods wait on
/// <see cref="Cancellation"/>, the cancellation of the context the stream was made for (the generated methods get
/// no context).
/// </summary>
internal abstract class WasiInputStream : InputStream
{
    /// <summary>The most bytes one read returns.</summary>
    public const int MaxRead = 64 * 1024;

    protected WasiInputStream(CancellationToken cancel) => Cancellation = cancel;

    /// <summary>Interrupts the blocking methods (they trap with <see cref="TrapCode.Interrupted"/>). Set at construction;
    /// the stdio getters set it for stdio streams, which the builder makes before any context.</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>Reads up to <paramref name="max"/> bytes without blocking (possibly none).</summary>
    public abstract StreamStatus Read(int max, out byte[] data, out string? error);

    /// <summary>
    /// Reads up to <c>destination.Length</c> bytes into <paramref name="destination"/> without blocking;
    /// <paramref name="count"/> says how many. The default copies the array of <see cref="Read(int, out byte[], out string?)"/>;
    /// streams override it to read without one.
    /// </summary>
    public virtual StreamStatus Read(Span<byte> destination, out int count, out string? error)
    {
        var status = Read(destination.Length, out var data, out error);
        data.CopyTo(destination);
        count = data.Length;
        return status;
    }

    /// <summary>Reads of up to this size go into a per-thread buffer (the bindings copy it into the guest before returning).</summary>
    private const int ScratchBytes = 4096;

    [ThreadStatic] private static byte[]? t_readScratch;

    /// <summary>The <c>wasi:filesystem</c> error-code case of the last failure, for file streams.</summary>
    public int? FilesystemErrorCode { get; protected set; }

    /// <summary>The <c>wasi:http/types.error-code</c> of the last failure, for HTTP body streams (<c>http-error-code</c>).</summary>
    public Bindings.Wasi.Http.Types.ErrorCode? HttpErrorCode { get; protected set; }

    /// <summary>Whether a read would return data or end of stream now.</summary>
    public virtual bool IsReady => true;

    /// <summary>Signalled when the stream becomes ready (null: always ready).</summary>
    public virtual WaitHandle? ReadyHandle => null;

    /// <summary>Waits until <see cref="IsReady"/> (traps with <see cref="TrapCode.Interrupted"/> when <paramref name="cancel"/> is cancelled).</summary>
    public void WaitReady(CancellationToken cancel = default)
    {
        if (!IsReady) Poll.WaitUntil(() => IsReady, ReadyHandle, cancel);
    }

    public override Result<ReadOnlyMemory<byte>, StreamError> Read(ulong len) => ReadNow(len);

    public override Result<ReadOnlyMemory<byte>, StreamError> BlockingRead(ulong len)
    {
        if (len > 0) WaitReady(Cancellation);
        return ReadNow(len);
    }

    public override CountResult Skip(ulong len)
    {
        var read = ReadNow(len);
        return read.IsOk ? (ulong)read.Value.Length : CountResult.Err(read.Error);
    }

    public override CountResult BlockingSkip(ulong len)
    {
        if (len > 0) WaitReady(Cancellation);
        return Skip(len);
    }

    public override PollableResource Subscribe() => new InputStreamPollable(this);

    private Result<ReadOnlyMemory<byte>, StreamError> ReadNow(ulong len)
    {
        int max = (int)Math.Min(len, MaxRead);
        StreamStatus status;
        string? error;
        ReadOnlyMemory<byte> data;
        if (max <= ScratchBytes)
        {
            var scratch = t_readScratch ??= new byte[ScratchBytes];
            status = Read(scratch.AsSpan(0, max), out int count, out error);
            data = scratch.AsMemory(0, count);
        }
        else
        {
            status = Read(max, out var bytes, out error);
            data = bytes;
        }
        return ReadResult(status, data, error);
    }

    private Result<ReadOnlyMemory<byte>, StreamError> ReadResult(StreamStatus status, ReadOnlyMemory<byte> data, string? error) => status switch
    {
        StreamStatus.Ok => data,
        StreamStatus.Closed => Result<ReadOnlyMemory<byte>, StreamError>.Err(StreamErrors.Closed),
        _ => Result<ReadOnlyMemory<byte>, StreamError>.Err(StreamErrors.Failed(error, FilesystemErrorCode, HttpErrorCode)),
    };
}

/// <summary>
/// A host output stream: the <c>wasi:io/streams.output-stream</c> of the typed bindings. Subclasses implement the
/// write and flush primitives and readiness; the blocking methods wait on <see cref="Cancellation"/>, the cancellation
/// of the context the stream was made for.
/// </summary>
internal abstract class WasiOutputStream : OutputStream
{
    /// <summary>The most bytes one <c>write</c> may take (also the buffered data limit).</summary>
    public const int WriteBudget = 64 * 1024;

    /// <summary>The most bytes one <c>blocking-write-and-flush</c> (or <c>-zeroes-</c>) may take: more traps.</summary>
    private const int MaxBlockingWrite = 4096;

    protected WasiOutputStream(CancellationToken cancel) => Cancellation = cancel;

    /// <summary>Interrupts the blocking methods (they trap with <see cref="TrapCode.Interrupted"/>). Set at construction;
    /// the stdio getters set it for stdio streams, which the builder makes before any context.</summary>
    public CancellationToken Cancellation { get; set; }

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

    public override CountResult CheckWrite()
    {
        var status = CheckWrite(out var permit, out var error);
        return status == StreamStatus.Ok ? (ulong)permit : CountResult.Err(StreamErrors.ErrorOf(status, error));
    }

    public override Result<Unit, StreamError> Write(ReadOnlyMemory<byte> contents) => WriteChecked(contents.Span, contents.Length, false, int.MaxValue);

    public override Result<Unit, StreamError> BlockingWriteAndFlush(ReadOnlyMemory<byte> contents) => WriteChecked(contents.Span, contents.Length, true, MaxBlockingWrite);

    public override Result<Unit, StreamError> WriteZeroes(ulong len) => WriteChecked(default, (long)Math.Min(len, int.MaxValue), false, int.MaxValue);

    public override Result<Unit, StreamError> BlockingWriteZeroesAndFlush(ulong len) => WriteChecked(default, (long)Math.Min(len, int.MaxValue), true, MaxBlockingWrite);

    public override Result<Unit, StreamError> Flush() => StreamErrors.Of(StartFlush(out var error), error);

    public override Result<Unit, StreamError> BlockingFlush() => StreamErrors.Of(Flush(out var error), error);

    public override PollableResource Subscribe() => new OutputStreamPollable(this);

    public override CountResult Splice(InputStream src, ulong len) => SpliceFrom(src, len, false);

    public override CountResult BlockingSplice(InputStream src, ulong len) => SpliceFrom(src, len, true);

    /// <summary>
    /// A write of <paramref name="length"/> bytes: <paramref name="bytes"/>, or zeroes when it is empty. Writing more
    /// than <c>check-write</c> permits, or than <paramref name="limit"/>, traps; <paramref name="flush"/> first waits
    /// until the write is permitted and flushes after it.
    /// </summary>
    private Result<Unit, StreamError> WriteChecked(ReadOnlySpan<byte> bytes, long length, bool flush, int limit)
    {
        if (flush) WaitWritable(Math.Min(length, limit), Cancellation);
        var status = CheckWrite(out var permit, out var error);
        if (status != StreamStatus.Ok) return StreamErrors.Of(status, error);
        if (length > Math.Min(permit, limit))
            throw new WasiTrapException($"write of {length} bytes exceeds the permitted {Math.Min(permit, limit)}");
        // Zeroes are allocated only once their count is known to be within the permit.
        if (bytes.Length != length) bytes = new byte[length];
        status = Write(bytes, out error);
        if (status == StreamStatus.Ok && flush) status = Flush(out error);
        return StreamErrors.Of(status, error, FilesystemErrorCode);
    }

    private CountResult SpliceFrom(InputStream source, ulong len, bool blocking)
    {
        var src = source as WasiInputStream ?? throw new WasiTrapException("splice: the input stream is not a host stream");
        if (blocking) WaitWritable(1, Cancellation);
        var status = CheckWrite(out var permit, out var error);
        if (status != StreamStatus.Ok) return CountResult.Err(StreamErrors.ErrorOf(status, error));
        int n = (int)Math.Min(Math.Min((ulong)permit, len), WasiInputStream.MaxRead);
        if (blocking && n > 0) src.WaitReady(Cancellation);
        status = src.Read(n, out var data, out error);
        if (status != StreamStatus.Ok) return CountResult.Err(StreamErrors.ErrorOf(status, error));
        status = Write(data, out error);
        if (status == StreamStatus.Ok && blocking) status = Flush(out error);
        return status == StreamStatus.Ok ? (ulong)data.Length : CountResult.Err(StreamErrors.ErrorOf(status, error));
    }
}

/// <summary>The <c>stream-error</c> results of the stream methods.</summary>
internal static class StreamErrors
{
    /// <summary>The stream ended (one instance: the case carries nothing).</summary>
    public static readonly StreamError Closed = new StreamError.Closed();

    /// <summary>The operation failed: a new <c>error</c> with the message and, for file and HTTP body streams, their error code.</summary>
    public static StreamError Failed(string? message, int? filesystemCode = null, Bindings.Wasi.Http.Types.ErrorCode? httpCode = null) =>
        new StreamError.LastOperationFailed(new IoError(message ?? "stream failed", filesystemCode, httpCode));

    /// <summary>Success, or the error of a status that is not <see cref="StreamStatus.Ok"/>.</summary>
    /// <summary>The error of a status that is not <see cref="StreamStatus.Ok"/>.</summary>
    public static StreamError ErrorOf(StreamStatus status, string? error, int? filesystemCode = null) =>
        status == StreamStatus.Closed ? Closed : Failed(error, filesystemCode);

    /// <summary>Success, or the error of a status that is not <see cref="StreamStatus.Ok"/>.</summary>
    public static Result<Unit, StreamError> Of(StreamStatus status, string? error, int? filesystemCode = null) =>
        status == StreamStatus.Ok ? Unit.Value : Result<Unit, StreamError>.Err(ErrorOf(status, error, filesystemCode));
}

/// <summary>Bytes in memory, then end of stream.</summary>
internal sealed class MemoryInputStream : WasiInputStream
{
    private readonly byte[] _bytes;
    private int _pos;
    public MemoryInputStream(byte[] bytes, CancellationToken cancel) : base(cancel) => _bytes = bytes;

    public override StreamStatus Read(int max, out byte[] data, out string? error)
    {
        int n = Math.Min(max, _bytes.Length - _pos);
        data = n > 0 ? new byte[n] : Array.Empty<byte>();
        return Read(data, out _, out error);
    }

    public override StreamStatus Read(Span<byte> destination, out int count, out string? error)
    {
        error = null;
        count = 0;
        if (_pos >= _bytes.Length) return StreamStatus.Closed;
        count = Math.Min(destination.Length, _bytes.Length - _pos);
        _bytes.AsSpan(_pos, count).CopyTo(destination);
        _pos += count;
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

    public BackgroundInputStream(Stream stream, CancellationToken cancel) : base(cancel) => _stream = stream;

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
            var status = Take(max, out var taken, out error);
            data = taken.ToArray();
            return status;
        }
    }

    public override StreamStatus Read(Span<byte> destination, out int count, out string? error)
    {
        EnsureStarted();
        lock (_lock)
        {
            var status = Take(destination.Length, out var taken, out error);
            taken.CopyTo(destination);
            count = taken.Length;
            return status;
        }
    }

    // Takes up to max buffered bytes (the caller holds the lock; chunks are never reused, so taken stays valid).
    private StreamStatus Take(int max, out ReadOnlySpan<byte> taken, out string? error)
    {
        error = null;
        taken = default;
        if (_head is null && _chunks.Count > 0) { _head = _chunks.Dequeue(); _headPos = 0; }
        if (_head is null)
        {
            if (_error is not null) { error = _error; return StreamStatus.Failed; }
            if (_eof) return StreamStatus.Closed;
            _ready.Reset();
            return StreamStatus.Ok;
        }
        int n = Math.Min(max, _head.Length - _headPos);
        taken = _head.AsSpan(_headPos, n);
        _headPos += n;
        _buffered -= n;
        if (_headPos == _head.Length) _head = null;
        if (_buffered < BufferLimit) _space.Set();
        if (_head is null && _chunks.Count == 0 && !_eof && _error is null) _ready.Reset();
        return StreamStatus.Ok;
    }
}

/// <summary>Writes go straight to a .NET stream.</summary>
internal sealed class DotnetOutputStream : WasiOutputStream
{
    private readonly Stream _stream;
    public DotnetOutputStream(Stream stream, CancellationToken cancel) : base(cancel) => _stream = stream;

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
    public SinkOutputStream(CancellationToken cancel) : base(cancel) { }

    public override StreamStatus Write(ReadOnlySpan<byte> data, out string? error) { error = null; return StreamStatus.Ok; }
}

/// <summary>A <c>wasi:io/error.error</c>: a message and, for filesystem or HTTP body failures, their error code.</summary>
internal sealed class IoError : ErrorResource
{
    public IoError(string message, int? filesystemCode = null, Bindings.Wasi.Http.Types.ErrorCode? httpCode = null)
    {
        Message = message;
        FilesystemCode = filesystemCode;
        HttpCode = httpCode;
    }

    public string Message { get; }
    public int? FilesystemCode { get; }
    /// <summary>The <c>wasi:http/types.error-code</c> value, for HTTP body failures.</summary>
    public Bindings.Wasi.Http.Types.ErrorCode? HttpCode { get; }

    public override string ToDebugString() => Message;
}

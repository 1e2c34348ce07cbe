using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.Bindings;
using WitBindgen.Runtime.Wasi.Io;
using InputStreamResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Streams.InputStream;
using OutputStreamResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Streams.OutputStream;
using PollableResource = WitBindgen.Runtime.Wasi.Bindings.Wasi.Io.Poll.Pollable;
using HttpTypes = WitBindgen.Runtime.Wasi.Bindings.Wasi.Http.Types;

namespace WitBindgen.Runtime.Wasi.Http;

/// <summary>The <c>output-stream</c> of an <c>outgoing-body</c>: writes go into the body's <see cref="BodyPipe"/>.</summary>
internal sealed class PipeOutputStream : WasiOutputStream
{
    private readonly OutgoingBody _body;
    public PipeOutputStream(OutgoingBody body, CancellationToken cancel) : base(cancel) => _body = body;

    public override StreamStatus CheckWrite(out long permit, out string? error)
    {
        error = null;
        permit = Math.Min(WriteBudget, _body.Pipe.Permit);
        if (_body.Pipe.IsCompleted) return StreamStatus.Closed;
        if (!_body.Pipe.IsReaderGone) return StreamStatus.Ok;
        error = "the body's receiver went away";
        return StreamStatus.Failed;
    }

    public override bool WriteReady => _body.Pipe.IsCompleted || _body.Pipe.IsReaderGone || _body.Pipe.Permit > 0;

    public override WaitHandle? WriteReadyHandle => _body.Pipe.WritableHandle;

    public override StreamStatus Write(ReadOnlySpan<byte> data, out string? error)
    {
        error = null;
        if (_body.Pipe.IsCompleted) return StreamStatus.Closed;
        if (_body.Pipe.Write(data)) return StreamStatus.Ok;
        error = "the body takes no more data: its receiver went away, or 16 MiB wait unsent";
        return StreamStatus.Failed;
    }
}

/// <summary>
/// An <c>input-stream</c> over a .NET stream (an incoming request's or response's body), read asynchronously one
/// 16 KiB buffer ahead: <c>read</c> never blocks, and the ready handle makes <c>wasi:io/poll</c> wait for real data.
/// The buffer is rented from the shared array pool for the first read and returned once the body ended (or the
/// stream was dropped and no read fills it any more), so a request does not allocate one.
/// An optional between-bytes timeout fails a read that takes longer, and an optional size limit fails the read that
/// goes beyond it (before buffering more). Failures carry their <c>error-code</c> for <c>http-error-code</c>.
/// </summary>
internal sealed class BodyInputStream : WasiInputStream
{
    private readonly object _lock = new();
    private readonly Stream _source;
    private readonly bool _ownsSource;
    private readonly TimeSpan? _betweenBytes;
    private const int BufferSize = 16 * 1024;
    private byte[]? _buffer;
    private readonly ManualResetEvent _ready = new(false);
    private readonly BodyLimit? _limit;
    private long _total;
    private int _start, _end;
    private Task<int>? _pending;
    private CancellationTokenSource? _timeout;
    private bool _eof;
    private string? _error;
    private bool _disposed;

    public BodyInputStream(Stream source, bool ownsSource, CancellationToken cancel, TimeSpan? betweenBytes = null, BodyLimit? limit = null) : base(cancel)
    {
        _source = source;
        _ownsSource = ownsSource;
        _betweenBytes = betweenBytes;
        _limit = limit;
    }

    public override bool IsReady
    {
        get { lock (_lock) { Pump(); return _start < _end || _eof || _error is not null; } }
    }

    public override WaitHandle? ReadyHandle
    {
        get { lock (_lock) { Pump(); return _ready; } }
    }

    public override StreamStatus Read(int max, out byte[] data, out string? error)
    {
        lock (_lock)
        {
            Pump();
            error = null;
            if (_start < _end)
            {
                int n = Math.Min(max, _end - _start);
                data = _buffer!.AsSpan(_start, n).ToArray();
                _start += n;
                if (_start == _end) Pump();
                return StreamStatus.Ok;
            }
            data = Array.Empty<byte>();
            if (_error is not null) { error = _error; return StreamStatus.Failed; }
            return _eof ? StreamStatus.Closed : StreamStatus.Ok;
        }
    }

    // Under _lock: takes a finished read's outcome, then starts the next read when the buffer is empty.
    private void Pump()
    {
        Harvest();
        if (_pending is not null || _start < _end || _eof || _error is not null || _disposed) return;
        _ready.Reset();
        _timeout?.Dispose();
        _timeout = _betweenBytes is { } d ? new CancellationTokenSource(d) : null;
        _buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
        Task<int> read;
        try { read = _source.ReadAsync(_buffer, 0, BufferSize, _timeout?.Token ?? CancellationToken.None); }
        catch (Exception e) { read = Task.FromException<int>(e); }
        _pending = read;
        if (read.IsCompleted) { Harvest(); return; }
        read.ContinueWith(t =>
        {
            lock (_lock)
            {
                if (_pending != t) return;
                if (_disposed) { _pending = null; ReturnBuffer(); }
                else _ready.Set();
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    // Under _lock, once no read fills the buffer and nothing in it is left to read.
    private void ReturnBuffer()
    {
        if (_buffer is null) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
        _start = _end = 0;
    }

    private void Harvest()
    {
        if (_pending is not { IsCompleted: true } done) return;
        _pending = null;
        if (done.IsCompletedSuccessfully)
        {
            _total += done.Result;
            if (done.Result == 0) _eof = true;
            else if (_limit is { } limit && _total > limit.MaxBytes)
            {
                _error = $"the body is larger than {limit.MaxBytes} bytes";
                HttpErrorCode = limit.Error;
                limit.OnExceeded?.Invoke();
            }
            else { _start = 0; _end = done.Result; }
        }
        else
        {
            var e = done.Exception?.GetBaseException();
            bool timedOut = done.IsCanceled || e is OperationCanceledException;
            _error = timedOut ? "timed out waiting for the next bytes of the body" : e?.Message ?? "body read failed";
            HttpErrorCode = timedOut ? new HttpTypes.ErrorCode.ConnectionReadTimeout() : ErrorCodes.FromException(e ?? new IOException(_error));
        }
        if (_eof || _error is not null) ReturnBuffer();
        _ready.Set();
    }

    public override void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timeout?.Cancel();
            if (_pending is null or { IsCompleted: true }) { _pending = null; ReturnBuffer(); }
            if (_ownsSource) _source.Dispose();
        }
    }
}

/// <summary>The most bytes a body may have: more fails the read with <paramref name="Error"/> (HTTP-request-body-size or
/// HTTP-response-body-size with the limit) and calls <paramref name="OnExceeded"/>.</summary>
internal sealed record BodyLimit(long MaxBytes, HttpTypes.ErrorCode Error, Action? OnExceeded);

/// <summary>A <c>wasi:http/types.incoming-body</c>: its stream can be taken once; <c>finish</c> gives the trailers.</summary>
internal sealed class IncomingBody : HttpTypes.IncomingBody
{
    private readonly Stream _source;
    private readonly bool _ownsSource;
    private readonly TimeSpan? _betweenBytes;
    private readonly Func<Fields?> _trailers;
    private readonly BodyLimit? _limit;
    private readonly CancellationToken _cancel;
    private bool _streamTaken;

    /// <param name="source">The body's bytes.</param>
    /// <param name="ownsSource">Whether the stream disposes <paramref name="source"/>.</param>
    /// <param name="betweenBytes">The longest wait for the next bytes (null: none).</param>
    /// <param name="trailers">Gives the trailers once the body was read.</param>
    /// <param name="cancel">The cancellation of the body's context: it interrupts the stream's blocking reads.</param>
    /// <param name="limit">The most bytes the body may have (null: no limit).</param>
    public IncomingBody(Stream source, bool ownsSource, TimeSpan? betweenBytes, Func<Fields?> trailers, CancellationToken cancel, BodyLimit? limit = null)
    {
        _source = source;
        _ownsSource = ownsSource;
        _betweenBytes = betweenBytes;
        _trailers = trailers;
        _cancel = cancel;
        _limit = limit;
    }

    /// <summary>The body's stream, once.</summary>
    public override Result<InputStreamResource, Unit> Stream()
    {
        if (_streamTaken) return Result<InputStreamResource, Unit>.Err(Unit.Value);
        _streamTaken = true;
        return new BodyInputStream(_source, _ownsSource, _cancel, _betweenBytes, _limit);
    }

    /// <summary><c>finish</c>: the body is done with (read or abandoned), its trailers are known.</summary>
    public FutureTrailers Finish() => new(_trailers(), _cancel);
}

/// <summary>A <c>wasi:http/types.future-trailers</c>: ready at once (the body was read or abandoned); <c>get</c> answers once.</summary>
internal sealed class FutureTrailers : HttpTypes.FutureTrailers
{
    private readonly Fields? _trailers;
    private readonly CancellationToken _cancel;
    private bool _taken;

    public FutureTrailers(Fields? trailers, CancellationToken cancel)
    {
        _trailers = trailers;
        _cancel = cancel;
    }

    public override PollableResource Subscribe() => new ReadyPollable(_cancel);

    public override Result<Result<HttpTypes.Fields?, HttpTypes.ErrorCode>, Unit>? Get()
    {
        if (_taken) return Result<Result<HttpTypes.Fields?, HttpTypes.ErrorCode>, Unit>.Err(Unit.Value);
        _taken = true;
        return Result<Result<HttpTypes.Fields?, HttpTypes.ErrorCode>, Unit>.Ok(Result<HttpTypes.Fields?, HttpTypes.ErrorCode>.Ok(_trailers));
    }
}

/// <summary>
/// A <c>wasi:http/types.outgoing-body</c>: its stream can be taken once; <c>finish</c> ends the body, dropping it
/// without <c>finish</c> ends it with an error (the receiver sees an incomplete body).
/// </summary>
internal sealed class OutgoingBody : HttpTypes.OutgoingBody
{
    private readonly CancellationToken _cancel;
    private bool _streamTaken;

    /// <param name="cancel">The cancellation of the body's context: it interrupts the stream's blocking writes.</param>
    public OutgoingBody(CancellationToken cancel) => _cancel = cancel;

    public BodyPipe Pipe { get; } = new();

    /// <summary>Trailers given to <c>finish</c>.</summary>
    public Fields? Trailers { get; private set; }

    /// <summary>The body's stream, once.</summary>
    public override Result<OutputStreamResource, Unit> Write()
    {
        if (_streamTaken) return Result<OutputStreamResource, Unit>.Err(Unit.Value);
        _streamTaken = true;
        return new PipeOutputStream(this, _cancel);
    }

    public void Finish(Fields? trailers)
    {
        Trailers = trailers;
        Pipe.Complete();
    }

    public override void Dispose() => Pipe.Complete(new IOException("the outgoing body was dropped without finish"));
}

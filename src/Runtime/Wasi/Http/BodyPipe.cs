using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace WitBindgen.Runtime.Wasi.Http;

/// <summary>
/// Carries a body the guest writes (an outgoing request's or response's) to the .NET side that sends it, chunk by
/// chunk as written. Writes never block: <see cref="Permit"/> (the guest's <c>check-write</c>) says how much may be
/// written now and <see cref="WritableHandle"/> wakes a guest waiting for room. Once a reader is attached at most
/// <see cref="Limit"/> bytes wait for it; before it attaches the body is buffered, as the guest may write the whole
/// body before handing the request over, up to <see cref="UnreadLimit"/>.
/// </summary>
internal sealed class BodyPipe
{
    public const int Limit = 1 << 20;

    /// <summary>The most bytes buffered while no reader is attached (more fails the write).</summary>
    public const int UnreadLimit = 16 << 20;

    private readonly object _lock = new();
    private readonly Queue<byte[]> _chunks = new();
    private int _headOffset;
    private long _buffered;
    private bool _completed;
    private Exception? _error;
    private bool _readerAttached;
    private bool _readerGone;
    private TaskCompletionSource? _waiter;
    private readonly ManualResetEvent _writable = new(true);

    /// <summary>Whether the writer completed the body (finished or dropped).</summary>
    public bool IsCompleted { get { lock (_lock) return _completed; } }

    /// <summary>How many bytes were written in all.</summary>
    public long Written { get; private set; }

    /// <summary>How many bytes may be written now (0 while the reader has <see cref="Limit"/> bytes to catch up on).</summary>
    public long Permit
    {
        get { lock (_lock) return PermitLocked(); }
    }

    /// <summary>Whether the reader stopped reading (writes fail).</summary>
    public bool IsReaderGone { get { lock (_lock) return _readerGone; } }

    /// <summary>Signalled while <see cref="Permit"/> allows a whole write budget (or writes fail at once): a guest
    /// waiting for room for a write never wakes to less than it asked for.</summary>
    public WaitHandle WritableHandle => _writable;

    private long PermitLocked() => _readerGone || _completed ? 0 : Math.Max(0, (_readerAttached ? Limit : UnreadLimit) - _buffered);

    // Under _lock, after the buffered amount or the reader's state changed.
    private void UpdateWritable()
    {
        if (PermitLocked() >= Io.WasiOutputStream.WriteBudget || _readerGone || _completed) _writable.Set();
        else _writable.Reset();
    }

    /// <summary>Appends bytes without blocking; false when the reader went away (the body is no longer wanted) or the
    /// write exceeds <see cref="Permit"/>.</summary>
    public bool Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return true;
        lock (_lock)
        {
            if (_completed) throw new InvalidOperationException("the body is already finished");
            if (data.Length > PermitLocked()) return false;
            _chunks.Enqueue(data.ToArray());
            _buffered += data.Length;
            Written += data.Length;
            UpdateWritable();
            Signal();
            return true;
        }
    }

    /// <summary>Ends the body: normally, or with <paramref name="error"/> (the reader sees an <see cref="IOException"/>).</summary>
    public void Complete(Exception? error = null)
    {
        lock (_lock)
        {
            if (_completed) return;
            _completed = true;
            _error = error;
            UpdateWritable();
            Signal();
        }
    }

    /// <summary>The reader stopped reading: waiting and later writes give up.</summary>
    public void DetachReader()
    {
        lock (_lock)
        {
            _readerGone = true;
            _chunks.Clear();
            _buffered = 0;
            UpdateWritable();
        }
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (!_readerAttached) { _readerAttached = true; UpdateWritable(); }
                if (_chunks.Count > 0)
                {
                    var head = _chunks.Peek();
                    int n = Math.Min(buffer.Length, head.Length - _headOffset);
                    head.AsSpan(_headOffset, n).CopyTo(buffer.Span);
                    _headOffset += n;
                    if (_headOffset == head.Length) { _chunks.Dequeue(); _headOffset = 0; }
                    _buffered -= n;
                    UpdateWritable();
                    return n;
                }
                if (_completed)
                {
                    if (_error is not null) throw new IOException(_error.Message, _error);
                    return 0;
                }
                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Signal()
    {
        var w = _waiter;
        _waiter = null;
        w?.TrySetResult();
    }

    /// <summary>A read-only <see cref="Stream"/> over the pipe (disposing it detaches the reader).</summary>
    public Stream OpenReader() => new Reader(this);

    private sealed class Reader : Stream
    {
        private readonly BodyPipe _pipe;
        public Reader(BodyPipe pipe) => _pipe = pipe;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _pipe.ReadAsync(buffer.AsMemory(offset, count), default).AsTask().GetAwaiter().GetResult();
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _pipe.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _pipe.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) _pipe.DetachReader();
            base.Dispose(disposing);
        }
    }
}

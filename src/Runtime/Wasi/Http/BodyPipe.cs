using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace WitBindgen.Runtime.Wasi.Http;

/// <summary>
/// Carries a body the guest writes (an outgoing request's or response's) to the .NET side that sends it, chunk by
/// chunk as written. At most <see cref="Limit"/> bytes wait for the reader: once a reader is attached, a write
/// beyond that waits until it catches up (before it attaches, the body is buffered, as the guest may write the
/// whole body before handing the request over, up to <see cref="UnreadLimit"/>).
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

    /// <summary>Whether the writer completed the body (finished or dropped).</summary>
    public bool IsCompleted { get { lock (_lock) return _completed; } }

    /// <summary>How many bytes were written in all.</summary>
    public long Written { get; private set; }

    /// <summary>Appends bytes; false when the reader went away (the body is no longer wanted) or <see cref="UnreadLimit"/> bytes wait with no reader.</summary>
    public bool Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return true;
        var copy = data.ToArray();
        lock (_lock)
        {
            if (_completed) throw new InvalidOperationException("the body is already finished");
            while (_buffered >= Limit && _readerAttached && !_readerGone) Monitor.Wait(_lock);
            if (_readerGone || (!_readerAttached && _buffered + copy.Length > UnreadLimit)) return false;
            _chunks.Enqueue(copy);
            _buffered += copy.Length;
            Written += copy.Length;
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
            Monitor.PulseAll(_lock);
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
                _readerAttached = true;
                if (_chunks.Count > 0)
                {
                    var head = _chunks.Peek();
                    int n = Math.Min(buffer.Length, head.Length - _headOffset);
                    head.AsSpan(_headOffset, n).CopyTo(buffer.Span);
                    _headOffset += n;
                    if (_headOffset == head.Length) { _chunks.Dequeue(); _headOffset = 0; }
                    _buffered -= n;
                    Monitor.PulseAll(_lock);
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

using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.Runtime.Wasi.Io;

namespace WitBindgen.Runtime.Wasi.Sockets;

/// <summary>
/// The output stream of a connected tcp socket: <c>write</c> never blocks; it queues into a buffer of at most
/// <see cref="WasiOutputStream.WriteBudget"/> bytes that a pool thread sends. <c>check-write</c> permits the free
/// space, <c>subscribe</c> is ready when there is some; <c>flush</c> returns at once and permits no writes (and
/// <c>subscribe</c> is not ready) until the buffer drained; <c>blocking-flush</c> waits for that.
/// </summary>
internal sealed class SocketOutputStream : WasiOutputStream
{
    private readonly Socket _socket;
    private readonly object _lock = new();
    private readonly Queue<byte[]> _chunks = new();
    private readonly ManualResetEvent _space = new(true);
    private readonly ManualResetEvent _drained = new(true);
    private int _buffered;
    private bool _sending;
    private bool _flushing;
    private string? _error;

    public SocketOutputStream(Socket socket, CancellationToken cancel) : base(cancel) => _socket = socket;

    public override StreamStatus CheckWrite(out long permit, out string? error)
    {
        lock (_lock)
        {
            error = _error;
            permit = _error is null && !_flushing ? WriteBudget - _buffered : 0;
            return _error is null ? StreamStatus.Ok : StreamStatus.Failed;
        }
    }

    public override StreamStatus Write(ReadOnlySpan<byte> data, out string? error)
    {
        lock (_lock)
        {
            error = _error;
            if (_error is not null) return StreamStatus.Failed;
            if (data.Length == 0) return StreamStatus.Ok;
            _chunks.Enqueue(data.ToArray());
            _buffered += data.Length;
            _drained.Reset();
            if (_buffered >= WriteBudget) _space.Reset();
            if (!_sending)
            {
                _sending = true;
                Task.Run(Pump);
            }
            return StreamStatus.Ok;
        }
    }

    private void Pump()
    {
        while (true)
        {
            byte[] chunk;
            lock (_lock)
            {
                if (_chunks.Count == 0 || _error is not null) { _sending = false; return; }
                chunk = _chunks.Peek();
            }
            try
            {
                int sent = 0;
                while (sent < chunk.Length) sent += _socket.Send(chunk, sent, chunk.Length - sent, SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                lock (_lock)
                {
                    _error = e.Message;
                    _chunks.Clear();
                    _buffered = 0;
                    _sending = false;
                    _flushing = false;
                    _space.Set();
                    _drained.Set();
                }
                return;
            }
            lock (_lock)
            {
                _chunks.Dequeue();
                _buffered -= chunk.Length;
                if (_buffered == 0) { _flushing = false; _drained.Set(); }
                if (!_flushing && _buffered < WriteBudget) _space.Set();
            }
        }
    }

    public override StreamStatus StartFlush(out string? error)
    {
        lock (_lock)
        {
            error = _error;
            if (_error is not null) return StreamStatus.Failed;
            if (_buffered > 0) { _flushing = true; _space.Reset(); }
            return StreamStatus.Ok;
        }
    }

    public override StreamStatus Flush(out string? error)
    {
        // A peer that stops reading blocks the flush: the wait ends when the guest is interrupted.
        Io.Poll.WaitUntil(() => _drained.WaitOne(0), _drained, Cancellation);
        lock (_lock)
        {
            error = _error;
            return _error is null ? StreamStatus.Ok : StreamStatus.Failed;
        }
    }

    public override bool WriteReady
    {
        get { lock (_lock) return _error is not null || !_flushing && _buffered < WriteBudget; }
    }

    public override WaitHandle? WriteReadyHandle => _space;
}

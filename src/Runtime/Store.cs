using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace WitBindgen.Runtime;

/// <summary>
/// Owns the runtime state of instances: limits, call depth, the execution budget (fuel, deadline,
/// interruption) and the host's data (<see cref="Data"/>; typed with <see cref="Store{T}"/>), which host
/// functions reach through their <see cref="Caller"/>. Not thread-safe except <see cref="Interrupt"/> and <see cref="Interruption"/>.
/// Disposing it releases its instances' linear memories at once (else the garbage collector does, later).
/// </summary>
public class Store : IDisposable
{
    // Without fuel (the default) loop headers and calls only poll Interrupting, a flag raised by
    // Interrupt() or the deadline timer. With EngineOptions.ConsumeFuel they decrement Budget instead;
    // when it goes negative Refill() takes more fuel (in chunks, checking interrupt and deadline) or traps.
    private const long Chunk = 1 << 16;

    internal long Budget = Chunk;
    internal int Depth;
    internal readonly int MaxDepth;
    /// <summary>Non-zero when code must stop at its next loop header or call (interrupt or deadline);
    /// read with a volatile load so loops cannot hoist it.</summary>
    internal int Interrupting;
    /// <summary>The depth calls check against: <see cref="MaxDepth"/>, or -1 while <see cref="Interrupting"/> is raised,
    /// so that a call's prologue tests the depth and the flag with one compare (its cold path tells them apart).</summary>
    internal int DepthLimit;

    private long _fuelReserve;
    private bool _fuelEnabled;
    private long _deadlineTimestamp;
    private volatile bool _interruptRequested;
    private Timer? _deadlineTimer;
    // Made on first use of Interruption; cancelled with the flag, replaced once the request is consumed.
    private CancellationTokenSource? _interruption;
    private object? _data;
    private readonly List<Memory> _memories = new();
    private volatile bool _disposed;
    // What the store holds, against the store-wide limits (see StoreLimits).
    private int _instances, _memoryCount, _tableCount;
    private ulong _memoryBytes;

    /// <summary>Creates a store.</summary>
    public Store(Engine engine, StoreLimits? limits = null)
    {
        Engine = engine ?? throw new ArgumentNullException(nameof(engine));
        Limits = limits ?? StoreLimits.Default;
        MaxDepth = engine.Options.MaxCallDepth;
        DepthLimit = MaxDepth;
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>The host's data for this store, as an object (for dynamic hosts). For a <see cref="Store{T}"/>
    /// this is its <see cref="Store{T}.Data"/> (boxed if a value type); setting it needs a value of type T.</summary>
    /// <exception cref="ArgumentException">Setting a value that is not a T on a <see cref="Store{T}"/>.</exception>
    public object? Data
    {
        get => GetData();
        set => SetData(value);
    }

    private protected virtual object? GetData() => _data;

    private protected virtual void SetData(object? value) => _data = value;

    /// <summary>The limits.</summary>
    public StoreLimits Limits { get; }

    /// <summary>Remaining fuel (one unit per call and loop iteration), or null when fuel is not metered.
    /// Running out traps with <see cref="TrapCode.OutOfFuel"/>. Needs <see cref="EngineOptions.ConsumeFuel"/>.</summary>
    /// <exception cref="InvalidOperationException">Setting fuel when the engine does not consume fuel.</exception>
    public long? Fuel
    {
        get => _fuelEnabled ? _fuelReserve + Math.Max(Budget, 0) : null;
        set
        {
            if (value is not null && !Engine.Options.ConsumeFuel)
                throw new InvalidOperationException("fuel is not enabled: set EngineOptions.ConsumeFuel");
            _fuelEnabled = value is not null;
            _fuelReserve = Math.Max(value ?? 0, 0);
            Budget = 0;
        }
    }

    /// <summary>Sets a deadline after which running code traps with <see cref="TrapCode.Interrupted"/> (null clears it).</summary>
    public void SetDeadline(TimeSpan? fromNow)
    {
        _deadlineTimer?.Dispose();
        _deadlineTimer = null;
        SetInterruptFlag(_interruptRequested);
        if (fromNow is not { } span)
        {
            _deadlineTimestamp = 0;
            return;
        }
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        _deadlineTimestamp = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        // A timer raises the flag that compiled code polls; fuel mode also checks the clock on refills.
        _deadlineTimer = new Timer(static state => ((Store)state!).RaiseInterruptFlag(), this, span, Timeout.InfiniteTimeSpan);
    }

    private void RaiseInterruptFlag()
    {
        SetInterruptFlag(true);
        // A full fence between raising the flag and reading the source, as Interruption has between publishing
        // the source and reading the flag: one of the two sees the other, so no wait misses the request.
        Interlocked.Exchange(ref Budget, -1);
        Volatile.Read(ref _interruption)?.Cancel();
    }

    /// <summary>
    /// Cancelled when running code is asked to stop: by <see cref="Interrupt"/>, when the deadline passes, or by
    /// <see cref="Dispose"/>. Host functions that block (the WASI host's waits do) wait on it as well and then call
    /// <see cref="ThrowIfInterrupted"/>, so that a guest blocked in the host stops as a computing guest does. Fuel
    /// never cancels it (no fuel is consumed while the guest waits). Once the request is consumed by the trap the
    /// store hands out a new token.
    /// </summary>
    public CancellationToken Interruption
    {
        get
        {
            var source = Volatile.Read(ref _interruption);
            if (source is null)
            {
                var made = new CancellationTokenSource();
                source = Interlocked.CompareExchange(ref _interruption, made, null) ?? made;
                if (source == made && Volatile.Read(ref Interrupting) != 0) made.Cancel();
            }
            return source.Token;
        }
    }

    /// <summary>
    /// Traps with <see cref="TrapCode.Interrupted"/> (the trap compiled code raises at a loop header or call) when
    /// the store was interrupted, its deadline passed or it was disposed, consuming the request as that trap does;
    /// else returns. For host functions that wait on <see cref="Interruption"/>.
    /// </summary>
    /// <exception cref="Trap">The store was interrupted.</exception>
    public void ThrowIfInterrupted()
    {
        if (Volatile.Read(ref Interrupting) != 0) OnInterruptFlag();
    }

    /// <summary>Raises or clears <see cref="Interrupting"/> and <see cref="DepthLimit"/> together, in an order where a
    /// lowered limit is never seen without the raised flag (unless it is being cleared at the same time).</summary>
    private void SetInterruptFlag(bool raised)
    {
        if (raised)
        {
            Volatile.Write(ref Interrupting, 1);
            Volatile.Write(ref DepthLimit, -1);
        }
        else
        {
            Volatile.Write(ref DepthLimit, MaxDepth);
            Volatile.Write(ref Interrupting, 0);
            // The request is over: later waits need a token that is not cancelled.
            if (Volatile.Read(ref _interruption) is { IsCancellationRequested: true } done)
                Interlocked.CompareExchange(ref _interruption, null, done);
        }
    }

    /// <summary>Called by compiled code when <see cref="Interrupting"/> is set: always traps (the flag is only
    /// raised to stop execution), which lets the JIT treat the call as cold.</summary>
    internal void OnInterruptFlag()
    {
        if (_disposed) throw new Trap(TrapCode.Interrupted, "the store was disposed");
        _interruptRequested = false;
        _deadlineTimestamp = 0;
        SetInterruptFlag(false);
        throw new Trap(TrapCode.Interrupted);
    }

    /// <summary>Asks running code to trap with <see cref="TrapCode.Interrupted"/> at its next loop header or call.
    /// May be called from any thread. The request is consumed by the trap.</summary>
    public void Interrupt()
    {
        _interruptRequested = true;
        RaiseInterruptFlag();
    }

    /// <summary>
    /// Releases the linear memories of the store's instances now (a server making a store per request would
    /// otherwise leave them to finalizers, and their memory pressure to extra full collections). Call it once nothing
    /// runs in the store; afterwards calls into its instances trap with <see cref="TrapCode.Interrupted"/> and no
    /// instance can be created in it.
    /// </summary>
    public void Dispose()
    {
        Memory[] memories;
        lock (_memories)
        {
            if (_disposed) return;
            _disposed = true;
            memories = _memories.ToArray();
            _memories.Clear();
        }
        // Calls and loops check this flag before touching memory: code entered later traps instead.
        RaiseInterruptFlag();
        _deadlineTimer?.Dispose();
        foreach (var m in memories) m.Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>Registers a linear memory of this store, released by <see cref="Dispose"/>.</summary>
    internal void Own(Memory memory)
    {
        lock (_memories)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(Store));
            _memories.Add(memory);
        }
    }

    /// <summary>How many core instances, memories and tables the store holds, and their linear-memory bytes (tests read them).</summary>
    internal (int Instances, int Memories, int Tables, ulong MemoryBytes) Usage => (_instances, _memoryCount, _tableCount, _memoryBytes);

    /// <summary>The number of linear memories registered for release on <see cref="Dispose"/> (tests check nothing leaks).</summary>
    internal int LiveMemories
    {
        get { lock (_memories) return _memories.Count; }
    }

    /// <summary>
    /// Checks, before anything is created, that a core instance defining <paramref name="memories"/> memories of
    /// <paramref name="bytes"/> bytes together and <paramref name="tables"/> tables fits the store-wide limits, and counts the
    /// instance (its memories and tables count as they are made).
    /// </summary>
    /// <exception cref="LinkException">A limit would be passed; the message names it.</exception>
    internal void AddInstance(int memories, int tables, ulong bytes)
    {
        if (_instances + 1 > Limits.MaxInstances) throw LimitExceeded("instance count", _instances + 1, nameof(StoreLimits.MaxInstances), Limits.MaxInstances);
        CheckMemories(memories, bytes);
        CheckTables(tables);
        _instances++;
    }

    internal void RemoveInstance() => _instances--;

    /// <summary>Counts a new memory of <paramref name="bytes"/> bytes, or throws when a store-wide limit would be passed.</summary>
    internal void AddMemory(ulong bytes)
    {
        CheckMemories(1, bytes);
        _memoryCount++;
        _memoryBytes += bytes;
    }

    /// <summary>Uncounts a memory released before its store (a failed instantiation's).</summary>
    internal void RemoveMemory(ulong bytes)
    {
        _memoryCount--;
        _memoryBytes -= bytes;
    }

    /// <summary>Uncounts <paramref name="bytes"/> counted by <see cref="TryGrowMemory"/> for a growth that failed after all.</summary>
    internal void ShrinkMemory(ulong bytes) => _memoryBytes -= bytes;

    /// <summary>Counts a new table, or throws when the store-wide limit would be passed.</summary>
    internal void AddTable()
    {
        CheckTables(1);
        _tableCount++;
    }

    internal void RemoveTable() => _tableCount--;

    /// <summary>Whether memories may grow by <paramref name="bytes"/> in total (counted if so): memory.grow answers -1 if not.</summary>
    internal bool TryGrowMemory(ulong bytes)
    {
        if (bytes > Limits.MaxTotalMemoryBytes - Math.Min(_memoryBytes, Limits.MaxTotalMemoryBytes)) return false;
        _memoryBytes += bytes;
        return true;
    }

    private void CheckMemories(int count, ulong bytes)
    {
        if (_memoryCount + count > Limits.MaxMemories)
            throw LimitExceeded("memory count", _memoryCount + count, nameof(StoreLimits.MaxMemories), Limits.MaxMemories);
        if (bytes > Limits.MaxTotalMemoryBytes - Math.Min(_memoryBytes, Limits.MaxTotalMemoryBytes))
            throw new LinkException($"resource limit exceeded: linear memory too large at {_memoryBytes + bytes} bytes in the store " +
                $"(StoreLimits.{nameof(StoreLimits.MaxTotalMemoryBytes)} is {Limits.MaxTotalMemoryBytes})");
    }

    private void CheckTables(int count)
    {
        if (_tableCount + count > Limits.MaxTables)
            throw LimitExceeded("table count", _tableCount + count, nameof(StoreLimits.MaxTables), Limits.MaxTables);
    }

    /// <summary>wasmtime's wording ("instance count too high at 4"), then the limit's name and value.</summary>
    private static LinkException LimitExceeded(string what, long count, string limit, long max) =>
        new($"resource limit exceeded: {what} too high at {count} (StoreLimits.{limit} is {max})");

    /// <summary>Releases one memory of the store now (a failed instantiation's): no longer kept for <see cref="Dispose"/>.</summary>
    internal void Release(Memory memory)
    {
        lock (_memories) _memories.Remove(memory);
        memory.Free();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void Refill()
    {
        if (_disposed) OnInterruptFlag();
        if (_interruptRequested || (_deadlineTimestamp != 0 && System.Diagnostics.Stopwatch.GetTimestamp() >= _deadlineTimestamp))
        {
            Budget = 0;
            OnInterruptFlag();
        }
        if (_fuelEnabled)
        {
            var take = Math.Min(_fuelReserve, Chunk);
            if (take <= 0)
            {
                Budget = 0;
                throw new Trap(TrapCode.OutOfFuel);
            }
            _fuelReserve -= take;
            Budget = take - 1;
        }
        else
        {
            Budget = Chunk - 1;
        }
    }
}

/// <summary>
/// A store carrying typed host data, as wasmtime's <c>Store&lt;T&gt;</c>: host functions declared with a
/// <see cref="Caller{T}"/> parameter read and change it through <see cref="Caller{T}.Data"/> (no closure over
/// the store or an instance needed).
/// </summary>
/// <typeparam name="T">The data type.</typeparam>
public sealed class Store<T> : Store
{
    private T _data;

    /// <summary>Creates a store holding <paramref name="data"/>.</summary>
    public Store(Engine engine, T data, StoreLimits? limits = null)
        : base(engine, limits) => _data = data;

    /// <summary>The host data, by reference: <c>store.Data.Count++</c> changes it in place even when T is a struct,
    /// and <c>store.Data = value</c> replaces it.</summary>
    public new ref T Data => ref _data;

    private protected override object? GetData() => _data;

    private protected override void SetData(object? value)
    {
        if (value is T typed) _data = typed;
        else if (value is null && default(T) is null) _data = default!;
        else throw new ArgumentException($"the data of a Store<{typeof(T).Name}> must be a {typeof(T).Name}", nameof(value));
    }
}

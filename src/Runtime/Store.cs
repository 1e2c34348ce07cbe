using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace WitBindgen.Runtime;

/// <summary>
/// Owns the runtime state of instances: limits, call depth and the execution budget (fuel, deadline,
/// interruption). Not thread-safe except <see cref="Interrupt"/>.
/// </summary>
public sealed class Store
{
    // Loop headers and calls decrement Budget; when it goes negative Refill() decides whether to
    // continue (take more fuel, check the deadline) or trap. Without fuel the budget is refilled in
    // chunks so that deadlines and Interrupt() are noticed.
    private const long Chunk = 1 << 16;

    internal long Budget = Chunk;
    internal int Depth;
    internal readonly int MaxDepth;

    private long _fuelReserve;
    private bool _fuelEnabled;
    private long _deadlineTimestamp;
    private volatile bool _interruptRequested;

    /// <summary>Creates a store.</summary>
    public Store(Engine engine, StoreLimits? limits = null)
    {
        Engine = engine ?? throw new ArgumentNullException(nameof(engine));
        Limits = limits ?? StoreLimits.Default;
        MaxDepth = engine.Options.MaxCallDepth;
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>The limits.</summary>
    public StoreLimits Limits { get; }

    /// <summary>Remaining fuel (one unit per call and loop iteration), or null when fuel is not metered.
    /// Running out traps with <see cref="TrapCode.OutOfFuel"/>.</summary>
    public long? Fuel
    {
        get => _fuelEnabled ? _fuelReserve + Math.Max(Budget, 0) : null;
        set
        {
            _fuelEnabled = value is not null;
            _fuelReserve = Math.Max(value ?? 0, 0);
            Budget = 0;
        }
    }

    /// <summary>Sets a deadline after which running code traps with <see cref="TrapCode.Interrupted"/> (null clears it).</summary>
    public void SetDeadline(TimeSpan? fromNow)
    {
        _deadlineTimestamp = fromNow is { } span
            ? System.Diagnostics.Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * System.Diagnostics.Stopwatch.Frequency)
            : 0;
        if (Budget > Chunk) Budget = Chunk;
    }

    /// <summary>Asks running code to trap with <see cref="TrapCode.Interrupted"/> at its next loop header or call.
    /// May be called from any thread. The request is consumed by the trap.</summary>
    public void Interrupt()
    {
        _interruptRequested = true;
        Interlocked.Exchange(ref Budget, -1);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void Refill()
    {
        if (_interruptRequested)
        {
            _interruptRequested = false;
            Budget = 0;
            throw new Trap(TrapCode.Interrupted);
        }
        if (_deadlineTimestamp != 0 && System.Diagnostics.Stopwatch.GetTimestamp() >= _deadlineTimestamp)
        {
            Budget = 0;
            throw new Trap(TrapCode.Interrupted);
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

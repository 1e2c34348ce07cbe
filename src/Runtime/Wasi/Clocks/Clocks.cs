using System;
using System.Diagnostics;

namespace WitBindgen.Runtime.Wasi.Clocks;

/// <summary>A wall clock: time since the Unix epoch.</summary>
public interface IWallClock
{
    /// <summary>Now, as seconds and nanoseconds since 1970-01-01T00:00:00Z.</summary>
    (ulong Seconds, uint Nanoseconds) Now();
    /// <summary>The resolution in nanoseconds.</summary>
    ulong Resolution { get; }
}

/// <summary>A monotonic clock in nanoseconds from an arbitrary origin.</summary>
public interface IMonotonicClock
{
    /// <summary>Now, in nanoseconds.</summary>
    ulong Now();
    /// <summary>The resolution in nanoseconds.</summary>
    ulong Resolution { get; }
}

/// <summary>The system's real-time clock.</summary>
public sealed class SystemWallClock : IWallClock
{
    /// <summary>The instance.</summary>
    public static readonly SystemWallClock Instance = new();
    /// <inheritdoc/>
    public (ulong Seconds, uint Nanoseconds) Now()
    {
        long ticks = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
        return ((ulong)(ticks / TimeSpan.TicksPerSecond), (uint)(ticks % TimeSpan.TicksPerSecond * 100));
    }
    /// <inheritdoc/>
    public ulong Resolution => 100;
}

/// <summary>The system's monotonic clock (<see cref="Stopwatch"/>).</summary>
public sealed class SystemMonotonicClock : IMonotonicClock
{
    /// <summary>The instance.</summary>
    public static readonly SystemMonotonicClock Instance = new();
    /// <inheritdoc/>
    public ulong Now() => (ulong)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
    /// <inheritdoc/>
    public ulong Resolution => Math.Max(1UL, (ulong)(1_000_000_000.0 / Stopwatch.Frequency));
}

/// <summary>A clock tests set by hand: both a wall and a monotonic clock; <see cref="Advance"/> moves it.</summary>
public sealed class ManualClock : IWallClock, IMonotonicClock
{
    private ulong _nanos;
    /// <summary>Starts at <paramref name="startNanoseconds"/>.</summary>
    public ManualClock(ulong startNanoseconds = 0) => _nanos = startNanoseconds;
    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by) => System.Threading.Interlocked.Add(ref System.Runtime.CompilerServices.Unsafe.As<ulong, long>(ref _nanos), by.Ticks * 100);
    /// <summary>Nanoseconds since the origin.</summary>
    public ulong Nanoseconds => System.Threading.Volatile.Read(ref _nanos);
    (ulong Seconds, uint Nanoseconds) IWallClock.Now() => (Nanoseconds / 1_000_000_000, (uint)(Nanoseconds % 1_000_000_000));
    ulong IMonotonicClock.Now() => Nanoseconds;
    /// <summary>1 ns.</summary>
    public ulong Resolution => 1;
}

using System;
using System.Threading;
using System.Threading.Tasks;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using WitBindgen.Runtime.Wasi.Clocks;

namespace WitBindgen.Runtime.Tests.Wasi;

/// <summary>
/// A guest blocked in a WASI wait (<c>pollable.block</c>, preview1 <c>poll_oneoff</c>) is ended by
/// <see cref="Store.Interrupt"/> and by the store's deadline with the trap a computing guest gets, and the request is
/// consumed: the store runs the next call normally. Each guest runs on its own thread under a hard bound, so a wait
/// that is not interrupted fails the test instead of hanging it.
/// </summary>
public sealed class WasiInterruptTests
{
    private const long OneHour = 3_600_000_000_000;

    /// <summary>Generous: an interrupted wait ends within milliseconds; this only keeps a broken one from hanging the run.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    /// <summary>A component whose <c>sleep</c> blocks on <c>subscribe-duration(ns)</c>.</summary>
    private const string SleepWat = """
        (component
          (import "wasi:io/poll@0.2.0" (instance $poll
            (export "pollable" (type $p (sub resource)))
            (export "[method]pollable.block" (func (param "self" (borrow $p))))))
          (alias export $poll "pollable" (type $pollable))
          (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
            (alias outer 1 $pollable (type $p0))
            (export "pollable" (type $p (eq $p0)))
            (export "subscribe-duration" (func (param "when" u64) (result (own $p))))))
          (core func $block (canon lower (func $poll "[method]pollable.block")))
          (core func $subscribe (canon lower (func $clock "subscribe-duration")))
          (core module $m
            (import "w" "block" (func $block (param i32)))
            (import "w" "subscribe" (func $subscribe (param i64) (result i32)))
            (func (export "sleep") (param i64)
              (call $block (call $subscribe (local.get 0)))))
          (core instance $i (instantiate $m (with "w" (instance (export "block" (func $block)) (export "subscribe" (func $subscribe))))))
          (func (export "sleep") (param "ns" u64) (canon lift (core func $i "sleep"))))
        """;

    /// <summary>A preview1 module: <c>sleep</c> polls one relative monotonic clock subscription of <c>ns</c>, <c>read</c>
    /// reads stdin.</summary>
    private const string Preview1Wat = """
        (module
          (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "sleep") (param $ns i64) (result i32)
            (i64.store (i32.const 0) (i64.const 7))
            (i32.store8 (i32.const 8) (i32.const 0))
            (i32.store (i32.const 16) (i32.const 1))
            (i64.store (i32.const 24) (local.get $ns))
            (i32.store16 (i32.const 40) (i32.const 0))
            (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 96)))
          (func (export "read") (result i32)
            (i32.store (i32.const 128) (i32.const 256))
            (i32.store (i32.const 132) (i32.const 16))
            (call $read (i32.const 0) (i32.const 128) (i32.const 1) (i32.const 136))))
        """;

    public enum Stop { Interrupt, Deadline }

    [Theory]
    [InlineData(Stop.Interrupt)]
    [InlineData(Stop.Deadline)]
    public void AComponentBlockedOnAnHourLongPollableIsStopped(Stop stop)
    {
        var engine = new Engine();
        using var store = new Store(engine);
        var clock = new StoppingClock(store, stop);
        var ctx = new WasiContextBuilder().MonotonicClock(clock).Build();
        var linker = new ComponentLinker(engine);
        WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, ctx);
        var component = Component.FromText(engine, SleepWat);
        var sleep = linker.Instantiate(store, component).GetFunction("sleep")!;

        AssertInterrupted(() => sleep.Call(ComponentValue.U64(OneHour)));
        Assert.True(clock.Stopped);

        // The trap consumed the request: a new instance in the same store sleeps no time and returns.
        clock.Disarm();
        var again = linker.Instantiate(store, component).GetFunction("sleep")!;
        Assert.Null(again.Call(ComponentValue.U64(0)));
    }

    [Theory]
    [InlineData(Stop.Interrupt)]
    [InlineData(Stop.Deadline)]
    public void APreview1GuestInPollOneoffWithAnHourLongClockIsStopped(Stop stop)
    {
        var engine = new Engine();
        using var store = new Store(engine);
        var clock = new StoppingClock(store, stop);
        var ctx = new WasiContextBuilder().MonotonicClock(clock).Build();
        var linker = new Linker(engine);
        Preview1.AddToLinker(linker, ctx);
        var instance = linker.Instantiate(store, Module.FromBytes(engine, Execution.Wat.ToBinary(Preview1Wat)));
        var sleep = instance.GetFunction("sleep")!;

        AssertInterrupted(() => sleep.Invoke(WasmValue.FromI64(OneHour)));
        Assert.True(clock.Stopped);

        // Consumed: the same instance polls a zero timeout and gets its one event.
        clock.Disarm();
        Assert.Equal(0, sleep.Invoke(WasmValue.FromI64(0))[0].I32);
        Assert.Equal(1, instance.GetMemory("memory")!.Read<int>(96));
    }

    [Fact]
    public void TheInterruptionTokenIsCancelledByInterruptAndRenewedOnceTheTrapConsumedIt()
    {
        var engine = new Engine();
        using var store = new Store(engine);
        var token = store.Interruption;
        Assert.False(token.IsCancellationRequested);
        Assert.Equal(token, store.Interruption);
        store.Interrupt();
        Assert.True(token.IsCancellationRequested);
        Assert.True(store.Interruption.IsCancellationRequested);
        var trap = Assert.Throws<Trap>(store.ThrowIfInterrupted);
        Assert.Equal(TrapCode.Interrupted, trap.Code);
        Assert.False(store.Interruption.IsCancellationRequested);
        store.ThrowIfInterrupted();

        // Asked for after the interrupt: already cancelled.
        using var late = new Store(engine);
        late.Interrupt();
        Assert.True(late.Interruption.IsCancellationRequested);
        // Clearing a deadline that fired (unconsumed) renews it too.
        using var timed = new Store(engine);
        var first = timed.Interruption;
        timed.SetDeadline(TimeSpan.Zero);
        Assert.True(first.WaitHandle.WaitOne(Bound));
        timed.SetDeadline(null);
        Assert.False(timed.Interruption.IsCancellationRequested);
    }

    /// <summary>Runs <paramref name="guest"/> on its own thread and asserts it traps with the trap of an interrupted
    /// computing guest within <see cref="Bound"/>.</summary>
    private static void AssertInterrupted(Action guest)
    {
        var run = Task.Factory.StartNew(() => Record.Exception(guest), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(run.Wait(Bound), $"the guest was still waiting after {Bound}");
        var trap = Assert.IsType<Trap>(run.Result);
        Assert.Equal(TrapCode.Interrupted, trap.Code);
        Assert.Equal(new Trap(TrapCode.Interrupted).Message, trap.Message);
    }

    /// <summary>
    /// A monotonic clock standing at zero that stops the store the first time a wait reads it (the third read: the
    /// subscription reads it once, the readiness check before waiting once more), so the stop always lands in the
    /// wait, not in compute code before it. The deadline is set from the guest's own thread, as the store asks.
    /// </summary>
    private sealed class StoppingClock : IMonotonicClock
    {
        private readonly Store _store;
        private readonly Stop _stop;
        private int _reads;
        private bool _armed = true;

        public StoppingClock(Store store, Stop stop) { _store = store; _stop = stop; }

        public bool Stopped { get; private set; }

        public ulong Resolution => 1;

        public void Disarm() => _armed = false;

        public ulong Now()
        {
            if (_armed && ++_reads == 3)
            {
                Stopped = true;
                if (_stop == Stop.Interrupt) ThreadPool.UnsafeQueueUserWorkItem(static s => s.Interrupt(), _store, preferLocal: false);
                else _store.SetDeadline(TimeSpan.FromMilliseconds(20));
            }
            return 0;
        }
    }
}

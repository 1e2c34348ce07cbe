using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace WitBindgen.Cli.Tests;

/// <summary>
/// <c>run --timeout</c> on a WASI guest that sleeps an hour in a wait (a component's <c>pollable.block</c>, a preview1
/// <c>poll_oneoff</c>): it stops with the message and exit code of a timed-out computing guest. Each run has a hard
/// bound, so a wait the timeout does not reach fails the test instead of hanging it.
/// </summary>
public class RunTimeoutWaitTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private const string SleepingComponent = """
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
            (func (export "run") (result i32)
              (call $block (call $subscribe (i64.const 3600000000000)))
              (i32.const 0)))
          (core instance $i (instantiate $m (with "w" (instance (export "block" (func $block)) (export "subscribe" (func $subscribe))))))
          (func $run (result (result)) (canon lift (core func $i "run")))
          (instance $r (export "run" (func $run)))
          (export "wasi:cli/run@0.2.0" (instance $r)))
        """;

    private const string SleepingPreview1 = """
        (module
          (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "_start")
            (i32.store (i32.const 16) (i32.const 1))
            (i64.store (i32.const 24) (i64.const 3600000000000))
            (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 96)))))
        """;

    [Theory]
    [InlineData("component.wat", "wasi:cli/run#run")]
    [InlineData("preview1.wat", "_start")]
    public async Task ATimeoutStopsAGuestSleepingInAWait(string file, string invoked)
    {
        var dir = CliRunner.TempTree(("component.wat", SleepingComponent), ("preview1.wat", SleepingPreview1));
        try
        {
            var run = Task.Factory.StartNew(() => CliRunner.Run("run", Path.Combine(dir, file), "--timeout", "200ms"),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            Assert.True(await Task.WhenAny(run, Task.Delay(Bound)) == run, $"run --timeout 200ms was still waiting after {Bound}");
            var (exit, stdout, stderr) = await run;
            Assert.Equal(1, exit);
            Assert.Equal("", stdout);
            var lines = CliRunner.Lines(stderr);
            Assert.Equal($"error: failed to invoke `{invoked}`", lines[0]);
            Assert.Equal("wasm trap: interrupted", lines[1]);
            Assert.Equal("note: the --timeout of 200ms expired", lines[2]);
        }
        finally { Directory.Delete(dir, true); }
    }
}

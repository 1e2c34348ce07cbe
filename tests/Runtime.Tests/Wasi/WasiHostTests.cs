using System;
using System.IO;
using System.IO.Pipes;
using System.Text;
using System.Threading;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;
using WitBindgen.Runtime.Wasi.Clocks;
using WitBindgen.Runtime.Wasi.Filesystem;
using WitBindgen.Runtime.Wasi.Io;

namespace WitBindgen.Runtime.Tests.Wasi;

/// <summary>The parts of the WASI host the C programs do not reach directly: readiness, limits, semver linking, the sandbox resolver.</summary>
public sealed class WasiHostTests
{
    /// <summary>A component importing wasi:random/random at 0.2.0 (the host defines 0.2.3) and returning how many bytes it got.</summary>
    private const string RandomWat = """
        (component
          (import "wasi:random/random@0.2.0" (instance $r
            (export "get-random-bytes" (func (param "len" u64) (result (list u8))))))
          (core module $mem (memory (export "memory") 1)
            (global $next (mut i32) (i32.const 1024))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32)
              (local $p i32)
              (local.set $p (global.get $next))
              (global.set $next (i32.add (global.get $next) (local.get 3)))
              (local.get $p)))
          (core instance $m (instantiate $mem))
          (alias core export $m "memory" (core memory $memory))
          (alias core export $m "realloc" (core func $realloc))
          (core func $get (canon lower (func $r "get-random-bytes") (memory $memory) (realloc $realloc)))
          (core module $main
            (import "env" "memory" (memory 1))
            (import "env" "get" (func $get (param i64 i32)))
            (func (export "count") (param i64) (result i32)
              (call $get (local.get 0) (i32.const 0))
              (i32.load (i32.const 4))))
          (core instance $i (instantiate $main (with "env" (instance (export "memory" (memory $memory)) (export "get" (func $get))))))
          (func (export "count") (param "n" u64) (result u32) (canon lift (core func $i "count"))))
        """;

    [Fact]
    public void RandomLinksAcrossPatchVersionsAndEnforcesItsPerCallLimit()
    {
        var engine = new Engine();
        var ctx = new WasiContextBuilder().MaxRandomBytes(64).Build();
        var linker = new ComponentLinker(engine);
        WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, ctx);
        var instance = linker.Instantiate(new Store(engine), WitBindgen.Runtime.Components.Component.FromText(engine, RandomWat));
        var count = instance.GetFunction("count")!;
        Assert.Equal(ComponentValue.U32(64), count.Call(ComponentValue.U64(64)));
        var trap = Assert.Throws<Trap>(() => count.Call(ComponentValue.U64(65)));
        Assert.Contains("more than the limit of 64 per call", trap.Message);
    }

    [Fact]
    public void TheResourceTableHasALimitAndChecksTypes()
    {
        var table = new ResourceTable(2);
        var a = table.Push("one");
        var b = table.Push(new MemoryStream());
        Assert.Equal("one", table.Get<string>(a));
        Assert.Throws<WasiTrapException>(() => table.Push("three"));
        Assert.Throws<WasiTrapException>(() => table.Get<string>(b));
        table.Delete(a);
        Assert.Throws<WasiTrapException>(() => table.Get<string>(a));
        var c = table.Push("again");
        Assert.NotEqual(b, c);
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void ClockPollablesBecomeReadyWhenTheClockReachesTheirDeadline()
    {
        var clock = new ManualClock(1000);
        var soon = new ClockPollable(clock, 1000 + 5_000_000);
        var later = new ClockPollable(clock, 1000 + 50_000_000_000);
        Assert.False(soon.Ready);
        var waiter = new Thread(() => { Thread.Sleep(50); clock.Advance(TimeSpan.FromMilliseconds(10)); });
        waiter.Start();
        var ready = Poll.WaitAny(new Pollable[] { later, soon });
        waiter.Join();
        Assert.Equal(new uint[] { 1 }, ready);
        Assert.True(soon.Ready);
        Assert.False(later.Ready);
    }

    [Fact]
    public void InputStreamPollablesReportRealReadiness()
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var stream = new BackgroundInputStream(client);
        var pollable = new InputStreamPollable(stream);
        Assert.Equal(StreamStatus.Ok, stream.Read(10, out var none, out _));
        Assert.Empty(none);
        Assert.False(pollable.Ready);
        var timeout = new ClockPollable(SystemMonotonicClock.Instance, SystemMonotonicClock.Instance.Now() + 30_000_000);
        // Nothing written: only the 30 ms timeout fires.
        Assert.Equal(new uint[] { 1 }, Poll.WaitAny(new Pollable[] { pollable, timeout }));
        server.Write(Encoding.ASCII.GetBytes("ping"));
        server.Flush();
        Assert.Equal(new uint[] { 0 }, Poll.WaitAny(new Pollable[] { pollable }));
        Assert.Equal(StreamStatus.Ok, stream.Read(10, out var data, out _));
        Assert.Equal("ping", Encoding.ASCII.GetString(data));
        server.Dispose();
        stream.WaitReady();
        Assert.Equal(StreamStatus.Closed, stream.Read(10, out _, out _));
    }

    [Fact]
    public void TheSandboxResolverDeniesEveryWayOut()
    {
        var root = Directory.CreateTempSubdirectory("wasi-sandbox-");
        try
        {
            var box = root.CreateSubdirectory("box");
            var sub = box.CreateSubdirectory("sub");
            File.WriteAllText(Path.Combine(root.FullName, "outside.txt"), "x");
            File.WriteAllText(Path.Combine(sub.FullName, "inside.txt"), "y");
            File.CreateSymbolicLink(Path.Combine(box.FullName, "rel-out"), "../outside.txt");
            File.CreateSymbolicLink(Path.Combine(box.FullName, "abs-out"), Path.Combine(root.FullName, "outside.txt"));
            File.CreateSymbolicLink(Path.Combine(box.FullName, "chain"), "sub/hop");
            File.CreateSymbolicLink(Path.Combine(sub.FullName, "hop"), "../rel-out");
            File.CreateSymbolicLink(Path.Combine(box.FullName, "ok-link"), "sub/inside.txt");
            File.CreateSymbolicLink(Path.Combine(box.FullName, "loop"), "loop");
            var d = new Descriptor(box.FullName, readOnly: false);
            foreach (var escape in new[] { "..", "../outside.txt", "sub/../../outside.txt", "/etc/passwd", "rel-out", "abs-out", "chain", "rel-out/../x" })
            {
                var e = Assert.Throws<FsException>(() => Sandbox.Resolve(d, escape, followLast: true));
                Assert.Equal(FsError.NotPermitted, e.Code);
            }
            Assert.Equal(FsError.Loop, Assert.Throws<FsException>(() => Sandbox.Resolve(d, "loop", followLast: true)).Code);
            Assert.Equal(Path.Combine(sub.FullName, "inside.txt"), Sandbox.Resolve(d, "ok-link", followLast: true));
            Assert.Equal(Path.Combine(sub.FullName, "inside.txt"), Sandbox.Resolve(d, "sub/./x/../inside.txt", followLast: true));
            // Not following the last component names the link itself (unlink, readlink, stat without symlink-follow).
            Assert.Equal(Path.Combine(box.FullName, "rel-out"), Sandbox.Resolve(d, "rel-out", followLast: false));
        }
        finally { root.Delete(true); }
    }

    /// <summary>A command that calls wasi:cli/exit (0.2.0's exit or the newer exit-with-code) with its argument.</summary>
    private const string ExitWat = """
        (component
          (import "wasi:cli/exit@0.2.6" (instance $exit
            (export "exit" (func (param "status" (result))))
            (export "exit-with-code" (func (param "status-code" u8)))))
          (core func $exit (canon lower (func $exit "exit")))
          (core func $exit-with-code (canon lower (func $exit "exit-with-code")))
          (core module $m
            (import "" "exit" (func $exit (param i32)))
            (import "" "code" (func $code (param i32)))
            (func (export "run") (result i32)
              (call $code (i32.const 42))
              (i32.const 0))
            (func (export "run-err") (result i32)
              (call $exit (i32.const 1))
              (i32.const 0))
            (func (export "run-ok") (result i32)
              (call $exit (i32.const 0))
              (i32.const 1))
            (func (export "return-err") (result i32) (i32.const 1)))
          (core instance $i (instantiate $m (with "" (instance (export "exit" (func $exit)) (export "code" (func $exit-with-code))))))
          (func $run (result (result)) (canon lift (core func $i "NAME")))
          (instance $r (export "run" (func $run)))
          (export "wasi:cli/run@0.2.6" (instance $r)))
        """;

    [Theory]
    [InlineData("run", 42)]
    [InlineData("run-err", 1)]
    [InlineData("run-ok", 0)]
    [InlineData("return-err", 1)]
    public void TheExitStatusIsTheGuests(string export, int status)
    {
        var engine = new Engine();
        var ctx = new WasiContextBuilder().Build();
        var linker = new ComponentLinker(engine);
        WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, ctx);
        var component = WitBindgen.Runtime.Components.Component.FromText(engine, ExitWat.Replace("NAME", export));
        Assert.Equal(status, WitBindgen.Runtime.Wasi.Wasi.RunCommand(new Store(engine), linker, component, ctx));
        Assert.Equal(export.StartsWith("run", StringComparison.Ordinal) && export != "return-err" ? status : null, ctx.ExitCode);
    }
}

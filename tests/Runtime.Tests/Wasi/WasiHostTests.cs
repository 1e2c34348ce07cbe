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
using ErrorCode = WitBindgen.Runtime.Wasi.Bindings.Wasi.Filesystem.Types.ErrorCode;

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

    /// <summary>
    /// A component subscribing to a monotonic-clock instant an hour away and asking <c>pollable.ready</c> (a typed
    /// method taking <c>borrow&lt;pollable&gt;</c>) <c>n</c> times from core code.
    /// </summary>
    private const string PollReadyWat = """
        (component
          (import "wasi:io/poll@0.2.3" (instance $poll
            (export "pollable" (type $p (sub resource)))
            (export "[method]pollable.ready" (func (param "self" (borrow $p)) (result bool)))))
          (alias export $poll "pollable" (type $pollable))
          (import "wasi:clocks/monotonic-clock@0.2.3" (instance $clock
            (alias outer 1 $pollable (type $p))
            (export "pollable" (type $pp (eq $p)))
            (export "subscribe-duration" (func (param "when" u64) (result (own $pp))))))
          (core func $subscribe (canon lower (func $clock "subscribe-duration")))
          (core func $ready (canon lower (func $poll "[method]pollable.ready")))
          (core func $drop (canon resource.drop $pollable))
          (core module $main
            (import "env" "subscribe" (func $subscribe (param i64) (result i32)))
            (import "env" "ready" (func $ready (param i32) (result i32)))
            (import "env" "drop" (func $drop (param i32)))
            (global $p (mut i32) (i32.const 0))
            (func (export "open") (global.set $p (call $subscribe (i64.const 3600000000000))))
            (func (export "poll") (param $n i32) (result i32)
              (local $ready i32)
              (block $done
                (loop $next
                  (br_if $done (i32.eqz (local.get $n)))
                  (local.set $ready (i32.add (local.get $ready) (call $ready (global.get $p))))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br $next)))
              (local.get $ready))
            (func (export "close") (call $drop (global.get $p))))
          (core instance $i (instantiate $main (with "env" (instance
            (export "subscribe" (func $subscribe)) (export "ready" (func $ready)) (export "drop" (func $drop))))))
          (func (export "open") (canon lift (core func $i "open")))
          (func (export "poll") (param "n" u32) (result u32) (canon lift (core func $i "poll")))
          (func (export "close") (canon lift (core func $i "close"))))
        """;

    [Fact]
    public void ATypedMethodCallWithABorrowedHandleAllocatesNothing()
    {
        var engine = new Engine();
        var linker = new ComponentLinker(engine);
        WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, new WasiContextBuilder().Build());
        var instance = linker.Instantiate(new Store(engine), WitBindgen.Runtime.Components.Component.FromText(engine, PollReadyWat));
        instance.GetFunction("open")!.Call();
        var poll = instance.GetFunction("poll")!;
        Assert.True(poll.IsTyped("(u32) -> u32"));
        // What generated bindings emit for poll(n: u32) -> u32.
        static uint Poll(ComponentFunction f, uint n)
        {
            Span<ulong> flat = stackalloc ulong[1];
            var call = f.BeginCall(flat);
            try
            {
                call.Arg(0, n);
                call.Invoke();
                var result = (uint)call.FlatResult;
                call.Finish();
                return result;
            }
            finally { call.End(); }
        }
        // Warm-up past the switch to the full bodies (Compilation/Tiering), which emits them once.
        for (int i = 0; i < 100; i++) Assert.Equal(0u, Poll(poll, 30));
        long before = GC.GetAllocatedBytesForCurrentThread();
        uint ready = Poll(poll, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0u, ready);
        Assert.Equal(0, allocated);
        // Every call's borrow was released: the pollable can be dropped.
        instance.GetFunction("close")!.Call();
    }

    [Fact]
    public void TheResourceTableHasALimitAndChecksTypes()
    {
        var table = new ResourceTable(2);
        var a = table.Push("one");
        var b = table.Push(new MemoryStream());
        Assert.Equal("one", table.Get<string>(a));
        Assert.Throws<ResourceTableException>(() => table.Push("three"));
        Assert.Throws<ResourceTableException>(() => table.Get<string>(b));
        table.Delete(a);
        Assert.Throws<ResourceTableException>(() => table.Get<string>(a));
        var c = table.Push("again");
        Assert.NotEqual(b, c);
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void ClockPollablesBecomeReadyWhenTheClockReachesTheirDeadline()
    {
        var clock = new ManualClock(1000);
        var soon = new ClockPollable(clock, 1000 + 5_000_000, default);
        var later = new ClockPollable(clock, 1000 + 50_000_000_000, default);
        Assert.False(soon.Ready());
        var waiter = new Thread(() => { Thread.Sleep(50); clock.Advance(TimeSpan.FromMilliseconds(10)); });
        waiter.Start();
        var ready = Poll.WaitAny(new Pollable[] { later, soon });
        waiter.Join();
        Assert.Equal(new uint[] { 1 }, ready);
        Assert.True(soon.Ready());
        Assert.False(later.Ready());
    }

    [Fact]
    public void InputStreamPollablesReportRealReadiness()
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var stream = new BackgroundInputStream(client, default);
        var pollable = new InputStreamPollable(stream);
        Assert.Equal(StreamStatus.Ok, stream.Read(10, out var none, out _));
        Assert.Empty(none);
        Assert.False(pollable.Ready());
        var timeout = new ClockPollable(SystemMonotonicClock.Instance, SystemMonotonicClock.Instance.Now() + 30_000_000, default);
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
            var d = new Descriptor(new WasiContextBuilder().Build(), box.FullName, readOnly: false);
            foreach (var escape in new[] { "..", "../outside.txt", "sub/../../outside.txt", "/etc/passwd", "rel-out", "abs-out", "chain", "rel-out/../x" })
            {
                var e = Assert.Throws<FsException>(() => Sandbox.Resolve(d, escape, followLast: true));
                Assert.Equal(ErrorCode.NotPermitted, e.Code);
            }
            Assert.Equal(ErrorCode.Loop, Assert.Throws<FsException>(() => Sandbox.Resolve(d, "loop", followLast: true)).Code);
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

    /// <summary>
    /// A command that skips 6 bytes of stdin (blocking-skip), splices the rest to stdout 5 bytes at a time with blocking-splice
    /// until the input is closed, then writes 2 zero bytes and flushes: the stream methods wasi-libc does not use.
    /// </summary>
    private const string SpliceWat = """
        (component
          (import "wasi:io/error@0.2.0" (instance $error (export "error" (type (sub resource)))))
          (alias export $error "error" (type $error-type))
          (import "wasi:io/streams@0.2.0" (instance $streams
            (alias outer 1 $error-type (type $e))
            (export "error" (type $err (eq $e)))
            (export "input-stream" (type $is (sub resource)))
            (export "output-stream" (type $os (sub resource)))
            (type $stream-error (variant (case "last-operation-failed" (own $err)) (case "closed")))
            (export "stream-error" (type $se (eq $stream-error)))
            (export "[method]input-stream.blocking-skip" (func (param "self" (borrow $is)) (param "len" u64) (result (result u64 (error $se)))))
            (export "[method]output-stream.blocking-splice" (func (param "self" (borrow $os)) (param "src" (borrow $is)) (param "len" u64) (result (result u64 (error $se)))))
            (export "[method]output-stream.write-zeroes" (func (param "self" (borrow $os)) (param "len" u64) (result (result (error $se)))))
            (export "[method]output-stream.blocking-flush" (func (param "self" (borrow $os)) (result (result (error $se)))))))
          (alias export $streams "input-stream" (type $input-stream))
          (alias export $streams "output-stream" (type $output-stream))
          (import "wasi:cli/stdin@0.2.0" (instance $stdin
            (alias outer 1 $input-stream (type $i))
            (export "input-stream" (type $is (eq $i)))
            (export "get-stdin" (func (result (own $is))))))
          (import "wasi:cli/stdout@0.2.0" (instance $stdout
            (alias outer 1 $output-stream (type $o))
            (export "output-stream" (type $os (eq $o)))
            (export "get-stdout" (func (result (own $os))))))
          (core module $holder (memory (export "memory") 1))
          (core instance $h (instantiate $holder))
          (alias core export $h "memory" (core memory $memory))
          (core func $get-stdin (canon lower (func $stdin "get-stdin")))
          (core func $get-stdout (canon lower (func $stdout "get-stdout")))
          (core func $skip (canon lower (func $streams "[method]input-stream.blocking-skip") (memory $memory)))
          (core func $splice (canon lower (func $streams "[method]output-stream.blocking-splice") (memory $memory)))
          (core func $zeroes (canon lower (func $streams "[method]output-stream.write-zeroes") (memory $memory)))
          (core func $flush (canon lower (func $streams "[method]output-stream.blocking-flush") (memory $memory)))
          (core module $m
            (import "env" "memory" (memory 1))
            (import "w" "get-stdin" (func $get-stdin (result i32)))
            (import "w" "get-stdout" (func $get-stdout (result i32)))
            (import "w" "skip" (func $skip (param i32 i64 i32)))
            (import "w" "splice" (func $splice (param i32 i32 i64 i32)))
            (import "w" "zeroes" (func $zeroes (param i32 i64 i32)))
            (import "w" "flush" (func $flush (param i32 i32)))
            (func (export "run") (result i32)
              (local $in i32) (local $out i32) (local $calls i32)
              (local.set $in (call $get-stdin))
              (local.set $out (call $get-stdout))
              (call $skip (local.get $in) (i64.const 6) (i32.const 0))
              (if (i32.ne (i32.load8_u (i32.const 0)) (i32.const 0)) (then (return (i32.const 1))))
              (if (i64.ne (i64.load (i32.const 8)) (i64.const 6)) (then (return (i32.const 1))))
              (block $done
                (loop $more
                  (call $splice (local.get $out) (local.get $in) (i64.const 5) (i32.const 0))
                  (br_if $done (i32.ne (i32.load8_u (i32.const 0)) (i32.const 0)))
                  (if (i64.gt_u (i64.load (i32.const 8)) (i64.const 5)) (then (return (i32.const 1))))
                  (local.set $calls (i32.add (local.get $calls) (i32.const 1)))
                  (br $more)))
              ;; the error is `closed` (case 1), after at least 4 splices of 18 bytes
              (if (i32.ne (i32.load8_u (i32.const 8)) (i32.const 1)) (then (return (i32.const 1))))
              (if (i32.lt_u (local.get $calls) (i32.const 4)) (then (return (i32.const 1))))
              (call $zeroes (local.get $out) (i64.const 2) (i32.const 0))
              (call $flush (local.get $out) (i32.const 0))
              (i32.load8_u (i32.const 0))))
          (core instance $i (instantiate $m
            (with "env" (instance $h))
            (with "w" (instance (export "get-stdin" (func $get-stdin)) (export "get-stdout" (func $get-stdout)) (export "skip" (func $skip))
              (export "splice" (func $splice)) (export "zeroes" (func $zeroes)) (export "flush" (func $flush))))))
          (func $run (result (result)) (canon lift (core func $i "run")))
          (instance $r (export "run" (func $run)))
          (export "wasi:cli/run@0.2.0" (instance $r)))
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SkipSpliceAndWriteZeroesMoveTheBytes(bool throughStream)
    {
        var engine = new Engine();
        var input = Encoding.ASCII.GetBytes("skip: hello splice world");
        var stdout = new MemoryStream();
        var builder = new WasiContextBuilder().Stdout(stdout);
        if (throughStream) builder.Stdin(new MemoryStream(input)); else builder.Stdin(input);
        var ctx = builder.Build();
        var linker = new ComponentLinker(engine);
        WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, ctx);
        var component = WitBindgen.Runtime.Components.Component.FromText(engine, SpliceWat);
        Assert.Equal(0, WitBindgen.Runtime.Wasi.Wasi.RunCommand(new Store(engine), linker, component, ctx));
        Assert.Equal("hello splice world\0\0", Encoding.ASCII.GetString(stdout.ToArray()));
        // Every handle the guest got was an own it never dropped: still in the table (stdin, stdout).
        Assert.Equal(2, ctx.Table.Count);
    }

    [Fact]
    public void AFailedFileStreamCarriesAFilesystemErrorCode()
    {
        var path = Path.GetTempFileName();
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read);
            var stream = new FileOutputStream(file, 0, append: false, default);
            Assert.Null(stream.FilesystemErrorCode);
            Assert.Equal(StreamStatus.Failed, stream.Write(new byte[] { 1, 2, 3 }, out var error));
            Assert.NotNull(error);
            Assert.NotNull(stream.FilesystemErrorCode);
            Assert.NotEqual((int)ErrorCode.Io, stream.FilesystemErrorCode);
        }
        finally { File.Delete(path); }
    }
}

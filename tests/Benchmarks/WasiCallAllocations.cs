using System;
using System.Linq;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;

namespace WitBindgen.Benchmarks;

/// <summary>
/// <c>wasi-alloc [COUNT] [--types]</c>: the managed bytes one call of a WASI import allocates on our host (random,
/// wall-clock, environment, and a 16-byte stream write to stdout and read from stdin): a component whose exports each
/// call one import COUNT times from core code (the export's own call, and getting and dropping the stream, are
/// amortised over them); filesystem in <see cref="WasiFilesystemCallAllocations"/>, sockets in <see cref="WasiSocketCallAllocations"/>. With <c>--types</c>, the allocation samples by type.
/// </summary>
internal static class WasiCallAllocations
{
    /// <summary>
    /// The guest memory of the benchmark components: <c>$memory</c>, with <c>$realloc</c> bumping from 1024 and
    /// <c>$reset</c> moving back there (so a loop of calls returning lists reuses the same bytes).
    /// </summary>
    internal const string BumpMemory = """
          (core module $mem (memory (export "memory") 1)
            (global $next (mut i32) (i32.const 1024))
            (func (export "reset") (global.set $next (i32.const 1024)))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32)
              (local $p i32)
              (local.set $p (global.get $next))
              (global.set $next (i32.add (global.get $next) (local.get 3)))
              (local.get $p)))
          (core instance $m (instantiate $mem))
          (alias core export $m "memory" (core memory $memory))
          (alias core export $m "realloc" (core func $realloc))
          (alias core export $m "reset" (core func $reset))
        """;

    private const string Wat = $$"""
        (component
          (import "wasi:random/random@0.2.3" (instance $r
            (export "get-random-bytes" (func (param "len" u64) (result (list u8))))
            (export "get-random-u64" (func (result u64)))))
          (import "wasi:clocks/wall-clock@0.2.3" (instance $w
            (type $dt (record (field "seconds" u64) (field "nanoseconds" u32)))
            (export "datetime" (type $datetime (eq $dt)))
            (export "now" (func (result $datetime)))))
          (import "wasi:cli/environment@0.2.3" (instance $e
            (export "get-arguments" (func (result (list string))))))
          (import "wasi:io/error@0.2.3" (instance $error
            (export "error" (type (sub resource)))))
          (alias export $error "error" (type $error-type))
          (import "wasi:io/streams@0.2.3" (instance $streams
            (alias outer 1 $error-type (type $e))
            (export "error" (type $err (eq $e)))
            (export "input-stream" (type $is (sub resource)))
            (export "output-stream" (type $os (sub resource)))
            (type $stream-error (variant (case "last-operation-failed" (own $err)) (case "closed")))
            (export "stream-error" (type $se (eq $stream-error)))
            (export "[method]input-stream.read" (func (param "self" (borrow $is)) (param "len" u64) (result (result (list u8) (error $se)))))
            (export "[method]output-stream.write" (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $se)))))))
          (alias export $streams "input-stream" (type $input-stream))
          (alias export $streams "output-stream" (type $output-stream))
          (import "wasi:cli/stdin@0.2.3" (instance $stdin
            (alias outer 1 $input-stream (type $i))
            (export "input-stream" (type $is (eq $i)))
            (export "get-stdin" (func (result (own $is))))))
          (import "wasi:cli/stdout@0.2.3" (instance $stdout
            (alias outer 1 $output-stream (type $o))
            (export "output-stream" (type $os (eq $o)))
            (export "get-stdout" (func (result (own $os))))))
        {{BumpMemory}}
          (core func $bytes (canon lower (func $r "get-random-bytes") (memory $memory) (realloc $realloc)))
          (core func $u64 (canon lower (func $r "get-random-u64")))
          (core func $now (canon lower (func $w "now") (memory $memory)))
          (core func $args (canon lower (func $e "get-arguments") (memory $memory) (realloc $realloc)))
          (core func $get-stdin (canon lower (func $stdin "get-stdin")))
          (core func $get-stdout (canon lower (func $stdout "get-stdout")))
          (core func $read (canon lower (func $streams "[method]input-stream.read") (memory $memory) (realloc $realloc)))
          (core func $write (canon lower (func $streams "[method]output-stream.write") (memory $memory)))
          (core func $drop-in (canon resource.drop $input-stream))
          (core func $drop-out (canon resource.drop $output-stream))
          (core module $main
            (import "env" "memory" (memory 1))
            (import "env" "reset" (func $reset))
            (import "env" "bytes" (func $bytes (param i64 i32)))
            (import "env" "u64" (func $u64 (result i64)))
            (import "env" "now" (func $now (param i32)))
            (import "env" "args" (func $args (param i32)))
            (import "env" "get-stdin" (func $get-stdin (result i32)))
            (import "env" "get-stdout" (func $get-stdout (result i32)))
            (import "env" "read" (func $read (param i32 i64 i32)))
            (import "env" "write" (func $write (param i32 i32 i32 i32)))
            (import "env" "drop-in" (func $drop-in (param i32)))
            (import "env" "drop-out" (func $drop-out (param i32)))
            (func (export "bytes") (param $n i32)
              (loop $l (if (local.get $n) (then (call $reset) (call $bytes (i64.const 16) (i32.const 0)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))))
            (func (export "u64") (param $n i32)
              (loop $l (if (local.get $n) (then (drop (call $u64)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))))
            (func (export "now") (param $n i32)
              (loop $l (if (local.get $n) (then (call $now (i32.const 0)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))))
            (func (export "args") (param $n i32)
              (loop $l (if (local.get $n) (then (call $reset) (call $args (i32.const 0)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))))
            (func (export "read") (param $n i32) (local $h i32)
              (local.set $h (call $get-stdin))
              (loop $l (if (local.get $n) (then (call $reset) (call $read (local.get $h) (i64.const 16) (i32.const 0)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l))))
              (call $drop-in (local.get $h)))
            (func (export "write") (param $n i32) (local $h i32)
              (local.set $h (call $get-stdout))
              (loop $l (if (local.get $n) (then (call $write (local.get $h) (i32.const 2048) (i32.const 16) (i32.const 0)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l))))
              (call $drop-out (local.get $h))))
          (core instance $i (instantiate $main (with "env" (instance
            (export "memory" (memory $memory)) (export "reset" (func $reset)) (export "bytes" (func $bytes))
            (export "u64" (func $u64)) (export "now" (func $now)) (export "args" (func $args))
            (export "get-stdin" (func $get-stdin)) (export "get-stdout" (func $get-stdout)) (export "read" (func $read))
            (export "write" (func $write)) (export "drop-in" (func $drop-in)) (export "drop-out" (func $drop-out))))))
          (func (export "bytes") (param "n" u32) (canon lift (core func $i "bytes")))
          (func (export "u64") (param "n" u32) (canon lift (core func $i "u64")))
          (func (export "now") (param "n" u32) (canon lift (core func $i "now")))
          (func (export "args") (param "n" u32) (canon lift (core func $i "args")))
          (func (export "read") (param "n" u32) (canon lift (core func $i "read")))
          (func (export "write") (param "n" u32) (canon lift (core func $i "write"))))
        """;

    public static int Run(int count, bool types)
    {
        var engine = new Engine();
        // stdin holds 16 bytes for each read of the warm-up, the measured run and the sampled run (stdout is discarded).
        var ctx = new WasiContextBuilder().Args("prog", "one", "two").Stdin(new byte[16 * (1000 + 2L * count)]).Build();
        var linker = new ComponentLinker(engine);
        WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, ctx);
        var instance = linker.Instantiate(new Store(engine), Component.FromText(engine, Wat));
        Console.WriteLine($"bytes per WASI call over {count}:");
        foreach (var (export, label) in new[] { ("bytes", "get-random-bytes(16)"), ("u64", "get-random-u64"), ("now", "wall-clock.now"), ("args", "get-arguments (3)"), ("read", "input-stream.read(16)"), ("write", "output-stream.write(16)") })
            Measure(instance.GetFunction(export)!, label, count, types);
        WasiFilesystemCallAllocations.Run(count, types);
        WasiSocketCallAllocations.Run(count, types);
        return 0;
    }

    /// <summary>Prints the bytes per call of <paramref name="f"/>'s import (an export taking its call count), and with
    /// <paramref name="types"/> the five types allocating most.</summary>
    internal static void Measure(ComponentFunction f, string label, int count, bool types)
    {
        f.Call(ComponentValue.U32(1000));
        long before = GC.GetAllocatedBytesForCurrentThread();
        f.Call(ComponentValue.U32((uint)count));
        Console.WriteLine($"  {label,-22} {(GC.GetAllocatedBytesForCurrentThread() - before) / (double)count,8:F1}");
        if (!types) return;
        using var listener = new InstantiationAllocations.AllocationSampler();
        f.Call(ComponentValue.U32((uint)count));
        foreach (var (type, bytes) in listener.Totals().Take(5)) Console.WriteLine($"    {bytes / count,8:F1}  {type}");
    }
}

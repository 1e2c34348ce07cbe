using System;
using System.Linq;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;

namespace WitBindgen.Benchmarks;

/// <summary>
/// <c>wasi-alloc [COUNT] [--types]</c>: the managed bytes one call of a WASI import allocates on our host, for the functions on
/// typed bindings (random, wall-clock, environment; filesystem in <see cref="WasiFilesystemCallAllocations"/>): a component whose exports each call one import COUNT times from
/// core code (the export's own call is amortised over them). With <c>--types</c>, the allocation samples by type.
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
        {{BumpMemory}}
          (core func $bytes (canon lower (func $r "get-random-bytes") (memory $memory) (realloc $realloc)))
          (core func $u64 (canon lower (func $r "get-random-u64")))
          (core func $now (canon lower (func $w "now") (memory $memory)))
          (core func $args (canon lower (func $e "get-arguments") (memory $memory) (realloc $realloc)))
          (core module $main
            (import "env" "memory" (memory 1))
            (import "env" "reset" (func $reset))
            (import "env" "bytes" (func $bytes (param i64 i32)))
            (import "env" "u64" (func $u64 (result i64)))
            (import "env" "now" (func $now (param i32)))
            (import "env" "args" (func $args (param i32)))
            (func (export "bytes") (param $n i32)
              (loop $l (if (local.get $n) (then (call $reset) (call $bytes (i64.const 16) (i32.const 0)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))))
            (func (export "u64") (param $n i32)
              (loop $l (if (local.get $n) (then (drop (call $u64)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))))
            (func (export "now") (param $n i32)
              (loop $l (if (local.get $n) (then (call $now (i32.const 0)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))))
            (func (export "args") (param $n i32)
              (loop $l (if (local.get $n) (then (call $reset) (call $args (i32.const 0)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l))))))
          (core instance $i (instantiate $main (with "env" (instance
            (export "memory" (memory $memory)) (export "reset" (func $reset)) (export "bytes" (func $bytes))
            (export "u64" (func $u64)) (export "now" (func $now)) (export "args" (func $args))))))
          (func (export "bytes") (param "n" u32) (canon lift (core func $i "bytes")))
          (func (export "u64") (param "n" u32) (canon lift (core func $i "u64")))
          (func (export "now") (param "n" u32) (canon lift (core func $i "now")))
          (func (export "args") (param "n" u32) (canon lift (core func $i "args"))))
        """;

    public static int Run(int count, bool types)
    {
        var engine = new Engine();
        var ctx = new WasiContextBuilder().Args("prog", "one", "two").Build();
        var linker = new ComponentLinker(engine);
        WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, ctx);
        var instance = linker.Instantiate(new Store(engine), Component.FromText(engine, Wat));
        Console.WriteLine($"bytes per WASI call over {count}:");
        foreach (var (export, label) in new[] { ("bytes", "get-random-bytes(16)"), ("u64", "get-random-u64"), ("now", "wall-clock.now"), ("args", "get-arguments (3)") })
            Measure(instance.GetFunction(export)!, label, count, types);
        WasiFilesystemCallAllocations.Run(count, types);
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

using System.IO;
using WitBindgen.ComponentModel.Binary;
using WitBindgen.ComponentModel.Componentize;
using WitBindgen.ComponentModel.Text;
using WitBindgen.WitParser;

namespace WitBindgen.Benchmarks;

/// <summary>The components of <see cref="ComponentBenchmarks"/> and the density program, as component WAT.</summary>
public static class ComponentWat
{
    /// <summary>A bump allocator exported as realloc, reset by <c>reset</c> (used as post-return).</summary>
    private const string Allocator = """
        (memory (export "memory") 1)
        (global $next (mut i32) (i32.const 1024))
        (func (export "realloc") (param i32 i32 i32 i32) (result i32)
          (local $p i32)
          (if (i32.and (i32.ne (local.get 0) (i32.const 0)) (i32.le_u (local.get 3) (local.get 1)))
            (then (return (local.get 0))))
          (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                                 (i32.xor (i32.sub (local.get 2) (i32.const 1)) (i32.const -1))))
          (global.set $next (i32.add (local.get $p) (local.get 3)))
          (if (i32.ne (local.get 0) (i32.const 0)) (then (memory.copy (local.get $p) (local.get 0) (local.get 1))))
          (local.get $p))
        (func (export "reset") (param i32) (global.set $next (i32.const 1024)))
        """;

    /// <summary><c>add(a: s32, b: s32) -> s32</c>.</summary>
    public const string Add = """
        (component
          (core module $m (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
          (core instance $i (instantiate $m))
          (func (export "add") (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $i "add")))
        )
        """;

    /// <summary><c>echo(s: string) -> string</c>: the guest returns the string it received; post-return frees it.</summary>
    public const string Echo = $$"""
        (component
          (core module $m
            {{Allocator}}
            (func (export "echo") (param i32 i32) (result i32)
              (i32.store (i32.const 16) (local.get 0))
              (i32.store (i32.const 20) (local.get 1))
              (i32.const 16)))
          (core instance $i (instantiate $m))
          (func (export "echo") (param "s" string) (result string)
            (canon lift (core func $i "echo") (memory $i "memory") (realloc (func $i "realloc")) (post-return (func $i "reset"))))
        )
        """;

    /// <summary>
    /// <c>echo-bytes(list&lt;u8&gt;) -> list&lt;u8&gt;</c> and <c>echo-words(list&lt;u32&gt;) -> list&lt;u32&gt;</c>: the guest
    /// returns the list it received (lists of scalars lowered into and lifted from guest memory); post-return frees it.
    /// </summary>
    public const string EchoLists = $$"""
        (component
          (core module $m
            {{Allocator}}
            (func (export "echo") (param i32 i32) (result i32)
              (i32.store (i32.const 16) (local.get 0))
              (i32.store (i32.const 20) (local.get 1))
              (i32.const 16)))
          (core instance $i (instantiate $m))
          (func (export "echo-bytes") (param "b" (list u8)) (result (list u8))
            (canon lift (core func $i "echo") (memory $i "memory") (realloc (func $i "realloc")) (post-return (func $i "reset"))))
          (func (export "echo-words") (param "w" (list u32)) (result (list u32))
            (canon lift (core func $i "echo") (memory $i "memory") (realloc (func $i "realloc")) (post-return (func $i "reset"))))
        )
        """;

    /// <summary>
    /// A guest-defined resource: <c>make(rep: u32) -> own&lt;r&gt;</c> (constructor), <c>get(self: borrow&lt;r&gt;) -> u32</c>
    /// (method) and <c>consume(self: own&lt;r&gt;) -> u32</c>, which drops the handle (the destructor runs).
    /// The <c>-raw</c> variants do the same guest work (resource.new, resource.rep, resource.drop) but pass the
    /// handle index as a u32: Wasmtime.Dotnet 50.0.1 cannot read resource values on the host side.
    /// </summary>
    /// <summary>
    /// Two components composed in one: the caller's <c>run(n)</c> calls the callee's
    /// <c>process(s: string, l: list&lt;u32&gt;) -&gt; stats</c> n times (a 64-byte string and 16 u32s from its memory; the
    /// record result through its return area), the callee summing the list. A component-to-component call: on our
    /// runtime the fused adapter, on Wasmtime its compiled adapter.
    /// </summary>
    public const string Composed = $$"""
        (component
          (component $Callee
            (core module $m
              {{Allocator}}
              (func (export "process") (param $s i32) (param $sl i32) (param $l i32) (param $ll i32) (result i32)
                (local $i i32) (local $sum i32)
                (block $done (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (local.get $ll)))
                  (local.set $sum (i32.add (local.get $sum) (i32.load (i32.add (local.get $l) (i32.shl (local.get $i) (i32.const 2))))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
                (i32.store (i32.const 16) (local.get $sl))
                (i32.store (i32.const 20) (local.get $sum))
                (i32.const 16)))
            (core instance $i (instantiate $m))
            (type $stats' (record (field "len" u32) (field "sum" u32)))
            (export $stats "stats" (type $stats'))
            (func (export "process") (param "s" string) (param "l" (list u32)) (result $stats)
              (canon lift (core func $i "process") (memory $i "memory") (realloc (func $i "realloc")) (post-return (func $i "reset")))))
          (component $Caller
            (import "callee" (instance $c
              (type $stats' (record (field "len" u32) (field "sum" u32)))
              (export "stats" (type $stats (eq $stats')))
              (export "process" (func (param "s" string) (param "l" (list u32)) (result $stats)))))
            (core module $mem (memory (export "memory") 1))
            (core instance $mi (instantiate $mem))
            (core func $process (canon lower (func $c "process") (memory $mi "memory")))
            (core module $m
              (import "" "memory" (memory 1))
              (import "" "process" (func $process (param i32 i32 i32 i32 i32)))
              (data (i32.const 256) "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
              (data (i32.const 512) "\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00\05\00\00\00\06\00\00\00\07\00\00\00\08\00\00\00\09\00\00\00\0a\00\00\00\0b\00\00\00\0c\00\00\00\0d\00\00\00\0e\00\00\00\0f\00\00\00\10\00\00\00")
              (func (export "run") (param $n i32) (result i32)
                (local $i i32) (local $acc i32)
                (block $done (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (call $process (i32.const 256) (i32.const 64) (i32.const 512) (i32.const 16) (i32.const 64))
                  (local.set $acc (i32.add (local.get $acc) (i32.add (i32.load (i32.const 64)) (i32.load (i32.const 68)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
                (local.get $acc)))
            (core instance $i (instantiate $m (with "" (instance (export "memory" (memory $mi "memory")) (export "process" (func $process))))))
            (func (export "run") (param "n" u32) (result u32) (canon lift (core func $i "run"))))
          (instance $callee (instantiate $Callee))
          (instance $caller (instantiate $Caller (with "callee" (instance $callee))))
          (export "run" (func $caller "run"))
        )
        """;

    /// <summary>
    /// Imports <c>bench:loop/host@0.1.0#add</c> and exports <c>run(n)</c>, which calls it n times (a guest calling a
    /// host import in a loop).
    /// </summary>
    public const string ImportLoop = """
        (component
          (import "bench:loop/host@0.1.0" (instance $h (export "add" (func (param "a" s32) (param "b" s32) (result s32)))))
          (alias export $h "add" (func $add))
          (core func $add-lowered (canon lower (func $add)))
          (core module $m
            (import "" "add" (func $add (param i32 i32) (result i32)))
            (func (export "run") (param i32) (result i32)
              (local $i i32) (local $s i32)
              (block $done (loop $l
                (br_if $done (i32.ge_u (local.get $i) (local.get 0)))
                (local.set $s (call $add (local.get $s) (local.get $i)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $l)))
              (local.get $s)))
          (core instance $i (instantiate $m (with "" (instance (export "add" (func $add-lowered))))))
          (func (export "run") (param "n" u32) (result s32) (canon lift (core func $i "run")))
        )
        """;

    public const string Resource = """
        (component
          (core module $m
            (global $dropped (mut i32) (i32.const 0))
            (func (export "dtor") (param i32) (global.set $dropped (i32.add (global.get $dropped) (i32.const 1))))
            (func (export "dropped") (result i32) (global.get $dropped)))
          (core instance $i (instantiate $m))
          (type $R' (resource (rep i32) (dtor (func $i "dtor"))))
          (export $R "r" (type $R'))
          (core func $new (canon resource.new $R'))
          (core func $rep (canon resource.rep $R'))
          (core func $drop (canon resource.drop $R'))
          (core module $n
            (import "" "new" (func $new (param i32) (result i32)))
            (import "" "rep" (func $rep (param i32) (result i32)))
            (import "" "drop" (func $drop (param i32)))
            (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
            (func (export "get") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
            (func (export "get-raw") (param i32) (result i32) (i32.add (call $rep (local.get 0)) (i32.const 1)))
            (func (export "consume") (param i32) (result i32)
              (local $r i32)
              (local.set $r (call $rep (local.get 0)))
              (call $drop (local.get 0))
              (local.get $r)))
          (core instance $j (instantiate $n (with "" (instance (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop))))))
          (func (export "make") (param "rep" u32) (result (own $R)) (canon lift (core func $j "make")))
          (func (export "get") (param "self" (borrow $R)) (result u32) (canon lift (core func $j "get")))
          (func (export "consume") (param "self" (own $R)) (result u32) (canon lift (core func $j "consume")))
          (func (export "make-raw") (param "rep" u32) (result u32) (canon lift (core func $j "make")))
          (func (export "get-raw") (param "handle" u32) (result u32) (canon lift (core func $j "get-raw")))
          (func (export "consume-raw") (param "handle" u32) (result u32) (canon lift (core func $j "consume")))
          (func (export "dropped") (result u32) (canon lift (core func $i "dropped")))
        )
        """;

    /// <summary>
    /// A small WASI-style program: imports <c>wasi:cli/environment@0.2.0#get-arguments</c>,
    /// <c>wasi:clocks/monotonic-clock@0.2.0#now</c> and <c>wasi:cli/stdout-ish</c> <c>write(string)</c>, keeps a
    /// memory, a realloc and a main module, and exports <c>run() -> u32</c> (number of arguments + bytes written).
    /// </summary>
    public const string WasiStyle = $$"""
        (component
          (import "wasi:cli/environment@0.2.0" (instance $env
            (export "get-arguments" (func (result (list string))))))
          (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
            (export "now" (func (result u64)))))
          (import "example:log/sink@0.1.0" (instance $log
            (export "write" (func (param "msg" string) (result u32)))))
          (alias export $env "get-arguments" (func $get-arguments))
          (alias export $clock "now" (func $now))
          (alias export $log "write" (func $write))
          (core module $mem {{Allocator}})
          (core instance $mem (instantiate $mem))
          (core func $get-arguments' (canon lower (func $get-arguments) (memory $mem "memory") (realloc (func $mem "realloc"))))
          (core func $now' (canon lower (func $now)))
          (core func $write' (canon lower (func $write) (memory $mem "memory") (realloc (func $mem "realloc"))))
          (core module $main
            (import "env" "get-arguments" (func $get-arguments (param i32)))
            (import "env" "now" (func $now (result i64)))
            (import "env" "write" (func $write (param i32 i32) (result i32)))
            (import "env" "memory" (memory 1))
            (global $started (mut i64) (i64.const 0))
            (data (i32.const 200) "hello from a component")
            (func (export "run") (result i32)
              (global.set $started (call $now))
              (call $get-arguments (i32.const 64))
              (i32.add (i32.load (i32.const 68)) (call $write (i32.const 200) (i32.const 22)))))
          (core instance $main (instantiate $main (with "env" (instance
            (export "get-arguments" (func $get-arguments'))
            (export "now" (func $now'))
            (export "write" (func $write'))
            (export "memory" (memory $mem "memory"))))))
          (func (export "run") (result u32) (canon lift (core func $main "run")))
        )
        """;
    /// <summary>
    /// The core module of world <c>bench</c> (wit/bench.wit), whose typed host bindings the benchmarks call: add, echo and
    /// roster give back what they get (strings and the record's list through a return area, post-return resetting the
    /// bump allocator); the counter resource's rep is its start value and <c>get</c> answers rep + 1.
    /// </summary>
    private const string BenchCore = $$"""
        (module
          (import "[export]bench:typed/api@0.1.0" "[resource-new]counter" (func $new (param i32) (result i32)))
          {{Allocator}}
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
            (call 1 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
          (func (export "bench:typed/api@0.1.0#add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "bench:typed/api@0.1.0#echo") (param i32 i32) (result i32)
            (i32.store (i32.const 16) (local.get 0))
            (i32.store (i32.const 20) (local.get 1))
            (i32.const 16))
          (func (export "cabi_post_bench:typed/api@0.1.0#echo") (param i32) (global.set $next (i32.const 1024)))
          (func (export "bench:typed/api@0.1.0#roster") (param i32 i32) (result i32)
            (i32.store (i32.const 16) (local.get 0))
            (i32.store (i32.const 20) (local.get 1))
            (i32.const 16))
          (func (export "cabi_post_bench:typed/api@0.1.0#roster") (param i32) (global.set $next (i32.const 1024)))
          (func (export "bench:typed/api@0.1.0#[constructor]counter") (param i32) (result i32) (call $new (local.get 0)))
          (func (export "bench:typed/api@0.1.0#[method]counter.get") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func (export "bench:typed/api@0.1.0#[dtor]counter") (param i32)))
        """;

    /// <summary>World <c>bench</c> as a component: <see cref="BenchCore"/> with the WIT embedded, made by our <c>component new</c>.</summary>
    public static byte[] Bench()
    {
        var load = WitLoader.LoadPath(Path.Combine(System.AppContext.BaseDirectory, "wit", "bench.wit"));
        if (!load.Success) throw new System.InvalidOperationException(string.Join("; ", load.Diagnostics));
        var world = load.Resolve!.SelectWorld(load.RootPackage, "bench", out var problem)
            ?? throw new System.InvalidOperationException(problem?.Message);
        return Componentizer.Create(ComponentTypeSection.Embed(WatAssembler.Assemble(BenchCore, "bench.wat"), load.Resolve!, world));
    }
}

using System;
using System.IO;
using System.Linq;
using WitBindgen.ComponentModel.Abi;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;

namespace WitBindgen.Benchmarks;

/// <summary>
/// The filesystem part of <c>wasi-alloc</c>: the managed bytes one call of <c>descriptor.stat</c>, <c>descriptor.open-at</c>
/// (with the drop of the descriptor it returns) and <c>descriptor.read</c> (16 bytes) allocates, from core code over a
/// preopened temporary directory holding one file.
/// </summary>
internal static class WasiFilesystemCallAllocations
{
    private const string Wat = $$"""
        (component
          (import "wasi:filesystem/types@0.2.3" (instance $fs
            (export "descriptor" (type $d (sub resource)))
            (type $ec (enum "access" "would-block" "already" "bad-descriptor" "busy" "deadlock" "quota" "exist" "file-too-large"
              "illegal-byte-sequence" "in-progress" "interrupted" "invalid" "io" "is-directory" "loop" "too-many-links" "message-size"
              "name-too-long" "no-device" "no-entry" "no-lock" "insufficient-memory" "insufficient-space" "not-directory" "not-empty"
              "not-recoverable" "unsupported" "no-tty" "no-such-device" "overflow" "not-permitted" "pipe" "read-only" "invalid-seek"
              "text-file-busy" "cross-device"))
            (export "error-code" (type $error-code (eq $ec)))
            (type $dt (enum "unknown" "block-device" "character-device" "directory" "fifo" "symbolic-link" "regular-file" "socket"))
            (export "descriptor-type" (type $descriptor-type (eq $dt)))
            (type $time (record (field "seconds" u64) (field "nanoseconds" u32)))
            (export "datetime" (type $datetime (eq $time)))
            (type $st (record (field "type" $descriptor-type) (field "link-count" u64) (field "size" u64)
              (field "data-access-timestamp" (option $datetime)) (field "data-modification-timestamp" (option $datetime))
              (field "status-change-timestamp" (option $datetime))))
            (export "descriptor-stat" (type $stat (eq $st)))
            (type $pf (flags "symlink-follow"))
            (export "path-flags" (type $path-flags (eq $pf)))
            (type $of (flags "create" "directory" "exclusive" "truncate"))
            (export "open-flags" (type $open-flags (eq $of)))
            (type $df (flags "read" "write" "file-integrity-sync" "data-integrity-sync" "requested-write-sync" "mutate-directory"))
            (export "descriptor-flags" (type $descriptor-flags (eq $df)))
            (export "[method]descriptor.stat" (func (param "self" (borrow $d)) (result (result $stat (error $error-code)))))
            (export "[method]descriptor.open-at" (func (param "self" (borrow $d)) (param "path-flags" $path-flags) (param "path" string)
              (param "open-flags" $open-flags) (param "flags" $descriptor-flags) (result (result (own $d) (error $error-code)))))
            (export "[method]descriptor.read" (func (param "self" (borrow $d)) (param "length" u64) (param "offset" u64)
              (result (result (tuple (list u8) bool) (error $error-code)))))))
          (alias export $fs "descriptor" (type $descriptor))
          (import "wasi:filesystem/preopens@0.2.3" (instance $pre
            (alias outer 1 $descriptor (type $d0))
            (export "descriptor" (type $d (eq $d0)))
            (export "get-directories" (func (result (list (tuple (own $d) string)))))))
        {{WasiCallAllocations.BumpMemory}}
          (core func $dirs (canon lower (func $pre "get-directories") (memory $memory) (realloc $realloc)))
          (core func $stat (canon lower (func $fs "[method]descriptor.stat") (memory $memory)))
          (core func $open (canon lower (func $fs "[method]descriptor.open-at") (memory $memory) (realloc $realloc)))
          (core func $read (canon lower (func $fs "[method]descriptor.read") (memory $memory) (realloc $realloc)))
          (core func $drop (canon resource.drop $descriptor))
          (core module $main
            (import "env" "memory" (memory 1))
            (import "env" "reset" (func $reset))
            (import "env" "dirs" (func $dirs (param i32)))
            (import "env" "stat" (func $stat (param i32 i32)))
            (import "env" "open" (func $open (param i32 i32 i32 i32 i32 i32 i32)))
            (import "env" "read" (func $read (param i32 i64 i64 i32)))
            (import "env" "drop" (func $drop (param i32)))
            (data (i32.const 512) "data.txt")
            (global $dir (mut i32) (i32.const 0))
            (global $file (mut i32) (i32.const 0))
            ;; open-at(dir, no path flags, "data.txt", no open flags, read) into 16; traps unless it succeeded
            (func $open-data (result i32)
              (call $open (global.get $dir) (i32.const 0) (i32.const 512) (i32.const 8) (i32.const 0) (i32.const 1) (i32.const 16))
              (if (i32.load8_u (i32.const 16)) (then unreachable))
              (i32.load (i32.const 20)))
            (func (export "setup")
              (call $dirs (i32.const 0))
              (global.set $dir (i32.load (i32.load (i32.const 0))))
              (global.set $file (call $open-data)))
            (func (export "stat") (param $n i32)
              (loop $l (if (local.get $n) (then (call $stat (global.get $file) (i32.const 0)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))))
            (func (export "open") (param $n i32)
              (loop $l (if (local.get $n) (then (call $drop (call $open-data)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))))
            (func (export "read") (param $n i32)
              (loop $l (if (local.get $n) (then (call $reset) (call $read (global.get $file) (i64.const 16) (i64.const 0) (i32.const 0))
                (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l))))))
          (core instance $i (instantiate $main (with "env" (instance
            (export "memory" (memory $memory)) (export "reset" (func $reset)) (export "dirs" (func $dirs)) (export "stat" (func $stat))
            (export "open" (func $open)) (export "read" (func $read)) (export "drop" (func $drop))))))
          (func (export "setup") (canon lift (core func $i "setup")))
          (func (export "stat") (param "n" u32) (canon lift (core func $i "stat")))
          (func (export "open") (param "n" u32) (canon lift (core func $i "open")))
          (func (export "read") (param "n" u32) (canon lift (core func $i "read"))))
        """;

    public static void Run(int count, bool types)
    {
        var dir = Directory.CreateTempSubdirectory("wasi-alloc-");
        try
        {
            File.WriteAllBytes(Path.Combine(dir.FullName, "data.txt"), new byte[64]);
            var engine = new Engine();
            var ctx = new WasiContextBuilder().PreopenedDir(dir.FullName, "/data").Build();
            var linker = new ComponentLinker(engine);
            WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, ctx);
            var instance = linker.Instantiate(new Store(engine), Component.FromText(engine, Wat));
            instance.GetFunction("setup")!.Call();
            foreach (var (export, label) in new[] { ("stat", "descriptor.stat"), ("open", "open-at + drop"), ("read", "descriptor.read(16)") })
                WasiCallAllocations.Measure(instance.GetFunction(export)!, label, count, types);
            ctx.Table.Dispose();
        }
        finally { dir.Delete(recursive: true); }
    }
}

using System;
using WitBindgen.Runtime;
using WitBindgen.Runtime.Components;
using WitBindgen.Runtime.Wasi;

namespace WitBindgen.Benchmarks;

/// <summary>
/// The <c>wasi:sockets</c> part of <c>wasi-alloc</c>: the managed bytes one call of a sockets import allocates, from core
/// code calling it COUNT times (instance-network and create-tcp-socket each with the drop of what they return; the
/// tcp-socket methods on one socket the export creates first).
/// </summary>
internal static class WasiSocketCallAllocations
{
    private const string ErrorCodes = "\"unknown\" \"access-denied\" \"not-supported\" \"invalid-argument\" \"out-of-memory\" \"timeout\" " +
        "\"concurrency-conflict\" \"not-in-progress\" \"would-block\" \"invalid-state\" \"new-socket-limit\" \"address-not-bindable\" " +
        "\"address-in-use\" \"remote-unreachable\" \"connection-refused\" \"connection-reset\" \"connection-aborted\" " +
        "\"datagram-too-large\" \"name-unresolvable\" \"temporary-resolver-failure\" \"permanent-resolver-failure\"";

    private const string Wat = """
        (component
          (import "wasi:sockets/network@0.2.3" (instance $net
            (export "network" (type (sub resource)))
            (type $ec (enum ERROR_CODES))
            (export "error-code" (type (eq $ec)))
            (type $fam (enum "ipv4" "ipv6"))
            (export "ip-address-family" (type (eq $fam)))))
          (alias export $net "network" (type $network))
          (alias export $net "error-code" (type $error-code))
          (alias export $net "ip-address-family" (type $family))
          (import "wasi:sockets/instance-network@0.2.3" (instance $inet
            (alias outer 1 $network (type $n))
            (export "network" (type $nn (eq $n)))
            (export "instance-network" (func (result (own $nn))))))
          (import "wasi:sockets/tcp@0.2.3" (instance $tcp
            (alias outer 1 $error-code (type $e))
            (export "error-code" (type $ec (eq $e)))
            (alias outer 1 $family (type $f))
            (export "ip-address-family" (type $fam (eq $f)))
            (export "tcp-socket" (type $s (sub resource)))
            (export "[method]tcp-socket.is-listening" (func (param "self" (borrow $s)) (result bool)))
            (export "[method]tcp-socket.address-family" (func (param "self" (borrow $s)) (result $fam)))
            (export "[method]tcp-socket.hop-limit" (func (param "self" (borrow $s)) (result (result u8 (error $ec)))))
            (export "[method]tcp-socket.set-hop-limit" (func (param "self" (borrow $s)) (param "value" u8) (result (result (error $ec)))))))
          (alias export $tcp "tcp-socket" (type $tcp-socket))
          (import "wasi:sockets/tcp-create-socket@0.2.3" (instance $create
            (alias outer 1 $error-code (type $e))
            (export "error-code" (type $ec (eq $e)))
            (alias outer 1 $family (type $f))
            (export "ip-address-family" (type $fam (eq $f)))
            (alias outer 1 $tcp-socket (type $t))
            (export "tcp-socket" (type $s (eq $t)))
            (export "create-tcp-socket" (func (param "address-family" $fam) (result (result (own $s) (error $ec)))))))
          (core module $mem (memory (export "memory") 1))
          (core instance $m (instantiate $mem))
          (alias core export $m "memory" (core memory $memory))
          (core func $instance-network (canon lower (func $inet "instance-network")))
          (core func $drop-network (canon resource.drop $network))
          (core func $create-tcp (canon lower (func $create "create-tcp-socket") (memory $memory)))
          (core func $drop-socket (canon resource.drop $tcp-socket))
          (core func $is-listening (canon lower (func $tcp "[method]tcp-socket.is-listening")))
          (core func $address-family (canon lower (func $tcp "[method]tcp-socket.address-family")))
          (core func $hop-limit (canon lower (func $tcp "[method]tcp-socket.hop-limit") (memory $memory)))
          (core func $set-hop-limit (canon lower (func $tcp "[method]tcp-socket.set-hop-limit") (memory $memory)))
          (core module $main
            (import "env" "memory" (memory 1))
            (import "env" "instance-network" (func $instance-network (result i32)))
            (import "env" "drop-network" (func $drop-network (param i32)))
            (import "env" "create-tcp" (func $create-tcp (param i32 i32)))
            (import "env" "drop-socket" (func $drop-socket (param i32)))
            (import "env" "is-listening" (func $is-listening (param i32) (result i32)))
            (import "env" "address-family" (func $address-family (param i32) (result i32)))
            (import "env" "hop-limit" (func $hop-limit (param i32 i32)))
            (import "env" "set-hop-limit" (func $set-hop-limit (param i32 i32 i32)))
            (func $socket (result i32)
              (call $create-tcp (i32.const 0) (i32.const 0))
              (if (i32.load8_u (i32.const 0)) (then unreachable))
              (i32.load (i32.const 4)))
            (func (export "network") (param $n i32)
              (loop $l (if (local.get $n) (then (call $drop-network (call $instance-network)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))))
            (func (export "create") (param $n i32)
              (loop $l (if (local.get $n) (then (call $drop-socket (call $socket)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))))
            (func (export "is-listening") (param $n i32) (local $s i32)
              (local.set $s (call $socket))
              (loop $l (if (local.get $n) (then (drop (call $is-listening (local.get $s))) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l))))
              (call $drop-socket (local.get $s)))
            (func (export "address-family") (param $n i32) (local $s i32)
              (local.set $s (call $socket))
              (loop $l (if (local.get $n) (then (drop (call $address-family (local.get $s))) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l))))
              (call $drop-socket (local.get $s)))
            (func (export "hop-limit") (param $n i32) (local $s i32)
              (local.set $s (call $socket))
              (loop $l (if (local.get $n) (then (call $hop-limit (local.get $s) (i32.const 0)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l))))
              (if (i32.load8_u (i32.const 0)) (then unreachable))
              (call $drop-socket (local.get $s)))
            (func (export "set-hop-limit") (param $n i32) (local $s i32)
              (local.set $s (call $socket))
              (loop $l (if (local.get $n) (then (call $set-hop-limit (local.get $s) (i32.const 64) (i32.const 0)) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l))))
              (if (i32.load8_u (i32.const 0)) (then unreachable))
              (call $drop-socket (local.get $s))))
          (core instance $i (instantiate $main (with "env" (instance
            (export "memory" (memory $memory)) (export "instance-network" (func $instance-network)) (export "drop-network" (func $drop-network))
            (export "create-tcp" (func $create-tcp)) (export "drop-socket" (func $drop-socket)) (export "is-listening" (func $is-listening))
            (export "address-family" (func $address-family)) (export "hop-limit" (func $hop-limit)) (export "set-hop-limit" (func $set-hop-limit))))))
          (func (export "network") (param "n" u32) (canon lift (core func $i "network")))
          (func (export "create") (param "n" u32) (canon lift (core func $i "create")))
          (func (export "is-listening") (param "n" u32) (canon lift (core func $i "is-listening")))
          (func (export "address-family") (param "n" u32) (canon lift (core func $i "address-family")))
          (func (export "hop-limit") (param "n" u32) (canon lift (core func $i "hop-limit")))
          (func (export "set-hop-limit") (param "n" u32) (canon lift (core func $i "set-hop-limit"))))
        """;

    public static void Run(int count, bool types)
    {
        var engine = new Engine();
        var linker = new ComponentLinker(engine);
        WitBindgen.Runtime.Wasi.Wasi.AddToLinker(linker, new WasiContextBuilder().Build());
        var instance = linker.Instantiate(new Store(engine), Component.FromText(engine, Wat.Replace("ERROR_CODES", ErrorCodes)));
        foreach (var (export, label, calls) in new[]
        {
            ("network", "instance-network+drop", count), ("create", "create-tcp-socket+drop", Math.Min(count, 10_000)),
            ("is-listening", "tcp is-listening", count), ("address-family", "tcp address-family", count),
            ("hop-limit", "tcp hop-limit", count), ("set-hop-limit", "tcp set-hop-limit", count),
        })
            WasiCallAllocations.Measure(instance.GetFunction(export)!, label, calls, types);
    }
}

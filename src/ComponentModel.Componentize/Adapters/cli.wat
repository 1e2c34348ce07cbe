;; Arguments, environment, exit, clocks, poll_oneoff (clock subscriptions), random, sched_yield.

(func $arguments (result i32)
  (call $init)
  (call $reset)
  (call $get_arguments (global.get $ret))
  (global.get $ret))

(func (export "args_sizes_get") (param $argc i32) (param $size i32) (result i32)
  (local $r i32) (local $i i32) (local $total i32)
  (local.set $r (call $arguments))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (i32.load offset=4 (local.get $r))))
      (local.set $total (i32.add (local.get $total) (i32.add (i32.const 1)
        (i32.load offset=4 (i32.add (i32.load (local.get $r)) (i32.shl (local.get $i) (i32.const 3)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (i32.store (local.get $argc) (i32.load offset=4 (local.get $r)))
  (i32.store (local.get $size) (local.get $total))
  (i32.const 0))

(func (export "args_get") (param $argv i32) (param $buf i32) (result i32)
  (local $r i32) (local $i i32) (local $s i32) (local $len i32)
  (local.set $r (call $arguments))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (i32.load offset=4 (local.get $r))))
      (local.set $s (i32.add (i32.load (local.get $r)) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $len (i32.load offset=4 (local.get $s)))
      (i32.store (i32.add (local.get $argv) (i32.shl (local.get $i) (i32.const 2))) (local.get $buf))
      (memory.copy (local.get $buf) (i32.load (local.get $s)) (local.get $len))
      (i32.store8 (i32.add (local.get $buf) (local.get $len)) (i32.const 0))
      (local.set $buf (i32.add (local.get $buf) (i32.add (local.get $len) (i32.const 1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (i32.const 0))

(func $environment (result i32)
  (call $init)
  (call $reset)
  (call $get_environment (global.get $ret))
  (global.get $ret))

(func (export "environ_sizes_get") (param $count i32) (param $size i32) (result i32)
  (local $r i32) (local $i i32) (local $total i32) (local $e i32)
  (local.set $r (call $environment))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (i32.load offset=4 (local.get $r))))
      (local.set $e (i32.add (i32.load (local.get $r)) (i32.shl (local.get $i) (i32.const 4))))
      (local.set $total (i32.add (local.get $total) (i32.add (i32.const 2)
        (i32.add (i32.load offset=4 (local.get $e)) (i32.load offset=12 (local.get $e))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (i32.store (local.get $count) (i32.load offset=4 (local.get $r)))
  (i32.store (local.get $size) (local.get $total))
  (i32.const 0))

;; Each variable as `key=value` and a NUL.
(func (export "environ_get") (param $environ i32) (param $buf i32) (result i32)
  (local $r i32) (local $i i32) (local $e i32) (local $len i32)
  (local.set $r (call $environment))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (i32.load offset=4 (local.get $r))))
      (local.set $e (i32.add (i32.load (local.get $r)) (i32.shl (local.get $i) (i32.const 4))))
      (i32.store (i32.add (local.get $environ) (i32.shl (local.get $i) (i32.const 2))) (local.get $buf))
      (local.set $len (i32.load offset=4 (local.get $e)))
      (memory.copy (local.get $buf) (i32.load (local.get $e)) (local.get $len))
      (i32.store8 (i32.add (local.get $buf) (local.get $len)) (i32.const 61))
      (local.set $buf (i32.add (local.get $buf) (i32.add (local.get $len) (i32.const 1))))
      (local.set $len (i32.load offset=12 (local.get $e)))
      (memory.copy (local.get $buf) (i32.load offset=8 (local.get $e)) (local.get $len))
      (i32.store8 (i32.add (local.get $buf) (local.get $len)) (i32.const 0))
      (local.set $buf (i32.add (local.get $buf) (i32.add (local.get $len) (i32.const 1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (i32.const 0))

;; exit(ok) for status 0, exit(err) otherwise: wasi:cli/exit has no status code in 0.2 (exit-with-code is unstable).
(func (export "proc_exit") (param $code i32)
  (call $exit (i32.ne (local.get $code) (i32.const 0)))
  (unreachable))

(func (export "sched_yield") (result i32)
  (i32.const 0))

(func (export "random_get") (param $buf i32) (param $len i32) (result i32)
  (call $init)
  (call $reset)
  (call $random_bytes (i64.extend_i32_u (local.get $len)) (global.get $ret))
  (memory.copy (local.get $buf) (i32.load (global.get $ret)) (local.get $len))
  (i32.const 0))

;; A datetime in the return area as nanoseconds.
(func $wall_nanos (result i64)
  (i64.add (i64.mul (i64.load (global.get $ret)) (i64.const 1000000000))
           (i64.extend_i32_u (i32.load offset=8 (global.get $ret)))))

;; Clocks: realtime (wall-clock) and monotonic; the CPU-time clocks are not supported (notsup).
(func (export "clock_time_get") (param $id i32) (param $precision i64) (param $out i32) (result i32)
  (call $init)
  (if (i32.eqz (local.get $id))
    (then
      (call $wall_now (global.get $ret))
      (i64.store (local.get $out) (call $wall_nanos))
      (return (i32.const 0))))
  (if (i32.eq (local.get $id) (i32.const 1))
    (then
      (i64.store (local.get $out) (call $mono_now))
      (return (i32.const 0))))
  (if (i32.le_u (local.get $id) (i32.const 3)) (then (return (i32.const 58))))
  (i32.const 28))

(func (export "clock_res_get") (param $id i32) (param $out i32) (result i32)
  (call $init)
  (if (i32.eqz (local.get $id))
    (then
      (call $wall_res (global.get $ret))
      (i64.store (local.get $out) (call $wall_nanos))
      (return (i32.const 0))))
  (if (i32.eq (local.get $id) (i32.const 1))
    (then
      (i64.store (local.get $out) (call $mono_res))
      (return (i32.const 0))))
  (if (i32.le_u (local.get $id) (i32.const 3)) (then (return (i32.const 58))))
  (i32.const 28))

;; Writes event number $n of $out for subscription $sub (userdata, error, type; no byte count).
(func $event (param $out i32) (param $n i32) (param $sub i32) (param $type i32) (param $error i32)
  (local $e i32)
  (local.set $e (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 5))))
  (memory.fill (local.get $e) (i32.const 0) (i32.const 32))
  (i64.store (local.get $e) (i64.load (local.get $sub)))
  (i32.store16 offset=8 (local.get $e) (local.get $error))
  (i32.store8 offset=10 (local.get $e) (local.get $type)))

;; poll_oneoff: clock subscriptions become monotonic-clock pollables and wait in wasi:io/poll.poll; fd_read and
;; fd_write subscriptions are reported ready at once (stdio and files do not block here), as are clocks this adapter
;; does not support (with errno notsup).
(func (export "poll_oneoff") (param $in i32) (param $out i32) (param $nsubs i32) (param $nevents i32) (result i32)
  (local $i i32) (local $sub i32) (local $tag i32) (local $id i32) (local $timeout i64) (local $now i64)
  (local $handles i32) (local $map i32) (local $count i32) (local $n i32) (local $ready i32) (local $j i32)
  (if (i32.eqz (local.get $nsubs)) (then (return (i32.const 28))))
  (if (i32.gt_u (local.get $nsubs) (i32.const 0x100000)) (then (return (i32.const 28))))
  (call $init)
  (call $reset)
  (local.set $handles (call $alloc (i32.const 4) (i32.shl (local.get $nsubs) (i32.const 2))))
  (local.set $map (call $alloc (i32.const 4) (i32.shl (local.get $nsubs) (i32.const 2))))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $nsubs)))
      (local.set $sub (i32.add (local.get $in) (i32.mul (local.get $i) (i32.const 48))))
      (local.set $tag (i32.load8_u offset=8 (local.get $sub)))
      (if (i32.eqz (local.get $tag))
        (then
          (local.set $id (i32.load offset=16 (local.get $sub)))
          (local.set $timeout (i64.load offset=24 (local.get $sub)))
          (if (i32.gt_u (local.get $id) (i32.const 1))
            (then
              (call $event (local.get $out) (local.get $n) (local.get $sub) (i32.const 0) (i32.const 58))
              (local.set $n (i32.add (local.get $n) (i32.const 1))))
            (else
              (if (i32.and (i32.load16_u offset=40 (local.get $sub)) (i32.const 1))
                (then
                  (if (i32.eqz (local.get $id))
                    (then
                      ;; An absolute realtime deadline: wait for what is left of it.
                      (call $wall_now (global.get $ret))
                      (local.set $now (call $wall_nanos))
                      (local.set $timeout (select (i64.sub (local.get $timeout) (local.get $now)) (i64.const 0)
                        (i64.gt_u (local.get $timeout) (local.get $now))))
                      (i32.store (i32.add (local.get $handles) (i32.shl (local.get $count) (i32.const 2)))
                        (call $subscribe_duration (local.get $timeout))))
                    (else
                      (i32.store (i32.add (local.get $handles) (i32.shl (local.get $count) (i32.const 2)))
                        (call $subscribe_instant (local.get $timeout))))))
                (else
                  (i32.store (i32.add (local.get $handles) (i32.shl (local.get $count) (i32.const 2)))
                    (call $subscribe_duration (local.get $timeout)))))
              (i32.store (i32.add (local.get $map) (i32.shl (local.get $count) (i32.const 2))) (local.get $sub))
              (local.set $count (i32.add (local.get $count) (i32.const 1))))))
        (else
          (if (i32.le_u (local.get $tag) (i32.const 2))
            (then (call $event (local.get $out) (local.get $n) (local.get $sub) (local.get $tag) (i32.const 0)))
            (else (call $event (local.get $out) (local.get $n) (local.get $sub) (local.get $tag) (i32.const 28))))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (if (i32.and (i32.eqz (local.get $n)) (i32.ne (local.get $count) (i32.const 0)))
    (then
      (call $poll (local.get $handles) (local.get $count) (global.get $ret))
      (local.set $ready (i32.load (global.get $ret)))
      (local.set $i (i32.const 0))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (i32.load offset=4 (global.get $ret))))
          (local.set $j (i32.load (i32.add (local.get $ready) (i32.shl (local.get $i) (i32.const 2)))))
          (if (i32.lt_u (local.get $j) (local.get $count))
            (then
              (call $event (local.get $out) (local.get $n)
                (i32.load (i32.add (local.get $map) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 0) (i32.const 0))
              (local.set $n (i32.add (local.get $n) (i32.const 1)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))))
  (local.set $i (i32.const 0))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
      (call $drop_pollable (i32.load (i32.add (local.get $handles) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (i32.store (local.get $nevents) (local.get $n))
  (i32.const 0))

;; State: one page of the main module's memory, taken with memory.grow on the first call (so the adapter needs no
;; data segment, no stack and nothing from the linker):
;;   page + 0      the descriptor table, 128 entries of 32 bytes:
;;                   +0 kind (0 free, 1 stdin, 2 stdout, 3 stderr, 4 directory, 5 file)  +4 handle (stream or descriptor)
;;                   +8 position (i64)  +16 fdflags (append)  +20 directory-entry-stream handle + 1 (0: none)
;;                   +24 the readdir cookie that stream yields next (i64)
;;   page + 4096   preopened names, (pointer, length) per descriptor; the bytes from page + 8192
;;   page + 61440  return areas of the lowered WASI functions ($ret; $tmp at + 256)
;; Lists and strings the host returns go to an arena (cabi_import_realloc), emptied at the start of each call.
(global $page (mut i32) (i32.const 0))
(global $ret (mut i32) (i32.const 0))
(global $tmp (mut i32) (i32.const 0))
(global $names_end (mut i32) (i32.const 0))
(global $arena_base (mut i32) (i32.const 0))
(global $arena_ptr (mut i32) (i32.const 0))
(global $arena_end (mut i32) (i32.const 0))

(func $init
  (local $p i32) (local $list i32) (local $n i32) (local $i i32) (local $el i32) (local $fd i32) (local $len i32)
  (if (global.get $page) (then (return)))
  (local.set $p (memory.grow (i32.const 1)))
  (if (i32.eq (local.get $p) (i32.const -1)) (then (unreachable)))
  (global.set $page (i32.shl (local.get $p) (i32.const 16)))
  (global.set $ret (i32.add (global.get $page) (i32.const 61440)))
  (global.set $tmp (i32.add (global.get $page) (i32.const 61696)))
  (global.set $names_end (i32.add (global.get $page) (i32.const 8192)))
  (i32.store (call $slot (i32.const 0)) (i32.const 1))
  (i32.store offset=4 (call $slot (i32.const 0)) (call $get_stdin))
  (i32.store (call $slot (i32.const 1)) (i32.const 2))
  (i32.store offset=4 (call $slot (i32.const 1)) (call $get_stdout))
  (i32.store (call $slot (i32.const 2)) (i32.const 3))
  (i32.store offset=4 (call $slot (i32.const 2)) (call $get_stderr))
  ;; Preopened directories become descriptors 3, 4, ... with their names.
  (call $reset)
  (call $get_directories (global.get $ret))
  (local.set $list (i32.load (global.get $ret)))
  (local.set $n (i32.load offset=4 (global.get $ret)))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $el (i32.add (local.get $list) (i32.mul (local.get $i) (i32.const 12))))
      (local.set $fd (i32.add (local.get $i) (i32.const 3)))
      (local.set $len (i32.load offset=8 (local.get $el)))
      (if (i32.or (i32.ge_u (local.get $fd) (i32.const 128))
                  (i32.gt_u (i32.add (global.get $names_end) (local.get $len)) (global.get $ret)))
        (then (call $drop_descriptor (i32.load (local.get $el))))
        (else
          (i32.store (call $slot (local.get $fd)) (i32.const 4))
          (i32.store offset=4 (call $slot (local.get $fd)) (i32.load (local.get $el)))
          (memory.copy (global.get $names_end) (i32.load offset=4 (local.get $el)) (local.get $len))
          (i32.store (call $name_slot (local.get $fd)) (global.get $names_end))
          (i32.store offset=4 (call $name_slot (local.get $fd)) (local.get $len))
          (global.set $names_end (i32.add (global.get $names_end) (local.get $len)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (call $reset))

;; The table entry of a descriptor number (which must be below 128).
(func $slot (param $fd i32) (result i32)
  (i32.add (global.get $page) (i32.shl (local.get $fd) (i32.const 5))))

(func $name_slot (param $fd i32) (result i32)
  (i32.add (i32.add (global.get $page) (i32.const 4096)) (i32.shl (local.get $fd) (i32.const 3))))

;; The entry of an open descriptor, or 0. Initializes the adapter and empties the arena: every preview1 function
;; starts here (or at $init).
(func $entry (param $fd i32) (result i32)
  (local $e i32)
  (call $init)
  (call $reset)
  (if (i32.ge_u (local.get $fd) (i32.const 128)) (then (return (i32.const 0))))
  (local.set $e (call $slot (local.get $fd)))
  (if (i32.eqz (i32.load (local.get $e))) (then (return (i32.const 0))))
  (local.get $e))

;; The lowest free descriptor number from 3, or -1.
(func $free_fd (result i32)
  (local $fd i32)
  (local.set $fd (i32.const 3))
  (block $none
    (loop $next
      (br_if $none (i32.ge_u (local.get $fd) (i32.const 128)))
      (if (i32.eqz (i32.load (call $slot (local.get $fd)))) (then (return (local.get $fd))))
      (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
      (br $next)))
  (i32.const -1))

;; The descriptor handle of a directory descriptor; -8 (badf) or -54 (notdir) otherwise.
(func $dir (param $fd i32) (result i32)
  (local $e i32)
  (local.set $e (call $entry (local.get $fd)))
  (if (i32.eqz (local.get $e)) (then (return (i32.const -8))))
  (if (i32.ne (i32.load (local.get $e)) (i32.const 4)) (then (return (i32.const -54))))
  (i32.load offset=4 (local.get $e)))

;; Arena allocation: bump within the current region; a request that does not fit takes new pages (memory.grow) and
;; they become the region. A failed grow traps.
(func $alloc (param $align i32) (param $size i32) (result i32)
  (local $p i32) (local $pages i32)
  (if (i32.gt_u (local.get $size) (i32.const 0x7fff0000)) (then (unreachable)))
  (if (i32.or (i32.eqz (local.get $align)) (i32.gt_u (local.get $align) (i32.const 65536))) (then (unreachable)))
  (local.set $p (i32.and (i32.add (global.get $arena_ptr) (i32.sub (local.get $align) (i32.const 1)))
                         (i32.sub (i32.const 0) (local.get $align))))
  (if (i32.or (i32.eqz (global.get $arena_base))
              (i32.gt_u (i32.add (local.get $p) (local.get $size)) (global.get $arena_end)))
    (then
      (local.set $pages (i32.add (i32.shr_u (local.get $size) (i32.const 16)) (i32.const 1)))
      (local.set $p (memory.grow (local.get $pages)))
      (if (i32.eq (local.get $p) (i32.const -1)) (then (unreachable)))
      (global.set $arena_base (i32.shl (local.get $p) (i32.const 16)))
      (global.set $arena_end (i32.add (global.get $arena_base) (i32.shl (local.get $pages) (i32.const 16))))
      (local.set $p (global.get $arena_base))))
  (global.set $arena_ptr (i32.add (local.get $p) (local.get $size)))
  (local.get $p))

(func $reset
  (global.set $arena_ptr (global.get $arena_base)))

;; The realloc the canonical ABI calls to give the adapter the lists and strings WASI functions return.
(func (export "cabi_import_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
  (local $p i32)
  (local.set $p (call $alloc (local.get $align) (local.get $new_size)))
  (if (local.get $old)
    (then (memory.copy (local.get $p) (local.get $old)
      (select (local.get $old_size) (local.get $new_size) (i32.lt_u (local.get $old_size) (local.get $new_size))))))
  (local.get $p))

;; wasi:filesystem error-code (an enum, 37 cases) to preview1 errno, eight codes to an i64.
(func $errno (param $code i32) (result i32)
  (local $k i32) (local $w i64)
  (if (i32.ge_u (local.get $code) (i32.const 37)) (then (return (i32.const 29))))
  (local.set $k (i32.shr_u (local.get $code) (i32.const 3)))
  (local.set $w (i64.const 0x1d1d1d4b4a464540))
  (if (i32.eq (local.get $k) (i32.const 0)) (then (local.set $w (i64.const 0x1413100a08070602))))
  (if (i32.eq (local.get $k) (i32.const 1)) (then (local.set $w (i64.const 0x201f1d1c1b1a1916))))
  (if (i32.eq (local.get $k) (i32.const 2)) (then (local.set $w (i64.const 0x33302e2c2b252322))))
  (if (i32.eq (local.get $k) (i32.const 3)) (then (local.set $w (i64.const 0x3f3d3c3b3a383736))))
  (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w)
      (i64.extend_i32_u (i32.shl (i32.and (local.get $code) (i32.const 7)) (i32.const 3)))))
    (i32.const 255)))

;; wasi:filesystem descriptor-type to preview1 filetype (fifo: unknown; socket: socket_stream).
(func $filetype (param $t i32) (result i32)
  (if (i32.ge_u (local.get $t) (i32.const 8)) (then (return (i32.const 0))))
  (i32.and (i32.wrap_i64 (i64.shr_u (i64.const 0x0604070003020100) (i64.extend_i32_u (i32.shl (local.get $t) (i32.const 3)))))
    (i32.const 255)))

;; The errno of a result<_, error-code> in the return area.
(func $unit (result i32)
  (if (i32.eqz (i32.load8_u (global.get $ret))) (then (return (i32.const 0))))
  (call $errno (i32.load8_u offset=1 (global.get $ret))))

;; An optional datetime (disc, then seconds and nanoseconds at +8 and +16) as nanoseconds, 0 when absent.
(func $nanos (param $p i32) (result i64)
  (if (i32.eqz (i32.load8_u (local.get $p))) (then (return (i64.const 0))))
  (i64.add (i64.mul (i64.load offset=8 (local.get $p)) (i64.const 1000000000))
           (i64.extend_i32_u (i32.load offset=16 (local.get $p)))))

;; Writes a preview1 filestat (64 bytes) from a descriptor-stat (96 bytes).
(func $filestat (param $dst i32) (param $st i32)
  (memory.fill (local.get $dst) (i32.const 0) (i32.const 64))
  (i32.store8 offset=16 (local.get $dst) (call $filetype (i32.load8_u (local.get $st))))
  (i64.store offset=24 (local.get $dst) (i64.load offset=8 (local.get $st)))
  (i64.store offset=32 (local.get $dst) (i64.load offset=16 (local.get $st)))
  (i64.store offset=40 (local.get $dst) (call $nanos (i32.add (local.get $st) (i32.const 24))))
  (i64.store offset=48 (local.get $dst) (call $nanos (i32.add (local.get $st) (i32.const 48))))
  (i64.store offset=56 (local.get $dst) (call $nanos (i32.add (local.get $st) (i32.const 72)))))

;; Releases what a table entry holds and frees it.
(func $release (param $fd i32)
  (local $e i32)
  (local.set $e (call $slot (local.get $fd)))
  (if (i32.ge_u (i32.load (local.get $e)) (i32.const 4))
    (then
      (if (i32.load offset=20 (local.get $e))
        (then (call $drop_entries (i32.sub (i32.load offset=20 (local.get $e)) (i32.const 1)))))
      (call $drop_descriptor (i32.load offset=4 (local.get $e)))))
  (memory.fill (local.get $e) (i32.const 0) (i32.const 32))
  (i64.store (call $name_slot (local.get $fd)) (i64.const 0)))

;; Descriptor functions: stdio goes to wasi:cli streams, files to wasi:filesystem descriptor read/write at the
;; position the adapter keeps, directories are read with directory-entry streams.

;; Writes all of a buffer to an output stream, 4096 bytes per blocking-write-and-flush (its limit). Returns an errno.
(func $stream_write (param $h i32) (param $ptr i32) (param $len i32) (result i32)
  (local $chunk i32)
  (block $done
    (loop $next
      (br_if $done (i32.eqz (local.get $len)))
      (local.set $chunk (select (local.get $len) (i32.const 4096) (i32.lt_u (local.get $len) (i32.const 4096))))
      (call $blocking_write (local.get $h) (local.get $ptr) (local.get $chunk) (global.get $ret))
      (if (i32.load8_u (global.get $ret))
        (then (return (select (i32.const 64) (i32.const 29) (i32.eq (i32.load8_u offset=4 (global.get $ret)) (i32.const 1))))))
      (local.set $ptr (i32.add (local.get $ptr) (local.get $chunk)))
      (local.set $len (i32.sub (local.get $len) (local.get $chunk)))
      (br $next)))
  (i32.const 0))

;; The size of a file, or -(errno + 1).
(func $file_size (param $h i32) (result i64)
  (call $d_stat (local.get $h) (global.get $ret))
  (if (i32.load8_u (global.get $ret))
    (then (return (i64.sub (i64.const -1) (i64.extend_i32_u (call $errno (i32.load8_u offset=8 (global.get $ret))))))))
  (i64.load offset=24 (global.get $ret)))

;; Writes iovecs to a descriptor: at $offset (fd_pwrite), or at the kept position (-1; the end with append).
(func $write (param $fd i32) (param $iovs i32) (param $n i32) (param $offset i64) (param $out i32) (result i32)
  (local $e i32) (local $kind i32) (local $i i32) (local $ptr i32) (local $len i32) (local $total i32) (local $r i32)
  (local $at i64) (local $done i64)
  (local.set $e (call $entry (local.get $fd)))
  (if (i32.eqz (local.get $e)) (then (return (i32.const 8))))
  (local.set $kind (i32.load (local.get $e)))
  (if (i32.or (i32.eq (local.get $kind) (i32.const 2)) (i32.eq (local.get $kind) (i32.const 3)))
    (then
      (if (i64.ge_s (local.get $offset) (i64.const 0)) (then (return (i32.const 70))))
      (block $end
        (loop $next
          (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $ptr (i32.load (i32.add (local.get $iovs) (i32.shl (local.get $i) (i32.const 3)))))
          (local.set $len (i32.load offset=4 (i32.add (local.get $iovs) (i32.shl (local.get $i) (i32.const 3)))))
          (local.set $r (call $stream_write (i32.load offset=4 (local.get $e)) (local.get $ptr) (local.get $len)))
          (if (local.get $r) (then (return (local.get $r))))
          (local.set $total (i32.add (local.get $total) (local.get $len)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (i32.store (local.get $out) (local.get $total))
      (return (i32.const 0))))
  (if (i32.ne (local.get $kind) (i32.const 5))
    (then (return (select (i32.const 31) (i32.const 8) (i32.eq (local.get $kind) (i32.const 4))))))
  (block $end
    (loop $next
      (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $ptr (i32.load (i32.add (local.get $iovs) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $len (i32.load offset=4 (i32.add (local.get $iovs) (i32.shl (local.get $i) (i32.const 3)))))
      (if (local.get $len)
        (then
          (local.set $at (local.get $offset))
          (if (i64.lt_s (local.get $offset) (i64.const 0))
            (then
              (local.set $at (i64.load offset=8 (local.get $e)))
              (if (i32.and (i32.load offset=16 (local.get $e)) (i32.const 1))
                (then
                  (local.set $at (call $file_size (i32.load offset=4 (local.get $e))))
                  (if (i64.lt_s (local.get $at) (i64.const 0))
                    (then (return (i32.wrap_i64 (i64.sub (i64.const -1) (local.get $at))))))))))
          (call $d_write (i32.load offset=4 (local.get $e)) (local.get $ptr) (local.get $len) (local.get $at) (global.get $ret))
          (if (i32.load8_u (global.get $ret)) (then (return (call $errno (i32.load8_u offset=8 (global.get $ret))))))
          (local.set $done (i64.load offset=8 (global.get $ret)))
          (local.set $total (i32.add (local.get $total) (i32.wrap_i64 (local.get $done))))
          (if (i64.lt_s (local.get $offset) (i64.const 0))
            (then (i64.store offset=8 (local.get $e) (i64.add (local.get $at) (local.get $done)))))
          (br_if $end (i64.lt_u (local.get $done) (i64.extend_i32_u (local.get $len))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (i32.store (local.get $out) (local.get $total))
  (i32.const 0))

(func (export "fd_write") (param $fd i32) (param $iovs i32) (param $n i32) (param $out i32) (result i32)
  (call $write (local.get $fd) (local.get $iovs) (local.get $n) (i64.const -1) (local.get $out)))

(func (export "fd_pwrite") (param $fd i32) (param $iovs i32) (param $n i32) (param $offset i64) (param $out i32) (result i32)
  (if (i64.lt_s (local.get $offset) (i64.const 0)) (then (return (i32.const 28))))
  (call $write (local.get $fd) (local.get $iovs) (local.get $n) (local.get $offset) (local.get $out)))

;; Reads into iovecs: stdin fills the first non-empty one with what one blocking read gives (end of stream: 0 bytes);
;; files read at $offset (fd_pread) or the kept position (-1) until a short read.
(func $read (param $fd i32) (param $iovs i32) (param $n i32) (param $offset i64) (param $out i32) (result i32)
  (local $e i32) (local $kind i32) (local $i i32) (local $ptr i32) (local $len i32) (local $total i32)
  (local $at i64) (local $got i32)
  (local.set $e (call $entry (local.get $fd)))
  (if (i32.eqz (local.get $e)) (then (return (i32.const 8))))
  (local.set $kind (i32.load (local.get $e)))
  (if (i32.eq (local.get $kind) (i32.const 1))
    (then
      (if (i64.ge_s (local.get $offset) (i64.const 0)) (then (return (i32.const 70))))
      (block $end
        (loop $next
          (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $ptr (i32.load (i32.add (local.get $iovs) (i32.shl (local.get $i) (i32.const 3)))))
          (local.set $len (i32.load offset=4 (i32.add (local.get $iovs) (i32.shl (local.get $i) (i32.const 3)))))
          (if (local.get $len)
            (then
              (call $blocking_read (i32.load offset=4 (local.get $e)) (i64.extend_i32_u (local.get $len)) (global.get $ret))
              (if (i32.load8_u (global.get $ret))
                (then
                  (br_if $end (i32.eq (i32.load8_u offset=4 (global.get $ret)) (i32.const 1)))
                  (return (i32.const 29))))
              (local.set $got (i32.load offset=8 (global.get $ret)))
              (memory.copy (local.get $ptr) (i32.load offset=4 (global.get $ret)) (local.get $got))
              (local.set $total (local.get $got))
              (br $end)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (i32.store (local.get $out) (local.get $total))
      (return (i32.const 0))))
  (if (i32.ne (local.get $kind) (i32.const 5))
    (then (return (select (i32.const 31) (i32.const 8) (i32.eq (local.get $kind) (i32.const 4))))))
  (local.set $at (select (i64.load offset=8 (local.get $e)) (local.get $offset) (i64.lt_s (local.get $offset) (i64.const 0))))
  (block $end
    (loop $next
      (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $ptr (i32.load (i32.add (local.get $iovs) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $len (i32.load offset=4 (i32.add (local.get $iovs) (i32.shl (local.get $i) (i32.const 3)))))
      (if (local.get $len)
        (then
          (call $reset)
          (call $d_read (i32.load offset=4 (local.get $e)) (i64.extend_i32_u (local.get $len)) (local.get $at) (global.get $ret))
          (if (i32.load8_u (global.get $ret)) (then (return (call $errno (i32.load8_u offset=4 (global.get $ret))))))
          (local.set $got (i32.load offset=8 (global.get $ret)))
          (memory.copy (local.get $ptr) (i32.load offset=4 (global.get $ret)) (local.get $got))
          (local.set $total (i32.add (local.get $total) (local.get $got)))
          (local.set $at (i64.add (local.get $at) (i64.extend_i32_u (local.get $got))))
          (br_if $end (i32.lt_u (local.get $got) (local.get $len)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (if (i64.lt_s (local.get $offset) (i64.const 0)) (then (i64.store offset=8 (local.get $e) (local.get $at))))
  (i32.store (local.get $out) (local.get $total))
  (i32.const 0))

(func (export "fd_read") (param $fd i32) (param $iovs i32) (param $n i32) (param $out i32) (result i32)
  (call $read (local.get $fd) (local.get $iovs) (local.get $n) (i64.const -1) (local.get $out)))

(func (export "fd_pread") (param $fd i32) (param $iovs i32) (param $n i32) (param $offset i64) (param $out i32) (result i32)
  (if (i64.lt_s (local.get $offset) (i64.const 0)) (then (return (i32.const 28))))
  (call $read (local.get $fd) (local.get $iovs) (local.get $n) (local.get $offset) (local.get $out)))

;; Seeking: files only (stdio and directories: spipe).
(func (export "fd_seek") (param $fd i32) (param $offset i64) (param $whence i32) (param $out i32) (result i32)
  (local $e i32) (local $base i64) (local $to i64)
  (local.set $e (call $entry (local.get $fd)))
  (if (i32.eqz (local.get $e)) (then (return (i32.const 8))))
  (if (i32.ne (i32.load (local.get $e)) (i32.const 5)) (then (return (i32.const 70))))
  (if (i32.gt_u (local.get $whence) (i32.const 2)) (then (return (i32.const 28))))
  (if (i32.eq (local.get $whence) (i32.const 1)) (then (local.set $base (i64.load offset=8 (local.get $e)))))
  (if (i32.eq (local.get $whence) (i32.const 2))
    (then
      (local.set $base (call $file_size (i32.load offset=4 (local.get $e))))
      (if (i64.lt_s (local.get $base) (i64.const 0))
        (then (return (i32.wrap_i64 (i64.sub (i64.const -1) (local.get $base))))))))
  (local.set $to (i64.add (local.get $base) (local.get $offset)))
  (if (i64.lt_s (local.get $to) (i64.const 0)) (then (return (i32.const 28))))
  (i64.store offset=8 (local.get $e) (local.get $to))
  (i64.store (local.get $out) (local.get $to))
  (i32.const 0))

(func (export "fd_tell") (param $fd i32) (param $out i32) (result i32)
  (local $e i32)
  (local.set $e (call $entry (local.get $fd)))
  (if (i32.eqz (local.get $e)) (then (return (i32.const 8))))
  (if (i32.ne (i32.load (local.get $e)) (i32.const 5)) (then (return (i32.const 70))))
  (i64.store (local.get $out) (i64.load offset=8 (local.get $e)))
  (i32.const 0))

(func (export "fd_close") (param $fd i32) (result i32)
  (if (i32.eqz (call $entry (local.get $fd))) (then (return (i32.const 8))))
  (call $release (local.get $fd))
  (i32.const 0))

;; Moves descriptor $from to number $to (closing what $to was).
(func (export "fd_renumber") (param $from i32) (param $to i32) (result i32)
  (if (i32.eqz (call $entry (local.get $from))) (then (return (i32.const 8))))
  (if (i32.eqz (call $entry (local.get $to))) (then (return (i32.const 8))))
  (if (i32.eq (local.get $from) (local.get $to)) (then (return (i32.const 0))))
  (call $release (local.get $to))
  (memory.copy (call $slot (local.get $to)) (call $slot (local.get $from)) (i32.const 32))
  (i64.store (call $name_slot (local.get $to)) (i64.load (call $name_slot (local.get $from))))
  (memory.fill (call $slot (local.get $from)) (i32.const 0) (i32.const 32))
  (i64.store (call $name_slot (local.get $from)) (i64.const 0))
  (i32.const 0))

;; fdstat: stdio is reported as a stream that is not a terminal (filetype unknown, read/write/poll rights); files
;; and directories get every right, files their filetype and append flag.
(func (export "fd_fdstat_get") (param $fd i32) (param $out i32) (result i32)
  (local $e i32) (local $kind i32)
  (local.set $e (call $entry (local.get $fd)))
  (if (i32.eqz (local.get $e)) (then (return (i32.const 8))))
  (local.set $kind (i32.load (local.get $e)))
  (memory.fill (local.get $out) (i32.const 0) (i32.const 24))
  (if (i32.le_u (local.get $kind) (i32.const 3))
    (then
      (i64.store offset=8 (local.get $out) (i64.const 0x8000042))
      (return (i32.const 0))))
  (i64.store offset=8 (local.get $out) (i64.const 0x3fffffff))
  (i64.store offset=16 (local.get $out) (i64.const 0x3fffffff))
  (if (i32.eq (local.get $kind) (i32.const 4))
    (then
      (i32.store8 (local.get $out) (i32.const 3))
      (return (i32.const 0))))
  (call $d_get_type (i32.load offset=4 (local.get $e)) (global.get $ret))
  (if (i32.load8_u (global.get $ret)) (then (return (call $errno (i32.load8_u offset=1 (global.get $ret))))))
  (i32.store8 (local.get $out) (call $filetype (i32.load8_u offset=1 (global.get $ret))))
  (i32.store16 offset=2 (local.get $out) (i32.load offset=16 (local.get $e)))
  (i32.const 0))

;; Only append can be changed (nonblock is accepted and ignored); other flags: notsup.
(func (export "fd_fdstat_set_flags") (param $fd i32) (param $flags i32) (result i32)
  (local $e i32)
  (local.set $e (call $entry (local.get $fd)))
  (if (i32.eqz (local.get $e)) (then (return (i32.const 8))))
  (if (i32.and (local.get $flags) (i32.const -6)) (then (return (i32.const 58))))
  (if (i32.eq (i32.load (local.get $e)) (i32.const 5))
    (then (i32.store offset=16 (local.get $e) (i32.and (local.get $flags) (i32.const 1)))))
  (i32.const 0))

(func (export "fd_filestat_get") (param $fd i32) (param $out i32) (result i32)
  (local $e i32)
  (local.set $e (call $entry (local.get $fd)))
  (if (i32.eqz (local.get $e)) (then (return (i32.const 8))))
  (if (i32.le_u (i32.load (local.get $e)) (i32.const 3))
    (then
      (memory.fill (local.get $out) (i32.const 0) (i32.const 64))
      (return (i32.const 0))))
  (call $d_stat (i32.load offset=4 (local.get $e)) (global.get $ret))
  (if (i32.load8_u (global.get $ret)) (then (return (call $errno (i32.load8_u offset=8 (global.get $ret))))))
  (call $filestat (local.get $out) (i32.add (global.get $ret) (i32.const 8)))
  (i32.const 0))

(func (export "fd_filestat_set_size") (param $fd i32) (param $size i64) (result i32)
  (local $e i32)
  (local.set $e (call $entry (local.get $fd)))
  (if (i32.eqz (local.get $e)) (then (return (i32.const 8))))
  (if (i32.ne (i32.load (local.get $e)) (i32.const 5)) (then (return (i32.const 28))))
  (call $d_set_size (i32.load offset=4 (local.get $e)) (local.get $size) (global.get $ret))
  (call $unit))

(func $sync (param $fd i32) (param $data i32) (result i32)
  (local $e i32)
  (local.set $e (call $entry (local.get $fd)))
  (if (i32.eqz (local.get $e)) (then (return (i32.const 8))))
  (if (i32.lt_u (i32.load (local.get $e)) (i32.const 4)) (then (return (i32.const 28))))
  (if (local.get $data)
    (then (call $d_sync_data (i32.load offset=4 (local.get $e)) (global.get $ret)))
    (else (call $d_sync (i32.load offset=4 (local.get $e)) (global.get $ret))))
  (call $unit))

(func (export "fd_sync") (param $fd i32) (result i32)
  (call $sync (local.get $fd) (i32.const 0)))

(func (export "fd_datasync") (param $fd i32) (result i32)
  (call $sync (local.get $fd) (i32.const 1)))

;; Advice is only advice.
(func (export "fd_advise") (param $fd i32) (param $offset i64) (param $len i64) (param $advice i32) (result i32)
  (if (i32.eqz (call $entry (local.get $fd))) (then (return (i32.const 8))))
  (i32.const 0))

;; The preopened directories: descriptors with a name.
(func $preopen_name (param $fd i32) (result i32)
  (if (i32.eqz (call $entry (local.get $fd))) (then (return (i32.const 0))))
  (if (i32.eqz (i32.load (call $name_slot (local.get $fd)))) (then (return (i32.const 0))))
  (call $name_slot (local.get $fd)))

(func (export "fd_prestat_get") (param $fd i32) (param $out i32) (result i32)
  (local $name i32)
  (local.set $name (call $preopen_name (local.get $fd)))
  (if (i32.eqz (local.get $name)) (then (return (i32.const 8))))
  (i32.store (local.get $out) (i32.const 0))
  (i32.store offset=4 (local.get $out) (i32.load offset=4 (local.get $name)))
  (i32.const 0))

(func (export "fd_prestat_dir_name") (param $fd i32) (param $path i32) (param $len i32) (result i32)
  (local $name i32)
  (local.set $name (call $preopen_name (local.get $fd)))
  (if (i32.eqz (local.get $name)) (then (return (i32.const 8))))
  (if (i32.lt_u (local.get $len) (i32.load offset=4 (local.get $name))) (then (return (i32.const 37))))
  (memory.copy (local.get $path) (i32.load (local.get $name)) (i32.load offset=4 (local.get $name)))
  (i32.const 0))

;; fd_readdir: cookies 0 and 1 are "." and ".." (as other preview1 implementations list them), then the directory's
;; entries: entry k of its directory-entry stream has cookie k + 2, d_next one more; inode 0 (wasi-libc completes it
;; with a stat). The stream is kept between calls that continue where the last stopped; any other cookie reopens the
;; directory and skips to it. Entries that do not fit are cut at the buffer's end.
(func (export "fd_readdir") (param $fd i32) (param $buf i32) (param $len i32) (param $cookie i64) (param $out i32) (result i32)
  (local $e i32) (local $stream i32) (local $next i64) (local $used i32) (local $nlen i32) (local $room i32) (local $c i32)
  (local $name i32) (local $type i32)
  (local.set $e (call $entry (local.get $fd)))
  (if (i32.eqz (local.get $e)) (then (return (i32.const 8))))
  (if (i32.ne (i32.load (local.get $e)) (i32.const 4)) (then (return (i32.const 54))))
  (local.set $stream (i32.load offset=20 (local.get $e)))
  (local.set $next (i64.load offset=24 (local.get $e)))
  (if (i32.or (i32.eqz (local.get $stream)) (i64.ne (local.get $next) (local.get $cookie)))
    (then
      (if (local.get $stream) (then (call $drop_entries (i32.sub (local.get $stream) (i32.const 1)))))
      (i32.store offset=20 (local.get $e) (i32.const 0))
      (call $d_read_directory (i32.load offset=4 (local.get $e)) (global.get $ret))
      (if (i32.load8_u (global.get $ret)) (then (return (call $errno (i32.load8_u offset=4 (global.get $ret))))))
      (local.set $stream (i32.add (i32.load offset=4 (global.get $ret)) (i32.const 1)))
      (i32.store offset=20 (local.get $e) (local.get $stream))
      (local.set $next (i64.const 0))
      (block $skipped
        (loop $skip
          (br_if $skipped (i64.ge_u (local.get $next) (local.get $cookie)))
          (if (i64.ge_u (local.get $next) (i64.const 2))
            (then
              (call $reset)
              (call $d_read_entry (i32.sub (local.get $stream) (i32.const 1)) (global.get $ret))
              (if (i32.load8_u (global.get $ret)) (then (return (call $errno (i32.load8_u offset=4 (global.get $ret))))))
              (br_if $skipped (i32.eqz (i32.load8_u offset=4 (global.get $ret))))))
          (local.set $next (i64.add (local.get $next) (i64.const 1)))
          (br $skip)))
      (i64.store offset=24 (local.get $e) (local.get $next))))
  (block $end
    (loop $more
      (br_if $end (i32.ge_u (local.get $used) (local.get $len)))
      (if (i64.lt_u (local.get $next) (i64.const 2))
        (then
          ;; "." or "..": a directory.
          (local.set $name (i32.add (global.get $tmp) (i32.const 24)))
          (i32.store16 (local.get $name) (i32.const 0x2e2e))
          (local.set $nlen (i32.add (i32.wrap_i64 (local.get $next)) (i32.const 1)))
          (local.set $type (i32.const 3)))
        (else
          (call $reset)
          (call $d_read_entry (i32.sub (local.get $stream) (i32.const 1)) (global.get $ret))
          (if (i32.load8_u (global.get $ret)) (then (return (call $errno (i32.load8_u offset=4 (global.get $ret))))))
          (br_if $end (i32.eqz (i32.load8_u offset=4 (global.get $ret))))
          (local.set $name (i32.load offset=12 (global.get $ret)))
          (local.set $nlen (i32.load offset=16 (global.get $ret)))
          (local.set $type (call $filetype (i32.load8_u offset=8 (global.get $ret))))))
      (local.set $next (i64.add (local.get $next) (i64.const 1)))
      (i64.store offset=24 (local.get $e) (local.get $next))
      ;; The 24-byte dirent header in $tmp, then as much of header and name as fits.
      (memory.fill (global.get $tmp) (i32.const 0) (i32.const 24))
      (i64.store (global.get $tmp) (local.get $next))
      (i32.store offset=16 (global.get $tmp) (local.get $nlen))
      (i32.store8 offset=20 (global.get $tmp) (local.get $type))
      (local.set $room (i32.sub (local.get $len) (local.get $used)))
      (local.set $c (select (local.get $room) (i32.const 24) (i32.lt_u (local.get $room) (i32.const 24))))
      (memory.copy (i32.add (local.get $buf) (local.get $used)) (global.get $tmp) (local.get $c))
      (local.set $used (i32.add (local.get $used) (local.get $c)))
      (local.set $room (i32.sub (local.get $len) (local.get $used)))
      (local.set $c (select (local.get $room) (local.get $nlen) (i32.lt_u (local.get $room) (local.get $nlen))))
      (memory.copy (i32.add (local.get $buf) (local.get $used)) (local.get $name) (local.get $c))
      (local.set $used (i32.add (local.get $used) (local.get $c)))
      (br $more)))
  (i32.store (local.get $out) (local.get $used))
  (i32.const 0))

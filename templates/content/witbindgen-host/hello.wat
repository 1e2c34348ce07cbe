;; A small WebAssembly component in the component text format, implementing world `hello` (wit/hello.wit).
;; It writes a line to stdout through WASI 0.2 (wasi:cli/stdout, wasi:io/streams), calls the host's `count`
;; import and returns count + 1 from its `greet` export.
(component
  (import "wasi:io/error@0.2.3" (instance $error
    (export "error" (type (sub resource)))))
  (alias export $error "error" (type $error-type))
  (import "wasi:io/streams@0.2.3" (instance $streams
    (alias outer 1 $error-type (type $e))
    (export "error" (type $err (eq $e)))
    (export "output-stream" (type $os (sub resource)))
    (type $stream-error (variant (case "last-operation-failed" (own $err)) (case "closed")))
    (export "stream-error" (type $se (eq $stream-error)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $se)))))))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:cli/stdout@0.2.3" (instance $stdout
    (alias outer 1 $output-stream (type $o))
    (export "output-stream" (type $os (eq $o)))
    (export "get-stdout" (func (result (own $os))))))

  (import "count" (func $count (result u32)))

  (core module $main
    (import "host" "count" (func $count (result i32)))
    (import "wasi" "get-stdout" (func $get-stdout (result i32)))
    (import "wasi" "write" (func $write (param i32 i32 i32 i32)))
    (import "wasi" "drop" (func $drop (param i32)))
    (import "env" "memory" (memory 1))
    (data (i32.const 16) "Hello from a WebAssembly component!\n")
    (func (export "greet") (result i32)
      (local $out i32)
      (local.set $out (call $get-stdout))
      (call $write (local.get $out) (i32.const 16) (i32.const 36) (i32.const 0))
      (call $drop (local.get $out))
      ;; the next count: the host's count plus one
      (i32.add (call $count) (i32.const 1))))
  ;; The memory the canonical ABI reads the written bytes from: made first, so the lowered imports can name it.
  (core module $memory-holder
    (memory (export "memory") 1))
  (core instance $holder (instantiate $memory-holder))
  (alias core export $holder "memory" (core memory $memory))
  (core func $get-stdout (canon lower (func $stdout "get-stdout")))
  (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush") (memory $memory)))
  (core func $drop (canon resource.drop $output-stream))
  (core func $count (canon lower (func $count)))
  (core instance $main (instantiate $main
    (with "env" (instance $holder))
    (with "host" (instance (export "count" (func $count))))
    (with "wasi" (instance (export "get-stdout" (func $get-stdout)) (export "write" (func $write)) (export "drop" (func $drop))))))
  (func $greet (result u32) (canon lift (core func $main "greet")))
  (export "greet" (func $greet)))

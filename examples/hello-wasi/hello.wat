;; A WASI 0.2 command written by hand in the component text format: its wasi:cli/run export gets stdout from
;; wasi:cli/stdout and writes one line through wasi:io/streams. Run it with
;;   dotnet run --project src/Cli -- run examples/hello-wasi/hello.wat
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

  (core module $main
    (import "wasi" "get-stdout" (func $get-stdout (result i32)))
    (import "wasi" "write" (func $write (param i32 i32 i32 i32)))
    (import "wasi" "drop" (func $drop (param i32)))
    (import "env" "memory" (memory 1))
    (data (i32.const 16) "Hello from a WebAssembly component, run by WitBindgen's WASI host!\n")
    (func (export "run") (result i32)
      (local $out i32)
      (local.set $out (call $get-stdout))
      (call $write (local.get $out) (i32.const 16) (i32.const 67) (i32.const 0))
      (call $drop (local.get $out))
      ;; ok when the write returned ok (the result's discriminant at offset 0 is 0)
      (i32.ne (i32.load8_u (i32.const 0)) (i32.const 0))))
  ;; The memory the canonical ABI reads the written bytes from: made first, so the lowered imports can name it.
  (core module $memory-holder
    (memory (export "memory") 1))
  (core instance $holder (instantiate $memory-holder))
  (alias core export $holder "memory" (core memory $memory))
  (core func $get-stdout (canon lower (func $stdout "get-stdout")))
  (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush") (memory $memory)))
  (core func $drop (canon resource.drop $output-stream))
  (core instance $main (instantiate $main
    (with "env" (instance $holder))
    (with "wasi" (instance (export "get-stdout" (func $get-stdout)) (export "write" (func $write)) (export "drop" (func $drop))))))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.3" (instance $run-instance)))

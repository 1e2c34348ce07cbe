;; The command adapter only: wasi:cli/run runs the main module's `_start`. A program that returns from `main` with 0
;; returns here (ok); any other status went through proc_exit, which does not return.
(import "__main_module__" "_start" (func $start))
(func (export "wasi:cli/run@0.2.3#run") (result i32)
  (call $start)
  (i32.const 0))

#!/usr/bin/env bash
# Builds the wasm test fixtures from the sources in tests/fixtures into .fixtures/ (never committed).
# C kernels: reactor-style modules (no entry point, exports via export_name) linked against wasi-libc
# using only pure functions, so they import nothing. Skipped with a note when clang-16 is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .fixtures

if ! command -v clang-16 >/dev/null 2>&1; then
  echo "build-fixtures: clang-16 not found, C fixtures not built (run scripts/install-prerequisites.sh)" >&2
  exit 0
fi
# A generated module with thousands of functions calling each other (compile-time scaling, call chains).
if [ ! -f .fixtures/many-functions.wasm ] || [ "$0" -nt .fixtures/many-functions.wasm ]; then
  {
    echo '#define EXPORT(n) __attribute__((export_name(n)))'
    echo '__attribute__((noinline)) int f0(int x) { return (x * 3) % 1000003; }'
    for i in $(seq 1 3999); do
      echo "__attribute__((noinline)) int f$i(int x) { return f$((i - 1))(x ^ $i) + (x * $((i + 3))) % 1000003; }"
    done
    echo 'EXPORT("run") int run(int x) { return f3999(x); }'
  } > .fixtures/many-functions.c
  clang-16 --target=wasm32-wasi --sysroot=/usr -O1 -nostartfiles -Wl,--no-entry -o .fixtures/many-functions.wasm .fixtures/many-functions.c
fi
for src in tests/fixtures/c/*.c; do
  out=".fixtures/$(basename "${src%.c}").wasm"
  if [ ! -f "$out" ] || [ "$src" -nt "$out" ] || [ "$0" -nt "$out" ]; then
    clang-16 --target=wasm32-wasi --sysroot=/usr -O2 -nostartfiles -Wl,--no-entry -o "$out" "$src"
  fi
done

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
for src in tests/fixtures/c/*.c; do
  out=".fixtures/$(basename "${src%.c}").wasm"
  if [ ! -f "$out" ] || [ "$src" -nt "$out" ] || [ "$0" -nt "$out" ]; then
    clang-16 --target=wasm32-wasi --sysroot=/usr -O2 -nostartfiles -Wl,--no-entry -o "$out" "$src"
  fi
done

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

# Component fixtures: WASI command programs (tests/fixtures/components/*.c) as core modules, plus the component jco
# makes from each with its preview1 command adapter (the reference our `component new` is compared with).
mkdir -p .fixtures/components
jco="tests/fixtures/npm/node_modules/.bin/jco"
for src in tests/fixtures/components/*.c; do
  name="$(basename "${src%.c}")"
  core=".fixtures/components/$name.core.wasm"
  if [ ! -f "$core" ] || [ "$src" -nt "$core" ] || [ "$0" -nt "$core" ]; then
    clang-16 --target=wasm32-wasi --sysroot=/usr -O2 -o "$core" "$src"
  fi
  if [ -x "$jco" ]; then
    ref=".fixtures/components/$name.jco.wasm"
    if [ ! -f "$ref" ] || [ "$core" -nt "$ref" ]; then
      "$jco" new "$core" --wasi-command -o "$ref" >/dev/null
    fi
  else
    echo "build-fixtures: jco not installed (scripts/install-prerequisites.sh), reference components not built" >&2
  fi
done

# World fixtures (tests/fixtures/components/worlds/NAME.c + NAME.wit): reactors implementing a WIT world by hand;
# the tests embed the world and componentize them.
for src in tests/fixtures/components/worlds/*.c; do
  core=".fixtures/components/$(basename "${src%.c}").core.wasm"
  if [ ! -f "$core" ] || [ "$src" -nt "$core" ] || [ "$0" -nt "$core" ]; then
    clang-16 --target=wasm32-wasi --sysroot=/usr -O2 -nostartfiles -Wl,--no-entry -o "$core" "$src"
  fi
done

# wasi:http guests (tests/fixtures/components/http/NAME.c): reactors implementing wasi:http/proxy@0.2.3 by hand; the
# tests embed that world from the conformance corpus's WASI WIT and componentize them.
for src in tests/fixtures/components/http/*.c; do
  core=".fixtures/components/http-$(basename "${src%.c}").core.wasm"
  if [ ! -f "$core" ] || [ "$src" -nt "$core" ] || [ "$0" -nt "$core" ]; then
    clang-16 --target=wasm32-wasi --sysroot=/usr -O2 -nostartfiles -Wl,--no-entry -o "$core" "$src"
  fi
done

# Reactor fixtures (tests/fixtures/components/reactors/NAME.c + NAME.wit): WASI reactors (they print through the
# preview1 reactor adapter); the tests embed the world and componentize them with jco's reactor adapter.
for src in tests/fixtures/components/reactors/*.c; do
  core=".fixtures/components/$(basename "${src%.c}").reactor.wasm"
  if [ ! -f "$core" ] || [ "$src" -nt "$core" ] || [ "$0" -nt "$core" ]; then
    clang-16 --target=wasm32-wasi --sysroot=/usr -O2 -mexec-model=reactor -o "$core" "$src"
  fi
done

# calc.c linked with --import-memory (the memory comes from `env::memory`, as wasm-ld makes it for embedders that
# share a memory): `component new` must reject it the way wit-component does ("main module cannot import memory").
src=tests/fixtures/components/worlds/calc.c
core=".fixtures/components/calc.imported-memory.core.wasm"
if [ ! -f "$core" ] || [ "$src" -nt "$core" ] || [ "$0" -nt "$core" ]; then
  clang-16 --target=wasm32-wasi --sysroot=/usr -O2 -nostartfiles -Wl,--no-entry -Wl,--import-memory -o "$core" "$src"
fi

#!/usr/bin/env bash
# Installs what building and testing need beyond the .NET SDK. Idempotent; quiet when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

# Wasm test fixtures (tests/fixtures/c): clang-16 targeting wasm32-wasi with wasi-libc and lld.
if ! command -v clang-16 >/dev/null 2>&1 || ! command -v wasm-ld-16 >/dev/null 2>&1 \
   || [ ! -d /usr/include/wasm32-wasi ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "install-prerequisites: clang-16/lld-16/wasi-libc missing and not root; install them manually" >&2
    exit 0
  fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32 >/dev/null
fi

# Component fixtures (tests/fixtures/components): the pinned @bytecodealliance/jco package supplies the preview1
# adapters and the reference componentizer. Installed from the lockfile into tests/fixtures/npm/node_modules.
if command -v npm >/dev/null 2>&1; then
  if [ ! -d tests/fixtures/npm/node_modules/@bytecodealliance/jco ]; then
    (cd tests/fixtures/npm && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
else
  echo "install-prerequisites: npm not found; component fixtures need @bytecodealliance/jco (tests/fixtures/npm)" >&2
fi

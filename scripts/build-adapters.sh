#!/usr/bin/env bash
# Builds our wasi_snapshot_preview1 adapters (command and reactor) from their WebAssembly text with our own CLI:
# the pieces in src/ComponentModel.Componentize/Adapters/*.wat joined into one module, `parse` to a core module,
# `component embed` of the world of preview1.wit. The binaries are committed and embedded in
# WitBindgen.ComponentModel.Componentize, so no process assembles them at run time. Run this after editing the
# adapters' .wat or .wit; AdapterBinaryTests fails until the committed binaries match the text again.
#   scripts/build-adapters.sh [WIT_BINDGEN]   (default: the Release build of src/Cli, built first if missing)
# The join (module header, imports, the command's _start, the common pieces) is the one AdapterBinaryTests makes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/src/ComponentModel.Componentize/Adapters"
cli="${1:-$root/src/Cli/bin/Release/net10.0/wit-bindgen}"
if [ ! -x "$cli" ]; then
  dotnet build "$root/src/Cli/WitBindgen.Cli.csproj" -c Release --nologo -v quiet -warnaserror
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for kind in command reactor; do
  {
    echo '(module $wasi_snapshot_preview1'
    cat "$dir/imports.wat"
    if [ "$kind" = command ]; then cat "$dir/command.wat"; fi
    for part in state cli fd path unsupported; do cat "$dir/$part.wat"; done
    echo ')'
  } > "$work/$kind.wat"
  "$cli" parse "$work/$kind.wat" -o "$work/$kind.core.wasm"
  "$cli" component embed "$work/$kind.core.wasm" --wit "$dir/preview1.wit" --world "$kind" -o "$dir/wasi_snapshot_preview1.$kind.wasm"
  echo "build-adapters: $dir/wasi_snapshot_preview1.$kind.wasm ($(stat -c %s "$dir/wasi_snapshot_preview1.$kind.wasm") bytes)"
done

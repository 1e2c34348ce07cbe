#!/usr/bin/env bash
# Builds the wasm test fixtures from the sources in tests/fixtures into .fixtures/ (never committed).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .fixtures

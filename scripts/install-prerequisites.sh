#!/usr/bin/env bash
# Installs what building and testing need beyond the .NET SDK. Idempotent; quiet when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."
# (Fixture toolchains are added here as the fixtures that need them arrive.)

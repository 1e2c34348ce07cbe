#!/usr/bin/env bash
# Packs every shipped package into one folder (default artifacts/packages):
#   scripts/pack.sh [OUT_DIR] [extra dotnet pack arguments, e.g. -p:VersionSuffix=]
# The same packages come from `dotnet pack WitBindgen.sln -c Release -o OUT_DIR`, which also builds the tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/artifacts/packages}"
shift || true
mkdir -p "$out"
for project in \
  src/Bindings.Runtime/WitBindgen.Bindings.csproj \
  src/WitParser/WitBindgen.WitParser.csproj \
  src/CoreWasm/WitBindgen.CoreWasm.csproj \
  src/ComponentModel/WitBindgen.ComponentModel.csproj \
  src/ComponentModel.Binary/WitBindgen.ComponentModel.Binary.csproj \
  src/ComponentModel.Text/WitBindgen.ComponentModel.Text.csproj \
  src/ComponentModel.Componentize/WitBindgen.ComponentModel.Componentize.csproj \
  src/Runtime/WitBindgen.Runtime.csproj \
  src/Package/WitBindgen.Package.csproj \
  src/Cli/WitBindgen.Cli.csproj \
  templates/WitBindgen.Templates.csproj
do
  dotnet pack "$root/$project" -c Release -o "$out" --nologo -v quiet -warnaserror "$@"
done

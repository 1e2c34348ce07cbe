#!/usr/bin/env bash
# Runs every test of the solution (fresh machine: installs what the tests need first) and prints
# the closing line "N passed, N failed[, N skipped]" computed from the test results.
# Quick loop without the slow conformance sweeps:  ./test.sh --filter "Category!=Slow"
set -euo pipefail
cd "$(dirname "$0")"

bash scripts/install-prerequisites.sh
bash scripts/build-fixtures.sh

results=$(mktemp -d)
if ! dotnet build WitBindgen.sln -c Release -warnaserror --nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
status=0
# One results folder per test project: trx names carry only a timestamp and would collide.
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo --logger "trx" --results-directory "$results/$name" "$@" || status=1
done

passed=0; failed=0; skipped=0
for trx in "$results"/*/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
# A build failure produces no results: count it as a failure so it cannot pass silently.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status

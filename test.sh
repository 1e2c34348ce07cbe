#!/usr/bin/env bash
# Runs every test of the solution (fresh machine: installs what the tests need first) and prints
# the closing line "N passed, N failed[, N skipped]" computed from the test results.
# Quick loop without the slow conformance sweeps:  ./test.sh --filter "Category!=Slow"
set -euo pipefail
cd "$(dirname "$0")"

bash scripts/install-prerequisites.sh
bash scripts/build-fixtures.sh

results=$(mktemp -d)
set +e
dotnet test WitBindgen.sln -c Release --logger "trx" --results-directory "$results" "$@"
status=$?
set -e

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
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

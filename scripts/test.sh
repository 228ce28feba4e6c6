#!/usr/bin/env bash
# Runs the whole test suite and ends with one line: "N passed, N failed".
# Exits non-zero when any test fails or when no test ran.
set -uo pipefail
cd "$(dirname "$0")/.."

results=TestResults
rm -rf "$results"

# Azurite, pinned in package-lock.json, for the storage tests.
if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2 || { echo "0 passed, 0 failed"; echo "npm ci failed" >&2; exit 1; }
fi

# Chromium, for the end-to-end browser tests: Debian's package (Playwright's own browser download is never used).
if [ ! -x /usr/bin/chromium ]; then
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } >&2 || { echo "0 passed, 0 failed"; echo "installing chromium failed" >&2; exit 1; }
fi

# Warnings are errors through Directory.Build.props, which keeps restore's NU1603 a warning; -warnaserror would not.
dotnet build Workflow.sln -c Release --nologo -clp:ErrorsOnly || { echo "0 passed, 0 failed"; echo "build failed" >&2; exit 1; }
dotnet test Workflow.sln -c Release --no-build --nologo --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi

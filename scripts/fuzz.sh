#!/usr/bin/env bash
# The hostile-request suite at any size: scripts/fuzz.sh [REQUESTS] [SEED]
# REQUESTS defaults to 100000 and SEED to CI's, 20191114. The same seed and size send the same requests.
# Builds the end-to-end tests, runs only the hostile-request test against one service on Azurite, and prints the
# run's summary; exits non-zero when any answer was wrong, the service changed, or health did not answer throughout.
set -uo pipefail
cd "$(dirname "$0")/.."

requests="${1:-100000}"
seed="${2:-20191114}"
if ! [[ "$requests" =~ ^[1-9][0-9]*$ && "$seed" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh [REQUESTS] [SEED]   (whole numbers; REQUESTS above zero)" >&2
  exit 2
fi

# Azurite, pinned in package-lock.json: the test starts its own.
if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2 || { echo "npm ci failed" >&2; exit 1; }
fi
dotnet build tests/Workflow.EndToEnd.Tests -c Release --nologo -clp:ErrorsOnly || { echo "build failed" >&2; exit 1; }

results=TestResults/fuzz
mkdir -p "$results"
summary="$PWD/$results/summary.txt"
log="$results/test.log"
rm -f "$summary" "$results"/case-*.http
echo "Sending $requests hostile requests from seed $seed (the test's own output: $log)."
start=$(date +%s)
FUZZ_REQUESTS="$requests" FUZZ_SEED="$seed" FUZZ_SUMMARY="$summary" \
  dotnet test tests/Workflow.EndToEnd.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~HostileRequestTests.HostileRequests_OnEveryRoute" \
  --logger "console;verbosity=detailed" >"$log" 2>&1
status=$?
elapsed=$(( $(date +%s) - start ))

if [ -s "$summary" ]; then
  cat "$summary"
fi
if [ "$status" -ne 0 ]; then
  # The assertion's message lists the wrong answers, the change and the health failures.
  sed -n '/Error Message:/,/Stack Trace:/p' "$log" | head -n 200
  echo "FAILED after ${elapsed} s: see $log"
  exit 1
fi
echo "Passed in ${elapsed} s: $requests requests from seed $seed, no 5xx, nothing changed, health 200 throughout."

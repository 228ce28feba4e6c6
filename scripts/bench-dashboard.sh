#!/usr/bin/env bash
# The national dashboard's matrix page and the status API over a seeded status table on an in-memory Azurite of its
#   own: p50/p95/max of each request and the response size, by number of systems. A few minutes on 2 cores.
#   scripts/bench-dashboard.sh                        42, 1,000 and 10,000 systems, 50 timed requests each
#   SYSTEMS=42,1000 TIMED=20 scripts/bench-dashboard.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
dotnet build bench/Workflow.Bench -c Release --nologo -clp:ErrorsOnly
dotnet bench/Workflow.Bench/bin/Release/net10.0/Workflow.Bench.dll --dashboard "${SYSTEMS:-42,1000,10000}" "${TIMED:-50}"

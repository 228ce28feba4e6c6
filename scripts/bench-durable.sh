#!/usr/bin/env bash
# The orchestrations on the real Durable Task backend (Azure Storage on Azurite), in one run: the 2019/20 round driven
#   end to end, the idle cost of waiting instances, and a start and 09:00 wave of many systems. Each part starts its own in-memory Azurite on free ports. About 25 minutes on 2 cores.
#   scripts/bench-durable.sh                 everything, the wave at 1,000 systems
#   WAVE_SYSTEMS=10000 WAVE_LEAD=2400 WAVE_PARTITIONS=4 scripts/bench-durable.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
dotnet build bench/Workflow.Bench -c Release --nologo -clp:ErrorsOnly
bench=(dotnet bench/Workflow.Bench/bin/Release/net10.0/Workflow.Bench.dll)
"${bench[@]}" --durable 3600 12                     # round time at 1 h a second, quiet spells over 12 h jumped
"${bench[@]}" --idle 120                            # 42 instances waiting, 1 partition / 2 s, then 4 / 30 s
"${bench[@]}" --wave "${WAVE_SYSTEMS:-1000}" "${WAVE_LEAD:-420}" "${WAVE_PARTITIONS:-1,4}"   # start, then the 09:00 wave, by partitions

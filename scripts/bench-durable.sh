#!/usr/bin/env bash
# The orchestrations on the real Durable Task backend (Azure Storage on Azurite), in one run: the 2019/20 round driven
#   end to end, the idle cost of waiting instances, what a request costs Azurite as it holds more, and a start and
#   09:00 wave of many systems on one Azurite process and on three, with the requests counted and without. Each part
#   starts its own in-memory Azurite on free ports. About 45 minutes on 2 cores.
#   scripts/bench-durable.sh                 everything, the wave at 1,000 systems
#   WAVE_SYSTEMS=10000 WAVE_LEAD=2400 WAVE_PARTITIONS=4 WAVE_LAYOUTS=ByRole scripts/bench-durable.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
dotnet build bench/Workflow.Bench -c Release --nologo -clp:ErrorsOnly
bench=(dotnet bench/Workflow.Bench/bin/Release/net10.0/Workflow.Bench.dll)
"${bench[@]}" --durable 3600 12                     # round time at 1 h a second, quiet spells over 12 h jumped
"${bench[@]}" --idle 120                            # 42 instances waiting, 1 partition / 2 s, then 4 / 30 s
"${bench[@]}" --azurite 0,1000,4000,10000          # one request's cost with a round of that many instances held
"${bench[@]}" --wave "${WAVE_SYSTEMS:-1000}" "${WAVE_LEAD:-200}" "${WAVE_PARTITIONS:-1}" "${WAVE_LAYOUTS:-OneProcess,ByRole}" "${WAVE_COUNTING:-counted,uncounted}"   # start, then the 09:00 wave

#!/usr/bin/env bash
# Replays the 2019/20 planning round for all 42 systems in virtual time, without storage.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p out
dotnet run --project src/Workflow.Cli -c Release -- simulate --report out/report-2019-20.json "$@"

#!/usr/bin/env bash
# The 2019/20 round end to end through the host on Azurite (in memory), with every storage request counted.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Workflow.Bench -c Release --nologo -clp:ErrorsOnly
azurite_pid=$(scripts/azurite.sh --in-memory)
trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT
dotnet bench/Workflow.Bench/bin/Release/net10.0/Workflow.Bench.dll --host

#!/usr/bin/env bash
# Installs the pinned Azurite (package-lock.json) if needed and starts it on 127.0.0.1.
#   scripts/azurite.sh            data kept under .local/azurite
#   scripts/azurite.sh --in-memory
# Prints Azurite's process id on standard output once its table port answers.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

if (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; then
  echo "Something is already listening on 127.0.0.1:10002 (another Azurite?); stop it first." >&2
  exit 1
fi

# The log goes under .local in both modes, so the folder is made even for an in-memory start.
mkdir -p .local/azurite
storage=(--location .local/azurite)
if [ "${1:-}" = "--in-memory" ]; then
  storage=(--inMemoryPersistence)
fi

node_modules/.bin/azurite "${storage[@]}" --skipApiVersionCheck --disableTelemetry --silent \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort 10000 --queuePort 10001 --tablePort 10002 >.local/azurite.log 2>&1 &
pid=$!

for _ in $(seq 1 60); do
  if (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; then
    echo "$pid"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "Azurite did not start; see .local/azurite.log (is something else using ports 10000-10002?)" >&2
    cat .local/azurite.log >&2
    exit 1
  fi
  sleep 0.5
done
echo "Azurite did not answer on 127.0.0.1:10002 within 30 s" >&2
kill "$pid" 2>/dev/null || true
exit 1

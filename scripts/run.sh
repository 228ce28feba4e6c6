#!/usr/bin/env bash
# Runs the service locally without Functions Core Tools: Azurite, then the Functions app's functions on the local
# host (orchestrations on the Durable Task Framework's Azure Storage backend), with the 2019/20 round loaded and one instance
# per system started, on a virtual clock that begins on the round's opening morning.
#   scripts/run.sh               data kept under .local/ across restarts
#   scripts/run.sh --in-memory   a fresh start every time
# Settings can be overridden with environment variables, e.g. Clock__Speed=3600 (an hour a second).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .local

azurite_args=()
[ "${1:-}" = "--in-memory" ] && azurite_args=(--in-memory)
azurite_pid=$(scripts/azurite.sh "${azurite_args[@]}")
trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT

url=${WORKFLOW_URL:-http://127.0.0.1:7071}
export ASPNETCORE_URLS=$url
export Storage__ConnectionString=${Storage__ConnectionString:-UseDevelopmentStorage=true}
export Workflow__RoundFile=${Workflow__RoundFile:-rounds/2019-20.json}
export Workflow__StartRoundOnLoad=${Workflow__StartRoundOnLoad:-true}

export Clock__Start=${Clock__Start:-2019-06-27T08:55:00+01:00}
export Clock__Speed=${Clock__Speed:-60}
export MailDrop__Folder=${MailDrop__Folder:-$PWD/.local/mail}
# A fresh start has no mail from an earlier run: its links would point at instances that no longer exist.
[ "${1:-}" = "--in-memory" ] && rm -rf "$MailDrop__Folder"
export Links__BaseUrl=${Links__BaseUrl:-$url}
# People sign in on the local sign-in page, as anyone in the directory: never where others can reach the service.
export SignIn__Mode=${SignIn__Mode:-Development}
# Links in saved mail keep working across restarts because the signing key is kept too.
[ -s .local/signing-key ] || head -c 32 /dev/urandom | base64 >.local/signing-key
export Links__SigningKey=${Links__SigningKey:-$(cat .local/signing-key)}

echo "Azurite is on 127.0.0.1:10000-10002 (data in .local/azurite unless --in-memory)."
# The API is behind sign-in; this is the header App Service Authentication would send for the national team's lead.
national=$(printf '%s' '{"claims":[{"typ":"name","val":"Nadia Fox"},{"typ":"preferred_username","val":"planning.lead@example.org"},{"typ":"roles","val":"Planning.National"}]}' | base64 -w0)
echo "Starting the workflow on $url. Sign in at $url/signin, or try:"
echo "  curl -H 'X-MS-CLIENT-PRINCIPAL: $national' $url/api/rounds/2019-20/status"
echo "  curl -H 'X-MS-CLIENT-PRINCIPAL: $national' '$url/api/instances?stage=drafting&top=5'"
echo "  curl -H 'X-MS-CLIENT-PRINCIPAL: $national' -X POST $url/api/clock -H 'content-type: application/json' -d '{\"advanceTo\":\"2019-09-27T09:30:00+01:00\"}'"
echo "Sent mail is saved in $MailDrop__Folder. Stop with Ctrl-C."
dotnet run --project src/Workflow.LocalHost -c Release

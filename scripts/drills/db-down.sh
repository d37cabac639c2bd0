#!/usr/bin/env bash
# Drill: the database goes away under a running topology (scripts/topology.sh up, same
# TOPOLOGY_DIR/API_PORT). Stops only the MongoDB-wire server process, then checks that every API
# request that needs the database gets a 503 JSON DATABASE_UNAVAILABLE within a few seconds (never
# a hang), /q/health/live stays 200 and /api/health answers 503; restarts the server on the same data
# directory and checks the API recovers without a restart: login, list (the file uploaded before the
# outage is there), upload, health 200. Exits 1 on any hang, 500 or unexpected answer.
# Usage: [TOPOLOGY_DIR=.. API_PORT=..] scripts/drills/db-down.sh [outage-seconds]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export TOPOLOGY_DIR=${TOPOLOGY_DIR:-$root/.topology}
topology=$root/scripts/topology.sh
api=http://127.0.0.1:${API_PORT:-5300}
outage=${1:-20}
limit=${ANSWER_LIMIT_SECONDS:-7} # server selection gives up after 5 s; a slower answer is a failure
curl -fs "$api/api/health" >/dev/null || { echo "no topology answers at $api: run scripts/topology.sh up" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failures=0
email="db-down-$RANDOM$RANDOM@example.com"; password="db down password"
creds="{\"email\":\"$email\",\"password\":\"$password\"}"
token=$(curl -fs -X POST "$api/api/auth/register" -H 'Content-Type: application/json' -d "$creds" | sed 's/.*"token":"\([^"]*\)".*/\1/')
printf 'written before the outage\n' >"$work/before.txt"
before_id=$(curl -fs -X POST "$api/api/files" -H "Authorization: Bearer $token" -F "files=@$work/before.txt" | sed 's/.*"files":\[{"_id":"\([^"]*\)".*/\1/')
printf 'written during the outage\n' >"$work/during.txt"

# probe <label> <expected status> <expected body substring> curl-args... : prints status, seconds, body
probe() {
  local label=$1 want=$2 needle=$3; shift 3
  local out status secs body
  out=$(curl -s -o "$work/body" -w '%{http_code} %{time_total}' --max-time 30 "$@" || true)
  status=${out%% *}; secs=${out##* }; body=$(tr -s '\n ' '  ' <"$work/body" 2>/dev/null | head -c 120 || true)
  local verdict=ok
  if [ "$status" != "$want" ] || ! grep -q -- "$needle" "$work/body" 2>/dev/null \
     || awk -v s="$secs" -v l="$limit" 'BEGIN{exit !(s > l)}'; then verdict=FAIL; failures=$((failures + 1)); fi
  printf '  %-4s %-34s %s in %5.2fs  %s\n' "$verdict" "$label" "$status" "$secs" "$body"
}
auth=(-H "Authorization: Bearer $token")
requests() { # phase: down|up
  if [ "$1" = down ]; then
    probe 'GET /q/health/live' 200 'UP' "$api/q/health/live"
    probe 'GET /api/health' 503 '"mongodb":"disconnected"' -H 'Accept: application/json' "$api/api/health"
    probe 'POST /api/auth/login' 503 'DATABASE_UNAVAILABLE' -X POST "$api/api/auth/login" -H 'Content-Type: application/json' -d "$creds"
    probe 'GET /api/files/folder/root' 503 'DATABASE_UNAVAILABLE' "${auth[@]}" "$api/api/files/folder/root"
    probe 'POST /api/files (upload)' 503 'DATABASE_UNAVAILABLE' "${auth[@]}" -F "files=@$work/during.txt" "$api/api/files"
    probe 'GET /api/search?q=outage' 503 'DATABASE_UNAVAILABLE' "${auth[@]}" "$api/api/search?q=outage"
    probe 'GET /api/files/:id/download' 503 'DATABASE_UNAVAILABLE' "${auth[@]}" "$api/api/files/$before_id/download"
  else
    probe 'GET /api/health' 200 '"mongodb":"connected"' -H 'Accept: application/json' "$api/api/health"
    probe 'POST /api/auth/login' 200 '"token"' -X POST "$api/api/auth/login" -H 'Content-Type: application/json' -d "$creds"
    probe 'GET /api/files/folder/root' 200 "$before_id" "${auth[@]}" "$api/api/files/folder/root"
    probe 'POST /api/files (upload)' 201 '"success":1' "${auth[@]}" -F "files=@$work/during.txt" "$api/api/files"
    probe 'GET /api/files/:id/download' 200 'written before' "${auth[@]}" "$api/api/files/$before_id/download"
  fi
}

echo "drill: stopping the MongoDB-wire server (pid $(cat "$TOPOLOGY_DIR/pids/mongo")) at $(date +%T)"
"$topology" stop mongo
end=$((SECONDS + outage)); round=0
while [ $SECONDS -lt $end ]; do
  round=$((round + 1)); echo "outage round $round:"; requests down
done
echo "drill: starting the MongoDB-wire server again on the same data directory at $(date +%T)"
"$topology" restart mongo >/dev/null &
restarter=$!
until bash -c "</dev/tcp/127.0.0.1/${MONGO_PORT:-27117}" 2>/dev/null; do sleep 0.05; done
start=$(date +%s.%N) # the server accepts connections again
until curl -fs "$api/api/health" >/dev/null; do sleep 0.05; done
printf 'API healthy again %.1fs after the database accepted connections (API not restarted: pid %s)\n' \
  "$(echo "$(date +%s.%N) - $start" | bc)" "$(cat "$TOPOLOGY_DIR/pids/api")"
wait "$restarter"
echo "after recovery:"; requests up
if [ $failures -eq 0 ]; then echo "db-down drill: passed ($round outage rounds)"; else echo "db-down drill: $failures FAILED checks"; exit 1; fi

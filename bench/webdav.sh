#!/usr/bin/env bash
# WebDAV PROPFIND (Depth 1, a folder of 50 files) requests/s with HTTP Basic, to see what checking
# passwords costs: the account password (bcrypt, cost 12 = the default) and an app password
# (SHA-256), each with the verified-credentials cache on (the default, 60 s) and off
# (OPENDRIVE_AUTH_BASIC_CACHE_TTL=0s: every request checks the password again), against an
# unauthenticated OPTIONS of the same process as the HTTP ceiling.
# Usage: bench/webdav.sh        (build first: ./mvnw -B -DskipTests package; run under flock /work/heavy.lock)
# Env: DURATION=10 WARMUP=3 PORT=6720 CONNS="1 16" JAVA=java
# Output: one markdown table row per wrk run: req/s, p50/p99 ms, errors, CPU ms per request (API process).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
port=${PORT:-6720}
duration=${DURATION:-10}
warmup=${WARMUP:-3}
conns=${CONNS:-1 16}
java=${JAVA:-java}
jar=$root/api/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "missing $jar: build first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
base=http://127.0.0.1:$port
password='benchmark password'
work=$(mktemp -d)
api_pid=
cleanup() { [ -n "$api_pid" ] && { kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; }; rm -rf "$work"; }
trap cleanup EXIT
hz=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' /proc/$1/stat; }

start_api() { # extra env...
  (cd "$work" && exec env "$@" PORT=$port DATA_DIR="$work/data" QUARKUS_MANAGEMENT_PORT=$((port + 1)) \
    "$java" @"$root/api/jvm.options" -jar "$jar" >>"$work/api.log" 2>&1) &
  api_pid=$!
  until curl -fs -o /dev/null "$base/api/health"; do
    kill -0 "$api_pid" 2>/dev/null || { tail -20 "$work/api.log" >&2; exit 1; }
    sleep 0.1
  done
}
stop_api() { kill "$api_pid"; wait "$api_pid" 2>/dev/null || true; api_pid=; }

script() { # method, authorization-or-empty -> lua file
  local f=$work/$RANDOM.lua
  { echo "wrk.method = \"$1\""; echo 'wrk.headers["Depth"] = "1"';
    [ -n "$2" ] && echo "wrk.headers[\"Authorization\"] = \"$2\""; } > "$f"
  echo "$f"
}

measure() { # label, connections, lua
  local label=$1 c=$2 lua=$3 threads=1 out t0 t1
  [ "$c" -gt 1 ] && threads=2
  wrk -t"$threads" -c"$c" -d"${warmup}s" -s "$lua" "$base/dav/bench/" >/dev/null </dev/null
  t0=$(ticks "$api_pid")
  out=$(wrk -t"$threads" -c"$c" -d"${duration}s" --timeout 30s --latency -s "$lua" "$base/dav/bench/" </dev/null)
  t1=$(ticks "$api_pid")
  echo "$out" | awk -v label="$label" -v c="$c" -v cpu=$(( (t1 - t0) * 1000 / hz )) '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /requests in/ { n = $1 }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { err += $NF }
    END { printf "| %s | %d | %.1f | %.2f | %.2f | %d | %s |\n", label, c, rps, p50, p99, err, (n > 0 ? sprintf("%.2f", cpu / n) : "-") }'
}

echo "| auth | conns | req/s | p50 ms | p99 ms | errors | CPU ms/req |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for cache in 60s 0s; do
  start_api OPENDRIVE_AUTH_BASIC_CACHE_TTL=$cache
  email="bench-$RANDOM@example.com"
  token=$(curl -fs -X POST "$base/api/auth/register" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | jq -r .token)
  app=$(curl -fs -X POST "$base/api/auth/app-passwords" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"name":"bench"}' | jq -r .password)
  account_auth="Basic $(printf '%s:%s' "$email" "$password" | base64 -w0)"
  app_auth="Basic $(printf '%s:%s' "$email" "$app" | base64 -w0)"
  curl -fs -X MKCOL -H "Authorization: $app_auth" "$base/dav/bench" >/dev/null
  for i in $(seq 1 50); do
    printf 'file %s\n' "$i" | curl -fs -T - -H "Authorization: $app_auth" "$base/dav/bench/f$i.txt" >/dev/null
  done
  for c in $conns; do
    [ "$cache" = 60s ] && measure "OPTIONS, no auth (ceiling)" "$c" "$(script OPTIONS '')"
    measure "account password, cache $cache" "$c" "$(script PROPFIND "$account_auth")"
    measure "app password, cache $cache" "$c" "$(script PROPFIND "$app_auth")"
  done
  stop_api
done

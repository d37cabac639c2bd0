#!/usr/bin/env bash
# API requests/s and latency percentiles with wrk, against the HTTP-stack ceiling of the same
# process measured in the same run (GET /q/health/live, and a static file of the web UI).
# Endpoints: login (bcrypt cost 12 = the default, and cost 4), a folder listing with 100 files,
# one file's metadata; concurrency 1 and 64; on the embedded database and on MONGODB_URI pointing
# at the MongoDB-wire server process of scripts/topology.sh (StandaloneMongoServer, NOT mongod).
# Usage: bench/api.sh [embedded|mongo-wire|both]        (build first: ./mvnw -B -DskipTests package)
# Env: DURATION=10 WARMUP=3 ROUNDS=2 PORT=6700 MONGO_PORT=6710 CONNS="1 64" JAVA=java
# Output: one markdown table row per wrk run; "vs live" = req/s / req/s of /q/health/live in the
# same round and at the same concurrency. "CPU ms/req" is the CPU time (all threads) the API process
# (+ the database process for mongo-wire) used during the run divided by the requests completed:
# much less sensitive to other load on a shared machine than req/s. Read ratios, not absolutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
modes=${1:-both}
[ "$modes" = both ] && modes="embedded mongo-wire"
port=${PORT:-6700}
mongo_port=${MONGO_PORT:-6710}
duration=${DURATION:-10}
warmup=${WARMUP:-3}
rounds=${ROUNDS:-2}
conns=${CONNS:-1 64}
java=${JAVA:-java}
jar=$root/api/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "missing $jar: build first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
base=http://127.0.0.1:$port
password='benchmark password'
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "${work:-}"; }
trap cleanup EXIT
load() { cut -d' ' -f1 /proc/loadavg; }
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' /proc/$p/stat))); done; echo $t; }
hz=$(getconf CLK_TCK)

start_api() { # extra env...
  (cd "$work" && exec env "$@" PORT=$port DATA_DIR="$work/data" "$java" @"$root/api/jvm.options" ${JAVA_OPTS:-} -jar "$jar" >>"$work/api.log" 2>&1) &
  api_pid=$!
  pids+=("$api_pid")
  until curl -fs -o /dev/null "$base/api/health"; do
    kill -0 "$api_pid" 2>/dev/null || { tail -20 "$work/api.log" >&2; exit 1; }
    sleep 0.1
  done
}
stop_api() { kill "$api_pid"; wait "$api_pid" 2>/dev/null || true; }

register() { # email -> token
  curl -fs -X POST "$base/api/auth/register" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$password\"}" | jq -r .token
}

# wrk run -> "req/s p50_ms p99_ms errors cpu_ms_per_request"; wrk's percentiles come in us, ms or s
measure() { # connections, script-or-empty, url
  local c=$1 script=$2 url=$3 threads=1 out t0 t1
  [ "$c" -gt 1 ] && threads=2
  local args=(-t"$threads" -c"$c" --timeout 30s --latency)
  [ -n "$script" ] && args+=(-s "$script")
  wrk "${args[@]}" -d"${warmup}s" "$url" >/dev/null </dev/null
  t0=$(ticks "${server_pids[@]}")
  out=$(wrk "${args[@]}" -d"${duration}s" "$url" </dev/null)
  t1=$(ticks "${server_pids[@]}")
  echo "$out" | awk -v cpu=$(( (t1 - t0) * 1000 / hz )) '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /requests in/ { n = $1 }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { err += $NF }
    /Socket errors/ { gsub(",", ""); err += $4 + $6 + $8 + $10 }
    END { printf "%.1f %.2f %.2f %d %s\n", rps, p50, p99, err, (n > 0 ? sprintf("%.2f", cpu / n) : "-") }'
}

run_mode() {
  local mode=$1
  work=$(mktemp -d)
  local env=() db_pid=
  if [ "$mode" = mongo-wire ]; then
    "$java" -Xmx256m -cp "$root/api/target/quarkus-app/app/*:$root/api/target/quarkus-app/lib/main/*" \
      dev.opendrive.api.database.StandaloneMongoServer "$mongo_port" "$work/mongo" >"$work/mongo.log" 2>&1 &
    db_pid=$!
    pids+=($db_pid)
    until bash -c "</dev/tcp/127.0.0.1/$mongo_port" 2>/dev/null; do sleep 0.1; done
    env=(MONGODB_URI="mongodb://127.0.0.1:$mongo_port")
  fi
  # a cost-4 account first (the stored hash decides the cost a login pays), then the default (12)
  start_api "${env[@]}" BCRYPT_COST=4
  register fast@bench.example >/dev/null
  stop_api
  start_api "${env[@]}"
  local token folder file i j
  token=$(register slow@bench.example)
  folder=$(curl -fs -X POST "$base/api/folders" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"name":"hundred"}' | jq -r ._id)
  mkdir -p "$work/files"
  for i in $(seq 0 9); do
    local parts=()
    for j in $(seq 0 9); do
      echo "file $i$j" >"$work/files/note-$i$j.txt"
      parts+=(-F "files=@$work/files/note-$i$j.txt")
    done
    curl -fs -o /dev/null -X POST "$base/api/files" -H "Authorization: Bearer $token" -F "folderId=$folder" "${parts[@]}"
  done
  file=$(curl -fs "$base/api/folders/$folder" -H "Authorization: Bearer $token" | jq -r '.files[0]._id')
  [ "$(curl -fs "$base/api/folders/$folder" -H "Authorization: Bearer $token" | jq '.files | length')" = 100 ] \
    || { echo "folder does not list 100 files" >&2; exit 1; }
  cat >"$work/auth.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
LUA
  cat >"$work/login.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"' .. os.getenv("EMAIL") .. '","password":"benchmark password"}'
LUA
  export TOKEN=$token
  server_pids=("$api_pid" $db_pid)
  local static=/app/img/logo.svg
  curl -fs -o /dev/null "$base$static" || { echo "static peer $static not served" >&2; exit 1; }
  local db="embedded database (in-process MongoDB-wire server, H2 MVStore file)"
  [ "$mode" = mongo-wire ] && db="MONGODB_URI -> StandaloneMongoServer process (MongoDB-wire server on H2, not mongod)"
  echo "### $mode: $db"
  echo "$("$java" -version 2>&1 | head -1); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); ${duration}s per run after ${warmup}s warm-up; load average at start $(load)"
  echo
  echo "| round | endpoint | conc. | req/s | p50 ms | p99 ms | errors | req/s vs live | CPU ms/req | CPU vs live | load |"
  echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  local r c name script url rps p50 p99 err cpu live live_cpu
  for r in $(seq 1 "$rounds"); do
    for c in $conns; do
      live= live_cpu=
      while IFS='|' read -r name script url; do
        [ "$name" = "login cost 4" ] && export EMAIL=fast@bench.example
        [ "$name" = "login cost 12" ] && export EMAIL=slow@bench.example
        read -r rps p50 p99 err cpu < <(measure "$c" "$script" "$base$url")
        [ -z "$live" ] && live=$rps && live_cpu=$cpu
        echo "| $r | $name | $c | $rps | $p50 | $p99 | $err | $(awk -v a="$rps" -v b="$live" 'BEGIN { printf "%.3f", a / b }') | $cpu | $(awk -v a="$cpu" -v b="$live_cpu" 'BEGIN { if (a != "-" && b > 0) printf "%.1fx", a / b; else print "-" }') | $(load) |"
      done <<ROWS
GET /q/health/live (peer)||/q/health/live
GET static $static (peer)||$static
GET /api/files/:id|$work/auth.lua|/api/files/$file
GET /api/folders/:id (100 files)|$work/auth.lua|/api/folders/$folder
login cost 4|$work/login.lua|/api/auth/login
login cost 12|$work/login.lua|/api/auth/login
ROWS
    done
  done
  echo
  echo "API RSS after the runs: $(awk '/VmRSS/{print int($2/1024)}' /proc/$api_pid/status) MiB, peak (VmHWM) $(awk '/VmHWM/{print int($2/1024)}' /proc/$api_pid/status) MiB"
  echo
  stop_api
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
  rm -rf "$work"
}

for m in $modes; do run_mode "$m"; done

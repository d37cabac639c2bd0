#!/usr/bin/env bash
# Latency tail of one cheap authenticated route (B's stats: one counter document) under different
# JVM option sets, same data, same run: is a p99 above the goal the data's or the JVM's?
# Each variant: start the monolith on a copy-free DATA_DIR (read-only use: only GETs are sent),
# log in, wrk -t1 -c1 (one request at a time, as bench/scale.sh) for DURATION s after a warm-up,
# then the same against GET /q/health/live (no auth, no database) as the process's own floor.
# Usage: DATA_DIR=<a data dir kept by KEEP=1 bench/scale.sh> EMAIL=big@scale.example bench/gc-tail.sh
# Env: VARIANTS (file of option sets, one per line; default below) DURATION=20 WARMUP=5 PORT=6780 ROUNDS=2
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
: "${DATA_DIR:?DATA_DIR of a kept scale run}" "${EMAIL:=big@scale.example}" "${PASSWORD:=scale benchmark}"
duration=${DURATION:-20} warmup=${WARMUP:-5} port=${PORT:-6780} rounds=${ROUNDS:-2} java=${JAVA:-java}
jar=$root/api/target/quarkus-app/quarkus-run.jar
base=http://127.0.0.1:$port
readme=$(grep -v '^#' "$root/api/jvm.options" | tr '\n' ' ')
variants=()
if [ -n "${VARIANTS:-}" ]; then mapfile -t variants <"$VARIANTS"; else
  variants=(
    "$readme"
    "${readme/-XX:+UseSerialGC/-XX:+UseSerialGC -Xmn96m}"
    "${readme/-XX:+UseSerialGC/-XX:+UseParallelGC}"
    "${readme/-XX:+UseSerialGC/-XX:+UseG1GC -XX:MaxGCPauseMillis=2}"
  )
fi
pid=
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi; }
trap cleanup EXIT
work=$(mktemp -d)
cat >"$work/auth.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
LUA
ms() { awk '{ v = $1; if (v ~ /us$/) print v / 1000; else if (v ~ /ms$/) print v + 0; else if (v ~ /s$/) print v * 1000; else print v }'; }
measure() { # script url -> "rps p50 p99 p99.9 gc-count"
  local args=(-t1 -c1 --latency --timeout 10s)
  [ -n "$1" ] && args+=(-s "$1")
  wrk "${args[@]}" -d"${warmup}s" "$2" >/dev/null
  local out; out=$(wrk "${args[@]}" -d"${duration}s" "$2" -- 2>/dev/null)
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  p50=$(echo "$out" | awk '/^ +50%/{print $2}' | ms)
  p99=$(echo "$out" | awk '/^ +99%/{print $2}' | ms)
  echo "$rps $p50 $p99"
}
echo "$("$java" -version 2>&1 | head -1); $(nproc) cores; data: $(du -sh "$DATA_DIR/db" | cut -f1) database; ${duration}s per run after ${warmup}s"
echo
echo "| round | JVM options (beyond -Xms/-Xmx/metaspace of api/jvm.options) | stats req/s | stats p50 ms | stats p99 ms | live p99 ms | GCs during stats run | RSS MiB | load |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for r in $(seq 1 "$rounds"); do
  for v in "${variants[@]}"; do
    # shellcheck disable=SC2086
    (cd "$work" && exec env PORT=$port DATA_DIR="$DATA_DIR" MANAGEMENT_PORT=$((port + 1)) "$java" $v -Xlog:gc:file="$work/gc.log" -jar "$jar" >"$work/api.log" 2>&1) &
    pid=$!
    until curl -fs -o /dev/null "$base/api/health"; do kill -0 "$pid" || { tail -20 "$work/api.log"; exit 1; }; sleep 0.1; done
    TOKEN=$(curl -fs -X POST "$base/api/auth/login" -H 'Content-Type: application/json' \
      -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | jq -r .token)
    export TOKEN
    curl -fs "$base/api/folders/stats/summary" -H "Authorization: Bearer $TOKEN" >/dev/null
    wrk -t1 -c1 -s "$work/auth.lua" -d"${warmup}s" "$base/api/folders/stats/summary" >/dev/null
    g0=$(grep -c 'Pause' "$work/gc.log" || true)
    read -r rps p50 p99 < <(measure "$work/auth.lua" "$base/api/folders/stats/summary")
    g1=$(grep -c 'Pause' "$work/gc.log" || true)
    read -r _ _ lp99 < <(measure "" "$base/q/health/live")
    rss=$(awk '/VmRSS/{print int($2/1024)}' "/proc/$pid/status")
    short=$(echo "$v" | tr ' ' '\n' | grep -v -e '^-Xms' -e '^-Xmx' -e 'Metaspace' -e 'CodeCache' -e '^-Xss' -e 'ExitOnOutOfMemory' | tr '\n' ' ')
    echo "| $r | \`$short\` | $rps | $p50 | $p99 | $lp99 | $((g1 - g0)) | $rss | $(cut -d' ' -f1 /proc/loadavg) |"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  done
done
rm -rf "$work"

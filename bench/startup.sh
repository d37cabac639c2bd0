#!/usr/bin/env bash
# Process start -> first 200 on /api/health, and RSS after start and after the first requests.
# Usage: bench/startup.sh [runs]   (builds nothing: run ./mvnw -B -DskipTests install first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
jar=api/target/quarkus-app/quarkus-run.jar
port=${PORT:-5099}
[ -f "$jar" ] || { echo "missing $jar: build first" >&2; exit 1; }
java -version 2>&1 | head -1
for i in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s%N)
  (cd "$dir" && PORT=$port exec java @"$OLDPWD/api/jvm.options" -jar "$OLDPWD/$jar" >"$dir/log" 2>&1) &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/api/health"; do sleep 0.01; done
  ready=$(date +%s%N)
  sleep 1
  rss_idle=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/api/health"; done
  rss_warm=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
  echo "run $i: first 200 after $(( (ready - start) / 1000000 )) ms, RSS idle $((rss_idle / 1024)) MiB, after 50 requests $((rss_warm / 1024)) MiB"
done

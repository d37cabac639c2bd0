#!/usr/bin/env bash
# Start-up time and memory of one launched app, as an operator sees them.
#   scripts/startup-footprint.sh NAME URL COMMAND [ARGS...]
# Starts COMMAND (with the caller's environment), polls URL (its readiness route) until it answers
# 200, then reads the process' peak and current resident set (VmHWM, VmRSS in /proc/PID/status)
# and stops it with SIGTERM. Prints one Markdown table row
#   | NAME | ready after (ms, wall clock from launch) | Quarkus' "started in" | VmHWM | VmRSS |
# and appends it to $GITHUB_STEP_SUMMARY when that is set. Works for a native executable and for
# `java -jar .../quarkus-run.jar` alike. Exits non-zero when the app dies or is not ready in
# READY_TIMEOUT seconds (default 60); its log is then printed.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 NAME URL COMMAND [ARGS...]" >&2
  exit 2
fi
name=$1 url=$2
shift 2
timeout_s=${READY_TIMEOUT:-60}
log=$(mktemp "${TMPDIR:-/tmp}/startup-${name//[^A-Za-z0-9_-]/_}.XXXXXX.log")

now_ms() { date +%s%3N; }

start=$(now_ms)
"$@" >"$log" 2>&1 &
pid=$!

stop() {
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
trap stop EXIT

ready=
while [ $(( $(now_ms) - start )) -lt $((timeout_s * 1000)) ]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "$name exited before it was ready; its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)" = 200 ]; then
    ready=$(( $(now_ms) - start ))
    break
  fi
  sleep 0.02
done
if [ -z "$ready" ]; then
  echo "$name was not ready at $url within ${timeout_s}s; its log:" >&2
  cat "$log" >&2
  exit 1
fi

kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$pid/status"; }
hwm=$(kib VmHWM)
rss=$(kib VmRSS)
started=$(grep -o 'started in [0-9.]*s' "$log" | head -1 | sed 's/started in //' || true)
row="| $name | $ready ms | ${started:-?} | $((hwm / 1024)) MiB | $((rss / 1024)) MiB |"
echo "$row"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  echo "$row" >>"$GITHUB_STEP_SUMMARY"
fi

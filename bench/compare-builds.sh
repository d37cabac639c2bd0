#!/usr/bin/env bash
# Two builds of the API side by side in one run, alternating (A B A B ...) so that other load on a
# shared machine falls on both alike: a folder listing of 100 files and a 64 KiB file download,
# each with wrk at CONNS connections, and UPLOAD_MIB uploads (streaming PUT and multipart POST with
# curl, best of 3, against dd conv=fsync of the same bytes to the same disk in the same round),
# with the README's JVM options (api/jvm.options).
# Usage: bench/compare-builds.sh <quarkus-app dir A> <quarkus-app dir B>
#   e.g. save api/target/quarkus-app of the previous commit as A, build, pass the new one as B.
# Env: ROUNDS=2 DURATION=10 WARMUP=3 CONNS=32 WRK_ROUTES=1 (0: uploads only) UPLOAD_MIB=256 (0: none) PORT=6800 JVM_OPTIONS=api/jvm.options
# Output: one markdown row per build and round: req/s, p50/p99 ms, CPU ms/request (all threads of
# the API process, so much less sensitive to other load than req/s), RSS at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { sed -n 2,9p "$0"; exit 2; }
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
rounds=${ROUNDS:-2}; duration=${DURATION:-10}; warmup=${WARMUP:-3}; conns=${CONNS:-32}
upload_mib=${UPLOAD_MIB:-256}
port=${PORT:-6800}; base=http://127.0.0.1:$port
jvm_options=$(realpath "${JVM_OPTIONS:-api/jvm.options}")
work=$(mktemp -d); pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start() { # $1 quarkus-app dir
  rm -rf "$work/data"
  (cd "$work" && exec env MAX_FILE_SIZE=$(( (upload_mib + 1) * 1048576 )) MAX_BODY_SIZE=$((upload_mib + 16))M PORT=$port DATA_DIR="$work/data" MANAGEMENT_PORT=$((port + 1)) \
    java "@$jvm_options" -jar "$(realpath "$1")/quarkus-run.jar" >"$work/api.log" 2>&1) &
  pid=$!
  until curl -fs -o /dev/null "$base/api/health"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/api.log" >&2; exit 1; }
    sleep 0.1
  done
}

seed() { # one user, a folder of 100 small files, one 64 KiB file; sets token, folder, file
  token=$(curl -fs -X POST "$base/api/auth/register" -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.com","password":"benchmark password"}' | jq -r .token)
  folder=$(curl -fs -X POST "$base/api/folders" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"name":"hundred"}' | jq -r ._id)
  mkdir -p "$work/files"
  for i in $(seq 0 9); do
    parts=()
    for j in $(seq 0 9); do echo "file $i$j" >"$work/files/n$i$j.txt"; parts+=(-F "files=@$work/files/n$i$j.txt"); done
    curl -fs -o /dev/null -X POST "$base/api/files" -H "Authorization: Bearer $token" -F "folderId=$folder" "${parts[@]}"
  done
  head -c 65536 /dev/urandom >"$work/files/64k.bin"
  file=$(curl -fs -X POST "$base/api/files" -H "Authorization: Bearer $token" -F "files=@$work/files/64k.bin" \
    | jq -r '.files[0]._id')
  printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$token" >"$work/auth.lua"
}

measure() { # $1 label, $2 path -> markdown row
  wrk -t2 -c"$conns" -d"${warmup}s" -s "$work/auth.lua" "$base$2" >/dev/null
  local t0 t1 out n
  t0=$(awk '{print $14+$15}' "/proc/$pid/stat")
  out=$(wrk -t2 -c"$conns" -d"${duration}s" --latency -s "$work/auth.lua" "$base$2")
  t1=$(awk '{print $14+$15}' "/proc/$pid/stat")
  n=$(echo "$out" | awk '/requests in/{print $1}')
  echo "$out" | awk -v label="$1" -v ticks=$((t1 - t0)) -v n="$n" -v hz="$(getconf CLK_TCK)" \
    -v rss="$(awk '/VmRSS/{print int($2/1024)}' "/proc/$pid/status")" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 } / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) }
    /Non-2xx|Socket errors/ { errors = errors $0 " " }
    END { printf "| %s | %.0f | %.2f | %.1f | %.3f | %d MiB | %s | %s |\n", label, rps, p50, p99,
          ticks * 1000 / hz / n, rss, load, errors == "" ? "0" : errors }'
}

best_of_3() { # command... -> $best: the shortest wall time in ns (a failing command ends the script)
  local t0 t1
  best=999999999999
  for _ in 1 2 3; do
    t0=$(date +%s%N); "$@"; t1=$(date +%s%N)
    best=$(( t1 - t0 < best ? t1 - t0 : best ))
  done
}

upload_row() { # $1 label, $2 ns -> markdown row (MiB/s in the req/s column)
  awk -v label="$1" -v ns="$2" -v mib="$upload_mib" -v dd="${dd_ns:-0}" \
    -v rss="$(awk '/VmRSS/{print int($2/1024)}' "/proc/$pid/status")" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { printf "| %s (MiB/s, x dd) | %.0f | %.2fx dd | | | %d MiB | %s | 0 |\n", label, mib / (ns / 1e9),
             dd / ns, rss, load }'
}

expect_201() { # curl arguments...
  local code
  code=$(curl -s -o "$work/response" -w '%{http_code}' -H "Authorization: Bearer $token" "$@")
  [ "$code" = 201 ] || { echo "upload answered $code: $(head -c 300 "$work/response")" >&2; exit 1; }
}

put_upload() {
  expect_201 -X PUT "$base/api/files/content?name=big.bin" -T "$work/big.bin"
}

multipart_upload() {
  expect_201 -X POST "$base/api/files" -F "files=@$work/big.bin"
}

dd_once() {
  dd if="$work/big.bin" of="$work/dd.out" bs=1M conv=fsync status=none && rm -f "$work/dd.out"
}

if [ "$upload_mib" -gt 0 ]; then
  head -c $((upload_mib * 1048576)) /dev/urandom >"$work/big.bin"
fi

echo "| build / route | req/s | p50 ms | p99 ms | CPU ms/req | RSS | load | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for round in $(seq 1 "$rounds"); do
  for build in A B; do
    dir=$1; [ "$build" = B ] && dir=$2
    start "$dir"; seed
    if [ "${WRK_ROUTES:-1}" = 1 ]; then
      measure "$build round $round listing" "/api/folders/$folder"
      measure "$build round $round 64 KiB download" "/api/files/$file/download"
    fi
    if [ "$upload_mib" -gt 0 ]; then
      best_of_3 dd_once; dd_ns=$best
      echo "| dd conv=fsync, round $round before $build | $(awk -v mib="$upload_mib" -v ns="$dd_ns" 'BEGIN { printf "%.0f", mib / (ns / 1e9) }') MiB/s | | | | | | |"
      best_of_3 put_upload; upload_row "$build round $round $upload_mib MiB PUT" "$best"
      best_of_3 multipart_upload; upload_row "$build round $round $upload_mib MiB multipart" "$best"
    fi
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  done
done

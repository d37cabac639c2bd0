#!/usr/bin/env bash
# Scale: does a drive stay fast when the database holds a million files?
# On the monolith's embedded defaults, started as the README starts it (same JVM options file):
#  - a small user A (one folder of 100 files): folder listing, stats, search, measured on an empty
#    database and again once another user B holds each size in SIZES (the peer is A on the empty
#    database, in the same run: the ratio is the slowdown one user's data causes another);
#  - the big user B: a 1000-file folder listing, search (rare word, common word, prefix, substring,
#    content word, two words), stats, at each size;
#  - upload rate (streaming PUT and multipart, 4 KiB files, one at a time) at 0 and at each size;
#  - RSS of the server (sampled every 0.5 s): idle after start, peak per phase;
#  - restart with the largest size: process start to the first answered request that reads the
#    database (B's stats).
# B's files are seeded through the MongoDB wire as the API writes them (bench/scale/ScaleBench.java);
# usage counters are then recounted by the operator route, as after an import.
# Usage: bench/scale.sh        (build first: ./mvnw -B -DskipTests install)
# Peer (optional): PEER_JAR=<quarkus-run.jar of the previous build> runs first, on its own data, as its
# README started it (java -jar, default heap; with this build's 256 MiB cap it runs out of heap at
# 100k): the small user on an empty database and once B holds the first size, PEER_ROUNDS (5) a route.
# Env: SIZES="100000 1000000" ROUNDS=50 UPLOADS=200 PORT=6760 JAVA=java KEEP=1 (keep the data directory)
#      JAVA_OPTS (added after the README's options, e.g. -XX:+HeapDumpOnOutOfMemoryError)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=${SIZES:-100000 1000000}
rounds=${ROUNDS:-50}
uploads=${UPLOADS:-200}
port=${PORT:-6760}
java=${JAVA:-java}
jar=$root/api/target/quarkus-app/quarkus-run.jar
lib="$root/api/target/quarkus-app/lib/main/*:$root/api/target/quarkus-app/app/*"
[ -f "$jar" ] || { echo "missing $jar: build first" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq not found: apt-get install -y jq" >&2; exit 1; }
base=http://127.0.0.1:$port
work=$(mktemp -d)
pid=
sampler=
cleanup() {
  local status=$?
  [ "$status" -ne 0 ] && [ -f "$work/api.log" ] && { echo "failed ($status); the server's log ends with:" >&2; tail -40 "$work/api.log" >&2; }
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; }
  if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
load() { cut -d' ' -f1 /proc/loadavg; }
rss() { awk '/VmRSS/{print int($2/1024)}' "/proc/$pid/status"; }
helper() { "$java" -cp "$lib" "$root/bench/scale/ScaleBench.java" "$@"; }

start() { # [jar [java options...]]: by default this build, with the README's options
  local t0=$(date +%s%N) run_jar=${1:-$jar}
  local opts=(@"$root/api/jvm.options")
  [ $# -gt 0 ] && { shift; opts=("$@"); }
  (cd "$work" && exec env PORT=$port DATA_DIR="$work/data" ADMIN_TOKEN=bench MANAGEMENT_PORT=$((port + 1)) \
    "$java" "${opts[@]}" ${JAVA_OPTS:-} -jar "$run_jar" >>"$work/api.log" 2>&1) &
  pid=$!
  until curl -fs -o /dev/null "$base/api/health"; do
    kill -0 "$pid" 2>/dev/null || { tail -30 "$work/api.log" >&2; exit 1; }
    sleep 0.05
  done
  started_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  echo 0 >"$work/peak"
  ( while kill -0 "$pid" 2>/dev/null; do
      r=$(rss 2>/dev/null || true); p=$(cat "$work/peak" 2>/dev/null || true)
      [ "${r:-0}" -gt "${p:-0}" ] && echo "$r" >"$work/peak"; sleep 0.5
    done ) &
  sampler=$!
}
stop() { kill "$sampler" 2>/dev/null || true; sampler=; kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }
peak_reset() { rss >"$work/peak"; }
peak() { cat "$work/peak"; }

register() { # email -> token
  curl -fs -X POST "$base/api/auth/register" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"scale benchmark\"}" | jq -r .token
}
folder() { # token name -> id
  curl -fs -X POST "$base/api/folders" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$2\"}" | jq -r ._id
}
put() { # token folder name content -> id
  curl -fs -X PUT "$base/api/files/content?name=$(jq -rn --arg v "$3" '$v|@uri')&folderId=$2" \
    -H "Authorization: Bearer $1" -H 'Content-Type: application/octet-stream' --data-binary "$4" | jq -r '.files[0]._id'
}
table() { # label -> markdown rows from helper measure output
  awk -F'|' -v l="$1" '{ printf "| %s | `%s` | %s | %s | %s | %s |\n", l, $1, $2, $3, $4, $5 }'
}

echo "$("$java" -version 2>&1 | head -1); $(nproc) cores; JVM options: $(grep -v '^#' api/jvm.options | tr '\n' ' ')"
echo "$rounds requests per route after 30 warm-up rounds, one at a time; load average at start: $(load)"

peer() { # the previous build as the peer: small user on an empty database, then once B holds the first size
  local size=${sizes%% *} peer_rounds=${PEER_ROUNDS:-5} a b big tpl f
  echo "peer: $PEER_JAR, started as its README said (java -jar, default heap)"
  start "$PEER_JAR" -Djava.awt.headless=true
  a=$(register small@scale.example); f=$(folder "$a" "Project Files")
  for i in $(seq 1 100); do put "$a" "$f" "report-$i.txt" "quarterly report $i for the small user" >/dev/null; done
  b=$(register big@scale.example); big=$(folder "$b" "Camera Roll"); tpl=$(put "$b" "$big" "template.txt" "template file for the seed")
  until curl -fs "$base/api/search?q=template&type=files" -H "Authorization: Bearer $b" | jq -e '.files | length == 1' >/dev/null; do sleep 0.1; done
  local paths=("/api/folders/$f" "/api/folders/stats/summary" "/api/search?q=report&limit=50")
  helper measure "$base" "$a" "$peer_rounds" "${paths[@]}" | table "previous build: A, empty database" >"$work/peer.md"
  helper seed "mongodb://$(grep -o 'Embedded MongoDB-wire database on [0-9.]*:[0-9]*' "$work/api.log" | tail -1 | awk '{print $NF}')" \
    "$tpl" 1 "$size" "$big" 2>/dev/null
  helper measure "$base" "$a" "$peer_rounds" "${paths[@]}" | table "previous build: A, B holds $size" >>"$work/peer.md"
  echo "peer RSS at the end: $(rss) MiB, peak $(peak) MiB"
  stop
  rm -rf "$work/data" "$work/api.log"
}
[ -n "${PEER_JAR:-}" ] && peer

start
idle=$(rss)
echo "server ready in ${started_ms} ms, idle RSS ${idle} MiB (database not opened yet)"

a_token=$(register small@scale.example)
a_folder=$(folder "$a_token" "Project Files")
for i in $(seq 1 100); do
  put "$a_token" "$a_folder" "report-$i.txt" "quarterly report $i for the small user" >/dev/null
done
b_token=$(register big@scale.example)
b_big=$(folder "$b_token" "Camera Roll")
b_template=$(put "$b_token" "$b_big" "template.txt" "template file for the seed")
until curl -fs "$base/api/search?q=template&type=files" -H "Authorization: Bearer $b_token" \
  | jq -e '.files | length == 1' >/dev/null; do sleep 0.1; done

small_paths=("/api/folders/$a_folder" "/api/folders/stats/summary" "/api/search?q=report&limit=50")
big_paths=("/api/folders/$b_big" "/api/folders/stats/summary" "/api/search?q=zanzibar&limit=50"
  "/api/search?q=img&limit=50" "/api/search?q=inv&limit=50" "/api/search?q=port&limit=50"
  "/api/search?q=quarterly&limit=50" "/api/search?q=report%20acme&limit=50")

upload_rates() { # label -> "put multipart" uploads/s, into a fresh folder of B
  local f p m
  f=$(folder "$b_token" "uploads $1")
  p=$(helper upload "$base" "$b_token" "$uploads" put "$f")
  m=$(helper upload "$base" "$b_token" "$uploads" multipart "$f")
  echo "$p $m"
}

results=$work/results.md
{
  echo "| database | route | status | p50 ms | p99 ms | max ms |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
} >"$results"
peak_reset
helper measure "$base" "$a_token" "$rounds" "${small_paths[@]}" | table "A, empty database" >>"$results"
read -r put0 multi0 < <(upload_rates 0)
uploads_table="| 0 (empty) | $put0 | $multi0 | $(peak) |"
count=1
for size in $sizes; do
  echo "seeding B up to $size files (load $(load))..."
  t0=$(date +%s)
  helper seed "mongodb://$(grep -o 'Embedded MongoDB-wire database on [0-9.]*:[0-9]*' "$work/api.log" | tail -1 | awk '{print $NF}')" \
    "$b_template" "$count" "$size" "$b_big" 2>"$work/seed.log"
  seeded=$(( $(date +%s) - t0 ))
  count=$size
  curl -fs -X POST "$base/api/admin/usage/recount" -H 'X-Admin-Token: bench' >/dev/null
  echo "seeded in ${seeded} s; RSS now $(rss) MiB, peak while seeding $(peak) MiB"
  peak_reset
  helper measure "$base" "$a_token" "$rounds" "${small_paths[@]}" | table "A, B holds $size" >>"$results"
  helper measure "$base" "$b_token" "$rounds" "${big_paths[@]}" | table "B ($size files)" >>"$results"
  read -r putn multin < <(upload_rates "$size")
  uploads_table="$uploads_table
| $size | $putn | $multin | $(peak) |"
  echo "B: $(curl -fs "$base/api/folders/stats/summary" -H "Authorization: Bearer $b_token")"
done
db_mib=$(du -sm "$work/data/db" | cut -f1)
echo
cat "$results"
[ -f "$work/peer.md" ] && cat "$work/peer.md"
echo
echo "| files B holds | streaming PUT uploads/s | multipart uploads/s | RSS peak in the phase, MiB |"
echo "| ---: | ---: | ---: | ---: |"
echo "$uploads_table"
echo
echo "database file: ${db_mib} MiB; RSS at the end $(rss) MiB"

stop
t0=$(date +%s%N)
start
health_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
until curl -fs -o /dev/null "$base/api/folders/stats/summary" -H "Authorization: Bearer $b_token"; do sleep 0.05; done
first_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "restart with $count files: health answered after ${health_ms} ms, B's stats (opens the database) after ${first_ms} ms;" \
  "RSS then $(rss) MiB; load average $(load)"
grep -E "WARN|ERROR" "$work/api.log" | grep -v "in-memory key pair" | head -5 || true

#!/usr/bin/env bash
# Start-up matrix: process start -> first 200 on the health endpoint, and RSS 1 s after it, for the
# API (GET /api/health, monolith on the embedded database: the first request starts the database)
# and both workers (GET /q/health/live; Kafka bootstrap and MONGODB_URI point at closed loopback
# ports: a worker must start without either), on:
#   jdk17       OpenJDK 17 (Debian), fast-jar from ./mvnw -B -DskipTests package
#   jdk25       Temurin 25, the same fast-jar
#   jdk25-aotjar Temurin 25, the aot-jar build of AOT_ROOT without its cache (control)
#   jdk25-aot   Temurin 25, the same aot-jar with -XX:AOTCache=app.aot
# AOT_ROOT is a second checkout built with JDK 25 (see docs/benchmarks.md for the command):
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -B -DskipTests package \
#     -Dquarkus.package.jar.aot.enabled=true -Dquarkus.package.jar.aot.type=AOT -Dquarkus.package.jar.aot.phase=BUILD
# Runs alternate: each round starts every app on every variant once, so machine load hits all alike.
# The JVM floor (`java -version`) of each JDK is measured in the same rounds. Besides wall time, the
# CPU time (user + system, all threads) the process used up to its first 200 is reported: on a
# shared, loaded machine it is the figure to compare (wall time mostly measures the queue for a core).
# Usage: bench/startup-matrix.sh [rounds]     Env: AOT_ROOT=../h-bench-aot PORT=6730
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rounds=${1:-3}
aot_root=${AOT_ROOT:-$root/../h-bench-aot}
port=${PORT:-6730}
jdk17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
jdk25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
declare -A app_dir=([api]=api [thumbnail]=workers/thumbnail/app [search]=workers/search-indexer/app)
declare -A health=([api]=/api/health [thumbnail]=/q/health/live [search]=/q/health/live)
variants="jdk17 jdk25 jdk25-aotjar jdk25-aot"
[ -f "$aot_root/api/target/quarkus-app/app.aot" ] || { echo "no AOT build in $aot_root: variants jdk25-aot* skipped" >&2; variants="jdk17 jdk25"; }
results=$(mktemp)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -f "$results"' EXIT
load() { cut -d' ' -f1 /proc/loadavg; }
now() { date +%s%N; }

hz=$(getconf CLK_TCK)
start_one() { # app variant -> "ms rss ready cpu_ms"
  local app=$1 variant=$2 java dir flags=() work
  case $variant in
    jdk17) java=$jdk17/bin/java; dir=$root ;;
    jdk25) java=$jdk25/bin/java; dir=$root ;;
    jdk25-aotjar) java=$jdk25/bin/java; dir=$aot_root ;;
    jdk25-aot) java=$jdk25/bin/java; dir=$aot_root; flags=(-XX:AOTCache=app.aot) ;;
  esac
  work=$(mktemp -d)
  local t0 t1 rss ready
  t0=$(now)
  # from the quarkus-app directory: the AOT cache is only used with the class path it was made with
  (cd "$dir/${app_dir[$app]}/target/quarkus-app" && exec env PORT=$port DATA_DIR="$work" STORAGE_PATH="$work/storage" \
    KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:6799 $( [ "$app" = api ] || echo MONGODB_URI=mongodb://127.0.0.1:6798 ) \
    "$java" "${flags[@]}" -jar quarkus-run.jar >"$work/log" 2>&1) &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port${health[$app]}"; do
    if ! kill -0 $pid 2>/dev/null; then echo "$app on $variant exited:" >&2; tail -20 "$work/log" >&2; pid=; rm -rf "$work"; echo "- - - -"; return; fi
    sleep 0.01
  done
  t1=$(now)
  local cpu; cpu=$(awk -v hz="$hz" '{ print int(($14 + $15) * 1000 / hz) }' /proc/$pid/stat)
  sleep 1
  rss=$(awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status)
  ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready")
  if [ "$variant" = jdk25-aot ] && grep -q -i 'AOT cache.*\(mismatch\|not\|error\|disabled\)' "$work/log"; then
    echo "warning: AOT cache not used ($app):" >&2; grep -i aot "$work/log" >&2
  fi
  kill $pid; wait $pid 2>/dev/null || true; pid=
  rm -rf "$work"
  echo "$(( (t1 - t0) / 1000000 )) $rss $ready $cpu"
}

echo "machine: $(nproc) vCPU, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB; load average at start $(load)"
echo "jdk17: $("$jdk17/bin/java" -version 2>&1 | head -1); jdk25: $("$jdk25/bin/java" -version 2>&1 | head -1)"
echo
echo "| round | app | variant | first 200 ms | CPU ms to first 200 | RSS 1 s later MiB | /q/health/ready | load |"
echo "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |"
for r in $(seq 1 "$rounds"); do
  for jdk in jdk17 jdk25; do
    j=$jdk17; [ $jdk = jdk25 ] && j=$jdk25
    t0=$(now); cpu=$( { TIMEFORMAT='%3U %3S'; time "$j/bin/java" -version >/dev/null 2>&1; } 2>&1 | awk '{ print int(($1 + $2) * 1000) }'); t1=$(now)
    echo "$r floor $jdk $(( (t1 - t0) / 1000000 )) - - $cpu" >>"$results"
    echo "| $r | \`java -version\` (floor) | $jdk | $(( (t1 - t0) / 1000000 )) | $cpu | | | $(load) |"
  done
  for app in api thumbnail search; do
    for v in $variants; do
      read -r ms rss ready cpu < <(start_one "$app" "$v")
      echo "$r $app $v $ms $rss $ready $cpu" >>"$results"
      echo "| $r | $app | $v | $ms | $cpu | $rss | $ready | $(load) |"
    done
  done
done
echo
echo "Medians over $rounds rounds; ratios = median / jdk17's median for the same app:"
echo
echo "| app | variant | first 200 ms | vs jdk17 | CPU ms to first 200 | vs jdk17 | RSS MiB |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for app in floor api thumbnail search; do
  base= cbase=
  for v in $variants; do
    [ "$app" = floor ] && [ "$v" != jdk17 ] && [ "$v" != jdk25 ] && continue
    med=$(awk -v a=$app -v v=$v '$2 == a && $3 == v && $4 != "-" { print $4 }' "$results" | sort -n | awk '{ x[NR] = $1 } END { if (NR) print x[int((NR + 1) / 2)] }')
    rss=$(awk -v a=$app -v v=$v '$2 == a && $3 == v && $5 != "-" { print $5 }' "$results" | sort -n | awk '{ x[NR] = $1 } END { if (NR) print x[int((NR + 1) / 2)]; else print "" }')
    cmed=$(awk -v a=$app -v v=$v '$2 == a && $3 == v && $7 != "-" && $7 != "" { print $7 }' "$results" | sort -n | awk '{ x[NR] = $1 } END { if (NR) print x[int((NR + 1) / 2)] }')
    [ -z "$base" ] && base=$med && cbase=$cmed
    echo "| $app | $v | $med | $(awk -v m="$med" -v b="$base" 'BEGIN { if (b > 0 && m != "") printf "%.2fx", m / b }') | $cmed | $(awk -v m="$cmed" -v b="$cbase" 'BEGIN { if (b > 0 && m != "") printf "%.2fx", m / b }') | $rss |"
  done
done
echo
echo "load average at the end $(load)"

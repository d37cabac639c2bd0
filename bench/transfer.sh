#!/usr/bin/env bash
# Upload and download of one large file through the monolith, against dd to the same disk in the
# same run, and the server's RSS before/peak/after (the goal: flat, whatever the file size).
# Both upload routes are timed: multipart POST /api/files and the streaming PUT /api/files/content.
# JAVA_OPTS=-Xmx64m shows that neither holds the file in memory.
# Usage: bench/transfer.sh [MiB]       (build first: ./mvnw -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
mib=${1:-1024}
port=${PORT:-5096}
dir=$(mktemp -d -p "${BENCH_DIR:-/tmp}")
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
head -c $((mib * 1024 * 1024)) /dev/urandom > "$dir/input.bin"
sync
# peer: the same bytes through dd onto the same file system, with fsync like the storage provider
dd_start=$(date +%s%N); dd if="$dir/input.bin" of="$dir/dd-copy.bin" bs=1M conv=fsync status=none; dd_end=$(date +%s%N)
rm -f "$dir/dd-copy.bin"
(cd "$dir" && MAX_FILE_SIZE=$((mib * 1024 * 1024 + 1)) MAX_BODY_SIZE=$((mib + 16))M PORT=$port MANAGEMENT_PORT=${MANAGEMENT_PORT:-$((port + 1))} \
  exec java ${JAVA_OPTS:-} -jar "$root/api/target/quarkus-app/quarkus-run.jar" >"$dir/app.log" 2>&1) &
pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/api/health"; do sleep 0.1; done
token=$(curl -fs -X POST "http://127.0.0.1:$port/api/auth/register" -H 'Content-Type: application/json' \
  -d "{\"email\":\"bench-$RANDOM@example.com\",\"password\":\"benchmark password\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
rss() { awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status; }
before=$(rss)
# the peak since the last reset: each phase starts by writing the current RSS to $dir/peak
echo "$before" > "$dir/peak"
(while kill -0 $pid 2>/dev/null; do r=$(rss); [ "$r" -gt "$(cat "$dir/peak")" ] && echo "$r" > "$dir/peak"; sleep 0.2; done) &
sampler=$!
phase_peak() { cat "$dir/peak"; rss > "$dir/peak"; }
file_id() { sed 's/.*"files":\[{"_id":"\([^"]*\)".*/\1/'; }
up_start=$(date +%s%N)
id=$(curl -fs -X POST "http://127.0.0.1:$port/api/files" -H "Authorization: Bearer $token" -F "files=@$dir/input.bin" | file_id)
up_end=$(date +%s%N)
up_peak=$(phase_peak)
put_start=$(date +%s%N)
put_id=$(curl -fs -X PUT "http://127.0.0.1:$port/api/files/content?name=input.bin" -H "Authorization: Bearer $token" \
  -T "$dir/input.bin" | file_id)
put_end=$(date +%s%N)
put_peak=$(phase_peak)
down_start=$(date +%s%N)
curl -fs -o "$dir/output.bin" "http://127.0.0.1:$port/api/files/$id/download" -H "Authorization: Bearer $token"
down_end=$(date +%s%N)
down_peak=$(phase_peak)
curl -fs -o "$dir/output-put.bin" "http://127.0.0.1:$port/api/files/$put_id/download" -H "Authorization: Bearer $token"
kill $sampler 2>/dev/null || true
same=identical
cmp -s "$dir/input.bin" "$dir/output.bin" || same=DIFFERENT
cmp -s "$dir/input.bin" "$dir/output-put.bin" || same=DIFFERENT
mbps() { awk -v m="$mib" -v a="$1" -v b="$2" 'BEGIN { printf "%d", m * 1e9 / (b - a) }'; }
vs_dd() { awk -v d=$((dd_end - dd_start)) -v u=$(($2 - $1)) 'BEGIN { printf "%.2f", d / u }'; }
echo "file ${mib} MiB, bytes back (both uploads): $same, $(java -version 2>&1 | head -1), JAVA_OPTS=${JAVA_OPTS:-}"
echo "dd to the same disk (fsync): $(mbps $dd_start $dd_end) MiB/s"
echo "upload multipart POST:  $(mbps $up_start $up_end) MiB/s  ($(vs_dd $up_start $up_end)x dd)  RSS peak ${up_peak} MiB"
echo "upload streaming PUT:   $(mbps $put_start $put_end) MiB/s  ($(vs_dd $put_start $put_end)x dd)  RSS peak ${put_peak} MiB"
echo "download:               $(mbps $down_start $down_end) MiB/s  RSS peak ${down_peak} MiB"
echo "server RSS: before ${before} MiB, after $(rss) MiB"

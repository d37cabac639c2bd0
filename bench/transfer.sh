#!/usr/bin/env bash
# Upload and download of one large file through the monolith, against dd to the same disk in the
# same run, and the server's RSS before/peak/after (the goal: flat, whatever the file size).
# Usage: bench/transfer.sh [MiB]       (build first: ./mvnw -B -DskipTests install)
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
(cd "$dir" && MAX_FILE_SIZE=$((mib * 1024 * 1024 + 1)) MAX_BODY_SIZE=$((mib + 16))M PORT=$port \
  exec java ${JAVA_OPTS:-} -jar "$root/api/target/quarkus-app/quarkus-run.jar" >"$dir/app.log" 2>&1) &
pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/api/health"; do sleep 0.1; done
token=$(curl -fs -X POST "http://127.0.0.1:$port/api/auth/register" -H 'Content-Type: application/json' \
  -d "{\"email\":\"bench-$RANDOM@example.com\",\"password\":\"benchmark password\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
rss() { awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status; }
before=$(rss)
(peak=0; while kill -0 $pid 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r && echo $peak > "$dir/peak"; sleep 0.2; done) &
sampler=$!
up_start=$(date +%s%N)
id=$(curl -fs -X POST "http://127.0.0.1:$port/api/files" -H "Authorization: Bearer $token" -F "files=@$dir/input.bin" \
  | sed 's/.*"files":\[{"_id":"\([^"]*\)".*/\1/')
up_end=$(date +%s%N)
curl -fs -o "$dir/output.bin" "http://127.0.0.1:$port/api/files/$id/download" -H "Authorization: Bearer $token"
down_end=$(date +%s%N)
kill $sampler 2>/dev/null || true
cmp -s "$dir/input.bin" "$dir/output.bin" && same=identical || same=DIFFERENT
mbps() { awk -v m="$mib" -v a="$1" -v b="$2" 'BEGIN { printf "%d", m * 1e9 / (b - a) }'; }
echo "file ${mib} MiB, bytes back: $same, $(java -version 2>&1 | head -1)"
echo "dd to the same disk (fsync): $(mbps $dd_start $dd_end) MiB/s"
echo "upload:   $(mbps $up_start $up_end) MiB/s  ($(awk -v d=$((dd_end - dd_start)) -v u=$((up_end - up_start)) 'BEGIN { printf "%.2f", d / u }')x dd)"
echo "download: $(mbps $up_end $down_end) MiB/s"
echo "server RSS: before ${before} MiB, peak $(cat "$dir/peak" 2>/dev/null || echo "$before") MiB, after $(rss) MiB"

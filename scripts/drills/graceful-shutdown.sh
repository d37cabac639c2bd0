#!/usr/bin/env bash
# Drill: SIGTERM (what Cloud Run sends, 10 s before SIGKILL) against a running topology
# (scripts/topology.sh up, same TOPOLOGY_DIR/API_PORT).
#  1. API: a large upload is in flight (rate-limited client) when the API gets SIGTERM. It must end
#     with 201 and the file downloadable byte-identically after the API is back, or with a clean
#     error and nothing half-written (no file listed, no stray blob).
#  2. Thumbnail worker: a backlog of images is queued while the worker is stopped; the worker is
#     started and SIGTERMed after it finished a few. After a restart every image must have its
#     thumbnail; records finished before the SIGTERM and handled again after the restart are counted
#     (they must be 0 when offsets of finished records are committed on shutdown).
# Usage: [TOPOLOGY_DIR=.. API_PORT=..] [PARTS="api worker"] scripts/drills/graceful-shutdown.sh [upload-MB=60] [images=40]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export TOPOLOGY_DIR=${TOPOLOGY_DIR:-$root/.topology}
topology=$root/scripts/topology.sh
api_port=${API_PORT:-5300}; api=http://127.0.0.1:$api_port
curl -fs "$api/api/health" >/dev/null || { echo "no topology answers at $api: run scripts/topology.sh up" >&2; exit 2; }
size_mb=${1:-60}; images=${2:-40}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failures=0
token=$(curl -fs -X POST "$api/api/auth/register" -H 'Content-Type: application/json' \
  -d "{\"email\":\"graceful-$RANDOM$RANDOM@example.com\",\"password\":\"graceful password\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
auth=(-H "Authorization: Bearer $token")
wait_exit() { # pid -> seconds it took to exit
  local p=$1 t0; t0=$(date +%s.%N)
  while kill -0 "$p" 2>/dev/null; do sleep 0.05; done
  echo "$(date +%s.%N) - $t0" | bc
}

parts=${PARTS:-api worker}
echo "load average (timings below stretch with it): $(cut -d" " -f1-3 /proc/loadavg) on $(nproc) cores"
if [[ " $parts " == *" api "* ]]; then
echo "== 1. API: SIGTERM during an upload of ${size_mb} MB (client limited to 20 MB/s)"
head -c $((size_mb * 1024 * 1024)) /dev/urandom >"$work/big.bin"
want=$(sha256sum "$work/big.bin" | cut -d' ' -f1)
blobs_before=$({ find "$TOPOLOGY_DIR/storage/files" "$TOPOLOGY_DIR/storage/.tmp" "$TOPOLOGY_DIR/uploads-tmp" -type f 2>/dev/null || true; } | wc -l)
curl -s -o "$work/upload.json" -w '%{http_code}' --limit-rate 20M --max-time 60 "${auth[@]}" \
  -F "files=@$work/big.bin" "$api/api/files" >"$work/upload.status" 2>/dev/null &
client=$!
sleep 1
api_pid=$(cat "$TOPOLOGY_DIR/pids/api")
kill -TERM "$api_pid"; echo "SIGTERM to the API (pid $api_pid) 1 s into the upload"
took=$(wait_exit "$api_pid")
wait "$client" || true
status=$(cat "$work/upload.status"); printf 'API exited %.2fs after SIGTERM; upload answered %s\n' "$took" "$status"
"$topology" restart api >/dev/null
listed=$(curl -fs "${auth[@]}" "$api/api/files/folder/root" | grep -o '"_id"' | wc -l || true)
if [ "$status" = 201 ]; then
  id=$(sed 's/.*"files":\[{"_id":"\([^"]*\)".*/\1/' "$work/upload.json")
  got=$(curl -fs "${auth[@]}" "$api/api/files/$id/download" | sha256sum | cut -d' ' -f1)
  if [ "$got" = "$want" ] && [ "$listed" = 1 ]; then echo "  ok   acknowledged upload downloads byte-identically after the restart"
  else echo "  FAIL acknowledged upload: listed $listed, sha256 match $([ "$got" = "$want" ] && echo yes || echo no)"; failures=$((failures + 1)); fi
else
  blobs_after=$({ find "$TOPOLOGY_DIR/storage/files" "$TOPOLOGY_DIR/storage/.tmp" "$TOPOLOGY_DIR/uploads-tmp" -type f 2>/dev/null || true; } | wc -l)
  if [ "$listed" = 0 ] && [ "$blobs_after" = "$blobs_before" ]; then echo "  ok   refused upload left nothing behind (no file listed, no new blob or temporary file)"
  else echo "  FAIL refused upload left $listed file(s) listed, $((blobs_after - blobs_before)) new blob(s) or temporary file(s)"; failures=$((failures + 1)); fi
fi
if awk -v s="$took" 'BEGIN{exit !(s > 10)}'; then echo "  FAIL the API needed more than Cloud Run's 10 s"; failures=$((failures + 1)); fi

fi

if [[ " $parts " == *" worker "* ]]; then
echo "== 2. Thumbnail worker: SIGTERM while it works through a backlog of $images images"
"$topology" stop thumbnail >/dev/null
python3 - "$work/img.png" <<'PY'
import struct, sys, zlib
w, h = 3000, 2000  # big enough that decoding and scaling take a noticeable moment
rows = b"".join(b"\0" + bytes((x * 7 + y * 3) & 255 for x in range(w * 3)) for y in range(h))
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                              + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))
PY
: >"$work/image-ids"
for i in $(seq 1 "$images"); do
  curl -fs "${auth[@]}" -F "files=@$work/img.png;filename=backlog-$i.png" "$api/api/files" \
    | grep -o '"_id":"[0-9a-f]*"' | head -1 | cut -d'"' -f4 >>"$work/image-ids"
done
[ "$(grep -c . "$work/image-ids")" = "$images" ] || { echo "uploading the backlog failed" >&2; exit 1; }
log=$TOPOLOGY_DIR/logs/thumbnail.log
mark=$(wc -l <"$log")
"$topology" restart thumbnail >/dev/null
worker_pid=$(cat "$TOPOLOGY_DIR/pids/thumbnail")
first=$((images / 4)); deadline=$((SECONDS + 180))
until [ $SECONDS -gt $deadline ] || [ "$(tail -n +$((mark + 1)) "$log" | grep 'event=thumbnail.generated' | grep -Fc -f "$work/image-ids")" -ge "$first" ]; do
  sleep 0.05
done
kill -TERM "$worker_pid"; echo "SIGTERM to the thumbnail worker (pid $worker_pid) after $first thumbnails"
took=$(wait_exit "$worker_pid")
before=$(tail -n +$((mark + 1)) "$log" | grep 'event=thumbnail.generated' | grep -Fo -f "$work/image-ids" | sort || true)
printf 'worker exited %.2fs after SIGTERM, having finished %d of %d images\n' "$took" "$(echo "$before" | grep -c . || true)" "$images"
tail -n +$((mark + 1)) "$log" | grep -iE 'commit|graceful|shutdown|stopp' | sed 's/^/  log: /' | tail -8 || true
mark2=$(wc -l <"$log")
"$topology" restart thumbnail >/dev/null
deadline=$((SECONDS + 180))
while :; do
  done_count=0
  while read -r id; do
    curl -fs "${auth[@]}" "$api/api/files/$id" | grep -q '"hasThumbnail":true' && done_count=$((done_count + 1))
  done <"$work/image-ids"
  [ "$done_count" -ge "$images" ] || [ $SECONDS -gt $deadline ] && break
  sleep 1
done
after=$(tail -n +$((mark2 + 1)) "$log" | grep 'event=thumbnail.generated' | grep -Fo -f "$work/image-ids" | sort || true)
again=$(comm -12 <(echo "$before" | sort -u) <(echo "$after" | sort -u) | grep -c . || true)
printf 'after the restart: %d/%d images have their thumbnail; finished before SIGTERM and handled again: %d\n' \
  "$done_count" "$images" "$again"
[ "$done_count" -ge "$images" ] || { echo "  FAIL images without a thumbnail"; failures=$((failures + 1)); }
[ "$again" -eq 0 ] || { echo "  FAIL $again finished records were redelivered after the restart"; failures=$((failures + 1)); }
if awk -v s="$took" 'BEGIN{exit !(s > 10)}'; then echo "  FAIL the worker needed more than Cloud Run's 10 s"; failures=$((failures + 1)); fi
fi
if [ $failures -eq 0 ]; then echo "graceful-shutdown drill: passed"; else echo "graceful-shutdown drill: $failures FAILED checks"; exit 1; fi

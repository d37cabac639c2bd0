#!/usr/bin/env bash
# Upload and download of one large file through the monolith, against dd to the same disk in the
# same run, and the server's RSS before/peak/after (the goal: flat, whatever the file size).
# Both upload routes are timed: multipart POST /api/files and the streaming PUT /api/files/content,
# the first upload after start, then best of 3 more of each.
# Downloads are measured against nginx (Debian package; installed when missing and apt-get is
# there) serving the same files from the same disk with sendfile on, in the same run: the large
# file with curl (best of 3 each), and a 64 KiB file with wrk (DL_CONNS connections, DL_SECONDS s,
# after DL_WARMUP s of warm-up); and, as the floor of the HTTP stack itself, the same server's own
# static-file handler sending a web UI file of similar size.
# JAVA_OPTS=-Xmx64m shows that neither holds the file in memory.
# Usage: bench/transfer.sh [MiB]       (build first: ./mvnw -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
mib=${1:-1024}
port=${PORT:-5096}
dir=$(mktemp -d -p "${BENCH_DIR:-/tmp}")
# (set -e is still on in the trap: every step must succeed or say || true)
trap '[ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true; kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
if ! command -v nginx >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1) \
    || (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null 2>&1) || true
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
head -c $((mib * 1024 * 1024)) /dev/urandom > "$dir/input.bin"
sync
# peer: the same bytes through dd onto the same file system, with fsync like the storage provider
dd_start=$(date +%s%N); dd if="$dir/input.bin" of="$dir/dd-copy.bin" bs=1M conv=fsync status=none; dd_end=$(date +%s%N)
rm -f "$dir/dd-copy.bin"
(cd "$dir" && MAX_FILE_SIZE=$((mib * 1024 * 1024 + 1)) MAX_BODY_SIZE=$((mib + 16))M PORT=$port MANAGEMENT_PORT=${MANAGEMENT_PORT:-$((port + 1))} \
  exec java @"$root/api/jvm.options" ${JAVA_OPTS:-} -jar "$root/api/target/quarkus-app/quarkus-run.jar" >"$dir/app.log" 2>&1) &
pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/api/health"; do sleep 0.1; done
token=$(curl -fs -X POST "http://127.0.0.1:$port/api/auth/register" -H 'Content-Type: application/json' \
  -d "{\"email\":\"bench-$RANDOM@example.com\",\"password\":\"benchmark password\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
rss() { awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status; }
before=$(rss)
# the peak since the last reset: each phase starts by writing the current RSS to $dir/peak
echo "$before" > "$dir/peak"
# (a read while phase_peak rewrites the file can be empty: counts as 0)
(while kill -0 $pid 2>/dev/null; do r=$(rss); p=$(cat "$dir/peak"); [ "${r:-0}" -gt "${p:-0}" ] && echo "$r" > "$dir/peak"; sleep 0.2; done) &
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
# the same uploads again once the JIT has seen the route: best of 3 each (the lines above are the
# first upload after start, which runs partly in the interpreter)
best_ns() { local best=999999999999 t0 t1; for _ in 1 2 3; do t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); best=$(( t1 - t0 < best ? t1 - t0 : best )); done; echo "$best"; }
warm_post() { curl -fs -o /dev/null -X POST "http://127.0.0.1:$port/api/files" -H "Authorization: Bearer $token" -F "files=@$dir/input.bin"; }
warm_put() { curl -fs -o /dev/null -X PUT "http://127.0.0.1:$port/api/files/content?name=input.bin" -H "Authorization: Bearer $token" -T "$dir/input.bin"; }
warm_post_ns=$(best_ns warm_post)
warm_put_ns=$(best_ns warm_put)
warm_peak=$(phase_peak)
down_start=$(date +%s%N)
curl -fs -o "$dir/output.bin" "http://127.0.0.1:$port/api/files/$id/download" -H "Authorization: Bearer $token"
down_end=$(date +%s%N)
down_peak=$(phase_peak)
curl -fs -o "$dir/output-put.bin" "http://127.0.0.1:$port/api/files/$put_id/download" -H "Authorization: Bearer $token"
# --- downloads side by side with nginx: same files, same disk, sendfile on ---------------------
nport=${NGINX_PORT:-$((port + 2))}
mkdir -p "$dir/www" "$dir/nginx-tmp"
ln "$dir/input.bin" "$dir/www/large.bin"
head -c 65536 /dev/urandom > "$dir/www/64k.bin"
small_id=$(curl -fs -X PUT "http://127.0.0.1:$port/api/files/content?name=64k.bin" -H "Authorization: Bearer $token" \
  -T "$dir/www/64k.bin" | file_id)
# as root, nginx's workers would run as nobody, who cannot enter the private temp dir
nginx_user=""; [ "$(id -u)" -eq 0 ] && nginx_user="user root;"
cat > "$dir/nginx.conf" <<NGINX
$nginx_user
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 1024; }
http {
  sendfile on;
  tcp_nopush on;
  access_log off;
  client_body_temp_path $dir/nginx-tmp/body;
  proxy_temp_path $dir/nginx-tmp/proxy;
  fastcgi_temp_path $dir/nginx-tmp/fastcgi;
  uwsgi_temp_path $dir/nginx-tmp/uwsgi;
  scgi_temp_path $dir/nginx-tmp/scgi;
  default_type application/octet-stream;
  server { listen 127.0.0.1:$nport; root $dir/www; }
}
NGINX
nginx_ok=1
"$nginx_bin" -e "$dir/nginx-error.log" -c "$dir/nginx.conf" -p "$dir" 2>>"$dir/nginx-error.log" || nginx_ok=0
# best of 3 wall-clock times of one curl download (ns), the file written to /dev/null
best_of_3() {
  local best=0 t0 t1 d
  for _ in 1 2 3; do
    t0=$(date +%s%N)
    [ "$(curl -fs -o /dev/null -w '%{size_download}' "$@")" = "$((mib * 1024 * 1024))" ] || { echo 0; return; }
    t1=$(date +%s%N); d=$((t1 - t0))
    if [ "$best" -eq 0 ] || [ "$d" -lt "$best" ]; then best=$d; fi
  done
  echo "$best"
}
# requests/s of wrk on one URL (extra args before the URL)
# requests/s of wrk on one URL (extra args before the URL); 0 when any answer was not a 2xx
wrk_rps() {
  local out
  out=$(wrk -t2 -c"${DL_CONNS:-32}" -d"${DL_SECONDS:-10}s" "$@" 2>/dev/null)
  if grep -q "Non-2xx" <<<"$out"; then echo 0; else awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out"; fi
}
echo "$(rss)" > "$dir/peak"
api_large=$(best_of_3 "http://127.0.0.1:$port/api/files/$id/download" -H "Authorization: Bearer $token")
dl_peak=$(phase_peak)
nginx_large=0; nginx_small=0
if [ "$nginx_ok" -eq 1 ]; then
  nginx_large=$(best_of_3 "http://127.0.0.1:$nport/large.bin")
fi
api_small=0
if command -v wrk >/dev/null 2>&1; then
  # the JIT needs a while on this route (measured: 3 s of warm-up left it at a fifth of its rate)
  wrk -t2 -c"${DL_CONNS:-32}" -d"${DL_WARMUP:-15}s" -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/files/$small_id/download" >/dev/null 2>&1 || true
  api_small=$(wrk_rps -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/files/$small_id/download")
  small_peak=$(phase_peak)
  # the floor of this HTTP stack: the same server's own static-file handler (no authentication, no
  # database) sending one of the web UI's files
  static_path=/app/css/app.css
  static_size=$(curl -fs -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port$static_path" || echo 0)
  wrk -t2 -c"${DL_CONNS:-32}" -d5s "http://127.0.0.1:$port$static_path" >/dev/null 2>&1 || true
  static_small=$(wrk_rps "http://127.0.0.1:$port$static_path")
  if [ "$nginx_ok" -eq 1 ]; then
    wrk -t2 -c"${DL_CONNS:-32}" -d3s "http://127.0.0.1:$nport/64k.bin" >/dev/null 2>&1 || true
    nginx_small=$(wrk_rps "http://127.0.0.1:$nport/64k.bin")
  fi
fi
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
echo "upload multipart POST, warm (best of 3 more):  $(mbps 0 "$warm_post_ns") MiB/s  ($(vs_dd 0 "$warm_post_ns")x dd)"
echo "upload streaming PUT, warm (best of 3 more):   $(mbps 0 "$warm_put_ns") MiB/s  ($(vs_dd 0 "$warm_put_ns")x dd)  RSS peak of the 6 ${warm_peak} MiB"
echo "download:               $(mbps $down_start $down_end) MiB/s  RSS peak ${down_peak} MiB"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
if [ "$nginx_ok" -eq 1 ]; then peer="$("$nginx_bin" -v 2>&1 | sed 's/.*: //') sendfile on, $(nproc) workers"; else peer="nginx did not start (see its error log)"; fi
echo "downloads vs $peer, same run:"
echo "  ${mib} MiB best of 3:  API $( [ "$api_large" -gt 0 ] && mbps 0 "$api_large" || echo failed) MiB/s, nginx $( [ "$nginx_large" -gt 0 ] && mbps 0 "$nginx_large" || echo failed) MiB/s  (API/nginx $(ratio "$nginx_large" "$api_large")x)  RSS peak ${dl_peak} MiB"
echo "  64 KiB, wrk c=${DL_CONNS:-32} ${DL_SECONDS:-10}s:  API ${api_small} req/s, nginx ${nginx_small} req/s  (API/nginx $(ratio "$api_small" "$nginx_small")x)  RSS peak ${small_peak:-?} MiB"
echo "  the same server's static-file handler, $static_path ($((static_size / 1024)) KiB, no auth, no database): ${static_small:-0} req/s  (API 64 KiB / it $(ratio "$api_small" "${static_small:-0}")x, it / nginx $(ratio "${static_small:-0}" "$nginx_small")x)"
echo "server RSS: before ${before} MiB, after $(rss) MiB"

#!/usr/bin/env bash
# Folder download as a streamed ZIP through the packaged monolith (README command: api/jvm.options),
# against Info-ZIP writing the same tree from disk in the same run (zip -1, .jpg stored: the same
# choice the server makes). The tree: RANDOM_MIB of JPEG-like random files (stored), TEXT_MIB of
# text (deflated), nested folders, an empty folder, a non-ASCII name. The archive is checked with
# unzip -t and its extracted files compared with the originals; server RSS before/peak.
# Usage: bench/zip.sh [RANDOM_MIB] [TEXT_MIB]     (build first: ./mvnw -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
random_mib=${1:-256}
text_mib=${2:-64}
port=${PORT:-5098}
dir=$(mktemp -d -p "${BENCH_DIR:-/tmp}")
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
tree="$dir/src/Tree"
mkdir -p "$tree/photos" "$tree/text/a/b/c" "$tree/empty"
for i in $(seq 1 $((random_mib / 8))); do
  { printf '\xff\xd8\xff\xe0'; head -c $((8 * 1024 * 1024 - 4)) /dev/urandom; } > "$tree/photos/p$i.jpg"
done
python3 - "$tree/text" "$text_mib" <<'PY'
import random, sys
words = "the of and report figure walrus census quarterly lorem ipsum dolor sit amet data value 2024".split()
rnd = random.Random(1)
per = 4 * 1024 * 1024
for i in range(max(1, int(sys.argv[2]) // 4)):
    out, size = [], 0
    while size < per:
        w = rnd.choice(words) + (",\n" if rnd.random() < 0.1 else " ")
        out.append(w); size += len(w)
    open(f"{sys.argv[1]}/t{i}.txt", "w").write("".join(out)[:per])
PY
echo "deep" > "$tree/text/a/b/c/deep.txt"
echo "unicode" > "$tree/text/Résumé 日本.txt"
(cd "$dir" && MAX_FILE_SIZE=$((16 * 1024 * 1024)) PORT=$port MANAGEMENT_PORT=${MANAGEMENT_PORT:-$((port + 1))} \
  exec java @"$root/api/jvm.options" ${JAVA_OPTS:-} -jar "$root/api/target/quarkus-app/quarkus-run.jar" >"$dir/app.log" 2>&1) &
pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/api/health"; do sleep 0.1; done
api="http://127.0.0.1:$port/api"
token=$(curl -fs -X POST "$api/auth/register" -H 'Content-Type: application/json' \
  -d "{\"email\":\"bench-$RANDOM@example.com\",\"password\":\"benchmark password\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
auth=(-H "Authorization: Bearer $token")
# folders and files through the API, as a client would upload a tree (ids by relative path)
declare -A ids
mkfolder() {
  local parent=null; [ -n "${2:-}" ] && parent="\"$2\""
  curl -fs -X POST "$api/folders" "${auth[@]}" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"parentId\":$parent}" | sed 's/.*"_id":"\([^"]*\)".*/\1/'
}
urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
ids[.]=$(mkfolder Tree)
while IFS= read -r d; do
  rel=${d#"$tree"/}; parent=$(dirname "$rel")
  ids[$rel]=$(mkfolder "$(basename "$rel")" "${ids[$parent]}")
done < <(find "$tree" -mindepth 1 -type d | sort)
while IFS= read -r f; do
  rel=${f#"$tree"/}; parent=$(dirname "$rel")
  curl -fs -o /dev/null "$api/files/content?folderId=${ids[$parent]}&name=$(urlencode "$(basename "$rel")")" \
    "${auth[@]}" -T "$f"
done < <(find "$tree" -type f | sort)
rss() { awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status; }
before=$(rss); echo "$before" > "$dir/peak"
(while kill -0 $pid 2>/dev/null; do r=$(rss); [ "$r" -gt "$(cat "$dir/peak")" ] && echo "$r" > "$dir/peak"; sleep 0.1; done) &
sampler=$!
best() { # best of 3 wall-clock ns of a command
  local b=0 t0 t1; for _ in 1 2 3; do t0=$(date +%s%N); "$@"; t1=$(date +%s%N); { [ $b -eq 0 ] || [ $((t1 - t0)) -lt $b ]; } && b=$((t1 - t0)); done; echo $b; }
api_ns=$(best curl -fs -o "$dir/api.zip" "${auth[@]}" "$api/folders/${ids[.]}/download")
peak=$(cat "$dir/peak"); kill $sampler 2>/dev/null || true
zip_ns=$(best sh -c "cd '$dir/src' && zip -q -r -1 -n .jpg - Tree > '$dir/infozip.zip'")
check=$(unzip -tq "$dir/api.zip" 2>&1 | tail -1)
mkdir "$dir/out" && (cd "$dir/out" && unzip -q "$dir/api.zip")
same=identical; diff -r "$dir/src/Tree" "$dir/out/Tree" >/dev/null || same=DIFFERENT
mib=$(du -sm --apparent-size "$tree" | cut -f1)
rate() { awk -v m="$mib" -v ns="$1" 'BEGIN { printf "%d", m * 1e9 / ns }'; }
entries=$(unzip -Z1 "$dir/api.zip" | wc -l)
echo "tree: ${mib} MiB (${random_mib} MiB JPEG-like random, ${text_mib} MiB text), ${entries} entries; $(java -version 2>&1 | head -1)"
echo "API folder ZIP: $(rate "$api_ns") MiB/s of tree, archive $(du -m --apparent-size "$dir/api.zip" | cut -f1) MiB; unzip -t: $check; extracted tree vs source: $same"
echo "Info-ZIP zip -1 -n .jpg (disk to disk, same run): $(rate "$zip_ns") MiB/s, archive $(du -m --apparent-size "$dir/infozip.zip" | cut -f1) MiB"
echo "server RSS: before ${before} MiB, peak during the downloads ${peak} MiB, after $(rss) MiB"
grep -o 'event=zip.sent.*' "$dir/app.log" | tail -1

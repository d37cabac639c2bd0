#!/usr/bin/env bash
# Online backup of the monolith on its embedded defaults, while it keeps serving (docs/backup.md):
#   1. the database: POST /api/admin/backup writes a consistent snapshot into BACKUP_DIR/<name>/db
#      (with db/blobs.tsv, the blob each file document of the snapshot needs);
#   2. then the blobs: STORAGE_PATH into BACKUP_DIR/<name>/storage, without the .tmp partials of
#      uploads in progress (hard links where the file system allows: blobs are never rewritten);
#   3. then the JWT secret, and a manifest: MANIFEST.sha256 (every file of the backup) and
#      manifest.txt (counts). A backup without MANIFEST.sha256 is unfinished: restore refuses it.
# Database first, blobs second: every document in the snapshot was written after its blob, so its
# blob is in the copy. The one exception, a file deleted for good between the two steps, is listed
# in MISSING-BLOBS.tsv (and again by restore.sh).
#
# Usage: ADMIN_TOKEN=... scripts/backup.sh [name]        (name: a UTC timestamp by default)
# Environment, as the server's: ADMIN_TOKEN (required), API (http://127.0.0.1:${PORT:-5000}),
#   DATA_DIR (./data), STORAGE_PATH ($DATA_DIR/storage), BACKUP_DIR (./backups: the same directory
#   the server writes to), BACKUP_KEEP (keep only the newest N finished backups; 0 = all, default).
# Cron, nightly at 03:15:  15 3 * * * cd /srv/opendrive && ADMIN_TOKEN=... scripts/backup.sh >>backups/backup.log 2>&1
set -euo pipefail
: "${ADMIN_TOKEN:?must be set to the operator token of the server}"
api=${API:-http://127.0.0.1:${PORT:-5000}}
data=${DATA_DIR:-./data}
storage=${STORAGE_PATH:-$data/storage}
backups=${BACKUP_DIR:-./backups}
keep=${BACKUP_KEEP:-0}
name=${1:-$(date -u +%Y%m%dT%H%M%SZ)}
log() { printf '%s backup %s: %s\n' "$(date -u +%FT%TZ)" "$name" "$*"; }

# 1. the database snapshot, written by the server itself
response=$(mktemp); trap 'rm -f "$response"' EXIT
status=$(curl -sS -o "$response" -w '%{http_code}' -X POST -H "X-Admin-Token: $ADMIN_TOKEN" \
  "$api/api/admin/backup?name=$name") || { log "the server at $api does not answer"; exit 1; }
if [ "$status" != 201 ]; then
  log "the server refused the snapshot ($status): $(cat "$response")"; exit 1
fi
target=$(cd "$backups" 2>/dev/null && pwd)/$name || true
[ -d "$backups" ] && [ -f "$target/db/opendrive.mv" ] || {
  log "the server wrote the snapshot to $(sed 's/.*"path":"\([^"]*\)".*/\1/' "$response"), not below BACKUP_DIR=$backups here: run this script with the server's BACKUP_DIR"; exit 1; }
log "database snapshot written: $(cat "$response")"

# 2. the blobs the snapshot's documents need: each file's blob and, once made, its thumbnail
# (blobs of uploads that came after the snapshot, and .tmp partials, stay out). A previous finished
# backup on the same file system lends its copies (hard links: blobs are never rewritten); only
# what is missing then is copied from STORAGE_PATH.
same_fs() { [ "$(stat -c %d "$1")" = "$(stat -c %d "$2")" ]; }
mkdir -p "$target/storage"
# finished backups, newest first (by when they finished, whatever their names)
finished() { ls -1t "$backups"/*/MANIFEST.sha256 2>/dev/null | sed 's:/MANIFEST.sha256$::' || true; }
previous=$(finished | grep -vxF "$target" | head -1 || true)
if [ -n "$previous" ] && [ -d "$previous/storage" ] && same_fs "$previous/storage" "$target/storage"; then
  cp -al "$previous/storage/." "$target/storage/"
fi
work=$(mktemp -d); trap 'rm -f "$response"; rm -rf "$work"' EXIT
awk -F'\t' '!/^#/ {print "./" $1; if ($7 != "" && $7 != "-") print "./" $7}' "$target/db/blobs.tsv" \
  | LC_ALL=C sort -u >"$work/referenced"
(cd "$storage" && find . -path ./.tmp -prune -o -type f -print | LC_ALL=C sort) >"$work/source"
(cd "$target/storage" && find . -type f -print | LC_ALL=C sort) >"$work/have"
LC_ALL=C comm -12 "$work/source" "$work/referenced" | LC_ALL=C comm -23 - "$work/have" >"$work/need"
link=; same_fs "$storage" "$target/storage" && link=-l
if [ -s "$work/need" ]; then
  # a blob deleted since it was listed is not an error here (see MISSING-BLOBS.tsv); anything else is
  (cd "$storage" && xargs -d '\n' -r cp -a $link --parents -t "$target/storage" <"$work/need") 2>"$work/cp.err" || true
  if grep -v 'No such file or directory' "$work/cp.err" >&2; then log "copying the blobs failed"; exit 1; fi
fi
# what the previous backup lent that this snapshot's documents no longer need
LC_ALL=C comm -23 "$work/have" "$work/referenced" | (cd "$target/storage" && xargs -d '\n' -r rm -f)
find "$target/storage" -mindepth 1 -type d -empty -delete

# the JWT secret the server generated: tokens issued before the backup stay valid after a restore
if [ -f "$data/jwt-secret" ]; then cp -a "$data/jwt-secret" "$target/jwt-secret"; fi
chmod 700 "$target"

# documents of the snapshot whose blob is not in the copy: deleted for good after the snapshot began
awk -F'\t' '!/^#/ {print}' "$target/db/blobs.tsv" | while IFS=$'\t' read -r key size sha id owner trashed thumb; do
  [ -f "$target/storage/$key" ] || printf '%s\t%s\t%s\t%s\n' "$id" "$owner" "$key" "$trashed"
done >"$work/missing"
# a thumbnail can be made again; its absence is counted, not an error
thumbnails_missing=$(awk -F'\t' '!/^#/ && $7 != "" && $7 != "-" {print $7}' "$target/db/blobs.tsv" \
  | while read -r key; do [ -f "$target/storage/$key" ] || echo "$key"; done | wc -l)
if [ -s "$work/missing" ]; then
  { printf '#fileId\townerId\tstorageKey\ttrashed\n'; cat "$work/missing"; } >"$target/MISSING-BLOBS.tsv"
  log "WARNING: $(wc -l <"$work/missing") documents of the snapshot have no blob (deleted for good while the backup ran): $target/MISSING-BLOBS.tsv"
fi

# 3. the manifest: a hash of every file. A blob linked from the previous backup is the same file
# (same inode, never rewritten): its hash is taken from that backup's manifest instead of re-read.
(cd "$target" && find db storage -type f -printf '%i %p\n'; if [ -f jwt-secret ]; then echo "0 jwt-secret"; fi) \
  | LC_ALL=C sort -k2 >"$work/files"
: >"$work/known"
if [ -n "$previous" ]; then
  (cd "$previous" && find storage -type f -printf '%i %p\n' | LC_ALL=C sort -k2) >"$work/previous-inodes"
  # "<hash>  <path>" lines of the previous manifest, joined on path with its inodes
  sed 's/^\([0-9a-f]\{64\}\)  /\1 /' "$previous/MANIFEST.sha256" | awk '{print $2, $1}' | LC_ALL=C sort -k1,1 \
    | LC_ALL=C join -1 1 -2 2 - <(LC_ALL=C sort -k2,2 "$work/previous-inodes") >"$work/known"   # path hash inode
fi
awk 'FILENAME == ARGV[1] {known[$1" "$3]=$2; next} { if (($2" "$1) in known) print known[$2" "$1]"  "$2; else print $2 > "/dev/stderr" }' \
  "$work/known" "$work/files" 2>"$work/to-hash" >"$work/manifest"
(cd "$target" && xargs -d '\n' -r sha256sum <"$work/to-hash") >>"$work/manifest"
LC_ALL=C sort -k2 "$work/manifest" >"$target/MANIFEST.sha256.partial"

blobs=$(grep -c '  storage/' "$target/MANIFEST.sha256.partial" || true)
bytes=$(cd "$target" && du -sb --apparent-size storage | cut -f1)
{
  echo "name=$name"
  echo "finished=$(date -u +%FT%TZ)"
  echo "server=$api"
  echo "database_bytes=$(stat -c %s "$target/db/opendrive.mv")"
  printf '%s\n' "$(sed -n 's/.*"documents":{\([^}]*\)}.*/\1/p' "$response" | tr ',' '\n' \
    | sed 's/"\([^"]*\)":\(.*\)/documents_\1=\2/')"
  echo "documents_needing_a_blob=$(grep -vc '^#' "$target/db/blobs.tsv" || true)"
  echo "blob_files=$blobs"
  echo "blob_bytes=$bytes"
  echo "missing_blobs=$(wc -l <"$work/missing")"
  echo "missing_thumbnails=$thumbnails_missing"
  echo "hashes_reused_from=${previous:-none}"
} >"$target/manifest.txt"
mv "$target/MANIFEST.sha256.partial" "$target/MANIFEST.sha256"
log "finished: $blobs blob files ($bytes bytes), $(wc -l <"$work/to-hash") files hashed, $(( $(wc -l <"$work/manifest") - $(wc -l <"$work/to-hash") )) hashes reused; $target"

# retention: the newest BACKUP_KEEP finished backups stay
if [ "$keep" -gt 0 ]; then
  finished | tail -n +"$((keep + 1))" | while read -r old; do log "removing old backup $old"; rm -rf "$old"; done
fi

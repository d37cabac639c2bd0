#!/usr/bin/env bash
# Restores a backup written by scripts/backup.sh into the monolith's data directory (docs/backup.md).
# Stop the server first. Then:
#   1. the backup is checked against its MANIFEST.sha256 (every file, byte for byte);
#   2. DATA_DIR must be empty or absent (and STORAGE_PATH, when it is elsewhere); with --force a
#      non-empty one is moved aside to <dir>.before-restore-<time>, never deleted;
#   3. the database file, the blobs and the JWT secret are copied into place (--link: blobs as hard
#      links to the backup's, when on one file system; they are never rewritten);
#   4. every file document of the snapshot is checked against the restored blobs: present, and the
#      SHA-256 the document recorded at upload. Documents without their blob are listed in
#      DATA_DIR/restore-missing-blobs.tsv: a file in the trash whose blob is missing was deleted for
#      good while the backup ran (expected, exit 0); a live file without its blob means the backup
#      is incomplete (exit 2).
# Then start the server as usual on DATA_DIR; usage counters are recounted from the documents.
#
# Usage: scripts/restore.sh [--force] [--link] <backup-dir>
# Environment, as the server's: DATA_DIR (./data), STORAGE_PATH ($DATA_DIR/storage).
set -euo pipefail
force=; link=
while [ $# -gt 0 ]; do
  case $1 in
    --force) force=1; shift ;;
    --link) link=-l; shift ;;
    -*) echo "unknown option $1" >&2; exit 64 ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || { echo "usage: $0 [--force] [--link] <backup-dir>" >&2; exit 64; }
backup=$(cd "$1" && pwd)
data=$(realpath -m "${DATA_DIR:-./data}")
storage=$(realpath -m "${STORAGE_PATH:-$data/storage}")
log() { printf '%s restore: %s\n' "$(date -u +%FT%TZ)" "$*"; }

# 1. the backup is whole
[ -f "$backup/MANIFEST.sha256" ] || { log "$backup has no MANIFEST.sha256: not a finished backup"; exit 1; }
if ! (cd "$backup" && sha256sum --quiet --strict -c MANIFEST.sha256); then
  log "$backup does not match its manifest: not restoring from it"; exit 1
fi
log "backup verified: $(wc -l <"$backup/MANIFEST.sha256") files match MANIFEST.sha256"

# 2. never over existing data
stamp=$(date -u +%Y%m%dT%H%M%SZ)
make_room() {
  local dir=$1
  if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    if [ -z "$force" ]; then
      log "$dir is not empty: restore into an empty directory, or pass --force to move it aside"; exit 1
    fi
    mv "$dir" "$dir.before-restore-$stamp"
    log "moved the existing $dir aside to $dir.before-restore-$stamp"
  fi
}
make_room "$data"
case $(realpath -m "$storage")/ in
  "$(realpath -m "$data")"/*) ;;
  *) make_room "$storage" ;;
esac

# 3. into place
mkdir -p "$data/db" "$storage"
cp "$backup/db/opendrive.mv" "$data/db/opendrive.mv"
(cd "$backup/storage" && find . -type f -print0 | xargs -0 -r cp -a $link --parents -t "$storage")
if [ -f "$backup/jwt-secret" ]; then cp -a "$backup/jwt-secret" "$data/jwt-secret"; fi
log "restored the database ($(stat -c %s "$data/db/opendrive.mv") bytes) to $data/db and $(find "$storage" -type f | wc -l) blob files to $storage"

# 4. every document's blob, by the hash recorded in the document
expected=$(mktemp); trap 'rm -f "$expected"' EXIT
missing=$data/restore-missing-blobs.tsv
: >"$missing"
awk -F'\t' '!/^#/' "$backup/db/blobs.tsv" | while IFS=$'\t' read -r key size sha id owner trashed thumb; do
  if [ ! -f "$storage/$key" ]; then
    printf '%s\t%s\t%s\t%s\n' "$id" "$owner" "$key" "$trashed" >>"$missing"
  elif [ "$sha" != - ]; then
    printf '%s  %s\n' "$sha" "$key" >>"$expected"
  fi
done
checked=$(wc -l <"$expected")
if ! (cd "$storage" && sha256sum --quiet --strict -c "$expected"); then
  log "restored blobs differ from the SHA-256 their documents recorded (above)"; exit 1
fi
documents=$(awk -F'\t' '!/^#/' "$backup/db/blobs.tsv" | wc -l)
if [ ! -s "$missing" ]; then
  rm -f "$missing"
  log "every file document has its blob: $checked of $documents checked by SHA-256 (the rest recorded none)"
  log "done: start the server on DATA_DIR=$data"
  exit 0
fi
sed -i '1i #fileId\townerId\tstorageKey\ttrashed' "$missing"
live=$(awk -F'\t' '!/^#/ && $4 == 0' "$missing" | wc -l)
log "$(( $(wc -l <"$missing") - 1 )) file documents have no blob (listed in $missing); $checked others checked by SHA-256"
if [ "$live" -gt 0 ]; then
  log "$live of them were not in the trash when the snapshot was taken: the backup is incomplete for them"
  exit 2
fi
log "all of them were in the trash: deleted for good while the backup ran; their owners can empty the trash"
log "done: start the server on DATA_DIR=$data"

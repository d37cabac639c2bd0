#!/usr/bin/env bash
# End-to-end proof against a running topology (scripts/topology.sh up, same TOPOLOGY_DIR/API_PORT/
# KAFKA_PORT): 200 uploads (images and text files) across two users while the thumbnail worker and
# then the search indexer are killed with -9 mid-stream and restarted; poisoned records published
# straight onto the events topic. Asserts one thumbnail per image (API + blobs on disk), every text
# file found once by a word of its content, no user sees another's files (list, search, GET -> 404),
# the DLQ holds only the poisoned records (at least once per consumer group; extra copies after a
# kill -9 are reported as redeliveries) and no consumer lag is left.
# Prints `uploaded N, thumbnails N, indexed N, lost 0, duplicates 0, dlq K`; exits 1 otherwise.
# Usage: [TOPOLOGY_DIR=.. API_PORT=.. KAFKA_PORT=..] scripts/e2e-topology.sh [count] [key=value...]
#   (options of scripts/drills/TopologyDrill.java, e.g. users=3 concurrency=8)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export TOPOLOGY_DIR=${TOPOLOGY_DIR:-$root/.topology}
topology=$root/scripts/topology.sh
api=http://127.0.0.1:${API_PORT:-5300}
kafka=127.0.0.1:${KAFKA_PORT:-19092}
curl -fs "$api/api/health" >/dev/null || { echo "no topology answers at $api: run scripts/topology.sh up" >&2; exit 2; }
count=${1:-200}; shift || true
# One action per worker: kill -9, then restart (uploads keep streaming meanwhile). The search
# indexer is killed only once the thumbnail worker's restart has finished, so the restarts (each
# waits for the whole topology to be ready) never overlap.
marker=$(mktemp -u)
trap 'rm -f "$marker"' EXIT
kill_and_restart() {
  echo "kill -9 \$(cat $TOPOLOGY_DIR/pids/$1) && echo \"drill: $1 worker killed (-9) at \$(date +%T)\";" \
    "sleep 2; $topology restart $1 >/dev/null && echo \"drill: $1 worker restarted at \$(date +%T)\"; touch $marker"
}
before_thumb=$(grep -c 'event=thumbnail.generated' "$TOPOLOGY_DIR/logs/thumbnail.log" || true)
before_index=$(grep -c 'event=index.done' "$TOPOLOGY_DIR/logs/search.log" || true)
status=0
java -cp "$(cat "$TOPOLOGY_DIR/kafka.classpath")" "$root/scripts/drills/TopologyDrill.java" \
  api="$api" kafka="$kafka" storage="$TOPOLOGY_DIR/storage" count="$count" "$@" \
  --at $((count / 4)) "$(kill_and_restart thumbnail)" \
  --at $((count / 2)) "until [ -f $marker ]; do sleep 0.2; done; $(kill_and_restart search)" || status=$?
# Redeliveries after a kill are expected (offsets are committed after success); they rewrite the
# same thumbnail key / index entry, so they are counted here but are not duplicates.
echo "handler runs in this drill: thumbnail.generated $(( $(grep -c 'event=thumbnail.generated' "$TOPOLOGY_DIR/logs/thumbnail.log" || true) - before_thumb )), index.done $(( $(grep -c 'event=index.done' "$TOPOLOGY_DIR/logs/search.log" || true) - before_index ))"
exit $status

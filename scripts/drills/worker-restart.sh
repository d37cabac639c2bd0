#!/usr/bin/env bash
# Drill: kill -9 the thumbnail worker while uploads stream in, restart it, and check that every
# image ends with exactly one thumbnail (offsets are committed only after success, so unfinished
# records are redelivered; the handler writes to a fixed key, so a redelivery changes nothing visible).
# Starts its own topology in a temporary TOPOLOGY_DIR and stops it afterwards.
# Usage: scripts/drills/worker-restart.sh [count]      (build first: ./mvnw -B -DskipTests package)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export TOPOLOGY_DIR=${TOPOLOGY_DIR:-$(mktemp -d)}
topology=$root/scripts/topology.sh
trap '"$topology" down >/dev/null' EXIT
"$topology" up
count=${1:-40}
java -cp "$(cat "$TOPOLOGY_DIR/kafka.classpath")" "$root/scripts/drills/TopologyDrill.java" \
  api="http://127.0.0.1:${API_PORT:-5300}" storage="$TOPOLOGY_DIR/storage" count="$count" users=1 images=1 \
  poison=false concurrency=1 \
  --at $((count / 4)) "kill -9 \$(cat $TOPOLOGY_DIR/pids/thumbnail) && echo 'drill: thumbnail worker killed (-9)'" \
  --at $((count / 4 + 1)) "$topology restart thumbnail >/dev/null && echo 'drill: thumbnail worker restarted'"
echo "thumbnail.generated log lines (redeliveries included): $(grep -c 'event=thumbnail.generated' "$TOPOLOGY_DIR/logs/thumbnail.log" || true)"

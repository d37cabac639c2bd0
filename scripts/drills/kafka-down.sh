#!/usr/bin/env bash
# Drill: stop the Kafka process (only it), upload N images and N text files (each must answer 201:
# their events wait in the API's MongoDB outbox), start Kafka again, and check that every image gets
# its thumbnail and every text file becomes searchable by its content. Exits non-zero on any loss.
# Usage: scripts/drills/kafka-down.sh [count]      (build first: ./mvnw -B -DskipTests package)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export TOPOLOGY_DIR=${TOPOLOGY_DIR:-$(mktemp -d)}
topology=$root/scripts/topology.sh
trap '"$topology" down >/dev/null' EXIT
"$topology" up
count=${1:-20}
java "$root/scripts/drills/KafkaDownDrill.java" "http://127.0.0.1:${API_PORT:-5300}" "$count" \
  "$topology stop kafka && echo 'drill: kafka stopped'" \
  "$topology up >/dev/null && echo 'drill: kafka started again'"
grep -h 'event=outbox\.' "$TOPOLOGY_DIR/logs/api.log" | sed 's/^/api log: /' | cut -c1-260 || true

#!/usr/bin/env bash
# Upload -> thumbnail-ready latency in the monolith (in-process bus), on its embedded defaults.
# Usage: bench/pipeline/monolith.sh [count] [megapixels]    (build first: ./mvnw -B -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
port=${PORT:-5097}
dir=$(mktemp -d)
(cd "$dir" && PORT=$port exec java @"$root/api/jvm.options" -jar "$root/api/target/quarkus-app/quarkus-run.jar" >"$dir/app.log" 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
until curl -fs -o /dev/null "http://127.0.0.1:$port/api/health"; do sleep 0.1; done
echo "monolith (in-process bus), $(java -version 2>&1 | head -1)"
java "$root/bench/pipeline/Latency.java" "http://127.0.0.1:$port" "${1:-20}" "${2:-12}"

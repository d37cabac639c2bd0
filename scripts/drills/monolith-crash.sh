#!/usr/bin/env bash
# Drill: kill -9 the monolith (embedded database, local blobs) in the middle of a burst of
# registrations and uploads, right after an acknowledged (201) upload; restart it on the same
# DATA_DIR and check that every acknowledged account logs in and every acknowledged file is listed
# and downloads byte-identically (SHA-256). Files stored but not yet acknowledged when the process
# died must be complete too (never half-written). Then the database itself: every index of the
# product's collections agrees with the documents (validate full), and each user's usage counters
# (recounted in the background after a crash) equal what the user's listing holds.
# The monolith runs with the README's JVM options (api/jvm.options).
# Usage: [PORT=5000] scripts/drills/monolith-crash.sh [accounts=10] [uploads=120] [kill-after=40]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
jar=$root/api/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "missing $jar: run ./mvnw -B -DskipTests package first" >&2; exit 1; }
port=${PORT:-5000}; api=http://127.0.0.1:$port
accounts=${1:-10}; uploads=${2:-120}; kill_after=${3:-40}
work=$(mktemp -d); data=$work/data; pidfile=$work/pid; ledger=$work/ledger
cleanup() { local p; p=$(cat "$pidfile" 2>/dev/null || true); [ -n "$p" ] && kill "$p" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
start() {
  (DATA_DIR=$data PORT=$port exec java @"$root/api/jvm.options" -jar "$jar" >>"$work/monolith.log" 2>&1) & echo $! >"$pidfile"
  until curl -fs "$api/api/health" >/dev/null 2>&1; do
    kill -0 "$(cat "$pidfile")" 2>/dev/null || { tail -30 "$work/monolith.log" >&2; exit 1; }
    sleep 0.2
  done
}
start
echo "monolith up on $api (pid $(cat "$pidfile"), DATA_DIR $data)"
java "$root/scripts/drills/MonolithCrashDrill.java" burst "$api" "$ledger" "$pidfile" "$accounts" "$uploads" "$kill_after"
while kill -0 "$(cat "$pidfile")" 2>/dev/null; do sleep 0.1; done
echo "ledger: $(grep -c '^account' "$ledger") acknowledged accounts, $(grep -c '^file' "$ledger") acknowledged files"
start
echo "monolith restarted (pid $(cat "$pidfile"))"
status=0
# after a crash the counters are recounted in the background; wait for it before checking them
for _ in $(seq 1 300); do grep -q 'event=usage.recounted' "$work/monolith.log" && break; sleep 0.1; done
grep -o 'event=usage.recounted.*' "$work/monolith.log" | tail -1
java "$root/scripts/drills/MonolithCrashDrill.java" verify "$api" "$ledger" || status=$?
uri=mongodb://$(grep -o 'Embedded MongoDB-wire database on [0-9.]*:[0-9]*' "$work/monolith.log" | tail -1 | awk '{print $NF}')
java -cp "$root/api/target/quarkus-app/lib/main/*" "$root/scripts/drills/DbConsistency.java" "$uri" || status=$?
# Not a loss, but disk a crash leaves behind: request bodies spooled by the HTTP layer and blobs
# being written when the process died (neither is ever listed or served).
echo "temporary files left by the crash: uploads-tmp $(find "$data/uploads-tmp" -type f 2>/dev/null | wc -l), storage/.tmp $(find "$data/storage/.tmp" -type f 2>/dev/null | wc -l)"
exit $status

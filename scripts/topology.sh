#!/usr/bin/env bash
# Local microservices topology on loopback, every part a process of its own:
#   Kafka (KRaft broker+controller from the Apache Kafka jars on Maven Central), the MongoDB-wire
#   server (or MONGODB_URI when given), the API in DEPLOYMENT_MODE=microservices, one thumbnail
#   worker and one search-indexer worker.
# Usage: scripts/topology.sh up|down|status|stop <name>|restart <name>
#   (build first: ./mvnw -B -DskipTests package). stop <name> (kafka, mongo, api, thumbnail,
#   search) stops that one process (SIGTERM, then -9 after 10 s); restart <name> stops it too, then
#   starts whatever is missing (same ports, data and logs) and waits until all are ready.
# State, logs and data live in .topology/ (override with TOPOLOGY_DIR). `down` stops exactly the
# processes `up` started, by pid.
# scripts/vm-topology.sh sources this file for its parts (Kafka, MongoDB-wire server, workers).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${TOPOLOGY_DIR:-$root/.topology}
api_port=${API_PORT:-5300}
kafka_port=${KAFKA_PORT:-19092}
controller_port=$((kafka_port + 1))
mongo_port=${MONGO_PORT:-27117}
thumb_port=${THUMBNAIL_PORT:-$((api_port + 1))}
search_port=${SEARCH_PORT:-$((api_port + 2))}
jwt_secret=${JWT_SECRET:-topology-secret-topology-secret-topology-secret}
mongo_uri=${MONGODB_URI:-mongodb://127.0.0.1:$mongo_port}

api_jar=$root/api/target/quarkus-app/quarkus-run.jar
thumb_jar=$root/workers/thumbnail/app/target/quarkus-app/quarkus-run.jar
search_jar=$root/workers/search-indexer/app/target/quarkus-app/quarkus-run.jar

pid_of() { cat "$dir/pids/$1" 2>/dev/null || true; }
alive() { local p; p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

wait_for() { # name, command, seconds
  local name=$1 check=$2 limit=${3:-60} waited=0
  until eval "$check" >/dev/null 2>&1; do
    if ! alive "$name"; then echo "$name exited; see $dir/logs/$name.log" >&2; tail -20 "$dir/logs/$name.log" >&2; return 1; fi
    sleep 0.2; waited=$((waited + 1))
    if [ "$waited" -gt $((limit * 5)) ]; then echo "$name not ready after ${limit}s" >&2; return 1; fi
  done
}

start() { # name, command...
  local name=$1; shift
  if alive "$name"; then echo "$name already running (pid $(pid_of "$name"))"; return; fi
  ("$@" >>"$dir/logs/$name.log" 2>&1 & echo $! >"$dir/pids/$name")
}

kafka_classpath() {
  if [ ! -s "$dir/kafka.classpath" ]; then
    "$root/mvnw" -q -B -f "$root/scripts/topology/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$dir/kafka.classpath" >/dev/null
  fi
  cat "$dir/kafka.classpath"
}

write_kafka_properties() { # file
  cat >"$1" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/kafka/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
}

check_jars() {
  for jar in "$api_jar" "$thumb_jar" "$search_jar"; do
    [ -f "$jar" ] || { echo "missing $jar: run ./mvnw -B -DskipTests install first" >&2; exit 1; }
  done
  mkdir -p "$dir/pids" "$dir/logs" "$dir/kafka" "$dir/storage" "$dir/db"
}

# Kafka with the given server.properties (log.dirs must be $dir/kafka/data), formatted on first use,
# and the MongoDB-wire server unless MONGODB_URI points elsewhere; returns once both accept connections.
start_kafka_and_mongo() { # server.properties
  local cp; cp=$(kafka_classpath)
  local kjava=(java -Xmx512m -Dlog4j2.configurationFile="$root/scripts/topology/log4j2.properties" -cp "$cp")
  if [ ! -f "$dir/kafka/data/meta.properties" ]; then
    local id; id=$("${kjava[@]}" kafka.tools.StorageTool random-uuid)
    "${kjava[@]}" kafka.tools.StorageTool format -t "$id" -c "$1" --standalone >/dev/null
  fi
  start kafka "${kjava[@]}" kafka.Kafka "$1"
  if [ -z "${MONGODB_URI:-}" ]; then
    start mongo java -Xmx256m -cp "$root/api/target/quarkus-app/app/*:$root/api/target/quarkus-app/lib/main/*" \
      dev.opendrive.api.database.StandaloneMongoServer "$mongo_port" "$dir/db"
  fi
  wait_for kafka "bash -c '</dev/tcp/127.0.0.1/$kafka_port'" 60
  [ -n "${MONGODB_URI:-}" ] || wait_for mongo "bash -c '</dev/tcp/127.0.0.1/$mongo_port'" 30
}

app_env=(env DEPLOYMENT_MODE=microservices MONGODB_URI="$mongo_uri" KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$kafka_port"
  STORAGE_PROVIDER=local STORAGE_PATH="$dir/storage" DATA_DIR="$dir" JWT_SECRET="$jwt_secret")

start_workers() {
  start thumbnail "${app_env[@]}" PORT="$thumb_port" java -jar "$thumb_jar"
  start search "${app_env[@]}" PORT="$search_port" java -jar "$search_jar"
}

wait_workers() {
  wait_for thumbnail "curl -fs http://127.0.0.1:$thumb_port/q/health/ready" 60
  wait_for search "curl -fs http://127.0.0.1:$search_port/q/health/ready" 60
}

up() {
  check_jars
  write_kafka_properties "$dir/kafka/server.properties"
  start_kafka_and_mongo "$dir/kafka/server.properties"
  start api "${app_env[@]}" PORT="$api_port" MANAGEMENT_PORT=$((api_port + 3)) java -jar "$api_jar"
  start_workers
  wait_for api "curl -fs http://127.0.0.1:$api_port/api/health" 60
  wait_workers
  echo "topology up: API http://127.0.0.1:$api_port  Kafka 127.0.0.1:$kafka_port  MongoDB $mongo_uri"
}

stop() { # name
  local name=$1 p; p=$(pid_of "$1")
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
    kill "$p"
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$p" 2>/dev/null && kill -9 "$p"
    echo "stopped $name (pid $p)"
  fi
  rm -f "$dir/pids/$name"
}

down() {
  for name in search thumbnail api mongo kafka; do stop "$name"; done
}

status() {
  for name in kafka mongo api thumbnail search; do
    if alive "$name"; then echo "$name: running (pid $(pid_of "$name"))"; else echo "$name: stopped"; fi
  done
}

main() {
  case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    stop|restart)
      case "${2:-}" in kafka|mongo|api|thumbnail|search) ;; *) echo "usage: $0 $1 kafka|mongo|api|thumbnail|search" >&2; exit 2 ;; esac
      stop "$2"; [ "$1" = stop ] || up ;;
    *) echo "usage: $0 up|down|status|stop <name>|restart <name>" >&2; exit 2 ;;
  esac
}

# run, unless sourced by another script for its functions
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi

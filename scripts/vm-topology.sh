#!/usr/bin/env bash
# OpenDrive as deployed on a VM (deploy/vm/, docs/deploy-vm.md), run on loopback without systemd or
# containers: nginx with the shipped opendrive.conf in front of two API instances started like
# opendrive-api@.service (the shipped opendrive.env, api/jvm.options, PORT and MANAGEMENT_PORT from
# the instance's port), one thumbnail worker, one search indexer, Kafka (KRaft) with the shipped
# server.properties and the MongoDB-wire server. Kafka, MongoDB and the workers are started by
# scripts/topology.sh's own functions.
# Only addresses, ports, paths and the secret differ from a VM: nginx's config goes through
# deploy/vm/nginx/render.sh, the env file and Kafka's properties get those values replaced, nothing
# else. A self-signed certificate for 127.0.0.1 stands in for Let's Encrypt's.
#
# Usage: scripts/vm-topology.sh up|down|status|kill-api <n>|stop-api <n>|start-api <n>
#   kill-api n   kill -9 API instance n (1 or 2): a crash
#   stop-api n   SIGTERM, -9 after 10 s (what systemctl stop does)
#   start-api n  start instance n again (same port, log appended) and wait until it is healthy
# Installs nginx from Debian (apt-get) when it is missing. State, logs and data in .vm-topology/
# (TOPOLOGY_DIR); ports: API_PORT (base: workers on +1, +2), VM_API_PORTS ("5411 5412"),
# NGINX_HTTP_PORT (5480), NGINX_HTTPS_PORT (5443), KAFKA_PORT (5420), MONGO_PORT (5430).
# `down` stops exactly the processes this script started, by pid.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export TOPOLOGY_DIR=${TOPOLOGY_DIR:-$(cd "$here/.." && pwd)/.vm-topology}
export API_PORT=${API_PORT:-5400} KAFKA_PORT=${KAFKA_PORT:-5420} MONGO_PORT=${MONGO_PORT:-5430}
# shellcheck source=topology.sh
. "$here/topology.sh"
read -r -a api_ports <<<"${VM_API_PORTS:-5411 5412}"
http_port=${NGINX_HTTP_PORT:-5480}
https_port=${NGINX_HTTPS_PORT:-5443}
vm=$root/deploy/vm

# The shipped server.properties with loopback ports and this state directory.
render_kafka() {
  local key
  for key in listeners advertised.listeners controller.quorum.bootstrap.servers log.dirs; do
    grep -q "^$key=" "$vm/kafka/server.properties" || { echo "no $key= in $vm/kafka/server.properties" >&2; exit 1; }
  done
  sed -e "s|^listeners=.*|listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port|" \
    -e "s|^advertised.listeners=.*|advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port|" \
    -e "s|^controller.quorum.bootstrap.servers=.*|controller.quorum.bootstrap.servers=127.0.0.1:$controller_port|" \
    -e "s|^log.dirs=.*|log.dirs=$dir/kafka/data|" "$vm/kafka/server.properties" >"$dir/kafka/server.properties"
}

# The shipped opendrive.env with this topology's database, Kafka, blob directory and secret.
render_env() {
  local key
  for key in MONGODB_URI JWT_SECRET KAFKA_BOOTSTRAP_SERVERS STORAGE_PATH DATA_DIR ALLOWED_ORIGINS; do
    grep -q "^$key=" "$vm/opendrive.env" || { echo "no $key= in $vm/opendrive.env" >&2; exit 1; }
  done
  sed -e "s|^MONGODB_URI=.*|MONGODB_URI=$mongo_uri|" -e "s|^JWT_SECRET=.*|JWT_SECRET=$jwt_secret|" \
    -e "s|^KAFKA_BOOTSTRAP_SERVERS=.*|KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$kafka_port|" \
    -e "s|^STORAGE_PATH=.*|STORAGE_PATH=$dir/storage|" -e "s|^DATA_DIR=.*|DATA_DIR=$dir|" \
    -e "s|^ALLOWED_ORIGINS=.*|ALLOWED_ORIGINS=https://127.0.0.1:$https_port|" "$vm/opendrive.env" >"$dir/opendrive.env"
}

api_port_of() { # n
  local port=${api_ports[$(($1 - 1))]:-}
  [ -n "$port" ] || { echo "no API instance $1 (VM_API_PORTS: ${api_ports[*]})" >&2; exit 2; }
  echo "$port"
}

# As opendrive-api@<port>.service does it: a clean environment, the KEY=value lines of the env file
# taken literally (no expansion, like systemd's EnvironmentFile=), then PORT and MANAGEMENT_PORT.
start_api() { # n
  local port; port=$(api_port_of "$1")
  local vars; mapfile -t vars < <(grep -E '^[A-Za-z_][A-Za-z0-9_]*=' "$dir/opendrive.env")
  start "api-$1" env -i PATH="$PATH" HOME="$HOME" "${vars[@]}" PORT="$port" MANAGEMENT_PORT="1$port" \
    java @"$root/api/jvm.options" -jar "$api_jar"
}

wait_api() { # n
  local port; port=$(api_port_of "$1")
  wait_for "api-$1" "curl -fs http://127.0.0.1:$port/api/health" 90
}

nginx_bin() { command -v nginx 2>/dev/null || echo /usr/sbin/nginx; }

start_nginx() {
  if [ ! -x "$(nginx_bin)" ]; then
    echo "installing nginx from Debian (apt-get)"
    # (the package may start its own server on port 80; ours runs on the ports above, apart from it)
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null) \
      || { echo "could not install nginx" >&2; exit 1; }
  fi
  local ng=$dir/nginx upstreams='' p
  mkdir -p "$ng/logs" "$ng/temp" "$ng/www"
  if [ ! -f "$ng/cert.pem" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=127.0.0.1 \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$ng/key.pem" -out "$ng/cert.pem" 2>/dev/null
  fi
  for p in "${api_ports[@]}"; do upstreams=${upstreams:+$upstreams,}127.0.0.1:$p; done
  "$vm/nginx/render.sh" --api "$upstreams" --http "127.0.0.1:$http_port" --https "127.0.0.1:$https_port" \
    --cert "$ng/cert.pem" --key "$ng/key.pem" --logs "$ng/logs" --webroot "$ng/www" \
    <"$vm/nginx/opendrive.conf" >"$ng/opendrive.conf"
  cp "$vm/nginx/standalone.conf" "$ng/standalone.conf"
  "$(nginx_bin)" -t -q -p "$ng/" -c "$ng/standalone.conf"
  start nginx "$(nginx_bin)" -p "$ng/" -c "$ng/standalone.conf" -g 'daemon off;'
  wait_for nginx "curl -fs --cacert '$ng/cert.pem' https://127.0.0.1:$https_port/api/health" 30
}

vm_up() {
  check_jars
  render_kafka
  start_kafka_and_mongo "$dir/kafka/server.properties"
  render_env
  local n
  for n in $(seq 1 "${#api_ports[@]}"); do start_api "$n"; done
  start_workers
  for n in $(seq 1 "${#api_ports[@]}"); do wait_api "$n"; done
  wait_workers
  start_nginx
  echo "vm topology up: https://127.0.0.1:$https_port (nginx, http on $http_port) -> API instances on" \
    "${api_ports[*]}; Kafka 127.0.0.1:$kafka_port; MongoDB $mongo_uri; state in $dir"
}

vm_names() {
  local n names=(nginx)
  for n in $(seq "${#api_ports[@]}" -1 1); do names+=("api-$n"); done
  echo "${names[@]}" search thumbnail mongo kafka
}

vm_down() {
  local name
  for name in $(vm_names); do stop "$name"; done
}

vm_status() {
  local name
  for name in $(vm_names); do
    if alive "$name"; then echo "$name: running (pid $(pid_of "$name"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  up) vm_up ;;
  down) vm_down ;;
  status) vm_status ;;
  kill-api)
    api_port_of "${2:-}" >/dev/null
    p=$(pid_of "api-$2")
    [ -n "$p" ] && kill -0 "$p" 2>/dev/null || { echo "api-$2 is not running" >&2; exit 1; }
    kill -9 "$p"; echo "killed api-$2 (pid $p) with -9" ;;
  stop-api) api_port_of "${2:-}" >/dev/null; stop "api-$2" ;;
  start-api) api_port_of "${2:-}" >/dev/null; start_api "$2"; wait_api "$2"; echo "api-$2 up (pid $(pid_of "api-$2"))" ;;
  *) echo "usage: $0 up|down|status|kill-api <n>|stop-api <n>|start-api <n>" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Drill: OpenDrive as on a VM (scripts/vm-topology.sh: nginx with the shipped config, two API
# instances, both workers, Kafka, MongoDB-wire server), driven only through nginx over HTTPS.
# First the edge: HTTP answers with a redirect to HTTPS, an upload announcing more than
# MAX_BODY_SIZE gets the API's JSON 413 from nginx, responses over HTTPS carry the API's HSTS header
# (X-Forwarded-Proto trusted with TRUST_PROXY) and a request straight to an instance over HTTP does
# not, and the instance sees the client address nginx saw, not one the client put into
# X-Forwarded-For. Then scripts/drills/VmFailoverDrill.java: uploads and downloads by two users
# while API instance 1 is killed with -9 and started again; every acknowledged upload must be
# there byte-identical, nothing half-present or doubled, no GET failed, and both instances' access
# logs must show requests (instance 1 also after its restart). Exits non-zero otherwise.
# Starts its own topology in a temporary TOPOLOGY_DIR and stops it afterwards.
# Usage: scripts/drills/vm-failover.sh [count=200] [key=value options of VmFailoverDrill.java]
#   (build first: ./mvnw -B -DskipTests install)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export TOPOLOGY_DIR=${TOPOLOGY_DIR:-$(mktemp -d)}
vmt=$root/scripts/vm-topology.sh
http_port=${NGINX_HTTP_PORT:-5480}; https_port=${NGINX_HTTPS_PORT:-5443}
read -r -a api_ports <<<"${VM_API_PORTS:-5411 5412}"
trap '"$vmt" down >/dev/null' EXIT
"$vmt" up
count=${1:-200}; shift || true
base=https://127.0.0.1:$https_port
ca=(--cacert "$TOPOLOGY_DIR/nginx/cert.pem")
failed=0
check() { # description, condition (evaluated)
  if eval "$2"; then echo "  ok   $1"; else echo "  FAIL $1"; failed=1; fi
}

echo "edge (nginx):"
redirect=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/api/health?x=1")
check "http -> $redirect" '[[ "$redirect" == "301 https://127.0.0.1/api/health?x=1" ]]'
# announced, not sent: nginx decides on the Content-Length alone (HTTP/1.1: with HTTP/2 curl would end the stream)
too_large=$(curl -s "${ca[@]}" --http1.1 --max-time 10 -X POST -H 'Content-Length: 1084227585' \
  -w ' %{http_code}' "$base/api/files" || true)
check "upload of MAX_BODY_SIZE + 1 bytes -> $too_large" '[[ "$too_large" == *PAYLOAD_TOO_LARGE*" 413" ]]'
hsts=$(curl -s "${ca[@]}" -D - -o /dev/null "$base/api/health" | tr -d '\r' | grep -i '^strict-transport-security' || true)
check "HSTS through nginx: ${hsts:-none}" '[ -n "$hsts" ]'
direct=$(curl -s -D - -o /dev/null "http://127.0.0.1:${api_ports[0]}/api/health" | tr -d '\r' | grep -ci '^strict-transport-security' || true)
check "no HSTS on plain HTTP straight to an instance" '[ "$direct" = 0 ]'
probe=xff-$RANDOM$RANDOM
curl -s "${ca[@]}" --interface 127.0.0.2 -H 'X-Forwarded-For: 203.0.113.7' "$base/api/health?probe=$probe" >/dev/null
sleep 1
seen=$(grep -h "probe=$probe" "$TOPOLOGY_DIR"/logs/api-*.log | grep -o 'access-log\] ([^)]*) [0-9a-f.:]*' | awk '{print $NF}' || true)
check "client 127.0.0.2 sending X-Forwarded-For: 203.0.113.7 is seen by the API as ${seen:-nothing}" '[ "$seen" = 127.0.0.2 ]'

logs=$(printf "$TOPOLOGY_DIR/logs/api-%s.log," $(seq 1 "${#api_ports[@]}")); logs=${logs%,}
echo "failover (VmFailoverDrill, $count uploads):"
java "$root/scripts/drills/VmFailoverDrill.java" base="$base" cacert="$TOPOLOGY_DIR/nginx/cert.pem" count="$count" \
  logs="$logs" killed=1 nginxLog="$TOPOLOGY_DIR/nginx/logs/opendrive.access.log" \
  kill="$vmt kill-api 1" start="$vmt start-api 1" "$@" || failed=1
exit $failed

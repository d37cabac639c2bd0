#!/usr/bin/env bash
# Drill: the rolling restart of docs/deploy-vm.md on the loopback VM topology (scripts/vm-topology.sh)
# while a client lists and uploads through nginx without pause. Per API instance: mark it "down" in
# nginx's upstream and reload nginx, let requests in flight finish, restart the instance (SIGTERM,
# start, wait for health), take "down" out again and reload. `systemctl reload nginx` is
# `nginx -s reload` here and `systemctl restart opendrive-api@<port>` is stop-api/start-api.
# Passes if the client saw only 200s and 201s. `plain` restarts the instances without telling nginx,
# to compare. Starts its own topology in a temporary TOPOLOGY_DIR and stops it afterwards.
# Usage: scripts/drills/vm-rolling-restart.sh [plain]      (build first: ./mvnw -B -DskipTests install)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export TOPOLOGY_DIR=${TOPOLOGY_DIR:-$(mktemp -d)}
vmt=$root/scripts/vm-topology.sh
read -r -a api_ports <<<"${VM_API_PORTS:-5411 5412}"
base=https://127.0.0.1:${NGINX_HTTPS_PORT:-5443}
mode=${1:-nginx}
work=$(mktemp -d)
trap '"$vmt" down >/dev/null; rm -rf "$work"' EXIT
"$vmt" up
ng=$TOPOLOGY_DIR/nginx; conf=$ng/opendrive.conf
curl_=(curl -s --cacert "$ng/cert.pem")
reload() { # quietly, unless it fails
  local out
  out=$("$(command -v nginx || echo /usr/sbin/nginx)" -p "$ng/" -c "$ng/standalone.conf" -s reload 2>&1) || { echo "$out" >&2; return 1; }
}
token=$("${curl_[@]}" -X POST "$base/api/auth/register" -H 'Content-Type: application/json' \
  -d "{\"email\":\"rolling-$RANDOM$RANDOM@example.com\",\"password\":\"rolling restart drill\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
head -c 300000 /dev/urandom >"$work/upload.bin"
# the client: a listing and an upload, one after the other, until told to stop
( while [ ! -f "$work/stop" ]; do
    "${curl_[@]}" -o /dev/null -w 'GET %{http_code}\n' -H "Authorization: Bearer $token" "$base/api/files/folder/root"
    "${curl_[@]}" -o /dev/null -w 'POST %{http_code}\n' -H "Authorization: Bearer $token" -F "files=@$work/upload.bin" "$base/api/files"
  done >"$work/codes" ) &
client=$!
sleep 5
for n in $(seq 1 "${#api_ports[@]}"); do
  port=${api_ports[$((n - 1))]}
  if [ "$mode" != plain ]; then
    # the commands of docs/deploy-vm.md, "Rolling restart"
    sed -i "s|\(server 127.0.0.1:$port [^;]*\);|\1 down;|" "$conf" && reload
    sleep 5
  fi
  "$vmt" stop-api "$n" >/dev/null
  "$vmt" start-api "$n" >/dev/null
  if [ "$mode" != plain ]; then
    sed -i "s|\(server 127.0.0.1:$port [^;]*\) down;|\1;|" "$conf" && reload
  fi
  echo "drill: api-$n restarted ($mode) at $(date +%T)"
  sleep 5
done
touch "$work/stop"; wait "$client"
seen=$(sort "$work/codes" | uniq -c | awk '{printf "%s%s %s: %s", sep, $2, $3, $1; sep=", "}')
passed_on=$(grep -c 'upstream=[^ ]*, ' "$ng/logs/opendrive.access.log" || true)
failed=$(grep -vcE ' (200|201)$' "$work/codes" || true)
echo "vm-rolling-restart ($mode): client saw $seen; nginx passed $passed_on requests on to the other instance; failed $failed"
[ "$failed" = 0 ]

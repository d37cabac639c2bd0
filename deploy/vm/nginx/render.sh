#!/usr/bin/env bash
# Renders deploy/vm/nginx/opendrive.conf for other addresses, ports and paths. Only the lines
# marked "# render: <what>" change; every other line is copied as it is. Used by the loopback drill
# (scripts/vm-topology.sh), the CI check (NginxConfigTest) and on a VM for N API instances:
#
#   deploy/vm/nginx/render.sh --api 127.0.0.1:5001,127.0.0.1:5002,127.0.0.1:5003 \
#     < deploy/vm/nginx/opendrive.conf > /etc/nginx/conf.d/opendrive.conf
#
# Options (each optional; what is not given stays as shipped):
#   --api host:port,...   the upstream's server lines, one per instance, same parameters
#   --http addr:port      the port-80 listen line; drops the IPv6 one
#   --https addr:port     the port-443 listen line; drops the IPv6 one
#   --cert file --key file  TLS certificate (full chain) and key
#   --logs dir            directory of the access and error logs (file names kept)
#   --webroot dir         root of the ACME challenge location
# Exits 2 if the input lacks a marker an option needs (the config and this script drifted apart).
set -euo pipefail
api='' http='' https='' cert='' key='' logs='' webroot=''
while [ $# -gt 0 ]; do
  case "$1" in
    --api) api=$2 ;; --http) http=$2 ;; --https) https=$2 ;; --cert) cert=$2 ;; --key) key=$2 ;;
    --logs) logs=$2 ;; --webroot) webroot=$2 ;;
    *) echo "render.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
awk -v api="$api" -v http="$http" -v https="$https" -v cert="$cert" -v key="$key" -v logs="$logs" \
    -v webroot="$webroot" '
  # keeps the indentation and the marker, replaces the directive
  function put(body) { match($0, /^[ \t]*/); print substr($0, 1, RLENGTH) body "  # render: " marker }
  {
    if (!match($0, /# render: [a-z0-9]+[ \t]*$/)) { print; next }
    marker = $0; sub(/.*# render: /, "", marker); sub(/[ \t]*$/, "", marker); seen[marker]++
    body = $0; sub(/[ \t]*# render: .*$/, "", body); sub(/^[ \t]*/, "", body)
    if (marker == "api" && api != "") {
      if (seen["api"] > 1) next
      params = body; sub(/^server[ \t]+[^ \t;]+/, "", params)
      n = split(api, addrs, ",")
      for (i = 1; i <= n; i++) put("server " addrs[i] params)
      next
    }
    if ((marker == "http6" && http != "") || (marker == "https6" && https != "")) next
    if (marker == "http" && http != "") { sub(/^listen[ \t]+[^ \t;]+/, "listen " http, body); put(body); next }
    if (marker == "https" && https != "") { sub(/^listen[ \t]+[^ \t;]+/, "listen " https, body); put(body); next }
    if (marker == "cert" && cert != "") { put("ssl_certificate " cert ";"); next }
    if (marker == "key" && key != "") { put("ssl_certificate_key " key ";"); next }
    if (marker == "webroot" && webroot != "") { put("root " webroot ";"); next }
    if (marker == "log" && logs != "") {
      # "access_log /path/file format;" or "error_log /path/file;": same file name, other directory
      n = split(body, w, /[ \t;]+/); file = w[2]; sub(/.*\//, "", file)
      put(w[1] " " logs "/" file (w[3] != "" ? " " w[3] : "") ";"); next
    }
    print
  }
  END {
    n = split("api http http6 https https6 cert key log webroot", all, " ")
    for (i = 1; i <= n; i++) if (!(all[i] in seen)) { print "render.sh: no \"# render: " all[i] "\" line in the input" > "/dev/stderr"; bad = 1 }
    if (bad) exit 2
  }'

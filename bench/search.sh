#!/usr/bin/env bash
# Search latency (GET /api/search, one request at a time) for a user with 1k files and a user with
# 100k files, on the monolith's embedded database. Files and search-index entries are seeded straight
# into the database through the MongoDB wire (bench/search/SearchBench.java: clones of a file the API
# uploaded and indexed itself, tokens by the production Tokenizer). Peers in the same run: the same
# queries at 1k files (scaling ratio), the 1k user again once the database also holds the 100k, and
# `grep -F -i` over a text file of the names.
# Usage: bench/search.sh [big] [small]       (build first: ./mvnw -B -DskipTests package)
# Env: ROUNDS=30 (1k user) ROUNDS_BIG=10 (100k user: each query scans, see docs) PORT=6720 JAVA=java MONGODB_URI=... (instead of the embedded database)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
big=${1:-100000}
small=${2:-1000}
rounds=${ROUNDS:-30}
rounds_big=${ROUNDS_BIG:-10}
port=${PORT:-6720}
java=${JAVA:-java}
base=http://127.0.0.1:$port
lib="$root/api/target/quarkus-app/lib/main/*"
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && { kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; }; rm -rf "$work"' EXIT
load() { cut -d' ' -f1 /proc/loadavg; }

(cd "$work" && exec env PORT=$port DATA_DIR="$work/data" "$java" @"$root/api/jvm.options" ${JAVA_OPTS:-} -jar "$root/api/target/quarkus-app/quarkus-run.jar" >"$work/api.log" 2>&1) &
pid=$!
until curl -fs -o /dev/null "$base/api/health"; do sleep 0.1; done
uri=${MONGODB_URI:-}
if [ -z "$uri" ]; then
  uri=mongodb://$(grep -o 'Embedded MongoDB-wire database on [0-9.]*:[0-9]*' "$work/api.log" | awk '{print $NF}')
fi

user() { # email -> token and one uploaded, indexed text file ("token fileId")
  local token id
  token=$(curl -fs -X POST "$base/api/auth/register" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"benchmark password\"}" | jq -r .token)
  echo "template file for the seed" >"$work/template.txt"
  id=$(curl -fs -X POST "$base/api/files" -H "Authorization: Bearer $token" -F "files=@$work/template.txt" | jq -r '.files[0]._id')
  # the in-process indexer writes the entry the seed clones
  until curl -fs "$base/api/search?q=seed&type=files" -H "Authorization: Bearer $token" | jq -e '.files | length == 1' >/dev/null; do sleep 0.1; done
  echo "$token $id"
}

bench() { # label, token, rounds
  echo
  echo "$1: $3 requests per query (load average before: $(load))"
  echo
  echo "| query | files returned (limit 50) | p50 ms | p99 ms | max ms | server CPU ms/query (p50) |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  SERVER_PID=$pid "$java" -cp "$lib" "$root/bench/search/SearchBench.java" measure "$base" "$2" "$3" \
    zanzibar report inv quarterly "report acme" | awk -F'|' '{ printf "| `%s` | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }'
}

grep_peer() { # names file
  local term t0 t1 all=()
  echo
  echo "peer: \`grep -F -i -c <term>\` over $(wc -l <"$1") names (one process per query, $rounds runs)"
  echo
  echo "| term | lines | p50 ms | p99 ms |"
  echo "| --- | ---: | ---: | ---: |"
  for term in zanzibar report inv; do
    all=()
    for _ in $(seq 1 "$rounds"); do
      t0=$(date +%s%N); grep -F -i -c "$term" "$1" >/dev/null || true; t1=$(date +%s%N)
      all+=($(( (t1 - t0) / 1000 )))
    done
    printf '%s\n' "${all[@]}" | sort -n | awk -v t="$term" -v n="$(grep -F -i -c "$term" "$1" || true)" \
      '{ v[NR] = $1 } END { p50 = v[int(NR * 0.5 + 0.5)]; p99 = v[int(NR * 0.99 + 0.99)]; printf "| `%s` | %d | %.2f | %.2f |\n", t, n, p50 / 1000, p99 / 1000 }'
  done
}

echo "$("$java" -version 2>&1 | head -1); database $uri ($( [ -n "${MONGODB_URI:-}" ] && echo MONGODB_URI || echo 'embedded MongoDB-wire server, H2 MVStore')); $rounds rounds after 3 warm-up rounds"
read -r small_token small_file < <(user small@bench.example)
read -r big_token big_file < <(user big@bench.example)
"$java" -cp "$lib" "$root/bench/search/SearchBench.java" seed 2>/dev/null "$uri" "$small_file" "$small" "$work/names-small.txt"
bench "user with $small files (database: $small files)" "$small_token" "$rounds"
grep_peer "$work/names-small.txt"
"$java" -cp "$lib" "$root/bench/search/SearchBench.java" seed 2>"$work/seed.log" "$uri" "$big_file" "$big" "$work/names-big.txt"
bench "user with $big files" "$big_token" "$rounds_big"
bench "user with $small files, database now also holding the other user's $big" "$small_token" "$rounds"
grep_peer "$work/names-big.txt"
echo
echo "query plan (what the database reports):"
echo
"$java" -cp "$lib" "$root/bench/search/SearchBench.java" plan "$uri" 2>/dev/null | sed 's/^/    /'
echo
echo "API RSS at the end: $(awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status) MiB; load average $(load)"

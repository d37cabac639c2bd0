#!/usr/bin/env bash
# Thumbnail throughput: OpenDrive's renderer (workers/thumbnail/handler) against sharp (libvips)
# on the same photo-like 12 MP JPEGs, in the same run. Prints images/s on 1 and 2 threads, the
# 48 MP latency, peak RSS and the ratios against sharp.
#
#   bench/thumbnails/run.sh                      # 8 images, 10 s per mode, 2 rounds
#   COUNT=4 DURATION=5 ROUNDS=1 bench/thumbnails/run.sh
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/thumbnails/run.sh
#   JAVA_OPTS=-Xmx256m bench/thumbnails/run.sh
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
COUNT=${COUNT:-8}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-2}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-}
OUT=$HERE/target
mkdir -p "$OUT/classes" "$OUT/images"

# The renderer as built by Maven, and its runtime classpath (TwelveMonkeys...).
HANDLER=$ROOT/workers/thumbnail/handler
if [ -n "${BUILD:-}" ] || [ ! -f "$HANDLER/target/classes/dev/opendrive/thumbnails/ThumbnailRenderer.class" ]; then
  (cd "$ROOT" && ./mvnw -B -q install -DskipTests -pl workers/thumbnail/handler -am)
fi
(cd "$ROOT" && ./mvnw -B -q dependency:build-classpath -pl workers/thumbnail/handler \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null)
CP="$HANDLER/target/classes:$(cat "$OUT/classpath.txt")"
JAVAC=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/javac
"$JAVAC" -q -d "$OUT/classes" -cp "$CP" "$HERE/ThumbnailBench.java" 2>/dev/null \
  || "$JAVAC" -d "$OUT/classes" -cp "$CP" "$HERE/ThumbnailBench.java"
CP="$OUT/classes:$CP"

# Inputs: COUNT distinct 12 MP photos and one 48 MP photo (kept between runs).
"$JAVA" -cp "$CP" ThumbnailBench generate "$OUT/images" "$COUNT" 4000 3000 photo
"$JAVA" -cp "$CP" ThumbnailBench generate "$OUT/images" 1 8000 6000 big
find "$OUT/images" -name 'photo-*.jpg' | sort | tail -n +$((COUNT + 1)) | xargs -r rm -f

# sharp from npm (it ships libvips in its platform package).
if [ ! -d "$HERE/node_modules/sharp" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --silent)
fi

JAVA_HOME_USED=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")
echo "== machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(free -g | awk '/Mem:/{print $2}') GB"
echo "== $("$JAVA" -version 2>&1 | head -2 | tail -1)"
LIBJPEG=$(ldd "$JAVA_HOME_USED/lib/libjavajpeg.so" 2>/dev/null | grep -o 'libjpeg[^ ]*' | head -1 || true)
if [ -n "$LIBJPEG" ]; then
  echo "== libjavajpeg.so links $LIBJPEG (the system libjpeg-turbo)"
else
  echo "== libjavajpeg.so links no libjpeg (the JDK's own bundled IJG libjpeg 6b, about 2.5x slower)"
fi
echo "== node $(node --version); $COUNT images of 12 MP, ${DURATION}s per mode, $ROUNDS round(s)"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the 2-thread figures)"

RESULTS=$OUT/results.jsonl
: > "$RESULTS"
run_java() { "$JAVA" $JAVA_OPTS -cp "$CP" ThumbnailBench run "$OUT/images" "$DURATION" | tee -a "$RESULTS"; }
run_sharp() { (cd "$HERE" && UV_THREADPOOL_SIZE=2 node sharp-bench.mjs "$OUT/images" "$DURATION") | tee -a "$RESULTS"; }
for round in $(seq 1 "$ROUNDS"); do
  # alternate the order so that neither side always runs first on a shared machine
  if [ $((round % 2)) -eq 1 ]; then run_java; run_sharp; else run_sharp; run_java; fi
done

echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
node - "$RESULTS" <<'JS'
const lines = require('fs').readFileSync(process.argv[2], 'utf8').trim().split('\n').map(JSON.parse);
const best = (impl) => {
  const rs = lines.filter((l) => l.impl === impl);
  return {
    t1: Math.max(...rs.map((r) => r.t1)), t2: Math.max(...rs.map((r) => r.t2)),
    c1: Math.min(...rs.map((r) => r.cpu1_ms)), c2: Math.min(...rs.map((r) => r.cpu2_ms)),
    big: Math.min(...rs.map((r) => r.big_ms)), rss: Math.max(...rs.map((r) => r.rss_mb)),
  };
};
const j = best('java');
const s = best('sharp');
const f = (x, d = 1) => x.toFixed(d);
console.log('\nbest of rounds         java      sharp   java/sharp');
console.log(`1 thread  (img/s)    ${f(j.t1).padStart(7)}  ${f(s.t1).padStart(9)}   ${f(j.t1 / s.t1, 2)}x`);
console.log(`2 threads (img/s)    ${f(j.t2).padStart(7)}  ${f(s.t2).padStart(9)}   ${f(j.t2 / s.t2, 2)}x`);
console.log(`CPU ms/image, 1 thr  ${f(j.c1).padStart(7)}  ${f(s.c1).padStart(9)}   ${f(s.c1 / j.c1, 2)}x efficiency`);
console.log(`CPU ms/image, 2 thr  ${f(j.c2).padStart(7)}  ${f(s.c2).padStart(9)}   ${f(s.c2 / j.c2, 2)}x efficiency`);
console.log(`48 MP (ms, median)   ${f(j.big, 0).padStart(7)}  ${f(s.big, 0).padStart(9)}   ${f(s.big / j.big, 2)}x speed`);
console.log(`peak RSS (MB)        ${f(j.rss, 0).padStart(7)}  ${f(s.rss, 0).padStart(9)}   ${f(j.rss / s.rss, 2)}x`);
JS

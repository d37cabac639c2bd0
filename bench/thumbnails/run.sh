#!/usr/bin/env bash
# Thumbnail throughput: OpenDrive's renderer (workers/thumbnail/handler) against sharp (libvips)
# on the same photo-like 12 MP JPEGs, in the same run. Prints images/s on 1 and 2 threads, the
# 48 MP latency, peak RSS and the ratios against sharp.
#
#   bench/thumbnails/run.sh                      # 8 images, 10 s per mode, 2 rounds
#   COUNT=4 DURATION=5 ROUNDS=1 bench/thumbnails/run.sh
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/thumbnails/run.sh
#   JAVA_OPTS=-Xmx256m bench/thumbnails/run.sh
#
# Old against new, interleaved in the same run (IMPLS, default "old new"):
#   new          the production renderer as built from this tree
#   old          main's hand-written EXIF parser and resampling (bench-only copy in legacy/)
#   lib-all      that copy with TwelveMonkeys' ResampleOp (triangle) doing the whole downscale
#   lib-lanczos  the same with ResampleOp's Lanczos filter
#   java2d-all   that copy with a bilinear Java2D draw for every step (2:1 steps included)
#   IMPLS="old new lib-all" SHARP=0 bench/thumbnails/run.sh     # SHARP=0: no npm, no sharp
#   EXIF=0 skips the header-parsing micro-benchmark (ExifBench) that runs after the rounds.
#   MVN_ARGS="-Dmaven.repo.local=..." is passed to the Maven calls.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
COUNT=${COUNT:-8}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-2}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-}
IMPLS=${IMPLS:-old new}
SHARP=${SHARP:-1}
EXIF=${EXIF:-1}
MVN_ARGS=${MVN_ARGS:-}
OUT=$HERE/target
mkdir -p "$OUT/classes" "$OUT/images"

# The renderer as built by Maven, and its runtime classpath (TwelveMonkeys...).
HANDLER=$ROOT/workers/thumbnail/handler
if [ -n "${BUILD:-}" ] || [ ! -f "$HANDLER/target/classes/dev/opendrive/thumbnails/ThumbnailRenderer.class" ]; then
  (cd "$ROOT" && ./mvnw -B -q $MVN_ARGS install -DskipTests -pl workers/thumbnail/handler -am)
fi
(cd "$ROOT" && ./mvnw -B -q $MVN_ARGS dependency:build-classpath -pl workers/thumbnail/handler \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null)
CP="$HANDLER/target/classes:$(cat "$OUT/classpath.txt")"
JAVAC=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/javac
# The bench, main's old renderer (legacy/) and the EXIF builder of the handler's tests.
SOURCES=("$HERE/ThumbnailBench.java" "$HERE/ExifBench.java" "$HERE"/legacy/*.java
  "$HANDLER/src/test/java/dev/opendrive/thumbnails/ExifBlocks.java")
"$JAVAC" -d "$OUT/classes" -cp "$CP" "${SOURCES[@]}"
CP="$OUT/classes:$CP"

# Inputs: COUNT distinct 12 MP photos and one 48 MP photo (kept between runs).
"$JAVA" -cp "$CP" ThumbnailBench generate "$OUT/images" "$COUNT" 4000 3000 photo
"$JAVA" -cp "$CP" ThumbnailBench generate "$OUT/images" 1 8000 6000 big
find "$OUT/images" -name 'photo-*.jpg' | sort | tail -n +$((COUNT + 1)) | xargs -r rm -f

# sharp from npm (it ships libvips in its platform package).
if [ "$SHARP" = 1 ] && [ ! -d "$HERE/node_modules/sharp" ]; then
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
echo "== node $(node --version); $COUNT images of 12 MP, ${DURATION}s per mode, $ROUNDS round(s); java: $IMPLS; sharp: $SHARP"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the 2-thread figures)"

RESULTS=$OUT/results.jsonl
: > "$RESULTS"
load() { echo "== $1: $(uptime | sed 's/^ *//')"; }
run_java() { load "round $round java-$1"; "$JAVA" $JAVA_OPTS -cp "$CP" ThumbnailBench run "$OUT/images" "$DURATION" "$1" | tee -a "$RESULTS"; }
run_sharp() {
  [ "$SHARP" = 1 ] || return 0
  load "round $round sharp"
  (cd "$HERE" && UV_THREADPOOL_SIZE=2 node sharp-bench.mjs "$OUT/images" "$DURATION") | tee -a "$RESULTS"
}
read -r -a impls <<< "$IMPLS"
for round in $(seq 1 "$ROUNDS"); do
  # alternate the order so that no implementation always runs first on a shared machine
  if [ $((round % 2)) -eq 1 ]; then
    for impl in "${impls[@]}"; do run_java "$impl"; done
    run_sharp
  else
    run_sharp
    for ((i = ${#impls[@]} - 1; i >= 0; i--)); do run_java "${impls[i]}"; done
  fi
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
const impls = [...new Set(lines.map((l) => l.impl))];
const b = Object.fromEntries(impls.map((i) => [i, best(i)]));
const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const rows = [
  ['1 thread  (img/s)', 't1', 1, 'higher'], ['2 threads (img/s)', 't2', 1, 'higher'],
  ['CPU ms/image, 1 thr', 'c1', 1, 'lower'], ['CPU ms/image, 2 thr', 'c2', 1, 'lower'],
  ['48 MP (ms, median)', 'big', 0, 'lower'], ['peak RSS (MB)', 'rss', 0, 'lower'],
];
const ratioCols = [];
if (b['java-old'] && b['java-new']) ratioCols.push(['new/old', 'java-new', 'java-old']);
if (b['java-old'] && b['java-lib-all']) ratioCols.push(['lib-all/old', 'java-lib-all', 'java-old']);
if (b['java-old'] && b['java-lib-lanczos']) ratioCols.push(['lanczos/old', 'java-lib-lanczos', 'java-old']);
if (b['java-old'] && b['java-java2d-all']) ratioCols.push(['java2d/old', 'java-java2d-all', 'java-old']);
for (const i of impls) if (i !== 'sharp' && b.sharp) ratioCols.push([`${i.replace('java-', '')}/sharp`, i, 'sharp']);
console.log('\nbest of rounds (ratios: value/value, so >1 is more for images/s and more for ms/MB)');
console.log('metric'.padEnd(22) + impls.map((i) => i.padStart(14)).join('') + ratioCols.map((c) => c[0].padStart(13)).join(''));
for (const [name, key, d] of rows) {
  console.log(name.padEnd(22) + impls.map((i) => f(b[i][key], d).padStart(14)).join('')
    + ratioCols.map(([, x, y]) => (f(b[x][key] / b[y][key], 2) + 'x').padStart(13)).join(''));
}
JS

if [ "$EXIF" = 1 ]; then
  load "ExifBench"
  echo "== header parsing (EXIF orientation + JPEG frame type) before decoding, thread-CPU ns and bytes allocated per read, median of 7 interleaved rounds:"
  "$JAVA" $JAVA_OPTS -cp "$CP" dev.opendrive.thumbnails.ExifBench | tee "$OUT/exif.jsonl"
fi

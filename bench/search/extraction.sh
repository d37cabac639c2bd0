#!/usr/bin/env bash
# Text extraction: the search indexer's ContentExtractor as it is now ("new") against the
# hand-written extractors it replaced ("old", OLD_REF) and against the variant with a Tika parser for
# every format ("tika", TIKA_REF), same files, same JVM, rotating order. Prints per-format
# throughput and allocation, whether both index the same words, peak heap/RSS per file (one JVM per
# implementation and file), the cold first extraction, Tika's default charset detection and the
# handler's runtime class-path size. Results: docs/benchmarks.md, "Text extraction".
#
#   bench/search/extraction.sh                 # SECONDS=3 ROUNDS=2
#   OLD_REF=<commit> TIKA_REF=<commit> bench/search/extraction.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$HERE/target/extraction
SECONDS_PER=${SECONDS:-3}
ROUNDS=${ROUNDS:-2}
JAVA=${JAVA:-java}
# the last commit with the hand-written extractors only (MarkupStripper, TextDecoding, Office zips)
OLD_REF=${OLD_REF:-99332f5}
# the variant that read every format with a Tika parser (JSoup, XMLParser, OOXMLParser, OpenDocumentParser...)
TIKA_REF=${TIKA_REF:-cbf9122}
mkdir -p "$OUT/old-src/old" "$OUT/old-src/alltika" "$OUT/classes" "$OUT/corpus"

# The handler and its test classes (Documents builds the Office files), in the reactor.
(cd "$ROOT" && ./mvnw -B -q -o test-compile dependency:build-classpath -pl workers/search-indexer/handler -am \
  -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null)
(cd "$ROOT" && ./mvnw -B -q -o dependency:build-classpath -pl workers/search-indexer/handler -am \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$OUT/runtime-classpath.txt" >/dev/null)
H=$ROOT/workers/search-indexer/handler/target
(cd "$ROOT" && ./mvnw -B -q -o -f bench/search/tika-all-pom.xml dependency:build-classpath \
  -Dmdep.outputFile="$OUT/tika-all-classpath.txt" >/dev/null)
CP="$H/classes:$H/test-classes:$ROOT/common/model/target/classes:$(cat "$OUT/classpath.txt"):$(cat "$OUT/tika-all-classpath.txt")"

# The old extractors, from git, moved to package "old".
for f in ContentExtractor Extraction MarkupStripper TextDecoding TextSink; do
  git -C "$ROOT" show "$OLD_REF:workers/search-indexer/handler/src/main/java/dev/opendrive/searchindexer/$f.java" \
    | sed 's/^package dev.opendrive.searchindexer;/package old;/' > "$OUT/old-src/old/$f.java"
done
for f in ContentExtractor Extraction SinkHandler TextDecoding TextSink; do
  git -C "$ROOT" show "$TIKA_REF:workers/search-indexer/handler/src/main/java/dev/opendrive/searchindexer/$f.java" \
    | sed 's/^package dev.opendrive.searchindexer;/package alltika;/' > "$OUT/old-src/alltika/$f.java"
done
JAVAC=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/javac
"$JAVAC" -nowarn -d "$OUT/classes" -cp "$CP" "$OUT"/old-src/old/*.java "$OUT"/old-src/alltika/*.java "$HERE/ExtractionBench.java" 2>&1 | grep -v '^Note:' || true
CP="$OUT/classes:$CP"
# B "<JVM options>" ARGS...
B() { local opts=$1; shift; "$JAVA" -XX:+UseSerialGC $opts -cp "$CP" ExtractionBench "$@"; }

[ -f "$OUT/corpus/report.pdf" ] || B -Xmx2g generate "$OUT/corpus" > /dev/null
echo "== machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(free -g | awk '/Mem:/{print $2}') GB"
echo "== $("$JAVA" -version 2>&1 | head -2 | tail -1); old = $OLD_REF, tika = $TIKA_REF, new = $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- workers/search-indexer/handler || echo '+changes')"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
ls -l "$OUT/corpus" | awk 'NR>1 {printf "   %-14s %8.2f MB\n", $9, $5/1e6}'

echo; echo "== throughput, whole files (cap 200M chars), -Xmx1g"
B "-Xmx1g -Xms1g" run "$OUT/corpus" "$SECONDS_PER" "$ROUNDS" 200000000
echo; echo "== throughput at the default cap (1,000,000 chars), -Xmx1g"
B "-Xmx1g -Xms1g" run "$OUT/corpus" "$SECONDS_PER" "$ROUNDS" 1000000

echo; echo "== peak heap / RSS of one extraction (fresh JVM each, -Xmx2g, serial GC, default cap)"
for f in text-utf8.txt page.html data.xml report.docx sheet.xlsx report.odt report.pdf; do
  for impl in old new tika; do B -Xmx2g memory $impl "$OUT/corpus/$f" 1000000; done
done
# one big HTML page: the cap stops the hand-written stripper early; jsoup parses the whole page first
if [ ! -f "$OUT/big.html" ]; then
  for i in $(seq 16); do cat "$OUT/corpus/page.html"; done > "$OUT/big.html"
fi
for impl in old new tika; do B -Xmx2g memory $impl "$OUT/big.html" 1000000; done

echo; echo "== cold: first and second extraction of each file in a fresh JVM [ms], 2 runs each"
for run in 1 2; do for impl in old new tika; do B -Xmx1g cold $impl "$OUT/corpus" 1000000; done; done

echo; echo "== charset detection: Tika's detectors against the documented rule"
B "" charsets 2>/dev/null

echo; echo "== handler runtime class path (new): $(tr ':' '\n' < "$OUT/runtime-classpath.txt" | wc -l) jars, $(tr ':' '\n' < "$OUT/runtime-classpath.txt" | xargs ls -l | awk '{s+=$5} END {printf "%.1f MB", s/1e6}')"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# A probe, not a toolchain: builds and runs a small native image on this kind of machine from the
# GraalVM builder jars on Maven Central (org.graalvm.nativeimage:svm and its dependencies) and the
# Temurin 25 JDK's JVMCI, with stand-ins for what only a GraalVM/Mandrel distribution ships.
# Findings and limits: docs/deploy-cloudrun.md, "Native toolchain on this machine: what was tried".
#
#   scripts/native-probe/probe.sh [MainClass]    (Hello or Probe2; default Hello)
#
# Heavy: about 4-5 minutes of both cores and 2+ GB of memory (run it with nice, alone). Works in
# PROBE_DIR (default /tmp/native-probe); PROBE_JDK (default Temurin 25) and SVM_VERSION (default
# 25.0.2) may be changed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
main=${1:-Hello}
name=${main,,}
src_jdk=${PROBE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
svm=${SVM_VERSION:-25.0.2}
work=${PROBE_DIR:-/tmp/native-probe}
jdk=$work/jdk
mkdir -p "$work"
step() { echo "== $*"; }

step "1. the builder jars from Maven Central (svm $svm and its dependencies)"
if [ ! -f "$work/lib/svm-$svm.jar" ]; then
  mkdir -p "$work/deps"
  cat >"$work/deps/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>probe</groupId><artifactId>native-probe</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.graalvm.nativeimage</groupId><artifactId>svm</artifactId><version>$svm</version></dependency>
  </dependencies>
</project>
EOF
  JAVA_HOME=$src_jdk "$root/mvnw" -q -B -f "$work/deps/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$work/lib"
fi

step "2. a JDK copy to add files to (hard links; the installed JDK is not touched)"
if [ ! -x "$jdk/bin/java" ]; then
  cp -al "$src_jdk" "$jdk" 2>/dev/null || cp -a "$src_jdk" "$jdk"
fi

step "3. stand-ins for the distribution's native parts"
# 3a. the builder's JNI helper (progress output, peak RSS)
mkdir -p "$jdk/lib/svm/builder/lib"
gcc -O2 -shared -fPIC -I"$jdk/include" -I"$jdk/include/linux" "$here/reporterchelper.c" \
  -o "$jdk/lib/svm/builder/lib/libreporterchelper.so"
# 3b. the svm C headers, from the @CStruct interfaces in the svm jar
rm -rf "$work/svm-classes" && mkdir -p "$work/svm-classes"
(cd "$work/svm-classes" && unzip -q -o "$work/lib/svm-$svm.jar" 'com/oracle/svm/core/*')
clib=$work/clibraries
python3 "$here/cstructs.py" "$jdk/bin/javap" "$work/svm-classes" "$clib/include"
cp "$jdk/include/jni.h" "$jdk/include/linux/jni_md.h" "$clib/include/"
# 3c. libchelper / libsvm_container / SVM's libjvm symbols
gcc -c -O1 -Wall -fPIC -I"$jdk/include" -I"$jdk/include/linux" -I"$clib/include" "$here/svmstubs.c" \
  -o "$work/svmstubs.o"
ar rcs "$work/libsvmstubs.a" "$work/svmstubs.o"
# 3d. the JDK's static libraries (libjava.a, libnio.a, libnet.a) do not exist for this JDK: linker
#     scripts of those names hand the linker the JDK's shared libraries instead
static=$jdk/lib/static/linux-amd64/glibc
mkdir -p "$static"
echo "INPUT($src_jdk/lib/libjava.so $src_jdk/lib/libzip.so $work/libsvmstubs.a)" >"$static/libjava.a"
echo "INPUT($src_jdk/lib/libnio.so)" >"$static/libnio.a"
echo "INPUT($src_jdk/lib/libnet.so $src_jdk/lib/libextnet.so)" >"$static/libnet.a"

step "4. the builder's JVM arguments (the native-image driver is not on Maven Central after 20.3)"
# Temurin's java.base and jdk.internal.vm.ci export nothing to the builder's modules: export every
# package of every JDK module to them (a GraalVM JDK has these qualified exports built in).
targets=org.graalvm.nativeimage.builder,org.graalvm.nativeimage.base,org.graalvm.nativeimage.pointsto
targets=$targets,org.graalvm.nativeimage.objectfile,jdk.graal.compiler,org.graalvm.truffle.compiler
targets=$targets,org.graalvm.nativeimage.configure,org.graalvm.espresso.shared.svm,ALL-UNNAMED
exports=$work/exports.args
: >"$exports"
for m in $("$jdk/bin/java" --list-modules | sed 's/@.*//'); do
  case $m in jdk.hotspot.agent | jdk.jcmd) continue ;; esac # not resolved in the builder's boot layer
  "$jdk/bin/java" --describe-module "$m" \
    | awk -v m="$m" -v t="$targets" '$1 == "contains" { p = $2 } $1 == "qualified" && $2 == "exports" { p = $3 }
        p != "" { print "--add-exports=" m "/" p "=" t; p = "" }' >>"$exports"
done
modulepath=
for jar in "$work"/lib/*.jar; do
  [ "$jar" = "$work/lib/compiler-$svm.jar" ] || modulepath=$modulepath$jar:
done

step "5. the program: $main"
mkdir -p "$work/classes"
"$jdk/bin/javac" -nowarn -d "$work/classes" "$here/$main.java"

step "6. the image builder (com.oracle.svm.hosted.NativeImageGeneratorRunner)"
rm -rf "$work/out"
# the empty jdk.graal.compiler module of the JDK is replaced by the compiler jar (--upgrade-module-path)
nice -n 19 "$jdk/bin/java" -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI -XX:+UseParallelGC -Xss10m -Xmx4g \
  -Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader \
  -Dorg.graalvm.nativeimage.imagecode=buildtime -Djdk.internal.lambda.disableEagerInitialization=true \
  --enable-native-access=org.graalvm.nativeimage.builder \
  --upgrade-module-path "$work/lib/compiler-$svm.jar" --module-path "$modulepath" --add-modules ALL-DEFAULT \
  @"$exports" \
  -m org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner \
  -imagecp "$work/classes" -H:Path="$work/out" -H:Name="$name" -H:Class="$main" \
  -H:CLibraryPath="$clib" -H:EnableURLProtocols=http -H:ImageBuildID="$(cat /proc/sys/kernel/random/uuid)" \
  "-H:NativeLinkerOption=-Wl,--disable-new-dtags,-rpath,$src_jdk/lib,-rpath,$src_jdk/lib/server"

step "7. run it"
exe=$work/out/$name
ls -la "$exe"
ldd "$exe"
/usr/bin/time -f 'wall %es, max RSS %M KiB' "$exe"

#!/usr/bin/env bash
# Runs one Java program of the samples classpath under async-profiler (the agent shipped inside the Maven artifact
# tools.profiler:async-profiler, already on samples' runtime classpath) and writes a flame graph.
# Usage: bench/profile.sh OUT.html|OUT.jfr MAIN-CLASS [ARGS...]
#   e.g. bench/profile.sh target/producer.html dev.samsa.samples.perf.ProducerPerf --topic t --num-records 1000000 \
#            --record-size 100 --throughput -1 --producer-props bootstrap.servers=127.0.0.1:9092 acks=1 linger.ms=5
# PROFILE_EVENT (default cpu; also alloc, wall, lock, itimer) and PROFILE_INTERVAL (default 1000000 ns) tune it;
# an OUT ending in .jfr records JFR for later conversion (bench/jfr2flame.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -ge 2 ] || { echo "usage: $0 OUT.html|OUT.jfr MAIN-CLASS [ARGS...]" >&2; exit 1; }
out="$(realpath -m "$1")"; shift
cp="$root/samples/target/classes:$(cat "$root/samples/target/benchmark.classpath")"
jar="$(tr ':' '\n' <<<"$cp" | grep -m1 'async-profiler-.*\.jar')"
case "$(uname -m)" in aarch64) arch=linux-arm64 ;; *) arch=linux-x64 ;; esac
lib="$root/target/async-profiler/$arch/libasyncProfiler.so"
if [ ! -f "$lib" ]; then
  mkdir -p "$root/target/async-profiler"
  (cd "$root/target/async-profiler" && unzip -oq "$jar" "$arch/libasyncProfiler.so")
fi
mkdir -p "$(dirname "$out")"
event="${PROFILE_EVENT:-cpu}"
interval="${PROFILE_INTERVAL:-1000000}"
exec java ${PROFILE_JVM_OPTS:--Xms512m -Xmx512m} \
    "-agentpath:$lib=start,event=$event,interval=$interval,file=$out" -cp "$cp" "$@"

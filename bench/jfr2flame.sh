#!/usr/bin/env bash
# Converts a JFR recording (e.g. from ProducerBenchmark --jfr, or java -XX:StartFlightRecording=filename=x.jfr,
# settings=profile ...) into an HTML flame graph with async-profiler's converter (Maven artifact
# tools.profiler:jfr-converter, fetched into ~/.m2 on first use).
# Usage: bench/jfr2flame.sh IN.jfr OUT.html [--cpu|--alloc|--wall|--lock ...converter options]
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 IN.jfr OUT.html [converter options, default --cpu]" >&2; exit 1; }
in="$1"; out="$2"; shift 2
version=4.1
jar="$HOME/.m2/repository/tools/profiler/jfr-converter/$version/jfr-converter-$version.jar"
if [ ! -f "$jar" ]; then
  mvn -B -q dependency:get -Dartifact=tools.profiler:jfr-converter:$version
fi
opts=("$@")
[ ${#opts[@]} -gt 0 ] || opts=(--cpu)
exec java -jar "$jar" "${opts[@]}" --title "$(basename "$in")" "$in" "$out"

#!/usr/bin/env bash
# JMH microbenchmarks (samples/src/main/java/dev/samsa/samples/jmh), Samsa next to the official client's equivalent:
# RecordBatchBuild (batch build + CRC), RecordBatchDecode, Murmur2Partition, SerializerPaths, MockProduceFetch.
# Short settings by default (1 fork, 2 x 1 s warm-up, 3 x 1 s measurement, -prof gc for bytes/op): about 4 minutes.
# Usage: bench/jmh.sh [JMH args...]   e.g. bench/jmh.sh RecordBatchDecode -p compression=lz4
# Results: target/jmh/jmh.txt (console) and target/jmh/jmh.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q ${MVN_OFFLINE:+-o} -pl samples -am -DskipTests package
mkdir -p target/jmh
args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=('RecordBatchBuild|RecordBatchDecode|Murmur2Partition|SerializerPaths|MockProduceFetch')
fi
java -cp "samples/target/classes:$(cat samples/target/benchmark.classpath)" org.openjdk.jmh.Main \
    -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc -rf json -rff target/jmh/jmh.json "${args[@]}" | tee target/jmh/jmh.txt

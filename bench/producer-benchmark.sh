#!/usr/bin/env bash
# Side-by-side producer benchmark: the official kafka-producer-perf-test vs Samsa's ProducerPerf on one real
# Kafka 4.1.1 broker (see dev.samsa.samples.perf.ProducerBenchmark for what it measures and its flags).
# Usage, from anywhere:  bench/producer-benchmark.sh [--records 2000000] [--pairs 3] [--jfr] [--out DIR] ...
# Results: target/producer-benchmark/producer-benchmark.{md,json} under the repository root, unless --out says.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q ${MVN_OFFLINE:+-o} -pl samples -am -DskipTests package
exec java -cp "samples/target/classes:$(cat samples/target/benchmark.classpath)" \
    dev.samsa.samples.perf.ProducerBenchmark "$@"

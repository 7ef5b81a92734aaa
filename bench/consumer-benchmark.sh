#!/usr/bin/env bash
# Side-by-side consumer benchmark: the official kafka-consumer-perf-test vs Samsa's ConsumerPerf on one real
# Kafka 4.1.1 broker (see dev.samsa.samples.perf.ConsumerBenchmark for what it measures and its flags).
# Usage, from anywhere:  bench/consumer-benchmark.sh [--records 2000000] [--pairs 5] [--out DIR] ...
# Results: target/consumer-benchmark/consumer-benchmark.{md,json} under the repository root, unless --out says.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q ${MVN_OFFLINE:+-o} -pl samples -am -DskipTests package
exec java -cp "samples/target/classes:$(cat samples/target/benchmark.classpath)" \
    dev.samsa.samples.perf.ConsumerBenchmark "$@"

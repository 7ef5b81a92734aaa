#!/usr/bin/env bash
# The one benchmark command: Samsa vs the official Kafka 4.1.1 client, alternately, on a real local broker (testkit),
# plus client-only figures against the mock broker and async-profiler flame graphs.
# See dev.samsa.samples.perf.BenchmarkSuite and bench/README.md.
# Usage, from anywhere:  bench/run-all.sh [--quick] [--pairs 3] [--out DIR] [--skip producer,consumer,e2e,client-only,profiles] [--scale F]
# Results: target/benchmark/benchmark.{md,json} (+ runs/, profiles/) under the repository root, unless --out says.
# About 20 minutes on a 2-core machine; --quick is a smoke run of a few minutes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q ${MVN_OFFLINE:+-o} -pl samples -am -DskipTests package
exec java -Xmx1g -cp "samples/target/classes:$(cat samples/target/benchmark.classpath)" \
    dev.samsa.samples.perf.BenchmarkSuite "$@"

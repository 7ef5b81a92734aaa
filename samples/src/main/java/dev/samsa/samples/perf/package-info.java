/**
 * Performance tools: {@link dev.samsa.samples.perf.ProducerPerf}, Samsa's {@code kafka-producer-perf-test} with the
 * official tool's flags and output lines, and {@link dev.samsa.samples.perf.ProducerBenchmark}, which runs it side by
 * side with the official tool against a real broker and reports throughput and CPU per record.
 */
package dev.samsa.samples.perf;

package dev.samsa.samples.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.mock.MockCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The benchmark suite's building blocks, small and fast (no timing assertions): CpuTimed's line, EndToEndLatency
 * with both clients against the mock over TCP, and the mock's client-only benchmark mode in process and over TCP.
 */
class BenchmarkToolsTest {

    @Test
    void cpuLineParsesWithAndWithoutAllocation() {
        CpuTimed.Usage u = CpuTimed.parse("# cpu: process_ns=5 main_ns=4 wall_ms=3 gc_ms=2 gc_count=1 alloc_bytes=99");
        assertThat(u).isEqualTo(new CpuTimed.Usage(5, 4, 3, 2, 1, 99, -1));
        assertThat(CpuTimed.parse("# cpu: process_ns=5 main_ns=4 wall_ms=3 gc_ms=2 gc_count=1 alloc_bytes=99 "
                + "threads_cpu_ns=7").threadsCpuNanos()).isEqualTo(7);
        assertThat(CpuTimed.parse("# cpu: process_ns=5 main_ns=4 wall_ms=3 gc_ms=2 gc_count=1").allocBytes())
                .isEqualTo(-1);
        assertThat(CpuTimed.parse("5 records sent")).isNull();
        CpuTimed.Usage split = CpuTimed.parse("# cpu: process_ns=50 main_ns=40 wall_ms=3 gc_ms=2 gc_count=1 "
                + "alloc_bytes=99 threads_cpu_ns=7 jit_ns=20 gc_ns=6");
        assertThat(split).isEqualTo(new CpuTimed.Usage(50, 40, 3, 2, 1, 99, 7, 20, 6));
        assertThat(CpuTimed.parse("# cpu: process_ns=50 main_ns=40 wall_ms=3 gc_ms=2 gc_count=1 alloc_bytes=99 "
                + "threads_cpu_ns=7 jit_ns=-1 gc_ns=-1").jitNanos()).isEqualTo(-1);
    }

    @Test
    void hotspotThreadNamesAreToldApart() {
        assertThat(CpuTimed.NativeThreads.kindOf("C2 CompilerThre")).isEqualTo("jit");
        assertThat(CpuTimed.NativeThreads.kindOf("C1 CompilerThre")).isEqualTo("jit");
        assertThat(CpuTimed.NativeThreads.kindOf("GC Thread#1")).isEqualTo("gc");
        assertThat(CpuTimed.NativeThreads.kindOf("G1 Refine#0")).isEqualTo("gc");
        assertThat(CpuTimed.NativeThreads.kindOf("VM Thread")).isNull();
        assertThat(CpuTimed.NativeThreads.kindOf("samsa-producer-")).isNull();
    }

    @Test
    void nativeThreadsSeeTheCollectorWork() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(
                java.nio.file.Path.of("/proc/self/task")), "needs Linux /proc");
        CpuTimed.NativeThreads threads = new CpuTimed.NativeThreads();
        threads.sample(true);
        for (int i = 0; i < 3; i++) {
            System.gc(); // a full collection runs on the collector's worker threads
        }
        threads.sample(false);
        long[] totals = threads.totals();
        assertThat(totals[1]).as("GC threads ns").isPositive();
        assertThat(totals[0]).as("JIT threads ns").isNotNegative();
    }

    @Test
    void scaleMultipliesTheRecordCountsButNotTheRateBoundEndToEndRun() {
        BenchmarkSuite.Settings base = BenchmarkSuite.Settings.parse(new String[0]);
        BenchmarkSuite.Settings ten = BenchmarkSuite.Settings.parse(new String[] {"--scale", "10"});
        assertThat(ten.producerRecords100()).isEqualTo(10 * base.producerRecords100());
        assertThat(ten.consumerRecords()).isEqualTo(10 * base.consumerRecords());
        assertThat(ten.clientOnlyRecords()).isEqualTo(10 * base.clientOnlyRecords());
        assertThat(ten.e2eRecords()).isEqualTo(base.e2eRecords());
        assertThat(ten.runTimeoutSeconds()).isGreaterThan(base.runTimeoutSeconds());
        assertThatThrownBy(() -> BenchmarkSuite.Settings.parse(new String[] {"--scale", "0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--scale");
    }

    @Test
    void producerBenchmarkThrottlesBothToolsOnlyWhenAsked() {
        assertThat(ProducerBenchmark.Settings.parse(new String[0]).throughput()).isEqualTo(-1);
        assertThat(ProducerBenchmark.Settings.parse(new String[] {"--throughput", "50000"}).throughput())
                .isEqualTo(50_000);
        for (String bad : List.of("0", "-2")) {
            assertThatThrownBy(() -> ProducerBenchmark.Settings.parse(new String[] {"--throughput", bad}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
        }
    }

    @Test
    void allocationSamplerCountsWhatThisThreadAllocates() {
        CpuTimed.AllocationSampler sampler = new CpuTimed.AllocationSampler();
        byte[][] keep = new byte[64][];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = new byte[1024 * 1024];
        }
        long bytes = sampler.stop();
        assertThat(keep[63]).hasSize(1024 * 1024);
        assertThat(bytes).isGreaterThanOrEqualTo(64L * 1024 * 1024);
    }

    @Test
    void endToEndLatencyRunsBothClientsAgainstTheMockOverTcp() {
        try (MockCluster cluster = MockCluster.builder().topic("e2e-official", 1).topic("e2e-samsa", 1).build()) {
            String bootstrap = cluster.listen();
            for (String client : List.of("official", "samsa")) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int status = EndToEndLatency.run(new String[] {"--client", client, "--bootstrap-server", bootstrap,
                    "--topic", "e2e-" + client, "--num-records", "2000", "--warmup-records", "500", "--rate", "20000",
                    "--record-size", "64", "--producer-props", "acks=1", "linger.ms=0"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
                assertThat(status).as("stderr: %s", err).isZero();
                String line = out.toString(StandardCharsets.UTF_8).strip();
                EndToEndLatency.Result r = EndToEndLatency.parse(line);
                assertThat(r).as(line).isNotNull();
                assertThat(r.client()).isEqualTo(client);
                assertThat(r.records()).isEqualTo(1500);
                assertThat(r.p50Micros()).isLessThanOrEqualTo(r.p99Micros());
                assertThat(r.p99Micros()).isLessThanOrEqualTo(r.p999Micros());
                assertThat(r.p999Micros()).isLessThanOrEqualTo(r.maxMicros());
                assertThat(cluster.partition("e2e-" + client, 0).logEndOffset()).isEqualTo(2000);
            }
        }
    }

    @Test
    void clientOnlyModeAcknowledgesWithoutStoringAndServesRenumberedBatches() {
        try (MockCluster cluster = MockCluster.builder().topic("perf", 3).build().clientOnlyBenchmarkMode(100, 50)) {
            ClientOnlyPerf.Result produced = ClientOnlyPerf.produce(cluster, 10_000, 100, new Properties());
            assertThat(produced.records()).isEqualTo(10_000);
            // Nothing was stored.
            assertThat(IntStream.range(0, 3).mapToLong(p -> cluster.partition("perf", p).logEndOffset()).sum())
                    .isZero();
            ClientOnlyPerf.Result consumed = ClientOnlyPerf.consume(cluster, 10_000, new Properties());
            assertThat(consumed.records()).isGreaterThanOrEqualTo(10_000);

            // The official consumer over TCP reads the synthetic batches with consecutive offsets from 0 and valid
            // CRCs (check.crcs is on by default).
            String bootstrap = cluster.listen();
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrap);
            props.put("auto.offset.reset", "earliest");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                TopicPartition tp = new TopicPartition("perf", 1);
                consumer.assign(List.of(tp));
                long expected = 0;
                while (expected < 500) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(java.time.Duration.ofMillis(500))) {
                        assertThat(r.offset()).isEqualTo(expected++);
                        assertThat(new String(r.value(), StandardCharsets.US_ASCII)).matches("[A-Z]{100}");
                    }
                }
            }
        }
    }
}

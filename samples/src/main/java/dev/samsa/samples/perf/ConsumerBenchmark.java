package dev.samsa.samples.perf;

import static dev.samsa.samples.perf.BenchEnv.childClasspath;
import static dev.samsa.samples.perf.BenchEnv.log;
import static dev.samsa.samples.perf.BenchEnv.round;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.samsa.testkit.KafkaCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The side-by-side consumer benchmark: Kafka's official {@code kafka-consumer-perf-test}
 * ({@code org.apache.kafka.tools.ConsumerPerformance}, Kafka {@value ProducerBenchmark#KAFKA_VERSION}) against Samsa's
 * {@link ConsumerPerf}, on one real broker, in one command.
 *
 * <p>It starts a single-node broker with the testkit ({@code fastStartup(false)}, as {@link ProducerBenchmark}),
 * produces {@code --records} records of {@code --record-size} random bytes once to a topic of {@code --partitions}
 * partitions (with the official producer, acks=1, in this JVM), runs one discarded warm-up of each tool, then runs the
 * two tools alternately (official, Samsa, ... {@code --pairs} times), each in a fresh JVM through {@link CpuTimed} with
 * the same flags, each with a fresh {@code --group} so every run reads the whole topic from the earliest offset.
 *
 * <p>Measured per run: {@code nMsg.sec} (records over the time from subscribe to the last record, rebalance
 * included, as the tool prints it), {@code fetch.nMsg.sec}, {@code rebalance.time.ms}, the client JVM's CPU time
 * while {@code main} ran per record, and the broker JVM's CPU time per record. Reported: medians over the pairs and
 * Samsa/official ratios of the medians, as Markdown ({@code consumer-benchmark.md}, also on stdout) and JSON with every
 * run ({@code consumer-benchmark.json}) in {@code --out}.
 *
 * <pre>
 * mvn -B -q -pl samples -am -DskipTests package
 * java -cp samples/target/classes:$(cat samples/target/benchmark.classpath) dev.samsa.samples.perf.ConsumerBenchmark
 * </pre>
 *
 * Flags [defaults]: {@code --records N} [2000000], {@code --pairs N} [5], {@code --record-size BYTES} [100],
 * {@code --partitions N} [3], {@code --client-jvm-opts "OPTS"} [{@value ProducerBenchmark#DEFAULT_CLIENT_JVM_OPTS}],
 * {@code --broker-heap-mb MB} [1024], {@code --out DIR} [target/consumer-benchmark], {@code --run-timeout-s S} [300],
 * {@code --timeline-ms MS} [200]. Every run also writes a {@link Timeline} ({@code runs/NAME.timeline.csv}), from
 * which the report adds, next to the whole-run headline, the client's CPU per record over the second half of the
 * records (steady state; records done from a {@link SocketMeter} on the bytes the client received, as a share of the
 * topic's bytes) and the moment the JIT compiler went quiet.
 * The client and the broker share the machine's cores; read the ratios and the spread in the JSON, not single
 * numbers.
 */
public final class ConsumerBenchmark {
    static final String OFFICIAL_MAIN = "org.apache.kafka.tools.ConsumerPerformance";
    static final String SAMSA_MAIN = ConsumerPerf.class.getName();
    private static final List<String> FIXED_CLIENT_OPTS = List.of("-Duser.language=en", "-Duser.country=US",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    private static final String TOPIC = "consumer-perf";

    private ConsumerBenchmark() {
    }

    /** The two tools. */
    enum Impl {
        OFFICIAL("official", OFFICIAL_MAIN), SAMSA("samsa", SAMSA_MAIN);

        final String label;
        final String mainClass;

        Impl(String label, String mainClass) {
            this.label = label;
            this.mainClass = mainClass;
        }
    }

    /** One measured run. */
    record Run(Impl impl, int pair, String group, ConsumerPerf.Result result, CpuTimed.Usage usage,
            long brokerCpuNanos, long childWallMillis, String error, Timeline.Analysis timeline) {
        boolean ok() {
            return error == null;
        }

        /** One of the timeline's figures ({@link Timeline.Analysis#metrics()}), NaN without a timeline. */
        double timeline(String key) {
            return timeline == null ? Double.NaN : timeline.metrics().get(key);
        }

        double clientCpuMicrosPerRecord() {
            return usage.mainNanos() / 1000.0 / result.records();
        }

        double clientProcessCpuMicrosPerRecord() {
            return usage.processNanos() / 1000.0 / result.records();
        }

        double brokerCpuMicrosPerRecord() {
            return brokerCpuNanos / 1000.0 / result.records();
        }
    }

    private record Metric(String key, String label, ToDoubleFunction<Run> value) {
    }

    private static final List<Metric> METRICS = List.of(
            new Metric("records_per_sec", "nMsg.sec (records/s)", r -> r.result().recordsPerSec()),
            new Metric("fetch_records_per_sec", "fetch.nMsg.sec", r -> r.result().fetchRecordsPerSec()),
            new Metric("mb_per_sec", "MB.sec", r -> r.result().mbPerSec()),
            new Metric("rebalance_ms", "rebalance.time.ms", r -> r.result().rebalanceMs()),
            new Metric("client_cpu_us_per_record", "client CPU µs/record", Run::clientCpuMicrosPerRecord),
            new Metric("client_process_cpu_us_per_record", "client process CPU µs/record (JVM start incl.)",
                    Run::clientProcessCpuMicrosPerRecord),
            new Metric("client_threads_cpu_us_per_record", "client Java threads CPU µs/record (no JIT, GC, VM)",
                    r -> r.usage().threadsCpuNanos() / 1000.0 / r.result().records()),
            new Metric("client_jit_cpu_us_per_record", "client JIT threads CPU µs/record",
                    r -> CpuTimed.Usage.microsPerRecord(r.usage().jitNanos(), r.result().records())),
            new Metric("client_gc_cpu_us_per_record", "client GC threads CPU µs/record",
                    r -> CpuTimed.Usage.microsPerRecord(r.usage().gcCpuNanos(), r.result().records())),
            new Metric("client_heap_bytes_per_record", "client heap B allocated/record",
                    r -> (double) r.usage().allocBytes() / r.result().records()),
            new Metric("steady_client_cpu_us_per_record", "steady state (2nd half of the records): client CPU "
                    + "µs/record", r -> r.timeline("steady_cpu_us_per_record")),
            new Metric("steady_client_threads_cpu_us_per_record", "steady state: client Java threads CPU µs/record",
                    r -> r.timeline("steady_threads_cpu_us_per_record")),
            new Metric("steady_client_jit_cpu_us_per_record", "steady state: client JIT threads CPU µs/record",
                    r -> r.timeline("steady_jit_cpu_us_per_record")),
            new Metric("steady_client_gc_cpu_us_per_record", "steady state: client GC threads CPU µs/record",
                    r -> r.timeline("steady_gc_cpu_us_per_record")),
            new Metric("steady_client_heap_bytes_per_record", "steady state: client heap B allocated/record",
                    r -> r.timeline("steady_alloc_bytes_per_record")),
            new Metric("steady_from_s", "steady-state window starts at s", r -> r.timeline("steady_from_s")),
            new Metric("jit_quiet_after_s", "JIT quiet (<= 5% of a core) after s",
                    r -> r.timeline("jit_quiet_after_s")),
            new Metric("main_wall_s", "tool's main wall s", r -> r.timeline("main_wall_s")),
            new Metric("broker_cpu_us_per_record", "broker CPU µs/record", Run::brokerCpuMicrosPerRecord),
            new Metric("client_gc_ms", "client GC ms", r -> r.usage().gcMillis()));

    /**
     * Runs the benchmark.
     *
     * @param args flags as in the class Javadoc
     * @throws Exception if the broker does not start, the topic cannot be created or filled, or the results cannot
     *     be written
     */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length || !List.of("--records", "--pairs",
                    "--record-size", "--partitions", "--client-jvm-opts", "--broker-heap-mb", "--out",
                    "--run-timeout-s", "--timeline-ms").contains(args[i])) {
                System.err.println("usage: ConsumerBenchmark [--records N] [--pairs N] [--record-size BYTES] "
                        + "[--partitions N] [--client-jvm-opts \"OPTS\"] [--broker-heap-mb MB] [--out DIR] "
                        + "[--run-timeout-s S] [--timeline-ms MS]");
                System.exit(1);
            }
            flags.put(args[i], args[++i]);
        }
        new ConsumerBenchmark.Bench(flags).run();
    }

    /** One benchmark session. */
    private static final class Bench {
        private final long records;
        private final int pairs;
        private final int recordSize;
        private final int partitions;
        private final List<String> clientJvmOpts;
        private final int brokerHeapMb;
        private final Path out;
        private final Path runsDir;
        private final int runTimeoutSeconds;
        private final String classpath = childClasspath();
        private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        private final List<Run> runs = new ArrayList<>();
        private List<ProcessHandle> brokers = List.of();
        /** The topic's bytes on the broker, what every run reads; 0 if unknown. */
        private long topicBytes;
        private int timelineMs;

        Bench(Map<String, String> flags) throws IOException {
            records = Long.parseLong(flags.getOrDefault("--records", "2000000"));
            pairs = Integer.parseInt(flags.getOrDefault("--pairs", "5"));
            recordSize = Integer.parseInt(flags.getOrDefault("--record-size", "100"));
            partitions = Integer.parseInt(flags.getOrDefault("--partitions", "3"));
            clientJvmOpts = List.of(flags.getOrDefault("--client-jvm-opts", ProducerBenchmark.DEFAULT_CLIENT_JVM_OPTS)
                    .trim().split("\\s+"));
            brokerHeapMb = Integer.parseInt(flags.getOrDefault("--broker-heap-mb", "1024"));
            out = Path.of(flags.getOrDefault("--out", "target/consumer-benchmark")).toAbsolutePath();
            runTimeoutSeconds = Integer.parseInt(flags.getOrDefault("--run-timeout-s", "300"));
            timelineMs = Integer.parseInt(flags.getOrDefault("--timeline-ms", "200"));
            runsDir = out.resolve("runs");
            Files.createDirectories(runsDir);
        }

        void run() throws Exception {
            Instant began = Instant.now();
            String loadAtStart = Files.readAllLines(Path.of("/proc/loadavg")).get(0);
            log("starting a Kafka " + ProducerBenchmark.KAFKA_VERSION + " broker (heap " + brokerHeapMb + " MiB)");
            var before = ProcessHandle.current().children().map(ProcessHandle::pid).toList();
            try (KafkaCluster cluster = KafkaCluster.builder()
                    .fastStartup(false)
                    .maxHeapBytes(brokerHeapMb * 1024L * 1024L)
                    .workDirectory(out.resolve("kafka"))
                    .build().start()) {
                brokers = ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).toList();
                String bootstrap = cluster.bootstrapServers();
                log("broker up at " + bootstrap);
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                    admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all()
                            .get(60, TimeUnit.SECONDS);
                }
                fill(bootstrap);
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                    topicBytes = SocketMeter.topicBytes(admin, TOPIC);
                    log(TOPIC + " holds " + topicBytes + " bytes on the broker");
                } catch (Exception e) {
                    log("warning: cannot read the topic's size, so no steady-state figures: " + e);
                }
                for (Impl impl : Impl.values()) {
                    log("warm-up " + impl.label + ": " + describe(measure(bootstrap, 0, impl)));
                }
                for (int pair = 1; pair <= pairs; pair++) {
                    for (Impl impl : Impl.values()) {
                        Run r = measure(bootstrap, pair, impl);
                        runs.add(r);
                        log("pair " + pair + " " + impl.label + ": " + describe(r));
                    }
                }
            }
            long seconds = Duration.between(began, Instant.now()).toSeconds();
            String markdown = markdown(seconds, loadAtStart);
            Files.writeString(out.resolve("consumer-benchmark.md"), markdown);
            writeJson(out.resolve("consumer-benchmark.json"), seconds, loadAtStart);
            System.out.println();
            System.out.println(markdown);
            log("results in " + out.resolve("consumer-benchmark.md") + " and consumer-benchmark.json");
        }

        /** Produces the records once, with the official producer (acks=1, 64 KiB batches), and waits for all. */
        private void fill(String bootstrap) {
            log("producing " + records + " records of " + recordSize + " bytes to " + TOPIC + " (" + partitions
                    + " partitions)");
            BenchEnv.fill(bootstrap, TOPIC, records, recordSize);
        }

        /** Runs one tool in a child JVM with a fresh group, reading every record of the topic. */
        private Run measure(String bootstrap, int pair, Impl impl) throws Exception {
            String name = (pair == 0 ? "warmup" : "p" + pair) + "-" + impl.label;
            String group = "perf-" + name + "-" + System.nanoTime();
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(clientJvmOpts);
            command.addAll(FIXED_CLIENT_OPTS);
            Path timeline = runsDir.resolve(name + ".timeline.csv");
            command.addAll(List.of("-cp", classpath, CpuTimed.class.getName(), "--timeline", timeline.toString(),
                    "--timeline-ms", Integer.toString(timelineMs), impl.mainClass,
                    "--bootstrap-server", bootstrap, "--topic", TOPIC, "--messages", Long.toString(records),
                    "--group", group, "--timeout", "30000"));
            Path stdout = runsDir.resolve(name + ".out");
            Path stderr = runsDir.resolve(name + ".err");
            long brokerCpuBefore = brokerCpuNanos();
            SocketMeter meter = SocketMeter.start(bootstrap, false, ProducerBenchmark.METER_PERIOD_MS);
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).start();
            String error = null;
            Integer exit = null;
            if (process.waitFor(runTimeoutSeconds, TimeUnit.SECONDS)) {
                exit = process.exitValue();
            } else {
                process.destroyForcibly().waitFor();
                error = "timed out after " + runTimeoutSeconds + " s";
            }
            long wallMillis = (System.nanoTime() - start) / 1_000_000;
            long brokerCpu = brokerCpuNanos() - brokerCpuBefore;
            List<Timeline.Progress> progress = meter.stop();
            if (meter.failure() != null) {
                log("warning: no progress meter, so no steady-state figures: " + meter.failure());
            }
            Timeline.Analysis analysis = null;
            try {
                analysis = Timeline.analyze(timeline, progress, topicBytes, records);
            } catch (IOException | RuntimeException e) {
                log("warning: cannot analyse " + timeline + ": " + e);
            }
            ConsumerPerf.Result result = null;
            CpuTimed.Usage usage = null;
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                ConsumerPerf.Result r = ConsumerPerf.parse(line);
                result = r != null ? r : result;
                CpuTimed.Usage u = CpuTimed.parse(line);
                usage = u != null ? u : usage;
            }
            if (error == null && (exit != 0 || result == null || usage == null)) {
                error = "exit status " + exit + (result == null ? ", no result line" : "")
                        + (usage == null ? ", no cpu line" : "") + "; see " + stderr;
            } else if (error == null && result.records() != records) {
                error = "read " + result.records() + " of " + records + " records; see " + stdout;
            }
            return new Run(impl, pair, group, result, usage, brokerCpu, wallMillis, error, analysis);
        }

        private long brokerCpuNanos() {
            long sum = 0;
            for (ProcessHandle p : brokers) {
                sum += p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            }
            return sum;
        }

        private static String describe(Run r) {
            if (!r.ok()) {
                return "FAILED: " + r.error();
            }
            return String.format(Locale.ROOT, "%.0f records/s (fetch %.0f), rebalance %d ms, client CPU %.3f "
                            + "us/record (threads %.3f; steady state %.3f, JIT quiet after %.1f of %.1f s), broker CPU "
                            + "%.3f us/record, gc %d ms", r.result().recordsPerSec(),
                    r.result().fetchRecordsPerSec(), r.result().rebalanceMs(), r.clientCpuMicrosPerRecord(),
                    r.usage().threadsCpuNanos() / 1000.0 / r.result().records(),
                    r.timeline("steady_cpu_us_per_record"), r.timeline("jit_quiet_after_s"),
                    r.timeline("main_wall_s"), r.brokerCpuMicrosPerRecord(), r.usage().gcMillis());
        }

        private List<Run> ok(Impl impl) {
            return runs.stream().filter(r -> r.impl() == impl && r.ok()).toList();
        }

        private static double median(List<Run> rs, ToDoubleFunction<Run> f) {
            double[] v = rs.stream().mapToDouble(f).sorted().toArray();
            if (v.length == 0) {
                return Double.NaN;
            }
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }

        private String markdown(long seconds, String loadAtStart) {
            StringBuilder sb = new StringBuilder();
            sb.append("# Consumer benchmark: kafka-consumer-perf-test vs Samsa ConsumerPerf\n\n");
            sb.append(String.format(Locale.ROOT, "%d records of %d bytes in a %d-partition topic on one Kafka %s "
                            + "broker (testkit); each run a fresh JVM (%s) and a fresh group reading the whole topic; "
                            + "%d pairs, alternating, after one discarded warm-up each; medians. Machine: %d cores, "
                            + "load at start %s; %s %s. Session %d s.%n%n", records, recordSize, partitions,
                    ProducerBenchmark.KAFKA_VERSION, String.join(" ", clientJvmOpts), pairs,
                    Runtime.getRuntime().availableProcessors(), loadAtStart, System.getProperty("java.vm.name"),
                    System.getProperty("java.runtime.version"), seconds));
            sb.append("| metric | official | Samsa | Samsa/official |\n|---|---:|---:|---:|\n");
            for (Metric m : METRICS) {
                double o = median(ok(Impl.OFFICIAL), m.value());
                double s = median(ok(Impl.SAMSA), m.value());
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f |%n", m.label(), fmt(o), fmt(s), s / o));
            }
            sb.append("\nThe headline is the whole run (client CPU while main ran). The steady-state rows are an "
                    + "additional figure: the client's CPU over the second half of each run's records, from the first "
                    + "timeline sample at which half of the topic's bytes had crossed the client's connections from "
                    + "the broker (kernel TCP byte counters) to the end of main, per record of that window. JIT "
                    + "quiet: the end of the last 1-second bucket of the timeline (the last second of main, closing "
                    + "the client, left out) in which the JIT compiler threads used more than 5% of a core. "
                    + "Timelines: runs/*.timeline.csv.\n");
            sb.append(String.format(Locale.ROOT, "%nRuns ok: official %d/%d, Samsa %d/%d.%n",
                    ok(Impl.OFFICIAL).size(), pairs, ok(Impl.SAMSA).size(), pairs));
            for (Run r : runs) {
                if (!r.ok()) {
                    sb.append("- pair ").append(r.pair()).append(' ').append(r.impl().label).append(" FAILED: ")
                            .append(r.error()).append('\n');
                }
            }
            return sb.toString();
        }

        private static String fmt(double v) {
            return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3f", v);
        }

        private void writeJson(Path file, long seconds, String loadAtStart) throws IOException {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("tool", "consumer-benchmark");
            root.put("kafka_version", ProducerBenchmark.KAFKA_VERSION);
            root.put("machine", BenchEnv.describeMachine());
            root.put("records", records);
            root.put("record_size", recordSize);
            root.put("partitions", partitions);
            root.put("pairs", pairs);
            root.put("client_jvm_opts", clientJvmOpts);
            root.put("cores", Runtime.getRuntime().availableProcessors());
            root.put("load_average_at_start", loadAtStart);
            root.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
            root.put("session_seconds", seconds);
            root.put("topic_bytes", topicBytes);
            root.put("timeline_ms", timelineMs);
            root.put("steady_state", "client CPU over the second half of each run's records (from the first timeline "
                    + "row at which half of the topic's bytes had crossed the client's TCP connections from the "
                    + "broker, to the end of main); an additional figure, the whole-run figures stay the headline");
            Map<String, Object> medians = new LinkedHashMap<>();
            Map<String, Object> ratios = new LinkedHashMap<>();
            for (Impl impl : Impl.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Metric metric : METRICS) {
                    m.put(metric.key(), round(median(ok(impl), metric.value())));
                }
                medians.put(impl.label, m);
            }
            for (Metric metric : METRICS) {
                ratios.put(metric.key(), round(median(ok(Impl.SAMSA), metric.value())
                        / median(ok(Impl.OFFICIAL), metric.value())));
            }
            root.put("medians", medians);
            root.put("samsa_over_official", ratios);
            List<Object> each = new ArrayList<>();
            for (Run r : runs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pair", r.pair());
                m.put("impl", r.impl().label);
                m.put("group", r.group());
                m.put("ok", r.ok());
                if (r.ok()) {
                    for (Metric metric : METRICS) {
                        m.put(metric.key(), round(metric.value().applyAsDouble(r)));
                    }
                    m.put("result", r.result());
                    m.put("cpu", r.usage());
                    m.put("meter_bytes_over_topic_bytes", round(r.timeline() == null ? Double.NaN
                            : r.timeline().meterOverTopicBytes()));
                } else {
                    m.put("error", r.error());
                }
                m.put("child_wall_ms", r.childWallMillis());
                each.add(m);
            }
            root.put("runs", each);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
        }
    }
}

package dev.samsa.samples.perf;

import static dev.samsa.samples.perf.BenchEnv.childClasspath;
import static dev.samsa.samples.perf.BenchEnv.describeMachine;
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
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The side-by-side producer benchmark: Kafka's official {@code kafka-producer-perf-test}
 * ({@code org.apache.kafka.tools.ProducerPerformance}, kafka-clients {@value #KAFKA_VERSION}) against Samsa's
 * {@link ProducerPerf}, on one real broker, in one command.
 *
 * <p>It starts a single-node Kafka {@value #KAFKA_VERSION} broker with the testkit ({@code fastStartup(false)}: G1 and
 * tiered C2, as a production broker; 1 GiB heap by default), runs one discarded warm-up of each tool so that the
 * broker's JIT is warm before anything is measured, then for every configuration runs the two tools
 * <em>alternately</em> (official, Samsa, official, Samsa, ... {@code --pairs} times), each in a fresh JVM with the same
 * flags and classpath, each on a fresh topic with the same partitions, then deletes the topic. Every run sends
 * {@code --records} records of {@code --record-size} random bytes as fast as it can ({@code --throughput -1}), or
 * at {@code --throughput} records/s, the tools' own throttle, so that both clients put the same load on the broker
 * that shares the machine's cores with them.
 *
 * <p>Measured per run: throughput (records/s from the tool's summary line: records over the wall time from the first
 * send to the producer's close), latency percentiles (same line), the client JVM's CPU time (printed by
 * {@link CpuTimed} right after the tool's {@code main} returned: {@code getProcessCpuTime()}, all threads, JIT and GC
 * included; the per-record figure uses the part spent inside {@code main}, i.e. without JVM start-up) and the broker
 * JVM's CPU time over the run ({@code /proc} via {@link ProcessHandle}). Reported: the median of each over the pairs
 * and Samsa/official ratios of the medians, as a Markdown table on stdout and into {@code producer-benchmark.md}, and
 * with every run's numbers and a description of the machine into {@code producer-benchmark.json}, both in
 * {@code --out}.
 *
 * <p>Run it from the repository root:
 *
 * <pre>
 * mvn -B -q -pl samples -am -DskipTests package
 * java -cp samples/target/classes:$(cat samples/target/benchmark.classpath) dev.samsa.samples.perf.ProducerBenchmark
 * </pre>
 *
 * or {@code bench/producer-benchmark.sh [flags]}. Flags (defaults in brackets): {@code --records N} [2000000],
 * {@code --pairs N} [5], {@code --record-size BYTES} [100], {@code --partitions N} [3], {@code --acks LIST} [1,all],
 * {@code --batch-sizes LIST} [16384,65536], {@code --linger-ms MS} [5], {@code --compression TYPE} [none],
 * {@code --warmup-records N} [500000; 0 skips the warm-up], {@code --client-jvm-opts "OPTS"}
 * [{@value #DEFAULT_CLIENT_JVM_OPTS}], {@code --broker-heap-mb MB} [1024], {@code --jfr} (records a JFR profile of every
 * measured run into {@code --out}; it costs a few percent, so leave it off for the table), {@code --out DIR}
 * [target/producer-benchmark], {@code --run-timeout-s S} [600], {@code --baseline-classpath CP} (a third tool in
 * every round: {@link ProducerPerf} of another Samsa build, e.g. {@code samples/target/classes} plus
 * {@code benchmark.classpath} of a second worktree at an older commit, run right after the current build, so that a
 * change's before / after / official figures come from the same minutes; reported as {@code samsa-baseline}),
 * {@code --timeline-ms MS} [200] (the interval of each run's timeline), {@code --throughput N} [-1: unthrottled]
 * (records/s, passed to both tools, warm-up included), {@code --payload-file} (both tools take their payloads from a
 * file of random records of {@code --record-size} bytes written once by {@link PayloadFile}, instead of filling
 * every record with random letters, which is the tool's work, not the client's).
 *
 * <p>Every run also writes a {@link Timeline} ({@code runs/NAME.timeline.csv}: process, Java threads', JIT and GC
 * CPU, allocated bytes and records done, per interval), from which the report adds, as an additional figure next to
 * the whole-run headline, the client's CPU per record over the second half of the run's records (steady state) and
 * the moment the JIT compiler went quiet. The records done at a moment come from a {@link SocketMeter} on the
 * client's connections to the broker, as a share of the topic's bytes (read before the topic is deleted).
 *
 * <p>The client and the broker share the machine's cores, so a client that burns less CPU leaves more to the broker:
 * on a small machine throughput and CPU per record are linked. Runs are short and the machine may be shared: read
 * the ratios, and the spread across pairs in the JSON, rather than single numbers.
 */
public final class ProducerBenchmark {
    /** The Kafka release whose client and broker are compared against. */
    public static final String KAFKA_VERSION = "4.1.1";
    static final String OFFICIAL_MAIN = "org.apache.kafka.tools.ProducerPerformance";
    static final String SAMSA_MAIN = ProducerPerf.class.getName();
    static final String DEFAULT_CLIENT_JVM_OPTS = "-Xms512m -Xmx512m -XX:+UseG1GC";
    /** How often the progress meter reads the client's connections, ms. */
    static final long METER_PERIOD_MS = 200;
    /** Added to every client JVM so both tools format numbers alike and log at WARN. */
    private static final List<String> FIXED_CLIENT_OPTS = List.of("-Duser.language=en", "-Duser.country=US",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    private ProducerBenchmark() {
    }

    /** A producer configuration measured with both tools. */
    record Config(String acks, int batchSize, int lingerMs, String compression) {
        String name() {
            return "acks=" + acks + " batch.size=" + batchSize + " linger.ms=" + lingerMs + " compression="
                    + compression;
        }

        String slug() {
            return "acks" + acks + "-b" + batchSize + "-l" + lingerMs + "-" + compression;
        }

        List<String> producerProps(String bootstrap) {
            return List.of("bootstrap.servers=" + bootstrap, "acks=" + acks, "linger.ms=" + lingerMs,
                    "batch.size=" + batchSize, "compression.type=" + compression);
        }
    }

    /** The two tools. */
    enum Impl {
        OFFICIAL("official", OFFICIAL_MAIN), SAMSA("samsa", SAMSA_MAIN), BASELINE("samsa-baseline", SAMSA_MAIN);

        final String label;
        final String mainClass;

        Impl(String label, String mainClass) {
            this.label = label;
            this.mainClass = mainClass;
        }
    }

    /** One measured run. */
    record Run(Impl impl, Config config, int pair, String topic, PerfLines.Summary summary, CpuTimed.Usage usage,
            long brokerCpuNanos, long childWallMillis, Integer exitCode, String error, Timeline.Analysis timeline) {
        boolean ok() {
            return error == null;
        }

        /** One of the timeline's figures ({@link Timeline.Analysis#metrics()}), NaN without a timeline. */
        double timeline(String key) {
            return timeline == null ? Double.NaN : timeline.metrics().get(key);
        }

        double clientCpuMicrosPerRecord() {
            return usage.mainNanos() / 1000.0 / summary.records();
        }

        double clientProcessCpuMicrosPerRecord() {
            return usage.processNanos() / 1000.0 / summary.records();
        }

        /** The Java threads' CPU only (no JIT, GC or VM threads), or NaN if the cpu line did not say. */
        double clientThreadsCpuMicrosPerRecord() {
            return usage.threadsCpuNanos() < 0 ? Double.NaN : usage.threadsCpuNanos() / 1000.0 / summary.records();
        }

        double brokerCpuMicrosPerRecord() {
            return brokerCpuNanos / 1000.0 / summary.records();
        }
    }

    /** The command line. */
    record Settings(long records, int pairs, int recordSize, int partitions, List<String> acks,
            List<Integer> batchSizes, int lingerMs, String compression, long warmupRecords, List<String> clientJvmOpts,
            int brokerHeapMb, boolean jfr, Path out, int runTimeoutSeconds, String baselineClasspath,
            int timelineMs, long throughput, boolean payloadFile) {

        static Settings parse(String[] args) {
            Map<String, String> flags = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    throw new IllegalArgumentException("help");
                }
                if (a.equals("--jfr") || a.equals("--payload-file")) {
                    flags.put(a, "true");
                    continue;
                }
                if (!a.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("bad argument '" + a + "'");
                }
                flags.put(a, args[++i]);
            }
            Set<String> known = Set.of("--records", "--pairs", "--record-size", "--partitions", "--acks",
                    "--batch-sizes", "--linger-ms", "--compression", "--warmup-records", "--client-jvm-opts",
                    "--broker-heap-mb", "--jfr", "--out", "--run-timeout-s", "--baseline-classpath", "--timeline-ms",
                    "--throughput", "--payload-file");
            for (String k : flags.keySet()) {
                if (!known.contains(k)) {
                    throw new IllegalArgumentException("unknown flag " + k);
                }
            }
            Settings s = new Settings(
                    Long.parseLong(flags.getOrDefault("--records", "2000000")),
                    Integer.parseInt(flags.getOrDefault("--pairs", "5")),
                    Integer.parseInt(flags.getOrDefault("--record-size", "100")),
                    Integer.parseInt(flags.getOrDefault("--partitions", "3")),
                    List.of(flags.getOrDefault("--acks", "1,all").split(",")),
                    Arrays.stream(flags.getOrDefault("--batch-sizes", "16384,65536").split(","))
                            .map(String::trim).map(Integer::valueOf).toList(),
                    Integer.parseInt(flags.getOrDefault("--linger-ms", "5")),
                    flags.getOrDefault("--compression", "none"),
                    Long.parseLong(flags.getOrDefault("--warmup-records", "500000")),
                    List.of(flags.getOrDefault("--client-jvm-opts", DEFAULT_CLIENT_JVM_OPTS).trim().split("\\s+")),
                    Integer.parseInt(flags.getOrDefault("--broker-heap-mb", "1024")),
                    flags.containsKey("--jfr"),
                    Path.of(flags.getOrDefault("--out", "target/producer-benchmark")).toAbsolutePath(),
                    Integer.parseInt(flags.getOrDefault("--run-timeout-s", "600")),
                    flags.get("--baseline-classpath"),
                    Integer.parseInt(flags.getOrDefault("--timeline-ms", "200")),
                    Long.parseLong(flags.getOrDefault("--throughput", "-1")),
                    flags.containsKey("--payload-file"));
            if (s.records <= 0 || s.pairs <= 0 || s.recordSize <= 0 || s.partitions <= 0 || s.lingerMs < 0
                    || s.warmupRecords < 0 || s.brokerHeapMb < 64 || s.runTimeoutSeconds <= 0 || s.timelineMs <= 0
                    || s.throughput == 0 || s.throughput < -1) {
                throw new IllegalArgumentException("a count, size or time is out of range: " + s);
            }
            return s;
        }

        /** The tools of every round, in the order they run. */
        List<Impl> impls() {
            return baselineClasspath == null ? List.of(Impl.OFFICIAL, Impl.SAMSA) : List.of(Impl.values());
        }

        List<Config> configs() {
            List<Config> list = new ArrayList<>();
            for (String a : acks) {
                for (int b : batchSizes) {
                    list.add(new Config(a.trim(), b, lingerMs, compression));
                }
            }
            return list;
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args flags as in the class Javadoc
     * @throws Exception if the broker does not start, a topic cannot be created, or the results cannot be written
     */
    public static void main(String[] args) throws Exception {
        // The admin client's INFO lines would drown the progress lines.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("usage: ProducerBenchmark [--records N] [--pairs N] [--record-size BYTES] "
                    + "[--partitions N] [--acks 1,all] [--batch-sizes 16384,65536] [--linger-ms MS] "
                    + "[--compression TYPE] [--warmup-records N] [--client-jvm-opts \"OPTS\"] [--broker-heap-mb MB] "
                    + "[--jfr] [--out DIR] [--run-timeout-s S] [--baseline-classpath CP] [--timeline-ms MS] "
                    + "[--throughput N] [--payload-file]");
            if (!e.getMessage().equals("help")) {
                System.err.println("ProducerBenchmark: error: " + e.getMessage());
                System.exit(1);
            }
            return;
        }
        new Bench(settings).run();
    }

    /** One benchmark session. */
    private static final class Bench {
        private final Settings settings;
        private final Path runsDir;
        private final String classpath;
        private final String java;
        private final List<Run> runs = new ArrayList<>();
        private final Map<String, Object> machine;
        /** The payload file both tools read, or null: they fill each record themselves ({@code --record-size}). */
        private final Path payloads;
        private List<ProcessHandle> brokers = List.of();

        Bench(Settings settings) throws IOException {
            this.settings = settings;
            this.runsDir = settings.out().resolve("runs");
            Files.createDirectories(runsDir);
            this.classpath = childClasspath();
            this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            this.machine = describeMachine();
            this.payloads = settings.payloadFile()
                    ? PayloadFile.write(settings.out().resolve("payloads-" + settings.recordSize() + ".txt"),
                            settings.recordSize())
                    : null;
        }

        void run() throws Exception {
            Instant began = Instant.now();
            log("machine: " + machine);
            log("starting a Kafka " + KAFKA_VERSION + " broker (fastStartup=false, heap " + settings.brokerHeapMb()
                    + " MiB)");
            Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
            try (KafkaCluster cluster = KafkaCluster.builder()
                    .fastStartup(false)
                    .maxHeapBytes(settings.brokerHeapMb() * 1024L * 1024L)
                    .workDirectory(settings.out().resolve("kafka"))
                    // Deleted topics' files go within a second, so a long session does not fill the disk.
                    .serverProperty("log.segment.delete.delay.ms", "1000")
                    .build().start()) {
                brokers = ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).toList();
                String bootstrap = cluster.bootstrapServers();
                log("broker up at " + bootstrap + " (pid " + brokers.stream().map(p -> Long.toString(p.pid()))
                        .collect(Collectors.joining(",")) + ")");
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                    if (settings.warmupRecords() > 0) {
                        Config warm = settings.configs().get(0);
                        for (Impl impl : settings.impls()) {
                            Run r = measure(admin, bootstrap, warm, 0, impl, settings.warmupRecords(), false);
                            log("warm-up " + impl.label + ": " + describe(r));
                        }
                    }
                    for (Config config : settings.configs()) {
                        for (int pair = 1; pair <= settings.pairs(); pair++) {
                            for (Impl impl : settings.impls()) {
                                Run r = measure(admin, bootstrap, config, pair, impl, settings.records(),
                                        settings.jfr());
                                runs.add(r);
                                log(config.name() + " pair " + pair + " " + impl.label + ": " + describe(r));
                            }
                        }
                    }
                }
            }
            long seconds = Duration.between(began, Instant.now()).toSeconds();
            String markdown = markdown(seconds);
            Files.writeString(settings.out().resolve("producer-benchmark.md"), markdown);
            writeJson(settings.out().resolve("producer-benchmark.json"), seconds);
            System.out.println();
            System.out.println(markdown);
            log("results in " + settings.out().resolve("producer-benchmark.md") + " and producer-benchmark.json");
        }

        /** Creates a fresh topic, runs one tool against it in a child JVM, deletes the topic. */
        private Run measure(Admin admin, String bootstrap, Config config, int pair, Impl impl, long records,
                boolean jfr) throws Exception {
            String name = (pair == 0 ? "warmup" : config.slug() + "-p" + pair) + "-" + impl.label;
            String topic = "perf-" + name;
            createTopic(admin, topic);
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(settings.clientJvmOpts());
            command.addAll(FIXED_CLIENT_OPTS);
            if (jfr) {
                command.add("-XX:StartFlightRecording=filename=" + runsDir.resolve(name + ".jfr")
                        + ",settings=profile");
            }
            String cp = impl == Impl.BASELINE ? settings.baselineClasspath() : classpath;
            Path timeline = runsDir.resolve(name + ".timeline.csv");
            command.addAll(List.of("-cp", cp, CpuTimed.class.getName(), "--timeline", timeline.toString(),
                    "--timeline-ms", Integer.toString(settings.timelineMs()), impl.mainClass, "--topic", topic,
                    "--num-records", Long.toString(records),
                    payloads == null ? "--record-size" : "--payload-file",
                    payloads == null ? Integer.toString(settings.recordSize()) : payloads.toString(),
                    "--throughput", Long.toString(settings.throughput()),
                    "--producer-props"));
            command.addAll(config.producerProps(bootstrap));
            Path stdout = runsDir.resolve(name + ".out");
            Path stderr = runsDir.resolve(name + ".err");
            long brokerCpuBefore = brokerCpuNanos();
            SocketMeter meter = SocketMeter.start(bootstrap, true, METER_PERIOD_MS);
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).start();
            Integer exit = null;
            String error = null;
            if (process.waitFor(settings.runTimeoutSeconds(), TimeUnit.SECONDS)) {
                exit = process.exitValue();
            } else {
                process.destroyForcibly().waitFor();
                error = "timed out after " + settings.runTimeoutSeconds() + " s";
            }
            long wallMillis = (System.nanoTime() - start) / 1_000_000;
            long brokerCpu = brokerCpuNanos() - brokerCpuBefore;
            List<Timeline.Progress> progress = meter.stop();
            if (meter.failure() != null) {
                log("warning: no progress meter, so no steady-state figures: " + meter.failure());
            }
            PerfLines.Summary summary = null;
            CpuTimed.Usage usage = null;
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                PerfLines.Summary s = PerfLines.summary(line);
                summary = s != null ? s : summary;
                CpuTimed.Usage u = CpuTimed.parse(line);
                usage = u != null ? u : usage;
            }
            if (error == null && (exit != 0 || summary == null || usage == null)) {
                error = "exit status " + exit + (summary == null ? ", no summary line" : "")
                        + (usage == null ? ", no cpu line" : "") + "; see " + stderr;
            } else if (error == null && summary.records() != records) {
                error = "only " + summary.records() + " of " + records + " records succeeded; see " + stderr;
            }
            Timeline.Analysis analysis = null;
            try {
                analysis = Timeline.analyze(timeline, progress, SocketMeter.topicBytes(admin, topic), records);
            } catch (Exception e) {
                log("warning: cannot analyse " + timeline + ": " + e);
            }
            // Deleted after every run (the broker removes the files a second later), so long runs do not fill the disk.
            deleteTopic(admin, topic);
            return new Run(impl, config, pair, topic, summary, usage, brokerCpu, wallMillis, exit, error, analysis);
        }

        private void createTopic(Admin admin, String topic) throws Exception {
            admin.createTopics(List.of(new NewTopic(topic, settings.partitions(), (short) 1))).all()
                    .get(60, TimeUnit.SECONDS);
            // Wait until every partition has a leader, so neither tool starts against a half-created topic.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                            .get(topic);
                    if (d.partitions().size() == settings.partitions()
                            && d.partitions().stream().map(TopicPartitionInfo::leader).allMatch(l -> l != null
                                    && !l.isEmpty())) {
                        return;
                    }
                } catch (ExecutionException e) {
                    // not visible yet: retry
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " has no leaders after 60 s");
                }
                Thread.sleep(50);
            }
        }

        private static void deleteTopic(Admin admin, String topic) {
            try {
                admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                log("warning: could not delete topic " + topic + ": " + e);
            }
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
            return String.format(Locale.ROOT, "%.0f records/s, client CPU %.2f us/record (process %.2f; "
                            + "steady state %.2f, JIT quiet after %.1f of %.1f s), broker CPU %.2f us/record, "
                            + "avg %.1f ms, p99 %d ms, gc %d ms",
                    r.summary().recordsPerSec(), r.clientCpuMicrosPerRecord(), r.clientProcessCpuMicrosPerRecord(),
                    r.timeline("steady_cpu_us_per_record"), r.timeline("jit_quiet_after_s"),
                    r.timeline("main_wall_s"), r.brokerCpuMicrosPerRecord(), r.summary().avgLatencyMs(),
                    r.summary().p99Ms(), r.usage().gcMillis());
        }

        // ---- reporting ----

        private List<Run> ok(Config c, Impl impl) {
            return runs.stream().filter(r -> r.config().equals(c) && r.impl() == impl && r.ok()).toList();
        }

        private static double median(Collection<Run> rs, ToDoubleFunction<Run> f) {
            double[] v = rs.stream().mapToDouble(f).sorted().toArray();
            if (v.length == 0) {
                return Double.NaN;
            }
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }

        private static final List<Metric> METRICS = List.of(
                new Metric("records_per_sec", "records/s", r -> r.summary().recordsPerSec()),
                new Metric("client_cpu_us_per_record", "client CPU us/record", Run::clientCpuMicrosPerRecord),
                new Metric("client_process_cpu_us_per_record", "client process CPU us/record",
                        Run::clientProcessCpuMicrosPerRecord),
                new Metric("client_threads_cpu_us_per_record", "client Java threads CPU us/record",
                        Run::clientThreadsCpuMicrosPerRecord),
                new Metric("client_jit_cpu_us_per_record", "client JIT threads CPU us/record",
                        r -> CpuTimed.Usage.microsPerRecord(r.usage().jitNanos(), r.summary().records())),
                new Metric("client_gc_cpu_us_per_record", "client GC threads CPU us/record",
                        r -> CpuTimed.Usage.microsPerRecord(r.usage().gcCpuNanos(), r.summary().records())),
                new Metric("steady_client_cpu_us_per_record", "steady-state client CPU us/record",
                        r -> r.timeline("steady_cpu_us_per_record")),
                new Metric("steady_client_threads_cpu_us_per_record", "steady-state client Java threads CPU us/record",
                        r -> r.timeline("steady_threads_cpu_us_per_record")),
                new Metric("steady_client_jit_cpu_us_per_record", "steady-state client JIT threads CPU us/record",
                        r -> r.timeline("steady_jit_cpu_us_per_record")),
                new Metric("steady_client_gc_cpu_us_per_record", "steady-state client GC threads CPU us/record",
                        r -> r.timeline("steady_gc_cpu_us_per_record")),
                new Metric("steady_client_alloc_bytes_per_record", "steady-state client heap B allocated/record",
                        r -> r.timeline("steady_alloc_bytes_per_record")),
                new Metric("steady_from_s", "steady-state window starts at s", r -> r.timeline("steady_from_s")),
                new Metric("jit_quiet_after_s", "JIT quiet after s", r -> r.timeline("jit_quiet_after_s")),
                new Metric("main_wall_s", "tool's main wall s", r -> r.timeline("main_wall_s")),
                new Metric("broker_cpu_us_per_record", "broker CPU us/record", Run::brokerCpuMicrosPerRecord),
                new Metric("avg_latency_ms", "avg latency ms", r -> r.summary().avgLatencyMs()),
                new Metric("p99_latency_ms", "p99 ms", r -> r.summary().p99Ms()),
                new Metric("client_gc_ms", "client GC ms", r -> r.usage().gcMillis()));

        private record Metric(String key, String label, ToDoubleFunction<Run> value) {
        }

        private String markdown(long seconds) {
            StringBuilder sb = new StringBuilder();
            sb.append("## Producer: Samsa vs the official Kafka client\n\n");
            sb.append(String.format(Locale.ROOT, "%d-byte records%s, %d per run, --throughput %d, %d partition(s), "
                            + "one broker; medians of %d alternating pairs (official, Samsa, official, Samsa, ...), "
                            + "each run in its own JVM (%s). Ratios are Samsa / official; for throughput higher is "
                            + "better, for CPU lower is better. Session: %d s.%n%n",
                    settings.recordSize(), payloads == null ? "" : " (payloads from a file of "
                            + PayloadFile.payloadCount(settings.recordSize()) + " random records, --payload-file)",
                    settings.records(), settings.throughput(), settings.partitions(),
                    settings.pairs(),
                    String.join(" ", settings.clientJvmOpts()), seconds));
            sb.append("Machine: ").append(machine.get("cpu_model")).append(", ").append(machine.get("cores"))
                    .append(" cores, ").append(machine.get("memory")).append("; ").append(machine.get("jdk"))
                    .append("; Kafka ").append(machine.get("kafka_version")).append(" (broker and official client)")
                    .append("; Samsa ").append(machine.get("samsa_commit")).append("; load average at start ")
                    .append(machine.get("load_average_at_start")).append("\n\n");
            sb.append("| configuration | official records/s | Samsa records/s | ratio | official client CPU us/rec "
                    + "| Samsa client CPU us/rec | ratio | official broker CPU us/rec | Samsa broker CPU us/rec "
                    + "| official p99 ms | Samsa p99 ms |\n");
            sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Config c : settings.configs()) {
                List<Run> off = ok(c, Impl.OFFICIAL);
                List<Run> sam = ok(c, Impl.SAMSA);
                double offTp = median(off, r -> r.summary().recordsPerSec());
                double samTp = median(sam, r -> r.summary().recordsPerSec());
                double offCpu = median(off, Run::clientCpuMicrosPerRecord);
                double samCpu = median(sam, Run::clientCpuMicrosPerRecord);
                sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | **%.2f** | %.2f | %.2f | **%.2f** | %.2f "
                                + "| %.2f | %.0f | %.0f |%n", c.name().replace(" compression=none", ""), offTp, samTp,
                        samTp / offTp, offCpu, samCpu, samCpu / offCpu, median(off, Run::brokerCpuMicrosPerRecord),
                        median(sam, Run::brokerCpuMicrosPerRecord), median(off, r -> r.summary().p99Ms()),
                        median(sam, r -> r.summary().p99Ms())));
            }
            sb.append("\nClient CPU by kind of thread (medians, us/record; official / Samsa / ratio): the Java threads "
                    + "(the tool's and the client's), the JIT compiler threads and the garbage collector's threads; "
                    + "the rest of the client CPU is the VM's other threads.\n\n");
            sb.append("| configuration | Java threads | ratio | JIT | ratio | GC | ratio |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|\n");
            for (Config c : settings.configs()) {
                sb.append("| ").append(c.name().replace(" compression=none", ""));
                for (String key : List.of("client_threads_cpu_us_per_record", "client_jit_cpu_us_per_record",
                        "client_gc_cpu_us_per_record")) {
                    Metric m = METRICS.stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
                    double o = median(ok(c, Impl.OFFICIAL), m.value());
                    double v = median(ok(c, Impl.SAMSA), m.value());
                    sb.append(String.format(Locale.ROOT, " | %.2f / %.2f | **%.2f**", o, v, v / o));
                }
                sb.append(" |\n");
            }
            sb.append("\nAdditional figure, steady state (the headline above stays the whole run): client CPU per "
                    + "record over the second half of each run's records, from the first timeline sample at which "
                    + "half of the records had crossed the client's connections to the broker (kernel TCP byte "
                    + "counters, as a share of the topic's bytes) to the end of the tool's main; medians, "
                    + "us/record, official / Samsa / ratio. JIT quiet: the end of the last 1-second bucket of the "
                    + "timeline (the last second of main, closing the client, left out) in which the JIT compiler "
                    + "threads used more than 5% of a core, s after main started (main's length after the slash). "
                    + "Timelines: runs/*.timeline.csv.\n\n");
            sb.append("| configuration | process CPU | ratio | Java threads | ratio | JIT | ratio | GC | ratio "
                    + "| window from s (official / Samsa) | JIT quiet after s: official | Samsa |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Config c : settings.configs()) {
                sb.append("| ").append(c.name().replace(" compression=none", ""));
                for (String key : List.of("steady_client_cpu_us_per_record", "steady_client_threads_cpu_us_per_record",
                        "steady_client_jit_cpu_us_per_record", "steady_client_gc_cpu_us_per_record")) {
                    Metric m = METRICS.stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
                    double o = median(ok(c, Impl.OFFICIAL), m.value());
                    double v = median(ok(c, Impl.SAMSA), m.value());
                    sb.append(String.format(Locale.ROOT, " | %.2f / %.2f | **%.2f**", o, v, v / o));
                }
                sb.append(String.format(Locale.ROOT, " | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f |%n",
                        median(ok(c, Impl.OFFICIAL), r -> r.timeline("steady_from_s")),
                        median(ok(c, Impl.SAMSA), r -> r.timeline("steady_from_s")),
                        median(ok(c, Impl.OFFICIAL), r -> r.timeline("jit_quiet_after_s")),
                        median(ok(c, Impl.OFFICIAL), r -> r.timeline("main_wall_s")),
                        median(ok(c, Impl.SAMSA), r -> r.timeline("jit_quiet_after_s")),
                        median(ok(c, Impl.SAMSA), r -> r.timeline("main_wall_s"))));
            }
            if (settings.baselineClasspath() != null) {
                sb.append("\nBaseline Samsa build (").append(settings.baselineClasspath().split(":")[0])
                        .append("), medians: client CPU us/record (Java threads only) and ratios to the official "
                                + "client and to the baseline:\n\n");
                sb.append("| configuration | official | Samsa | Samsa baseline | Samsa / official "
                        + "| baseline / official | Samsa / baseline |\n|---|---:|---:|---:|---:|---:|---:|\n");
                for (Config c : settings.configs()) {
                    double[] cpu = new double[3];
                    double[] threads = new double[3];
                    for (Impl impl : Impl.values()) {
                        cpu[impl.ordinal()] = median(ok(c, impl), Run::clientCpuMicrosPerRecord);
                        threads[impl.ordinal()] = median(ok(c, impl), Run::clientThreadsCpuMicrosPerRecord);
                    }
                    sb.append(String.format(Locale.ROOT, "| %s | %.3f (%.3f) | %.3f (%.3f) | %.3f (%.3f) "
                                    + "| %.2f (%.2f) | %.2f (%.2f) | %.2f (%.2f) |%n",
                            c.name().replace(" compression=none", ""), cpu[0], threads[0], cpu[1], threads[1], cpu[2],
                            threads[2], cpu[1] / cpu[0], threads[1] / threads[0], cpu[2] / cpu[0],
                            threads[2] / threads[0], cpu[1] / cpu[2], threads[1] / threads[2]));
                }
            }
            sb.append("\nLatency is from send() to the callback, so it includes the time a record waits in "
                    + "buffer.memory: with --throughput -1 it mostly measures how full each producer lets its buffer "
                    + "get, not the network path. Client CPU is the client JVM's CPU time (all threads) while the "
                    + "tool ran, payload generation included (the same code in both tools); broker CPU is the "
                    + "broker JVM's over the run.\n");
            long failed = runs.stream().filter(r -> !r.ok()).count();
            if (failed > 0) {
                sb.append("\n").append(failed).append(" run(s) failed and are left out of the medians:\n");
                runs.stream().filter(r -> !r.ok()).forEach(r -> sb.append("- ").append(r.config().name())
                        .append(" pair ").append(r.pair()).append(' ').append(r.impl().label).append(": ")
                        .append(r.error()).append('\n'));
            }
            sb.append("\nEvery run (records/s; client CPU us/record):\n\n");
            sb.append(settings.baselineClasspath() == null
                    ? "| configuration | pair | official | Samsa |\n|---|---:|---:|---:|\n"
                    : "| configuration | pair | official | Samsa | Samsa baseline |\n|---|---:|---:|---:|---:|\n");
            for (Config c : settings.configs()) {
                for (int p = 1; p <= settings.pairs(); p++) {
                    int pair = p;
                    sb.append("| ").append(c.name().replace(" compression=none", "")).append(" | ").append(p);
                    for (Impl impl : settings.impls()) {
                        Optional<Run> r = runs.stream().filter(x -> x.config().equals(c) && x.pair() == pair
                                && x.impl() == impl).findFirst();
                        sb.append(" | ").append(r.filter(Run::ok).map(x -> String.format(Locale.ROOT, "%,.0f; %.2f",
                                x.summary().recordsPerSec(), x.clientCpuMicrosPerRecord())).orElse("failed"));
                    }
                    sb.append(" |\n");
                }
            }
            return sb.toString();
        }

        private void writeJson(Path file, long seconds) throws IOException {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("benchmark", "producer: Samsa ProducerPerf vs org.apache.kafka.tools.ProducerPerformance");
            root.put("machine", machine);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("records_per_run", settings.records());
            s.put("record_size_bytes", settings.recordSize());
            s.put("partitions", settings.partitions());
            s.put("pairs", settings.pairs());
            s.put("warmup_records", settings.warmupRecords());
            s.put("client_jvm_opts", settings.clientJvmOpts());
            s.put("broker_heap_mb", settings.brokerHeapMb());
            s.put("jfr", settings.jfr());
            s.put("baseline_classpath", settings.baselineClasspath());
            s.put("timeline_ms", settings.timelineMs());
            s.put("throughput_records_per_s", settings.throughput());
            s.put("payload_file", settings.payloadFile());
            s.put("steady_state", "client CPU over the second half of each run's records (from the first timeline "
                    + "row at which half of the topic's bytes had crossed the client's TCP connections to the "
                    + "broker, to the end of main); an additional figure, the whole-run figures stay the headline");
            s.put("session_seconds", seconds);
            root.put("settings", s);
            List<Object> results = new ArrayList<>();
            for (Config c : settings.configs()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("configuration", Map.of("acks", c.acks(), "batch.size", c.batchSize(), "linger.ms",
                        c.lingerMs(), "compression.type", c.compression()));
                Map<String, Object> medians = new LinkedHashMap<>();
                for (Impl impl : settings.impls()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    List<Run> rs = ok(c, impl);
                    m.put("runs", rs.size());
                    for (Metric metric : METRICS) {
                        m.put(metric.key(), round(median(rs, metric.value())));
                    }
                    medians.put(impl.label, m);
                }
                entry.put("medians", medians);
                Map<String, Object> ratios = new LinkedHashMap<>();
                for (Metric metric : METRICS) {
                    ratios.put(metric.key(), round(median(ok(c, Impl.SAMSA), metric.value())
                            / median(ok(c, Impl.OFFICIAL), metric.value())));
                }
                entry.put("samsa_over_official", ratios);
                List<Object> each = new ArrayList<>();
                for (Run r : runs) {
                    if (!r.config().equals(c)) {
                        continue;
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("pair", r.pair());
                    m.put("impl", r.impl().label);
                    m.put("ok", r.ok());
                    if (r.ok()) {
                        for (Metric metric : METRICS) {
                            m.put(metric.key(), round(metric.value().applyAsDouble(r)));
                        }
                        m.put("summary", r.summary());
                        m.put("cpu", r.usage());
                        m.put("meter_bytes_over_topic_bytes", round(r.timeline() == null ? Double.NaN
                                : r.timeline().meterOverTopicBytes()));
                    } else {
                        m.put("error", r.error());
                    }
                    m.put("child_wall_ms", r.childWallMillis());
                    each.add(m);
                }
                entry.put("runs", each);
                results.add(entry);
            }
            root.put("results", results);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
        }
    }
}

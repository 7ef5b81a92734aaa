package dev.samsa.samples.perf;

import static dev.samsa.samples.perf.BenchEnv.childClasspath;
import static dev.samsa.samples.perf.BenchEnv.fill;
import static dev.samsa.samples.perf.BenchEnv.log;
import static dev.samsa.samples.perf.BenchEnv.round;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.samsa.mock.MockCluster;
import dev.samsa.testkit.KafkaCluster;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The one benchmark command ({@code bench/run-all.sh}): Samsa against the official Java client (kafka-clients
 * {@value ProducerBenchmark#KAFKA_VERSION}), alternately A B A B in one session, on one real Kafka broker started with
 * the testkit, plus the client-only figures against the mock broker and flame graphs.
 *
 * <p>Sections, in order; every measured run is a fresh child JVM ({@value #CLIENT_JVM_OPTS}) started through
 * {@link CpuTimed}, which reports the process's CPU time and the heap bytes all its threads allocated while the tool's
 * {@code main} ran; the official run of a pair always goes first, each pair on a fresh topic with identical flags:
 * <ol>
 * <li><b>producer</b>: {@code kafka-producer-perf-test} ({@code ProducerPerformance}) vs {@link ProducerPerf}, for
 * record sizes 100 B and 1 KiB x acks 1 and all x compression none and lz4, {@code linger.ms=5}, default
 * {@code batch.size}, 3 partitions, {@code --throughput -1}; then each tool's payload loop alone ({@link PayloadCost},
 * the same record counts), so that the report can also give each run's CPU less its tool's payload generation;</li>
 * <li><b>consumer</b>: {@code kafka-consumer-perf-test} ({@code ConsumerPerformance}) vs {@link ConsumerPerf}, each
 * reading the same pre-filled 3-partition topic of 100-byte records from the start with a fresh group;</li>
 * <li><b>end-to-end latency</b>: {@link EndToEndLatency} with the official client and with Samsa, at a fixed
 * 10,000 records/s, fresh single-partition topic, acks=1, {@code linger.ms=0};</li>
 * <li><b>client-only</b>: a {@link MockCluster} in {@linkplain MockCluster#clientOnlyBenchmarkMode client-only mode}
 * in this JVM, listening on TCP: the official tools vs Samsa's over TCP, and Samsa in process ({@link ClientOnlyPerf},
 * its own child JVM with its own mock);</li>
 * <li><b>profiles</b>: one producer and one consumer run of each client under async-profiler (the agent inside the
 * {@code tools.profiler:async-profiler} jar), written as HTML flame graphs.</li>
 * </ol>
 * The producer and consumer runs against the broker also write a {@link Timeline} ({@code runs/NAME.timeline.csv}),
 * from which each section adds a steady-state table (CPU per record over the second half of the records, and when
 * the JIT compiler went quiet), an additional figure next to the whole-run one.
 * Medians over the pairs and Samsa / official ratios of the medians go to {@code benchmark.md} and
 * {@code benchmark.json} in {@code --out} (every run's output in {@code runs/}, flame graphs in {@code profiles/}).
 *
 * <p>Flags: {@code --quick} (a smoke run of a few minutes: one pair, two producer configurations, small counts),
 * {@code --pairs N} [3], {@code --out DIR} [target/benchmark], {@code --skip SECTION,...} (producer, consumer, e2e,
 * client-only, profiles), {@code --broker-heap-mb MB} [1024], {@code --scale F} [1] (multiplies the producer,
 * consumer and client-only record counts, e.g. 10 for runs long enough that JIT compilation no longer weighs on CPU
 * per record; the end-to-end run is rate-bound and keeps its size).
 */
public final class BenchmarkSuite {
    static final String CLIENT_JVM_OPTS = "-Xms512m -Xmx512m -XX:+UseG1GC";
    private static final List<String> FIXED_CLIENT_OPTS = List.of("-Duser.language=en", "-Duser.country=US",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    static final String OFFICIAL_PRODUCER = "org.apache.kafka.tools.ProducerPerformance";
    static final String OFFICIAL_CONSUMER = "org.apache.kafka.tools.ConsumerPerformance";
    static final List<String> SECTIONS = List.of("producer", "consumer", "e2e", "client-only", "profiles");

    private BenchmarkSuite() {
    }

    /** The machine's description ({@link BenchEnv#describeMachine()}) with the client JVMs' options. */
    static Map<String, Object> machine() {
        Map<String, Object> m = BenchEnv.describeMachine();
        m.put("client_jvm_opts", CLIENT_JVM_OPTS);
        return m;
    }

    /** Sizes of one session. */
    record Settings(boolean quick, int pairs, Path out, Set<String> skip, int brokerHeapMb, long producerRecords100,
            long producerRecords1k, long consumerRecords, long e2eRecords, long e2eWarmup, double e2eRate,
            long clientOnlyRecords, int runTimeoutSeconds, double scale) {

        static Settings parse(String[] args) {
            boolean quick = false;
            Integer pairs = null;
            Path out = Path.of("target/benchmark");
            Set<String> skip = Set.of();
            int heap = 1024;
            double scale = 1;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--pairs" -> pairs = Integer.parseInt(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--skip" -> skip = Set.of(args[++i].split(","));
                    case "--broker-heap-mb" -> heap = Integer.parseInt(args[++i]);
                    case "--scale" -> scale = Double.parseDouble(args[++i]);
                    default -> throw new IllegalArgumentException("unknown flag " + args[i]);
                }
            }
            for (String s : skip) {
                if (!SECTIONS.contains(s)) {
                    throw new IllegalArgumentException("--skip: unknown section " + s + " (expected: " + SECTIONS
                            + ")");
                }
            }
            if (!(scale > 0 && scale <= 100)) {
                throw new IllegalArgumentException("--scale: expected a factor in (0, 100], got " + scale);
            }
            final double f = scale;
            if (quick) {
                return new Settings(true, pairs == null ? 1 : pairs, out.toAbsolutePath(), skip, heap,
                        scaled(200_000, f), scaled(50_000, f), scaled(300_000, f), 30_000, 10_000, 10_000,
                        scaled(300_000, f), (int) Math.max(300, 300 * f), f);
            }
            return new Settings(false, pairs == null ? 3 : pairs, out.toAbsolutePath(), skip, heap,
                    scaled(500_000, f), scaled(150_000, f), scaled(1_000_000, f), 150_000, 50_000, 10_000,
                    scaled(1_000_000, f), (int) Math.max(600, 600 * f), f);
        }

        /** Longer runs let steady state outweigh JIT compilation in the CPU-per-record figures. */
        private static long scaled(long records, double factor) {
            return Math.max(1_000, Math.round(records * factor));
        }
    }

    /** A producer configuration. */
    record ProduceSetup(int recordSize, String acks, String compression) {
        String name() {
            return sizeName(recordSize) + ", acks=" + acks + ", " + compression;
        }

        /** How a record size is named in configurations: "100 B", "1 KiB". */
        static String sizeName(int recordSize) {
            return recordSize == 1024 ? "1 KiB" : recordSize + " B";
        }

        String slug() {
            return "s" + recordSize + "-acks" + acks + "-" + compression;
        }
    }

    /** The bytes of a run's topic on the broker, read when needed (before the topic is deleted). */
    @FunctionalInterface
    interface TopicBytes {
        /**
         * @return the bytes of the topic's partitions on the broker
         * @throws Exception if the broker cannot be asked
         */
        long get() throws Exception;
    }

    /** One measured run: its section, configuration, pair, client and numbers. */
    record Run(String section, String config, int pair, String client, Map<String, Double> metrics, String error) {
        boolean ok() {
            return error == null;
        }
    }

    /**
     * Runs the suite.
     *
     * @param args flags as in the class Javadoc
     * @throws Exception if the broker does not start or the results cannot be written
     */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (RuntimeException e) {
            System.err.println("usage: run-all.sh [--quick] [--pairs N] [--out DIR] [--skip " + String.join(",",
                    SECTIONS) + "] [--broker-heap-mb MB]");
            System.err.println("BenchmarkSuite: error: " + e.getMessage());
            System.exit(1);
            return;
        }
        new Session(settings).run();
    }

    /** One session. */
    private static final class Session {
        private final Settings s;
        private final Path runsDir;
        private final String classpath = childClasspath();
        private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        private final List<Run> runs = new ArrayList<>();
        private final Map<String, Object> machine = machine();
        private final List<String> profiles = new ArrayList<>();
        private List<ProcessHandle> brokers = List.of();
        private int topicCounter;

        Session(Settings settings) throws IOException {
            this.s = settings;
            this.runsDir = settings.out().resolve("runs");
            Files.createDirectories(runsDir);
        }

        void run() throws Exception {
            Instant began = Instant.now();
            log("machine: " + machine);
            Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
            try (KafkaCluster cluster = KafkaCluster.builder()
                    .fastStartup(false)
                    .maxHeapBytes(s.brokerHeapMb() * 1024L * 1024L)
                    .workDirectory(s.out().resolve("kafka"))
                    .serverProperty("log.segment.delete.delay.ms", "1000")
                    .build().start()) {
                brokers = ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).toList();
                String bootstrap = cluster.bootstrapServers();
                log("Kafka " + ProducerBenchmark.KAFKA_VERSION + " broker up at " + bootstrap);
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                    if (!s.skip().contains("producer")) {
                        producers(admin, bootstrap);
                    }
                    if (!s.skip().contains("consumer")) {
                        consumers(admin, bootstrap);
                    }
                    if (!s.skip().contains("e2e")) {
                        endToEnd(admin, bootstrap);
                    }
                    if (!s.skip().contains("profiles")) {
                        profiles(admin, bootstrap);
                    }
                }
            }
            brokers = List.of();
            if (!s.skip().contains("client-only")) {
                clientOnly();
            }
            Report.addCpuLessPayload(runs);
            long seconds = Duration.between(began, Instant.now()).toSeconds();
            String markdown = Report.markdown(s, machine, runs, profiles, seconds);
            Files.writeString(s.out().resolve("benchmark.md"), markdown);
            Report.json(s.out().resolve("benchmark.json"), s, machine, runs, profiles, seconds);
            System.out.println();
            System.out.println(markdown);
            log("results in " + s.out().resolve("benchmark.md") + " and benchmark.json (" + seconds + " s)");
        }

        // ---------------------------------------------------------------- sections

        private List<ProduceSetup> producerConfigs() {
            if (s.quick()) {
                return List.of(new ProduceSetup(100, "1", "none"), new ProduceSetup(1024, "all", "lz4"));
            }
            List<ProduceSetup> list = new ArrayList<>();
            for (int size : new int[] {100, 1024}) {
                for (String acks : List.of("1", "all")) {
                    for (String compression : List.of("none", "lz4")) {
                        list.add(new ProduceSetup(size, acks, compression));
                    }
                }
            }
            return list;
        }

        private List<String> producerArgs(String topic, long records, ProduceSetup c, String bootstrap) {
            return List.of("--topic", topic, "--num-records", Long.toString(records), "--record-size",
                    Integer.toString(c.recordSize()), "--throughput", "-1", "--producer-props",
                    "bootstrap.servers=" + bootstrap, "acks=" + c.acks(), "linger.ms=5",
                    "compression.type=" + c.compression());
        }

        private void producers(Admin admin, String bootstrap) throws Exception {
            log("== producer: official ProducerPerformance vs Samsa ProducerPerf");
            ProduceSetup warm = new ProduceSetup(100, "1", "none");
            for (String client : List.of("official", "samsa")) {
                String topic = createTopic(admin, 3);
                Run r = producerRun(bootstrap, topic, warm, 0, client, s.producerRecords100() / 2, admin);
                log("warm-up " + client + ": " + r.metrics());
                deleteTopic(admin, topic);
            }
            for (ProduceSetup c : producerConfigs()) {
                long records = producerRecords(c.recordSize());
                for (int pair = 1; pair <= s.pairs(); pair++) {
                    for (String client : List.of("official", "samsa")) {
                        String topic = createTopic(admin, 3);
                        Run r = producerRun(bootstrap, topic, c, pair, client, records, admin);
                        deleteTopic(admin, topic);
                        runs.add(r);
                        log(c.name() + " pair " + pair + " " + client + ": " + (r.ok() ? r.metrics() : r.error()));
                    }
                }
            }
            payloads();
        }

        /** Records per producer run of this record size, in bytes (the payload runs use the same counts). */
        private long producerRecords(int recordSize) {
            return recordSize == 1024 ? s.producerRecords1k() : s.producerRecords100();
        }

        /**
         * The producer tools' payload loops alone ({@link PayloadCost}: no client, no broker), alternating as the
         * producer runs do, with the same record counts; the report subtracts them from the producer runs' CPU
         * ({@link Report#addCpuLessPayload}).
         */
        private void payloads() throws Exception {
            for (int size : producerConfigs().stream().mapToInt(ProduceSetup::recordSize).distinct().toArray()) {
                long records = producerRecords(size);
                for (int pair = 1; pair <= s.pairs(); pair++) {
                    for (String client : List.of("official", "samsa")) {
                        Child child = runChild("payload-s" + size + "-p" + pair + "-" + client,
                                PayloadCost.class.getName(), List.of("--tool", client, "--num-records",
                                        Long.toString(records), "--record-size", Integer.toString(size)),
                                List.of());
                        Map<String, Double> m = new LinkedHashMap<>();
                        if (child.error() == null) {
                            child.addUsage(m, records);
                        }
                        Run r = new Run("payload", ProduceSetup.sizeName(size), pair, client, m, child.error());
                        runs.add(r);
                        log("payload " + r.config() + " pair " + pair + " " + client + ": "
                                + (r.ok() ? r.metrics() : r.error()));
                    }
                }
            }
        }

        /** One producer run; with an admin client (a real broker), also its timeline and steady-state figures. */
        private Run producerRun(String bootstrap, String topic, ProduceSetup c, int pair, String client,
                long records, Admin admin) throws Exception {
            String main = client.equals("official") ? OFFICIAL_PRODUCER : ProducerPerf.class.getName();
            Child child = runChild("producer-" + c.slug() + "-p" + pair + "-" + client, main,
                    producerArgs(topic, records, c, bootstrap), List.of(), admin == null ? null : bootstrap, true);
            Map<String, Double> m = new LinkedHashMap<>();
            PerfLines.Summary summary = child.find(PerfLines::summary);
            String error = child.error();
            if (error == null && summary == null) {
                error = "no summary line; see " + child.stderr();
            } else if (error == null && summary.records() != records) {
                error = "only " + summary.records() + " of " + records + " records succeeded";
            }
            if (error == null) {
                m.put("records_per_sec", summary.recordsPerSec());
                m.put("mb_per_sec", summary.mbPerSec());
                m.put("p99_ms", (double) summary.p99Ms());
                child.addUsage(m, records);
                if (admin != null) {
                    child.addTimeline(m, () -> SocketMeter.topicBytes(admin, topic), records);
                }
            }
            return new Run("producer", c.name(), pair, client, m, error);
        }

        private void consumers(Admin admin, String bootstrap) throws Exception {
            log("== consumer: official ConsumerPerformance vs Samsa ConsumerPerf");
            String topic = createTopic(admin, 3);
            fill(bootstrap, topic, s.consumerRecords(), 100);
            long topicBytes = SocketMeter.topicBytes(admin, topic);
            for (int pair = 0; pair <= s.pairs(); pair++) {
                for (String client : List.of("official", "samsa")) {
                    Run r = consumerRun("consumer", "100 B, 3 partitions", bootstrap, topic, pair, client,
                            s.consumerRecords(), topicBytes);
                    if (pair > 0) {
                        runs.add(r);
                    }
                    log((pair == 0 ? "warm-up" : "pair " + pair) + " " + client + ": "
                            + (r.ok() ? r.metrics() : r.error()));
                }
            }
            deleteTopic(admin, topic);
        }

        /** One consumer run; with the topic's bytes (a real broker), also its timeline and steady-state figures. */
        private Run consumerRun(String section, String config, String bootstrap, String topic, int pair,
                String client, long records, long topicBytes) throws Exception {
            String main = client.equals("official") ? OFFICIAL_CONSUMER : ConsumerPerf.class.getName();
            String group = "bench-" + section + "-" + pair + "-" + client + "-" + System.nanoTime();
            Child child = runChild(section + "-p" + pair + "-" + client, main, List.of("--bootstrap-server",
                    bootstrap, "--topic", topic, "--messages", Long.toString(records), "--group", group,
                    "--timeout", "30000"), List.of(), topicBytes > 0 ? bootstrap : null, false);
            Map<String, Double> m = new LinkedHashMap<>();
            ConsumerPerf.Result result = child.find(ConsumerPerf::parse);
            String error = child.error();
            if (error == null && result == null) {
                error = "no result line; see " + child.stdout();
            } else if (error == null && result.records() < records) {
                error = "read " + result.records() + " of " + records + " records";
            }
            if (error == null) {
                m.put("records_per_sec", result.recordsPerSec());
                m.put("fetch_records_per_sec", result.fetchRecordsPerSec());
                m.put("mb_per_sec", result.mbPerSec());
                m.put("rebalance_ms", (double) result.rebalanceMs());
                child.addUsage(m, result.records());
                if (topicBytes > 0) {
                    child.addTimeline(m, () -> topicBytes, records);
                }
            }
            return new Run(section, config, pair, client, m, error);
        }

        private void endToEnd(Admin admin, String bootstrap) throws Exception {
            log("== end-to-end latency at " + (long) s.e2eRate() + " records/s");
            String config = String.format(Locale.ROOT, "%,.0f records/s, 100 B, 1 partition, acks=1, linger.ms=0",
                    s.e2eRate());
            for (int pair = 1; pair <= s.pairs(); pair++) {
                for (String client : List.of("official", "samsa")) {
                    String topic = createTopic(admin, 1);
                    Child child = runChild("e2e-p" + pair + "-" + client, EndToEndLatency.class.getName(),
                            List.of("--client", client, "--bootstrap-server", bootstrap, "--topic", topic,
                                    "--num-records", Long.toString(s.e2eRecords()), "--warmup-records",
                                    Long.toString(s.e2eWarmup()), "--rate", Double.toString(s.e2eRate()),
                                    "--record-size", "100", "--producer-props", "acks=1", "linger.ms=0"),
                            List.of());
                    deleteTopic(admin, topic);
                    Map<String, Double> m = new LinkedHashMap<>();
                    EndToEndLatency.Result r = child.find(EndToEndLatency::parse);
                    String error = child.error();
                    if (error == null && r == null) {
                        error = "no e2e line; see " + child.stderr();
                    }
                    if (error == null) {
                        m.put("p50_us", r.p50Micros());
                        m.put("p99_us", r.p99Micros());
                        m.put("p999_us", r.p999Micros());
                        m.put("max_us", r.maxMicros());
                        m.put("mean_us", r.meanMicros());
                        child.addUsage(m, s.e2eRecords());
                    }
                    Run run = new Run("e2e", config, pair, client, m, error);
                    runs.add(run);
                    log("e2e pair " + pair + " " + client + ": " + (run.ok() ? m : error));
                }
            }
        }

        private void clientOnly() throws Exception {
            log("== client-only: mock broker in client-only mode");
            try (MockCluster mock = MockCluster.builder().topic("perf", 3).build()
                    .clientOnlyBenchmarkMode(100, 16_000 / 108)) {
                String bootstrap = mock.listen();
                ProduceSetup c = new ProduceSetup(100, "1", "none");
                for (int pair = 0; pair <= s.pairs(); pair++) {
                    for (String client : List.of("official", "samsa")) {
                        Run p = producerRun(bootstrap, "perf", c, pair, client, s.clientOnlyRecords(), null);
                        p = new Run("client-only producer (TCP)", "100 B, acks=1, linger.ms=5", pair, client,
                                p.metrics(), p.error());
                        Run q = consumerRun("client-only consumer (TCP)", "100 B", bootstrap, "perf", pair, client,
                                s.clientOnlyRecords(), 0);
                        if (pair > 0) {
                            runs.add(p);
                            runs.add(q);
                        }
                        log("client-only pair " + pair + " " + client + ": producer " + (p.ok() ? p.metrics()
                                : p.error()) + "; consumer " + (q.ok() ? q.metrics() : q.error()));
                    }
                }
            }
            for (int pair = 1; pair <= s.pairs(); pair++) {
                for (String role : List.of("producer", "consumer")) {
                    List<String> args = new ArrayList<>(List.of("--role", role, "--records",
                            Long.toString(s.clientOnlyRecords()), "--record-size", "100", "--partitions", "3"));
                    if (role.equals("producer")) {
                        args.addAll(List.of("--props", "acks=1", "linger.ms=5"));
                    }
                    Child child = runChild("client-only-inprocess-" + role + "-p" + pair, ClientOnlyPerf.class
                            .getName(), args, List.of());
                    ClientOnlyPerf.Result r = child.find(ClientOnlyPerf::parse);
                    String error = child.error() != null ? child.error() : r == null ? "no result line" : null;
                    Map<String, Double> m = new LinkedHashMap<>();
                    if (error == null) {
                        m.put("records_per_sec", r.recordsPerSec());
                        child.addUsage(m, r.records());
                    }
                    Run run = new Run("client-only " + role + " (in process)", "100 B", pair, "samsa", m, error);
                    runs.add(run);
                    log("client-only in-process " + role + " " + pair + ": " + (run.ok() ? m : error));
                }
            }
        }

        private void profiles(Admin admin, String bootstrap) throws Exception {
            Path lib = extractProfiler();
            if (lib == null) {
                log("profiles skipped: no linux-x64 async-profiler agent on the classpath");
                return;
            }
            log("== profiles (async-profiler " + lib + ")");
            Path dir = s.out().resolve("profiles");
            Files.createDirectories(dir);
            ProduceSetup c = new ProduceSetup(100, "1", "none");
            String consumeTopic = createTopic(admin, 3);
            fill(bootstrap, consumeTopic, s.consumerRecords(), 100);
            for (String client : List.of("official", "samsa")) {
                Path producerHtml = dir.resolve("producer-" + client + ".html");
                String topic = createTopic(admin, 3);
                Child p = runChild("profile-producer-" + client, client.equals("official") ? OFFICIAL_PRODUCER
                        : ProducerPerf.class.getName(), producerArgs(topic, s.producerRecords100(), c, bootstrap),
                        List.of(agent(lib, producerHtml)));
                deleteTopic(admin, topic);
                Path consumerHtml = dir.resolve("consumer-" + client + ".html");
                Child q = runChild("profile-consumer-" + client, client.equals("official") ? OFFICIAL_CONSUMER
                        : ConsumerPerf.class.getName(), List.of("--bootstrap-server", bootstrap, "--topic",
                                consumeTopic, "--messages", Long.toString(s.consumerRecords()), "--group",
                                "profile-" + client + "-" + System.nanoTime(), "--timeout", "30000"),
                        List.of(agent(lib, consumerHtml)));
                for (Path html : List.of(producerHtml, consumerHtml)) {
                    if (Files.isRegularFile(html)) {
                        profiles.add(s.out().relativize(html).toString());
                    }
                }
                log("profiled " + client + ": producer " + (p.error() == null ? "ok" : p.error()) + ", consumer "
                        + (q.error() == null ? "ok" : q.error()));
            }
            deleteTopic(admin, consumeTopic);
        }

        private static String agent(Path lib, Path html) {
            // cpu samples every 1 ms (perf_events where allowed, else a timer), Java frames only in the flame graph.
            return "-agentpath:" + lib + "=start,event=cpu,interval=1000000,file=" + html;
        }

        /** Extracts linux-x64/libasyncProfiler.so from the async-profiler jar on the classpath, or null. */
        private Path extractProfiler() throws IOException {
            Optional<String> jar = Arrays.stream(classpath.split(File.pathSeparator))
                    .filter(e -> e.contains("async-profiler") && e.endsWith(".jar")).findFirst();
            String arch = System.getProperty("os.arch");
            if (jar.isEmpty() || !System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")) {
                return null;
            }
            String entry = (arch.equals("aarch64") ? "linux-arm64" : "linux-x64") + "/libasyncProfiler.so";
            Path target = s.out().resolve("profiler").resolve("libasyncProfiler.so");
            Files.createDirectories(target.getParent());
            try (ZipFile zip = new ZipFile(jar.get()); InputStream in = zip.getInputStream(zip.getEntry(entry))) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (NullPointerException e) {
                return null;
            }
            return target;
        }

        // ---------------------------------------------------------------- children

        /** The output of one child JVM. */
        private final class Child {
            final List<String> lines;
            final CpuTimed.Usage usage;
            final long brokerCpuNanos;
            final String error;
            final Path stdoutFile;
            final Path stderrFile;
            final Path timeline;
            final List<Timeline.Progress> progress;

            Child(List<String> lines, CpuTimed.Usage usage, long brokerCpuNanos, String error, Path stdout,
                    Path stderr, Path timeline, List<Timeline.Progress> progress) {
                this.lines = lines;
                this.usage = usage;
                this.brokerCpuNanos = brokerCpuNanos;
                this.error = error;
                this.stdoutFile = stdout;
                this.stderrFile = stderr;
                this.timeline = timeline;
                this.progress = progress;
            }

            /**
             * Adds the timeline's figures ({@link Timeline.Analysis#metrics()}: steady-state CPU per record, JIT
             * quiet time) and rewrites the timeline file in its annotated form; nothing without a timeline.
             */
            void addTimeline(Map<String, Double> m, TopicBytes topicBytes, long records) {
                if (timeline == null) {
                    return;
                }
                try {
                    Timeline.Analysis a = Timeline.analyze(timeline, progress, topicBytes.get(), records);
                    if (a != null) {
                        m.putAll(a.metrics());
                    }
                } catch (Exception e) {
                    log("warning: cannot analyse " + timeline + ": " + e);
                }
            }

            <T> T find(Function<String, T> parser) {
                T found = null;
                for (String l : lines) {
                    T t = parser.apply(l);
                    found = t != null ? t : found;
                }
                return found;
            }

            String error() {
                return error;
            }

            Path stdout() {
                return stdoutFile;
            }

            Path stderr() {
                return stderrFile;
            }

            /** CPU, allocation and broker CPU per record. */
            void addUsage(Map<String, Double> m, long records) {
                m.put("cpu_us_per_record", usage.mainNanos() / 1000.0 / records);
                m.put("threads_cpu_us_per_record", usage.threadsCpuNanos() < 0 ? Double.NaN
                        : usage.threadsCpuNanos() / 1000.0 / records);
                m.put("jit_cpu_us_per_record", CpuTimed.Usage.microsPerRecord(usage.jitNanos(), records));
                m.put("gc_cpu_us_per_record", CpuTimed.Usage.microsPerRecord(usage.gcCpuNanos(), records));
                m.put("alloc_bytes_per_record", usage.allocBytes() < 0 ? Double.NaN
                        : usage.allocBytes() / (double) records);
                m.put("gc_ms", (double) usage.gcMillis());
                if (!brokers.isEmpty()) {
                    m.put("broker_cpu_us_per_record", brokerCpuNanos / 1000.0 / records);
                }
            }
        }

        private Child runChild(String name, String mainClass, List<String> args, List<String> extraJvmOpts)
                throws Exception {
            return runChild(name, mainClass, args, extraJvmOpts, null, false);
        }

        /**
         * Runs a tool in a child JVM through {@link CpuTimed}; with a {@code meterBootstrap}, also with a timeline
         * ({@code runs/NAME.timeline.csv}) and the progress meter on the connections to that broker.
         */
        private Child runChild(String name, String mainClass, List<String> args, List<String> extraJvmOpts,
                String meterBootstrap, boolean sent) throws Exception {
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(List.of(CLIENT_JVM_OPTS.split(" ")));
            command.addAll(FIXED_CLIENT_OPTS);
            command.addAll(extraJvmOpts);
            command.addAll(List.of("-cp", classpath, CpuTimed.class.getName()));
            Path timeline = meterBootstrap == null ? null : runsDir.resolve(name + ".timeline.csv");
            if (timeline != null) {
                command.addAll(List.of("--timeline", timeline.toString()));
            }
            command.add(mainClass);
            command.addAll(args);
            Path stdout = runsDir.resolve(name + ".out");
            Path stderr = runsDir.resolve(name + ".err");
            long brokerBefore = brokerCpuNanos();
            SocketMeter meter = meterBootstrap == null ? null
                    : SocketMeter.start(meterBootstrap, sent, ProducerBenchmark.METER_PERIOD_MS);
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).start();
            String error = null;
            if (!process.waitFor(s.runTimeoutSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                error = "timed out after " + s.runTimeoutSeconds() + " s";
            }
            long brokerCpu = brokerCpuNanos() - brokerBefore;
            List<Timeline.Progress> progress = meter == null ? List.of() : meter.stop();
            if (meter != null && meter.failure() != null) {
                log("warning: no progress meter, so no steady-state figures: " + meter.failure());
            }
            List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
            CpuTimed.Usage usage = null;
            for (String l : lines) {
                CpuTimed.Usage u = CpuTimed.parse(l);
                usage = u != null ? u : usage;
            }
            if (error == null && (process.exitValue() != 0 || usage == null)) {
                error = "exit status " + process.exitValue() + (usage == null ? ", no cpu line" : "") + "; see "
                        + stderr;
            }
            return new Child(lines, usage, brokerCpu, error, stdout, stderr, timeline, progress);
        }

        private long brokerCpuNanos() {
            long sum = 0;
            for (ProcessHandle p : brokers) {
                sum += p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            }
            return sum;
        }

        // ---------------------------------------------------------------- topics

        private String createTopic(Admin admin, int partitions) throws Exception {
            String topic = "bench-" + (++topicCounter) + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                            .get(topic);
                    if (d.partitions().size() == partitions && d.partitions().stream()
                            .map(TopicPartitionInfo::leader).allMatch(l -> l != null && !l.isEmpty())) {
                        return topic;
                    }
                } catch (ExecutionException e) {
                    // not visible yet
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

    }

    // -------------------------------------------------------------------- environment

    /** Medians, ratios, Markdown and JSON. */
    static final class Report {
        private Report() {
        }

        static double median(List<Run> rs, String metric) {
            double[] v = rs.stream().filter(Run::ok).map(r -> r.metrics().get(metric))
                    .filter(x -> x != null && !x.isNaN()).mapToDouble(Double::doubleValue).sorted().toArray();
            if (v.length == 0) {
                return Double.NaN;
            }
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }

        static List<Run> select(List<Run> runs, String section, String config, String client) {
            return runs.stream().filter(r -> r.section().equals(section) && r.config().equals(config)
                    && r.client().equals(client)).toList();
        }

        static List<String> configs(List<Run> runs, String section) {
            return runs.stream().filter(r -> r.section().equals(section)).map(Run::config).distinct().toList();
        }

        /**
         * Adds {@code cpu_less_payload_us_per_record} to every successful producer run, against the broker or
         * client-only: its CPU per record less the median CPU per record of its own tool's payload loop run alone
         * for the same record size (section {@code payload}, configuration named by the record size that starts the
         * producer configuration's name, up to its first comma). The payload runs have the broker rows' record
         * counts; per record they cost the same within the wrapper's start (about 10 ms a run). Runs without such a
         * median are left as they are.
         */
        static void addCpuLessPayload(List<Run> runs) {
            for (Run r : runs) {
                boolean producer = r.section().equals("producer") || r.section().startsWith("client-only producer");
                if (!producer || !r.ok() || !r.metrics().containsKey("cpu_us_per_record")) {
                    continue;
                }
                int comma = r.config().indexOf(',');
                String size = comma < 0 ? r.config() : r.config().substring(0, comma);
                double payload = median(select(runs, "payload", size, r.client()), "cpu_us_per_record");
                if (!Double.isNaN(payload)) {
                    r.metrics().put("cpu_less_payload_us_per_record", r.metrics().get("cpu_us_per_record") - payload);
                }
            }
        }

        static List<String> sections(List<Run> runs) {
            return runs.stream().map(Run::section).distinct().toList();
        }

        private static String f(double v) {
            if (Double.isNaN(v)) {
                return "n/a";
            }
            double a = Math.abs(v);
            return String.format(Locale.ROOT, a >= 1000 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
        }

        private static String ratio(double samsa, double official) {
            return Double.isNaN(samsa) || Double.isNaN(official) || official == 0 ? "n/a"
                    : String.format(Locale.ROOT, "**%.2f**", samsa / official);
        }

        /** One row: for each metric, official | Samsa | ratio. */
        private static void row(StringBuilder sb, List<Run> runs, String section, String config,
                List<String> metrics) {
            sb.append("| ").append(config);
            for (String metric : metrics) {
                double off = median(select(runs, section, config, "official"), metric);
                double sam = median(select(runs, section, config, "samsa"), metric);
                sb.append(" | ").append(f(off)).append(" | ").append(f(sam)).append(" | ").append(ratio(sam, off));
            }
            sb.append(" |\n");
        }

        private static void header(StringBuilder sb, String first, List<String> labels) {
            sb.append("| ").append(first);
            for (String l : labels) {
                sb.append(" | official ").append(l).append(" | Samsa ").append(l).append(" | ratio");
            }
            sb.append(" |\n|---");
            sb.append("|---:|---:|---:".repeat(labels.size())).append("|\n");
        }

        /** Geometric mean of the per-configuration ratios of a section's metric. */
        static double geomeanRatio(List<Run> runs, String section, String metric) {
            double logSum = 0;
            int n = 0;
            for (String c : configs(runs, section)) {
                double off = median(select(runs, section, c, "official"), metric);
                double sam = median(select(runs, section, c, "samsa"), metric);
                if (!Double.isNaN(off) && !Double.isNaN(sam) && off > 0 && sam > 0) {
                    logSum += Math.log(sam / off);
                    n++;
                }
            }
            return n == 0 ? Double.NaN : Math.exp(logSum / n);
        }

        static String markdown(Settings s, Map<String, Object> machine, List<Run> runs, List<String> profiles,
                long seconds) {
            StringBuilder sb = new StringBuilder();
            sb.append("## Samsa vs the official Kafka client: benchmark suite (").append(machine.get("date"))
                    .append(s.quick() ? ", --quick" : "")
                    .append(s.scale() == 1 ? "" : ", --scale " + fmtScale(s.scale())).append(")\n\n");
            sb.append("Machine: ").append(machine.get("cpu_model")).append(", ").append(machine.get("cores"))
                    .append(" cores, ").append(machine.get("memory")).append("; ").append(machine.get("jdk"))
                    .append("; Kafka ").append(machine.get("kafka_version"))
                    .append(" (broker and official client); Samsa ").append(machine.get("samsa_commit"))
                    .append("; load average at start ").append(machine.get("load_average_at_start"))
                    .append(". Session: ").append(seconds).append(" s, ").append(s.pairs())
                    .append(" alternating pair(s) per row (official first), medians; ratio = Samsa / official. ")
                    .append("Client JVMs: ").append(CLIENT_JVM_OPTS).append(", one per run.\n\n");
            List<String> sections = sections(runs);
            if (sections.contains("producer") || sections.contains("consumer") || sections.contains("e2e")) {
                sb.append("### Against the issue's targets\n\n| target | reached (Samsa / official) |\n|---|---:|\n");
                if (sections.contains("producer")) {
                    sb.append(String.format(Locale.ROOT, "| producer throughput >= 1.2 | %.2f (geometric mean of %d "
                                    + "configurations) |%n", geomeanRatio(runs, "producer", "records_per_sec"),
                            configs(runs, "producer").size()));
                    sb.append(String.format(Locale.ROOT, "| producer CPU per record <= 0.5 | %.2f (Java threads "
                            + "only, without JIT and GC: %.2f; additional figures: steady state %.2f, less each "
                            + "tool's payload loop run alone %.2f) |%n",
                            geomeanRatio(runs, "producer", "cpu_us_per_record"),
                            geomeanRatio(runs, "producer", "threads_cpu_us_per_record"),
                            geomeanRatio(runs, "producer", "steady_cpu_us_per_record"),
                            geomeanRatio(runs, "producer", "cpu_less_payload_us_per_record")));
                    sb.append(String.format(Locale.ROOT, "| heap allocated per produced record <= 0.5 | %.2f |%n",
                            geomeanRatio(runs, "producer", "alloc_bytes_per_record")));
                }
                if (sections.contains("consumer")) {
                    sb.append(String.format(Locale.ROOT, "| consumer throughput >= 1.2 | %.2f |%n",
                            geomeanRatio(runs, "consumer", "records_per_sec")));
                    sb.append(String.format(Locale.ROOT, "| consumer CPU per record <= 0.5 | %.2f (Java threads "
                            + "only, without JIT and GC: %.2f; additional figure, steady state: %.2f) |%n",
                            geomeanRatio(runs, "consumer", "cpu_us_per_record"),
                            geomeanRatio(runs, "consumer", "threads_cpu_us_per_record"),
                            geomeanRatio(runs, "consumer", "steady_cpu_us_per_record")));
                    sb.append(String.format(Locale.ROOT, "| heap allocated per consumed record <= 0.5 | %.2f |%n",
                            geomeanRatio(runs, "consumer", "alloc_bytes_per_record")));
                }
                if (sections.contains("e2e")) {
                    sb.append(String.format(Locale.ROOT, "| end-to-end p99 <= 1.0 | %.2f |%n",
                            geomeanRatio(runs, "e2e", "p99_us")));
                }
                sb.append('\n');
            }
            if (sections.contains("producer")) {
                sb.append("### Producer (kafka-producer-perf-test vs producer-perf)\n\n")
                        .append(String.format(Locale.ROOT, "%,d records of 100 B or %,d of 1 KiB per run, "
                                + "--throughput -1, linger.ms=5, default batch.size, 3 partitions, fresh topic per "
                                + "run. CPU: the client JVM's CPU time while the tool ran / records (JIT compiler "
                                + "and GC included); threads CPU: the same for its Java threads only (the tool's and "
                                + "the client's: no JIT, GC or VM threads); JIT / GC: the CPU of its JIT compiler / "
                                + "garbage collector threads; alloc: heap bytes allocated by all its "
                                + "threads / records; all include the tool's payload generation, the same in both "
                                + "tools.%n%n", s.producerRecords100(),
                                s.producerRecords1k()));
                header(sb, "record size, acks, compression", List.of("records/s", "CPU us/rec",
                        "threads CPU us/rec", "JIT us/rec", "GC us/rec", "alloc B/rec", "p99 ms"));
                for (String c : configs(runs, "producer")) {
                    row(sb, runs, "producer", c, List.of("records_per_sec", "cpu_us_per_record",
                            "threads_cpu_us_per_record", "jit_cpu_us_per_record", "gc_cpu_us_per_record",
                            "alloc_bytes_per_record", "p99_ms"));
                }
                sb.append('\n');
                steadyState(sb, runs, "producer", "record size, acks, compression");
                lessPayload(sb, runs);
            }
            if (sections.contains("consumer")) {
                sb.append("### Consumer (kafka-consumer-perf-test vs consumer-perf)\n\n")
                        .append(String.format(Locale.ROOT, "%,d records of 100 B from a 3-partition topic filled "
                                + "once, fresh group per run, from the earliest offset; records/s is nMsg.sec (whole "
                                + "run, group join included).%n%n", s.consumerRecords()));
                header(sb, "workload", List.of("records/s", "fetch records/s", "CPU us/rec", "threads CPU us/rec",
                        "JIT us/rec", "GC us/rec", "alloc B/rec"));
                for (String c : configs(runs, "consumer")) {
                    row(sb, runs, "consumer", c, List.of("records_per_sec", "fetch_records_per_sec",
                            "cpu_us_per_record", "threads_cpu_us_per_record", "jit_cpu_us_per_record",
                            "gc_cpu_us_per_record", "alloc_bytes_per_record"));
                }
                sb.append('\n');
                steadyState(sb, runs, "consumer", "workload");
            }
            if (sections.contains("e2e")) {
                sb.append("### End-to-end latency (EndToEndLatency, both clients timed alike)\n\n")
                        .append(String.format(Locale.ROOT, "Producer and consumer in one JVM; send time "
                                + "(System.nanoTime) in the payload, HdrHistogram; %,d records per run, the first "
                                + "%,d left out as warm-up. Latencies in microseconds; CPU and alloc per record "
                                + "cover producing and consuming it.%n%n", s.e2eRecords(), s.e2eWarmup()));
                header(sb, "workload", List.of("p50 us", "p99 us", "p99.9 us", "CPU us/rec", "alloc B/rec"));
                for (String c : configs(runs, "e2e")) {
                    row(sb, runs, "e2e", c, List.of("p50_us", "p99_us", "p999_us", "cpu_us_per_record",
                            "alloc_bytes_per_record"));
                }
                sb.append('\n');
            }
            List<String> clientOnly = sections.stream().filter(x -> x.startsWith("client-only")).toList();
            if (!clientOnly.isEmpty()) {
                sb.append("### Client-only (mock broker in client-only benchmark mode)\n\n")
                        .append(String.format(Locale.ROOT, "The mock acknowledges produces without storing them and "
                                + "answers every fetch at once with copies of one pre-built batch, so these figures "
                                + "are the client's own cost. TCP: the mock runs in the benchmark's JVM, the tool in "
                                + "its own; in process: Samsa and the mock share one JVM (its CPU includes the "
                                + "mock's share). %,d records of 100 B per run. CPU less payload: less the "
                                + "median of the producer tool's payload loop run alone (producer section), an "
                                + "additional figure; consumers have none.%n%n", s.clientOnlyRecords()));
                sb.append("| measurement | client | records/s | CPU us/rec | threads CPU us/rec | alloc B/rec "
                        + "| CPU less payload us/rec |\n|---|---|---:|---:|---:|---:|---:|\n");
                for (String section : clientOnly) {
                    for (String client : List.of("official", "samsa")) {
                        for (String c : configs(runs, section)) {
                            List<Run> rs = select(runs, section, c, client);
                            if (rs.isEmpty()) {
                                continue;
                            }
                            sb.append("| ").append(section).append(" | ").append(client).append(" | ")
                                    .append(f(median(rs, "records_per_sec"))).append(" | ")
                                    .append(f(median(rs, "cpu_us_per_record"))).append(" | ")
                                    .append(f(median(rs, "threads_cpu_us_per_record"))).append(" | ")
                                    .append(f(median(rs, "alloc_bytes_per_record"))).append(" | ")
                                    .append(f(median(rs, "cpu_less_payload_us_per_record"))).append(" |\n");
                        }
                    }
                }
                sb.append('\n');
            }
            if (!profiles.isEmpty()) {
                sb.append("### Flame graphs (async-profiler, cpu, 1 ms)\n\n");
                for (String p : profiles) {
                    sb.append("- `").append(p).append("`\n");
                }
                sb.append('\n');
            }
            long failed = runs.stream().filter(r -> !r.ok()).count();
            if (failed > 0) {
                sb.append(failed).append(" run(s) failed and are left out of the medians:\n\n");
                runs.stream().filter(r -> !r.ok()).forEach(r -> sb.append("- ").append(r.section()).append(" / ")
                        .append(r.config()).append(" pair ").append(r.pair()).append(' ').append(r.client())
                        .append(": ").append(r.error()).append('\n'));
                sb.append('\n');
            }
            sb.append("Reproduce: `bench/run-all.sh").append(s.quick() ? " --quick" : "")
                    .append(s.scale() == 1 ? "" : " --scale " + fmtScale(s.scale())).append("`. The machine is ")
                    .append("small and shared: read the ratios, not the absolute numbers; every run is in ")
                    .append("benchmark.json.\n");
            return sb.toString();
        }

        /** The payload loops alone and the producer runs' CPU less them (an additional figure), if measured. */
        private static void lessPayload(StringBuilder sb, List<Run> runs) {
            if (!sections(runs).contains("payload")) {
                return;
            }
            sb.append("Additional figure, the tools without their clients: both producer tools fill every record "
                    + "with random capital letters (the same bytes, SplittableRandom(0)), work that is the tool's "
                    + "and not the client's. PayloadCost runs only that loop, the official tool's "
                    + "generateRandomPayload or producer-perf's nextPayload, with the producer runs' record counts, "
                    + "JVM options and CpuTimed wrapper (so its CPU also holds the wrapper's own start and "
                    + "sampling); CPU less payload: each producer run's CPU per record less the median of its own "
                    + "tool's payload runs for that record size.\n\n");
            header(sb, "payload loop alone, record size", List.of("CPU us/rec", "JIT us/rec"));
            for (String c : configs(runs, "payload")) {
                row(sb, runs, "payload", c, List.of("cpu_us_per_record", "jit_cpu_us_per_record"));
            }
            sb.append('\n');
            header(sb, "record size, acks, compression", List.of("CPU us/rec", "CPU less payload us/rec"));
            for (String c : configs(runs, "producer")) {
                row(sb, runs, "producer", c, List.of("cpu_us_per_record", "cpu_less_payload_us_per_record"));
            }
            sb.append('\n');
        }

        /** The steady-state table of a section (an additional figure next to the whole-run table above it). */
        private static void steadyState(StringBuilder sb, List<Run> runs, String section, String first) {
            if (runs.stream().noneMatch(r -> r.section().equals(section)
                    && r.metrics().containsKey("steady_cpu_us_per_record"))) {
                return;
            }
            sb.append("Additional figure, steady state (the whole-run table above stays the headline): the client's "
                    + "CPU over the second half of each run's records, from the first timeline sample at which half "
                    + "of the topic's bytes had crossed the client's connections to the broker (kernel TCP byte "
                    + "counters) to the end of main, per record of that window; JIT quiet: the end of the last "
                    + "1-second bucket of the timeline (the last second of main, closing the client, left out) in "
                    + "which the JIT compiler threads used more than 5% of a core, s after main started "
                    + "(runs/*.timeline.csv).\n\n");
            header(sb, first, List.of("steady CPU us/rec", "steady threads CPU us/rec", "steady JIT us/rec",
                    "steady GC us/rec", "JIT quiet after s", "main s"));
            for (String c : configs(runs, section)) {
                row(sb, runs, section, c, List.of("steady_cpu_us_per_record", "steady_threads_cpu_us_per_record",
                        "steady_jit_cpu_us_per_record", "steady_gc_cpu_us_per_record", "jit_quiet_after_s",
                        "main_wall_s"));
            }
            sb.append('\n');
        }

        private static String fmtScale(double scale) {
            return scale == Math.rint(scale) ? Long.toString((long) scale) : Double.toString(scale);
        }

        static void json(Path file, Settings s, Map<String, Object> machine, List<Run> runs, List<String> profiles,
                long seconds) throws IOException {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("benchmark", "Samsa vs the official Kafka Java client (BenchmarkSuite, bench/run-all.sh)");
            root.put("machine", machine);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("quick", s.quick());
            settings.put("pairs", s.pairs());
            settings.put("scale", s.scale());
            settings.put("producer_records_100b", s.producerRecords100());
            settings.put("producer_records_1kib", s.producerRecords1k());
            settings.put("consumer_records", s.consumerRecords());
            settings.put("e2e_records", s.e2eRecords());
            settings.put("e2e_warmup_records", s.e2eWarmup());
            settings.put("e2e_rate", s.e2eRate());
            settings.put("client_only_records", s.clientOnlyRecords());
            settings.put("session_seconds", seconds);
            root.put("settings", settings);
            List<Object> summary = new ArrayList<>();
            for (String section : sections(runs)) {
                for (String c : configs(runs, section)) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("section", section);
                    e.put("configuration", c);
                    List<String> metrics = runs.stream().filter(r -> r.section().equals(section)
                            && r.config().equals(c)).flatMap(r -> r.metrics().keySet().stream()).distinct().toList();
                    Map<String, Object> medians = new LinkedHashMap<>();
                    for (String client : List.of("official", "samsa")) {
                        List<Run> rs = select(runs, section, c, client);
                        if (rs.isEmpty()) {
                            continue;
                        }
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("runs", rs.stream().filter(Run::ok).count());
                        for (String metric : metrics) {
                            m.put(metric, round(median(rs, metric)));
                        }
                        medians.put(client, m);
                    }
                    e.put("medians", medians);
                    if (medians.size() == 2) {
                        Map<String, Object> ratios = new LinkedHashMap<>();
                        for (String metric : metrics) {
                            ratios.put(metric, round(median(select(runs, section, c, "samsa"), metric)
                                    / median(select(runs, section, c, "official"), metric)));
                        }
                        e.put("samsa_over_official", ratios);
                    }
                    summary.add(e);
                }
            }
            root.put("summary", summary);
            List<Object> each = new ArrayList<>();
            for (Run r : runs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("section", r.section());
                m.put("configuration", r.config());
                m.put("pair", r.pair());
                m.put("client", r.client());
                m.put("ok", r.ok());
                if (r.ok()) {
                    Map<String, Object> metrics = new LinkedHashMap<>();
                    r.metrics().forEach((k, v) -> metrics.put(k, round(v)));
                    m.put("metrics", metrics);
                } else {
                    m.put("error", r.error());
                }
                each.add(m);
            }
            root.put("runs", each);
            root.put("profiles", profiles);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
        }

    }
}

package dev.samsa.samples.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samsa.mock.MockCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ProducerPerf against the mock broker over TCP, with the official {@code kafka-producer-perf-test} as the oracle for
 * the output lines: same flags, same line shapes (every number's integer and decimal digits shape), same parser.
 */
class ProducerPerfTest {
    private static final int RECORDS = 3_000;
    private static final Pattern NUMBER = Pattern.compile("[0-9]+(?:[.,]([0-9]+))?");

    private static MockCluster cluster;
    private static String bootstrap;

    @BeforeAll
    static void startCluster() {
        cluster = MockCluster.builder().topic("samsa", 3).topic("official", 3).build();
        bootstrap = cluster.listen();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static String[] args(String topic) {
        return new String[] {"--topic", topic, "--num-records", Integer.toString(RECORDS), "--record-size", "100",
            "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=1", "linger.ms=5",
            "batch.size=16384"};
    }

    @Test
    void sendsEveryRecordAndPrintsTheOfficialSummaryLine() throws Exception {
        Output samsa = runSamsa(args("samsa"));
        assertThat(samsa.status).as("stderr: %s", samsa.err).isZero();
        List<String> lines = samsa.out.lines().toList();
        // A few thousand records take well under the 5 s window: one summary line, nothing else.
        assertThat(lines).hasSize(1);
        PerfLines.Summary summary = PerfLines.summary(lines.get(0));
        assertThat(summary).as(lines.get(0)).isNotNull();
        assertThat(summary.records()).isEqualTo(RECORDS);
        assertThat(summary.mbPerSec()).isPositive();
        assertThat(summary.p50Ms()).isLessThanOrEqualTo(summary.p95Ms());
        assertThat(summary.p95Ms()).isLessThanOrEqualTo(summary.p99Ms());
        assertThat(summary.p99Ms()).isLessThanOrEqualTo(summary.p999Ms());
        assertThat((double) summary.p999Ms()).isLessThanOrEqualTo(summary.maxLatencyMs());
        long stored = IntStream.range(0, 3).mapToLong(p -> cluster.partition("samsa", p).logEndOffset()).sum();
        assertThat(stored).isEqualTo(RECORDS);
        assertThat(new String(cluster.records("samsa", 0).get(0).value(), StandardCharsets.US_ASCII))
                .matches("[A-Z]{100}");

        // The official tool, same flags, same broker: its summary line has the same shape and parses alike.
        Output official = runOfficial(args("official"));
        String officialLine = official.out.lines().reduce((a, b) -> b).orElseThrow();
        PerfLines.Summary officialSummary = PerfLines.summary(officialLine);
        assertThat(officialSummary).as(officialLine).isNotNull();
        assertThat(officialSummary.records()).isEqualTo(RECORDS);
        assertThat(shape(lines.get(0))).isEqualTo(shape(officialLine));
    }

    @Test
    void payloadFileHoldsDistinctRandomRecordsThatBothToolsReadAlike(@TempDir Path dir) throws Exception {
        Path file = PayloadFile.write(dir.resolve("payloads.txt"), 100);
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        assertThat(lines).hasSize(PayloadFile.payloadCount(100)).allMatch(l -> l.matches("[A-Z]{100}"));
        assertThat(new HashSet<>(lines)).hasSameSizeAs(lines);
        assertThat(Files.readAllBytes(file)[(int) Files.size(file) - 1]).as("no empty last payload").isNotEqualTo(
                (byte) '\n');
        assertThat(Files.readAllBytes(PayloadFile.write(dir.resolve("again.txt"), 100)))
                .isEqualTo(Files.readAllBytes(file));
        assertThat(PayloadFile.payloadCount(1024)).isEqualTo(4096);
        assertThatThrownBy(() -> PayloadFile.write(dir.resolve("none.txt"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");

        String[] samsaArgs = {"--topic", "samsa", "--num-records", Integer.toString(RECORDS), "--payload-file",
            file.toString(), "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=1"};
        String[] officialArgs = samsaArgs.clone();
        officialArgs[1] = "official";
        int[] before = IntStream.range(0, 3).map(p -> cluster.records("samsa", p).size()).toArray();
        Output samsa = runSamsa(samsaArgs);
        Output official = runOfficial(officialArgs);
        assertThat(samsa.status).as("stderr: %s", samsa.err).isZero();
        String read = "Number of messages read: " + lines.size();
        assertThat(samsa.out).contains(read);
        assertThat(official.out).contains(read);
        Set<String> payloads = new HashSet<>(lines);
        List<String> sent = IntStream.range(0, 3).boxed().flatMap(p -> {
            var records = cluster.records("samsa", p);
            return records.subList(before[p], records.size()).stream();
        }).map(r -> new String(r.value(), StandardCharsets.US_ASCII)).toList();
        assertThat(sent).hasSize(RECORDS).allMatch(payloads::contains);
    }

    @Test
    void windowLineHasTheOfficialShape() throws Exception {
        AtomicLong clock = new AtomicLong(1_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PerfStats stats = new PerfStats(10, 5_000, new PrintStream(bytes, true, StandardCharsets.UTF_8), clock::get);
        clock.set(3_000);
        stats.record(12, 100, clock.get());
        clock.set(6_000);
        stats.record(30, 100, clock.get());
        String ours = bytes.toString(StandardCharsets.UTF_8).strip();
        PerfLines.Window window = PerfLines.window(ours);
        assertThat(window).as(ours).isNotNull();
        assertThat(window.records()).isEqualTo(2);
        assertThat(window.recordsPerSec()).isEqualTo(0.4);
        assertThat(window.avgLatencyMs()).isEqualTo(21.0);
        assertThat(window.maxLatencyMs()).isEqualTo(30.0);

        // The official Stats (package-private in kafka-tools) with a 0 ms window prints a window line per record.
        Class<?> type = Class.forName("org.apache.kafka.tools.ProducerPerformance$Stats");
        Constructor<?> constructor = type.getConstructor(long.class, int.class);
        constructor.setAccessible(true);
        Method record = type.getMethod("record", int.class, int.class, long.class);
        record.setAccessible(true);
        String official = captureStdout(() -> {
            Object officialStats = constructor.newInstance(10L, 0);
            Thread.sleep(2);
            record.invoke(officialStats, 12, 100, System.currentTimeMillis());
        }).strip();
        assertThat(PerfLines.window(official)).as(official).isNotNull();
        assertThat(shape(ours)).isEqualTo(shape(official));
    }

    @Test
    void payloadsAreTheOfficialToolsForTheSameSeed() throws Exception {
        Method official = Class.forName("org.apache.kafka.tools.ProducerPerformance").getDeclaredMethod(
                "generateRandomPayload", Integer.class, List.class, byte[].class, SplittableRandom.class,
                boolean.class, long.class);
        official.setAccessible(true);
        SplittableRandom ours = new SplittableRandom(0);
        SplittableRandom theirs = new SplittableRandom(0);
        byte[] ourPayload = new byte[100];
        byte[] theirPayload = new byte[100];
        for (long i = 0; i < 50; i++) {
            byte[] a = ProducerPerf.nextPayload(List.of(), true, ourPayload, ours, i);
            byte[] b = (byte[]) official.invoke(null, 100, List.of(), theirPayload, theirs, false, i);
            assertThat(a).isSameAs(ourPayload).isEqualTo(b);
            assertThat(new String(a, StandardCharsets.US_ASCII)).matches("[A-Z]{100}");
        }
        List<byte[]> file = List.of("a".getBytes(StandardCharsets.UTF_8), "b".getBytes(StandardCharsets.UTF_8),
                "c".getBytes(StandardCharsets.UTF_8));
        for (long i = 0; i < 20; i++) {
            assertThat(ProducerPerf.nextPayload(file, true, ourPayload, ours, i))
                    .isSameAs(official.invoke(null, 100, file, theirPayload, theirs, false, i));
        }
        assertThat(ProducerPerf.nextPayload(List.of(), false, null, ours, 42))
                .isEqualTo("42".getBytes(StandardCharsets.UTF_8))
                .isEqualTo(official.invoke(null, null, List.of(), null, theirs, true, 42L));
    }

    @Test
    void payloadCostRunsBothToolsLoopsOverTheSameBytes() throws Throwable {
        long official = PayloadCost.official(1_000, 100);
        long samsa = PayloadCost.samsa(1_000, 100);
        assertThat(official).isEqualTo(samsa).isBetween(1_000L * 'A', 1_000L * 'Z');
        assertThat(PayloadCost.samsa(1_000, 1024)).isNotEqualTo(samsa).isEqualTo(PayloadCost.official(1_000, 1024));
        assertThat(PayloadCost.official(0, 100)).isZero();
    }

    @Test
    void producerRunsGetTheirCpuLessTheirOwnToolsPayloadLoop() {
        List<BenchmarkSuite.Run> runs = new ArrayList<>();
        for (int pair = 1; pair <= 3; pair++) {
            runs.add(run("payload", "100 B", "official", 0.30 + pair / 100.0));
            runs.add(run("payload", "100 B", "samsa", 0.20 + pair / 100.0));
            runs.add(run("payload", "1 KiB", "official", 3.0));
        }
        BenchmarkSuite.Run official = run("producer", "100 B, acks=1, none", "official", 3.5);
        BenchmarkSuite.Run samsa = run("producer", "100 B, acks=1, none", "samsa", 1.7);
        BenchmarkSuite.Run big = run("producer", "1 KiB, acks=1, none", "official", 10.0);
        BenchmarkSuite.Run noPayload = run("producer", "1 KiB, acks=1, none", "samsa", 6.0);
        BenchmarkSuite.Run failed = new BenchmarkSuite.Run("producer", "100 B, acks=1, none", 2, "samsa",
                new LinkedHashMap<>(), "exit status 1");
        BenchmarkSuite.Run tcp = run("client-only producer (TCP)", "100 B, acks=1, linger.ms=5", "official", 2.3);
        BenchmarkSuite.Run inProcess = run("client-only producer (in process)", "100 B", "samsa", 0.8);
        BenchmarkSuite.Run consumer = run("client-only consumer (TCP)", "100 B", "samsa", 0.5);
        runs.addAll(List.of(official, samsa, big, noPayload, failed, tcp, inProcess, consumer));
        BenchmarkSuite.Report.addCpuLessPayload(runs);
        assertThat(official.metrics().get("cpu_less_payload_us_per_record")).isCloseTo(3.5 - 0.32, within(1e-9));
        assertThat(samsa.metrics().get("cpu_less_payload_us_per_record")).isCloseTo(1.7 - 0.22, within(1e-9));
        assertThat(big.metrics().get("cpu_less_payload_us_per_record")).isCloseTo(7.0, within(1e-9));
        assertThat(noPayload.metrics()).doesNotContainKey("cpu_less_payload_us_per_record");
        assertThat(failed.metrics()).isEmpty();
        assertThat(tcp.metrics().get("cpu_less_payload_us_per_record")).isCloseTo(2.3 - 0.32, within(1e-9));
        assertThat(inProcess.metrics().get("cpu_less_payload_us_per_record")).isCloseTo(0.8 - 0.22, within(1e-9));
        assertThat(consumer.metrics()).doesNotContainKey("cpu_less_payload_us_per_record");
        String md = BenchmarkSuite.Report.markdown(BenchmarkSuite.Settings.parse(new String[0]),
                Map.of("date", "d"), runs, List.of(), 1);
        assertThat(md).contains("less each tool's payload loop run alone 0.47)")
                .contains("| 100 B | 0.320 | 0.220 | **0.69** |")
                .contains("| 100 B, acks=1, none | 3.50 | 1.70 | **0.49** | 3.18 | 1.48 | **0.47** |")
                .contains("| client-only producer (in process) | samsa | n/a | 0.800 | n/a | n/a | 0.580 |")
                .contains("| client-only consumer (TCP) | samsa | n/a | 0.500 | n/a | n/a | n/a |");
    }

    private static BenchmarkSuite.Run run(String section, String config, String client, double cpu) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("cpu_us_per_record", cpu);
        return new BenchmarkSuite.Run(section, config, 1, client, m, null);
    }

    @Test
    void percentilesComeFromTheSortedSample() {
        AtomicLong clock = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PerfStats stats = new PerfStats(1000, Long.MAX_VALUE, new PrintStream(bytes, true, StandardCharsets.UTF_8),
                clock::get);
        for (int i = 1000; i >= 1; i--) {
            stats.record(i, 10, 0);
        }
        clock.set(2_000);
        stats.printTotal();
        PerfLines.Summary s = PerfLines.summary(bytes.toString(StandardCharsets.UTF_8).strip());
        assertThat(s).isNotNull();
        assertThat(s.records()).isEqualTo(1000);
        assertThat(s.recordsPerSec()).isEqualTo(500.0);
        assertThat(s.avgLatencyMs()).isEqualTo(500.5);
        assertThat(s.maxLatencyMs()).isEqualTo(1000.0);
        // rank floor(p * n) of 1..1000
        assertThat(List.of(s.p50Ms(), s.p95Ms(), s.p99Ms(), s.p999Ms())).containsExactly(501, 951, 991, 1000);
    }

    @Test
    void badFlagsPrintUsageAndExitNonZero() {
        List<String[]> bad = List.of(
                new String[] {"--topic", "t", "--num-records", "10", "--record-size", "100", "--throughput", "-1",
                    "--producer-props", "bootstrap.servers=127.0.0.1:9092", "--no-such-flag"},
                new String[] {"--topic", "t", "--record-size", "100", "--throughput", "-1",
                    "--producer-props", "bootstrap.servers=127.0.0.1:9092"},
                new String[] {"--topic", "t", "--num-records", "0", "--record-size", "100", "--throughput", "-1",
                    "--producer-props", "bootstrap.servers=127.0.0.1:9092"},
                new String[] {"--topic", "t", "--num-records", "ten", "--record-size", "100", "--throughput", "-1",
                    "--producer-props", "bootstrap.servers=127.0.0.1:9092"},
                new String[] {"--topic", "t", "--num-records", "10", "--throughput", "-1",
                    "--producer-props", "bootstrap.servers=127.0.0.1:9092"},
                new String[] {"--topic", "t", "--num-records", "10", "--record-size", "100", "--throughput", "-1",
                    "--producer-props", "acks"},
                new String[] {"--topic", "t", "--num-records", "10", "--record-size", "100", "--throughput", "-1"});
        List<String> expected = List.of("unrecognized argument: '--no-such-flag'", "argument --num-records is required",
                "--num-records should be greater than zero", "could not convert 'ten'", "exactly one of --record-size",
                "'acks' is not PROP-NAME=PROP-VALUE", "Either --producer-props or --producer.config");
        for (int i = 0; i < bad.size(); i++) {
            Output o = runSamsa(bad.get(i));
            assertThat(o.status).as("exit status for %s", String.join(" ", bad.get(i))).isEqualTo(1);
            assertThat(o.out).isEmpty();
            assertThat(o.err).startsWith("usage: producer-perf").contains("producer-perf: error: ")
                    .contains(expected.get(i));
        }
        Output help = runSamsa(new String[] {"--help"});
        assertThat(help.status).isZero();
        assertThat(help.out).startsWith("usage: producer-perf").contains("--producer-props");
    }

    @Test
    void badConfigValueIsOneErrorLine() {
        Output o = runSamsa(new String[] {"--topic", "samsa", "--num-records", "10", "--record-size", "100",
            "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "linger.ms=soon"});
        assertThat(o.status).isEqualTo(1);
        assertThat(o.err.lines().toList()).singleElement().asString().startsWith("producer-perf: error: ")
                .contains("linger.ms");
    }

    @Test
    void unreachableBootstrapIsOneClearLine() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Output o = runSamsa(new String[] {"--topic", "t", "--num-records", "10", "--record-size", "100",
            "--throughput", "-1", "--producer-props", "bootstrap.servers=127.0.0.1:" + port});
        assertThat(o.status).isEqualTo(1);
        assertThat(o.out).isEmpty();
        assertThat(o.err.lines().toList()).singleElement().asString()
                .startsWith("producer-perf: error: cannot reach the cluster at bootstrap.servers=127.0.0.1:" + port);
    }

    /**
     * The line with every number reduced to its shape: {@code 9} for the integer digits, then the decimal separator
     * and one {@code d} per decimal digit ({@code "2826.94" -> "9.dd"}).
     */
    static String shape(String line) {
        Matcher m = NUMBER.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, m.group(1) == null ? "9" : "9." + "d".repeat(m.group(1).length()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private record Output(int status, String out, String err) {
    }

    private static Output runSamsa(String[] args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ProducerPerf.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs the official tool in this JVM (its main returns normally on success), capturing stdout. */
    private static Output runOfficial(String[] args) throws Exception {
        Method main = Class.forName(ProducerBenchmark.OFFICIAL_MAIN).getMethod("main", String[].class);
        String out = captureStdout(() -> main.invoke(null, (Object) args));
        return new Output(0, out, "");
    }

    private interface Body {
        void run() throws Exception;
    }

    private static synchronized String captureStdout(Body body) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Throwable> failure = new ArrayList<>();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } catch (Exception e) {
            failure.add(e);
        } finally {
            System.setOut(original);
        }
        if (!failure.isEmpty()) {
            throw new AssertionError("official tool failed; output: " + bytes.toString(StandardCharsets.UTF_8),
                    failure.get(0));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}

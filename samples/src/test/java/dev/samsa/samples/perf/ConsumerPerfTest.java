package dev.samsa.samples.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.mock.MockCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ConsumerPerf against the mock broker over TCP, with the official {@code kafka-consumer-perf-test} reading the same
 * records as the oracle for the output: same header, same result-line shape, same parser.
 */
class ConsumerPerfTest {
    private static final int RECORDS = 3_000;
    private static final int RECORD_SIZE = 100;

    private static MockCluster cluster;
    private static String bootstrap;

    @BeforeAll
    static void startClusterAndFill() {
        cluster = MockCluster.builder().topic("perf", 3).build();
        bootstrap = cluster.listen();
        int status = ProducerPerf.run(new String[] {"--topic", "perf", "--num-records", Integer.toString(RECORDS),
            "--record-size", Integer.toString(RECORD_SIZE), "--throughput", "-1", "--producer-props",
            "bootstrap.servers=" + bootstrap, "acks=1", "linger.ms=5"}, nullStream(), nullStream());
        assertThat(status).isZero();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static String[] args(String group) {
        return new String[] {"--bootstrap-server", bootstrap, "--topic", "perf", "--messages",
            Integer.toString(RECORDS), "--group", group, "--timeout", "10000"};
    }

    @Test
    void readsEveryRecordAndPrintsTheOfficialLines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ConsumerPerf.run(args("samsa-group"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as("stderr: %s", err).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(ConsumerPerf.HEADER);
        ConsumerPerf.Result ours = ConsumerPerf.parse(lines.get(1));
        assertThat(ours).as(lines.get(1)).isNotNull();
        assertThat(ours.records()).isEqualTo(RECORDS);
        assertThat(ours.mb()).isCloseTo(RECORDS * RECORD_SIZE / 1048576.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(ours.rebalanceMs()).isNotNegative();
        assertThat(ours.fetchMs()).isNotNegative();
        assertThat(ours.startTime()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d:\\d{3}");
        // The group committed nothing (auto-commit aside) but joined: the mock knows it.
        assertThat(cluster.group("samsa-group")).isPresent();

        // The official tool, same flags, same broker, a group of its own: same header, same line shape.
        List<String> official = runOfficial(args("official-group")).lines().toList();
        assertThat(official.get(0)).isEqualTo(ConsumerPerf.HEADER);
        String officialLine = official.get(official.size() - 1);
        ConsumerPerf.Result theirs = ConsumerPerf.parse(officialLine);
        assertThat(theirs).as(officialLine).isNotNull();
        assertThat(theirs.records()).isEqualTo(RECORDS);
        assertThat(theirs.mb()).isEqualTo(ours.mb());
        assertThat(ProducerPerfTest.shape(lines.get(1))).isEqualTo(ProducerPerfTest.shape(officialLine));
    }

    @Test
    void detailedStatsPrintTheOfficialProgressLines() throws Exception {
        String[] flags = {"--show-detailed-stats", "--reporting-interval", "1"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] samsaArgs = concat(args("samsa-detailed"), flags);
        int status = ConsumerPerf.run(samsaArgs, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as("stderr: %s", err).isZero();
        List<String> ours = out.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> theirs = runOfficial(concat(args("official-detailed"), flags)).lines()
                .filter(l -> !l.startsWith("WARNING")).toList();
        for (List<String> lines : List.of(ours, theirs)) {
            assertThat(lines.get(0)).isEqualTo(ConsumerPerf.DETAILED_HEADER);
            // Every other line is a progress line (no result line with detailed stats), records growing to the end.
            long last = 0;
            for (String line : lines.subList(1, lines.size())) {
                ConsumerPerf.Progress p = ConsumerPerf.parseProgress(line);
                assertThat(p).as(line).isNotNull();
                assertThat(p.threadId()).isZero();
                assertThat(p.records()).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(RECORDS);
                assertThat(p.mb()).isCloseTo(p.records() * RECORD_SIZE / 1048576.0,
                        org.assertj.core.data.Offset.offset(1e-4));
                assertThat(p.rebalanceMs()).isNotNegative();
                last = p.records();
            }
        }
        if (ours.size() > 1 && theirs.size() > 1) {
            // Signs aside: either tool's first fetch.time.ms is negative when its rebalance (counted from before
            // subscribe) outlasts the time from the assignment to the first line (see the test below).
            assertThat(ProducerPerfTest.shape(ours.get(1)).replace("-", ""))
                    .isEqualTo(ProducerPerfTest.shape(theirs.get(1)).replace("-", ""));
        }
    }

    /**
     * The progress lines' rebalance and fetch times, computed as Kafka 4.1.1's ConsumerPerformance does: the first
     * line reports the rebalance time counted from the start of the run (before subscribe, so before its interval
     * starts: fetch.time.ms can be negative, its rates then 0), later lines 0; only a rebalance that leaves the
     * consumer without partitions counts.
     */
    @Test
    void progressLinesCountTheRebalanceTimeAsTheOfficialTool() {
        long[] now = {0};
        ConsumerPerf.RebalanceTimer timer = new ConsumerPerf.RebalanceTimer(() -> now[0]);
        java.text.SimpleDateFormat dates = new java.text.SimpleDateFormat("S");
        dev.samsa.common.TopicPartition p0 = new dev.samsa.common.TopicPartition("perf", 0);
        dev.samsa.common.TopicPartition p1 = new dev.samsa.common.TopicPartition("perf", 1);
        timer.start(1_000); // before subscribe
        long intervalStart = 1_005; // subscribe took 5 ms
        now[0] = 1_009;
        timer.onPartitionsAssigned(List.of(p0, p1)); // 9 ms of rebalance, 4 of them in the interval
        long firstLine = 1_012; // the first records, 7 ms into the interval
        String line = ConsumerPerf.progressLine(dates, 1_048_576, 0, 1_000, 0, intervalStart, firstLine,
                timer.forProgressLine());
        ConsumerPerf.Progress p = ConsumerPerf.parseProgress(line);
        assertThat(p).as(line).isNotNull();
        assertThat(p.rebalanceMs()).isEqualTo(9);
        assertThat(line).endsWith(", 9, -2, 0.0000, 0.0000");
        timer.intervalEnded();

        now[0] = 1_020;
        timer.onPartitionsRevoked(List.of(p1)); // a partial revocation: no rebalance time
        now[0] = 1_030;
        timer.onPartitionsAssigned(List.of(p1));
        timer.onPartitionsRevoked(List.of(p0, p1)); // all revoked: 15 ms until the next assignment
        now[0] = 1_045;
        timer.onPartitionsAssigned(List.of(p0));
        assertThat(timer.forProgressLine()).as("later lines, as the official tool's").isZero();
        assertThat(ConsumerPerf.progressLine(dates, 2_097_152, 1_048_576, 2_000, 1_000, firstLine, 1_112,
                timer.forProgressLine())).endsWith(", 0, 100, 10.0000, 10000.0000");
        assertThat(timer.totalMs()).as("the result line's").isEqualTo(9 + 15);
    }

    @Test
    void aReportingIntervalOfZeroIsRefusedAsByTheOfficialTool() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ConsumerPerf.run(concat(args("g"), new String[] {"--reporting-interval", "0"}), nullStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Reporting interval must be greater than 0.");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void badFlagsPrintUsageAndExitNonZero() {
        List<String[]> bad = List.of(
                new String[] {"--bootstrap-server", "127.0.0.1:9092", "--topic", "t"},
                new String[] {"--bootstrap-server", "127.0.0.1:9092", "--topic", "t", "--messages", "ten"},
                new String[] {"--bootstrap-server", "127.0.0.1:9092", "--topic", "t", "--messages", "0"},
                new String[] {"--bootstrap-server", "127.0.0.1:9092", "--topic", "t", "--messages", "5", "--nope"});
        List<String> expected = List.of("missing required option --messages", "could not convert 'ten'",
                "--messages should be greater than zero", "unrecognized option '--nope'");
        for (int i = 0; i < bad.size(); i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = ConsumerPerf.run(bad.get(i), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(status).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: consumer-perf")
                    .contains("consumer-perf: error: " + expected.get(i));
        }
    }

    private static PrintStream nullStream() {
        return new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Runs the official tool in this JVM, its exit calls turned into exceptions, capturing stdout. */
    private static synchronized String runOfficial(String[] args) throws Exception {
        Method main = Class.forName(ConsumerBenchmark.OFFICIAL_MAIN).getMethod("main", String[].class);
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("official tool exited with " + code + ": " + message);
        });
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw new AssertionError("official tool failed; output: " + bytes.toString(StandardCharsets.UTF_8),
                    e.getCause());
        } finally {
            System.setOut(original);
            Exit.resetExitProcedure();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}

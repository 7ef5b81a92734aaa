package dev.samsa.samples.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JIT/CPU timeline and the steady-state figure: the timeline file's format, the byte meter's conversion to
 * records, the second-half window, the JIT-quiet moment, {@code ss} output parsing and CpuTimed's flags. Synthetic
 * rows, no timing assertions.
 */
class TimelineTest {
    private static final long EPOCH = 1_700_000_000_000L;
    private static final long MS = 1_000_000L;

    /** Ten seconds, a row a second: the JIT busy for the first 4 s, then 5 ms a second; the process 1 s a second. */
    private static List<Timeline.Row> rows() {
        List<Timeline.Row> rows = new ArrayList<>();
        long jit = 0;
        for (int s = 0; s <= 10; s++) {
            if (s > 0) {
                jit += s <= 4 ? 500 * MS : 5 * MS;
            }
            rows.add(new Timeline.Row(s * 1000L, EPOCH + s * 1000L, s * 1000 * MS, s * 400 * MS, jit, s * 10 * MS,
                    s * 100_000_000L));
        }
        return rows;
    }

    /** A meter that moves 0 bytes in the first 2 s, then 100 bytes every second until 10 s: 800 bytes in all. */
    private static List<Timeline.Progress> meter() {
        List<Timeline.Progress> m = new ArrayList<>();
        for (int s = 0; s <= 10; s++) {
            m.add(new Timeline.Progress(EPOCH + s * 1000L, Math.max(0, (s - 2) * 100L)));
        }
        return m;
    }

    @Test
    void timelineFileRoundTripsAndIsReadByColumnName() {
        List<Timeline.Row> rows = rows();
        String csv = Timeline.csv(rows);
        assertThat(csv).startsWith(Timeline.HEADER + "\n");
        assertThat(Timeline.parse(List.of(csv.split("\n")))).isEqualTo(rows);
        // The annotated form keeps the columns, with more after them.
        String annotated = Timeline.annotated(rows, meter(), 800, 8_000);
        assertThat(Timeline.parse(List.of(annotated.split("\n")))).isEqualTo(rows);
        // Columns are found by name, in any order.
        assertThat(Timeline.parse(List.of(
                "alloc_bytes,gc_cpu_ns,jit_cpu_ns,threads_cpu_ns,process_cpu_ns,epoch_ms,t_ms",
                "7,6,5,4,3,2,1"))).containsExactly(new Timeline.Row(1, 2, 3, 4, 5, 6, 7));
    }

    @Test
    void malformedTimelinesAreRejectedWithTheProblem() {
        assertThatThrownBy(() -> Timeline.parse(List.of("t_ms,epoch_ms", "1,2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("process_cpu_ns");
        assertThatThrownBy(() -> Timeline.parse(List.of(Timeline.HEADER, "1,2,3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1,2,3");
        assertThatThrownBy(() -> Timeline.parse(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsAreTheTopicsRecordsInProportionToItsBytes() {
        List<Timeline.Progress> m = meter();
        assertThat(Timeline.recordsAt(m, EPOCH, 800, 8_000)).isZero();
        assertThat(Timeline.recordsAt(m, EPOCH - 5_000, 800, 8_000)).isZero();
        assertThat(Timeline.recordsAt(m, EPOCH + 3_000, 800, 8_000)).isEqualTo(1_000);
        // Linear between two readings.
        assertThat(Timeline.recordsAt(m, EPOCH + 3_500, 800, 8_000)).isCloseTo(1_500, within(1e-9));
        assertThat(Timeline.recordsAt(m, EPOCH + 60_000, 800, 8_000)).isEqualTo(8_000);
        // Header bytes can take the meter past the topic's size: never more than the run's records.
        assertThat(Timeline.recordsAt(m, EPOCH + 10_000, 700, 8_000)).isEqualTo(8_000);
        assertThat(Timeline.recordsAt(List.of(), EPOCH, 800, 8_000)).isNaN();
        assertThat(Timeline.recordsAt(m, EPOCH, 0, 8_000)).isNaN();
    }

    @Test
    void steadyStateIsTheSecondHalfOfTheRecordsUpToTheEndOfMain() {
        // Half of the 800 bytes (4,000 of 8,000 records) crossed at 6 s: the window is 6 s .. 10 s.
        Timeline.SteadyState s = Timeline.secondHalf(rows(), meter(), 800, 8_000);
        assertThat(s).isNotNull();
        assertThat(s.fromMillis()).isEqualTo(6_000);
        assertThat(s.toMillis()).isEqualTo(10_000);
        assertThat(s.records()).isEqualTo(4_000);
        assertThat(s.processCpuNanos()).isEqualTo(4_000 * MS);
        assertThat(s.threadsCpuNanos()).isEqualTo(1_600 * MS);
        assertThat(s.jitCpuNanos()).isEqualTo(20 * MS);
        assertThat(s.gcCpuNanos()).isEqualTo(40 * MS);
        assertThat(s.allocBytes()).isEqualTo(400_000_000L);
        assertThat(s.perRecord(s.processCpuNanos())).isEqualTo(1_000.0); // 4 s of CPU / 4,000 records, in us
        assertThat(s.perRecord(s.jitCpuNanos())).isEqualTo(5.0);
        assertThat(s.allocBytesPerRecord()).isEqualTo(100_000.0);
        assertThat(s.perRecord(-1)).isNaN();
    }

    @Test
    void steadyStateStartsAtTheFirstRowPastHalfAndCountsOnlyTheRecordsLeft() {
        // Half is crossed at 6.5 s with this meter; the first row past it is at 7 s, with 4,500 of 8,000 done.
        List<Timeline.Progress> m = new ArrayList<>();
        for (int s = 0; s <= 10; s++) {
            m.add(new Timeline.Progress(EPOCH + s * 1000L, Math.max(0, (s - 2) * 100L - 50)));
        }
        Timeline.SteadyState s = Timeline.secondHalf(rows(), m, 800, 8_000);
        assertThat(s.fromMillis()).isEqualTo(7_000);
        assertThat(s.records()).isEqualTo(3_500);
        assertThat(s.processCpuNanos()).isEqualTo(3_000 * MS);
    }

    @Test
    void noSteadyStateWithoutAMeterOrASecondHalfBeforeTheEnd() {
        assertThat(Timeline.secondHalf(rows(), List.of(), 800, 8_000)).isNull();
        assertThat(Timeline.secondHalf(rows(), meter(), 0, 8_000)).isNull();
        assertThat(Timeline.secondHalf(rows().subList(0, 1), meter(), 800, 8_000)).isNull();
        // The meter never reached half before the last row.
        List<Timeline.Progress> slow = List.of(new Timeline.Progress(EPOCH, 0), new Timeline.Progress(EPOCH + 9_500,
                100));
        assertThat(Timeline.secondHalf(rows(), slow, 800, 8_000)).isNull();
    }

    /** Rows every 200 ms for 4 s with the given JIT ms in each interval (index i = the interval ending at row i). */
    private static List<Timeline.Row> jitRows(double... jitMsPerInterval) {
        List<Timeline.Row> rows = new ArrayList<>();
        long jit = 0;
        rows.add(new Timeline.Row(0, EPOCH, 0, 0, 0, 0, 0));
        for (int i = 0; i < jitMsPerInterval.length; i++) {
            jit += (long) (jitMsPerInterval[i] * MS);
            rows.add(new Timeline.Row((i + 1) * 200L, EPOCH + (i + 1) * 200L, 0, 0, jit, 0, 0));
        }
        return rows;
    }

    @Test
    void jitIsQuietAfterTheLastSecondAboveFivePercentOfACoreLeavingOutTheClose() {
        assertThat(Timeline.jitQuietFromMillis(rows())).isEqualTo(4_000);
        // A recompilation burst at 8-9 s pushes it to 9 s.
        List<Timeline.Row> churn = new ArrayList<>(rows());
        for (int i = 9; i < churn.size(); i++) {
            Timeline.Row r = churn.get(i);
            churn.set(i, new Timeline.Row(r.tMillis(), r.epochMillis(), r.processCpuNanos(), r.threadsCpuNanos(),
                    r.jitCpuNanos() + 300 * MS, r.gcCpuNanos(), r.allocBytes()));
        }
        assertThat(Timeline.jitQuietFromMillis(churn)).isEqualTo(9_000);
        // Busy in the first second, one 30 ms compilation in the second (3% of a core), then a burst while the client
        // closes in the last bucket: quiet after 1 s.
        assertThat(Timeline.jitQuietFromMillis(jitRows(100, 100, 100, 100, 100, 0, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 40))).isEqualTo(1_000);
        // 60 ms in the third second is above 5%: quiet after 3 s.
        assertThat(Timeline.jitQuietFromMillis(jitRows(100, 100, 100, 100, 100, 0, 0, 0, 0, 0, 30, 30, 0, 0, 0, 0,
                0, 0, 0, 40))).isEqualTo(3_000);
        // Busy to the end: within a bucket of main's end.
        assertThat(Timeline.jitQuietFromMillis(jitRows(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100,
                100, 100, 100, 100, 100, 100, 100))).isEqualTo(3_000);
        assertThat(Timeline.jitQuietFromMillis(List.of(new Timeline.Row(0, EPOCH, 0, 0, -1, -1, 0),
                new Timeline.Row(1_000, EPOCH + 1_000, 0, 0, -1, -1, 0)))).isEqualTo(-1);
    }

    @Test
    void annotatedTimelineHasRecordsAndPerIntervalFigures() {
        String[] lines = Timeline.annotated(rows(), meter(), 800, 8_000).split("\n");
        assertThat(lines[0]).endsWith(",records,d_records,d_process_cpu_ms,d_threads_cpu_ms,d_jit_cpu_ms,"
                + "d_gc_cpu_ms,d_alloc_mib");
        assertThat(lines[1]).endsWith(",0,,,,,,");
        // The row at 4 s: 2,000 records done, 1,000 in the last second, 1 s of process CPU, 500 ms of JIT.
        assertThat(lines[5]).endsWith(",2000,1000,1000.0,400.0,500.0,10.0,95.4");
        // Without a meter the record columns are empty.
        assertThat(Timeline.annotated(rows(), List.of(), 0, 8_000).split("\n")[5])
                .endsWith(",2000000000,40000000,400000000,,,1000.0,400.0,500.0,10.0,95.4");
    }

    @Test
    void analyzeRewritesTheFileAndReportsTheFigures(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.timeline.csv");
        Files.writeString(file, Timeline.csv(rows()));
        Timeline.Analysis a = Timeline.analyze(file, meter(), 800, 8_000);
        assertThat(a.jitQuietFromMillis()).isEqualTo(4_000);
        assertThat(a.wallMillis()).isEqualTo(10_000);
        assertThat(a.meterOverTopicBytes()).isEqualTo(1.0);
        Map<String, Double> m = a.metrics();
        assertThat(m).containsEntry("steady_cpu_us_per_record", 1_000.0).containsEntry("steady_jit_cpu_us_per_record",
                5.0).containsEntry("steady_from_s", 6.0).containsEntry("jit_quiet_after_s", 4.0)
                .containsEntry("main_wall_s", 10.0);
        assertThat(Files.readAllLines(file).get(0)).contains(",records,");
        assertThat(Timeline.parse(Files.readAllLines(file))).isEqualTo(rows());
        // No meter: the JIT figure remains, the steady state is unknown.
        Timeline.Analysis none = Timeline.analyze(file, List.of(), 0, 8_000);
        assertThat(none.steady()).isNull();
        assertThat(none.metrics().get("steady_cpu_us_per_record")).isNaN();
        assertThat(none.metrics()).containsEntry("jit_quiet_after_s", 4.0);
        assertThat(Timeline.analyze(dir.resolve("missing.csv"), meter(), 800, 8_000)).isNull();
    }

    @Test
    void summaryCondensesTheTimelineIntoBucketsOfCoresAndRecordsPerSecond() {
        List<String> lines = List.of(Timeline.annotated(rows(), meter(), 800, 8_000).split("\n"));
        String[] out = Timeline.summary(lines, 2_000).split("\n");
        assertThat(out[0].split("\\s+")).contains("records/s", "process", "threads", "jit", "gc", "jit%");
        assertThat(out).hasSize(6);
        // 0-2 s: no records, 1 core, 0.4 of the Java threads, 0.5 JIT (50% of the CPU), 0.01 GC.
        assertThat(out[1].trim().split("\\s+")).containsExactly("0.00", "2.00", "0", "1.00", "0.40", "0.50", "0.01",
                "50");
        // 6-8 s: 1,000 records/s, JIT down to 5 ms a second.
        assertThat(out[4].trim().split("\\s+")).containsExactly("6.00", "8.00", "1000", "1.00", "0.40", "0.01",
                "0.01", "1");
        // A bare CpuTimed file has no records column: the rate is left empty.
        String bare = Timeline.summary(List.of(Timeline.csv(rows()).split("\n")), 5_000);
        assertThat(bare.split("\n")[1].trim().split("\\s+")).containsExactly("0.00", "5.00", "1.00", "0.40",
                "0.40", "0.01", "40");
        assertThatThrownBy(() -> Timeline.summary(lines, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 ms");
    }

    @Test
    void ssOutputGivesEachConnectionsBytes() {
        String out = "0      0      [::ffff:127.0.0.1]:47614 [::ffff:127.0.0.1]:40795\n"
                + "\t bbr wscale:1,10 rto:204 rtt:0.035/0.012 mss:50940 cwnd:12 bytes_sent:249 bytes_acked:250 "
                + "bytes_received:583 segs_out:6 segs_in:5\n"
                + "0      0      127.0.0.1:47622 127.0.0.1:40795\n"
                + "\t cubic rto:212 bytes_sent:7590 bytes_acked:7591 bytes_received:4143 segs_out:378\n"
                + "0      0      127.0.0.1:47630 127.0.0.1:40795\n"
                + "\t cubic rto:212 segs_out:1\n";
        assertThat(SocketMeter.parse(out, true)).containsExactly(Map.entry("[::ffff:127.0.0.1]:47614", 250L),
                Map.entry("127.0.0.1:47622", 7591L));
        assertThat(SocketMeter.parse(out, false)).containsExactly(Map.entry("[::ffff:127.0.0.1]:47614", 583L),
                Map.entry("127.0.0.1:47622", 4143L));
        // Without a state filter ss prints the state first.
        assertThat(SocketMeter.parse("ESTAB 0 0 127.0.0.1:5 127.0.0.1:9092\n\t bytes_acked:10 bytes_received:20\n",
                false)).containsExactly(Map.entry("127.0.0.1:5", 20L));
        assertThat(SocketMeter.parse("", true)).isEmpty();
    }

    @Test
    void cpuTimedTakesItsTimelineFlagsBeforeTheMainClass() {
        CpuTimed.Options o = CpuTimed.Options.parse(new String[] {"--timeline", "/tmp/x.csv", "--timeline-ms", "250",
            "Main", "--timeline", "y"});
        assertThat(o.timeline()).isEqualTo(Path.of("/tmp/x.csv"));
        assertThat(o.timelineMs()).isEqualTo(250);
        assertThat(o.mainIndex()).isEqualTo(4); // the tool's own "--timeline" stays the tool's
        CpuTimed.Options plain = CpuTimed.Options.parse(new String[] {"Main", "a"});
        assertThat(plain.timeline()).isNull();
        assertThat(plain.mainIndex()).isZero();
        assertThat(CpuTimed.Options.parse(new String[] {"--timeline", "x"})).isNull();
        assertThat(CpuTimed.Options.parse(new String[] {"--timeline-ms", "0", "Main"})).isNull();
        assertThat(CpuTimed.Options.parse(new String[] {"--timeline-ms", "x", "Main"})).isNull();
        assertThat(CpuTimed.Options.parse(new String[0])).isNull();
    }

    @Test
    void samplerKeepsCumulativeTimelineRowsEndingWithTheGivenOne() {
        CpuTimed.AllocationSampler sampler = new CpuTimed.AllocationSampler();
        sampler.startTimeline(100, () -> 0L, System.nanoTime());
        byte[][] keep = new byte[16][];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = new byte[1024 * 1024];
        }
        long bytes = sampler.stop();
        Timeline.Row last = new Timeline.Row(999, EPOCH, 1, 2, 3, 4, bytes);
        List<Timeline.Row> rows = sampler.finishTimeline(last);
        assertThat(keep[15]).hasSize(1024 * 1024);
        assertThat(rows.get(0).tMillis()).isZero();
        assertThat(rows.get(0).allocBytes()).isZero();
        assertThat(rows.get(rows.size() - 1)).isEqualTo(last);
        for (int i = 1; i < rows.size() - 1; i++) {
            assertThat(rows.get(i).allocBytes()).isGreaterThanOrEqualTo(rows.get(i - 1).allocBytes());
            assertThat(rows.get(i).tMillis()).isGreaterThanOrEqualTo(rows.get(i - 1).tMillis());
        }
        assertThat(sampler.finishTimeline(last)).as("finished once").isEmpty();
    }
}

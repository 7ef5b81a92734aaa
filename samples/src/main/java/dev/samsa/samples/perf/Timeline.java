package dev.samsa.samples.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU timeline of one benchmark run and what the benchmarks derive from it: the steady-state CPU per record
 * (over the second half of the run's records) and the moment the JIT compiler went quiet. Pure functions over rows;
 * stateless, thread-safe.
 *
 * <p>{@link CpuTimed} (with {@code --timeline FILE}) writes one {@link Row} every {@code --timeline-ms} ms while the
 * tool's {@code main} runs, plus one at its end, with cumulative figures since {@code main} started: the process's
 * CPU, the Java threads', the JIT compiler threads', the GC threads' (ns) and the heap bytes allocated. The row's
 * {@code epoch_ms} ties it to the benchmark's {@link Progress} samples: bytes of the run's topic that crossed the
 * client's connections to the broker ({@link SocketMeter}), which {@link #recordsAt} turns into records.
 *
 * <p>Why bytes and not the tools' own progress lines: the producer tools print a window line only every 5 s (one or
 * two lines in a 10 s run) and the consumer tools print none unless {@code --show-detailed-stats} is given, which
 * drops their result line (the official tool's behaviour); the kernel's byte counters of the client's TCP
 * connections are the same for both clients, need nothing from the tool and cost the client nothing. The records on
 * either side of a moment are the topic's records in proportion to its bytes ({@code records * bytes(t) / topic
 * bytes}): every record has the same size, so the only error is the request and response headers (under 1% with
 * 64 KiB batches) and, for the consumer, data fetched ahead of what the tool has read (one fetch, well under 1% of a
 * 10M-record run).
 */
public final class Timeline {
    /** The header of the file {@link CpuTimed} writes. */
    public static final String HEADER = "t_ms,epoch_ms,process_cpu_ns,threads_cpu_ns,jit_cpu_ns,gc_cpu_ns,alloc_bytes";
    /**
     * The JIT compiler counts as quiet in a bucket of at least {@value #JIT_QUIET_BUCKET_MS} ms where its threads used
     * at most this share of one core (5%: 50 ms of CPU per second; one C2 compilation of a mid-sized method takes
     * 10-30 ms, so a single late compilation does not count).
     */
    public static final double JIT_QUIET_CORE_SHARE = 0.05;
    /** The length of the buckets {@link #jitQuietFromMillis} judges, ms. */
    public static final long JIT_QUIET_BUCKET_MS = 1_000;

    private Timeline() {
    }

    /**
     * Cumulative figures since the tool's {@code main} started; -1 for a figure that is unknown.
     *
     * @param tMillis time since {@code main} started, ms
     * @param epochMillis wall clock ({@link System#currentTimeMillis()}) of the sample
     * @param processCpuNanos the process's CPU time, all threads, ns
     * @param threadsCpuNanos the Java threads' CPU time, ns
     * @param jitCpuNanos the JIT compiler threads' CPU time, ns
     * @param gcCpuNanos the garbage collector threads' CPU time, ns
     * @param allocBytes heap bytes allocated by all threads
     */
    public record Row(long tMillis, long epochMillis, long processCpuNanos, long threadsCpuNanos, long jitCpuNanos,
            long gcCpuNanos, long allocBytes) {
        String csv() {
            return tMillis + "," + epochMillis + "," + processCpuNanos + "," + threadsCpuNanos + "," + jitCpuNanos
                    + "," + gcCpuNanos + "," + allocBytes;
        }
    }

    /**
     * One reading of a progress meter.
     *
     * @param epochMillis wall clock of the reading, ms
     * @param bytes cumulative bytes of the run's data at that moment (from the meter's first reading)
     */
    public record Progress(long epochMillis, long bytes) {
    }

    /**
     * The figures over the steady-state window: from the first timeline row at which half of the run's records were
     * done to the end of {@code main}.
     *
     * @param fromMillis the window's start, ms since {@code main} started
     * @param toMillis the window's end (the end of {@code main}), ms since it started
     * @param records records done in the window (estimated from the meter's bytes)
     * @param processCpuNanos the process's CPU in the window, ns
     * @param threadsCpuNanos the Java threads' CPU in the window, ns; negative if unknown
     * @param jitCpuNanos the JIT threads' CPU in the window, ns; negative if unknown
     * @param gcCpuNanos the GC threads' CPU in the window, ns; negative if unknown
     * @param allocBytes heap bytes allocated in the window; negative if unknown
     */
    public record SteadyState(long fromMillis, long toMillis, double records, long processCpuNanos,
            long threadsCpuNanos, long jitCpuNanos, long gcCpuNanos, long allocBytes) {
        /**
         * @param nanos one of this window's figures (ns or bytes)
         * @return that figure per record of the window (us per record for ns), NaN if unknown
         */
        public double perRecord(long nanos) {
            return nanos < 0 || records <= 0 ? Double.NaN : nanos / 1000.0 / records;
        }

        /** @return heap bytes allocated per record in the window, NaN if unknown */
        public double allocBytesPerRecord() {
            return allocBytes < 0 || records <= 0 ? Double.NaN : allocBytes / records;
        }
    }

    /**
     * Formats rows as the timeline file.
     *
     * @param rows the rows, oldest first
     * @return the CSV text, header first, one line per row
     */
    public static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            sb.append(r.csv()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Reads a timeline file ({@link #csv} or {@link #annotated}): the columns are found by their header names, so
     * extra columns are ignored.
     *
     * @param lines the file's lines
     * @return the rows, oldest first
     * @throws IllegalArgumentException if the header lacks one of {@link #HEADER}'s columns or a row is malformed
     */
    public static List<Row> parse(List<String> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("empty timeline");
        }
        String[] header = lines.get(0).strip().split(",");
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            index.put(header[i], i);
        }
        String[] wanted = HEADER.split(",");
        int[] col = new int[wanted.length];
        for (int i = 0; i < wanted.length; i++) {
            Integer c = index.get(wanted[i]);
            if (c == null) {
                throw new IllegalArgumentException("timeline header lacks column " + wanted[i] + ": " + lines.get(0));
            }
            col[i] = c;
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split(",");
            long[] v = new long[col.length];
            try {
                for (int i = 0; i < col.length; i++) {
                    v[i] = Long.parseLong(f[col[i]]);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("malformed timeline row '" + line + "'", e);
            }
            rows.add(new Row(v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
        }
        return rows;
    }

    /**
     * The records done at a moment: the meter's bytes then, interpolated linearly between its readings, as a share of
     * the topic's bytes, times the run's records. Before the first reading it is 0; after the last, the last
     * reading's.
     *
     * @param meter the readings, oldest first
     * @param epochMillis the moment
     * @param totalBytes the bytes the whole run moves (the topic's size on the broker)
     * @param totalRecords the run's records
     * @return the estimated records done, in [0, totalRecords]
     */
    public static double recordsAt(List<Progress> meter, long epochMillis, long totalBytes, long totalRecords) {
        if (meter.isEmpty() || totalBytes <= 0) {
            return Double.NaN;
        }
        double bytes;
        Progress first = meter.get(0);
        Progress last = meter.get(meter.size() - 1);
        if (epochMillis <= first.epochMillis()) {
            bytes = first.bytes();
        } else if (epochMillis >= last.epochMillis()) {
            bytes = last.bytes();
        } else {
            int i = 1;
            while (meter.get(i).epochMillis() < epochMillis) {
                i++;
            }
            Progress a = meter.get(i - 1);
            Progress b = meter.get(i);
            double span = b.epochMillis() - a.epochMillis();
            bytes = span <= 0 ? b.bytes()
                    : a.bytes() + (b.bytes() - a.bytes()) * (epochMillis - a.epochMillis()) / span;
        }
        return Math.max(0, Math.min(totalRecords, totalRecords * bytes / totalBytes));
    }

    /**
     * The steady-state window: from the first row at which at least half of the records were done to the last row
     * (the end of {@code main}); the records in it are the run's records less those done at its start.
     *
     * @param rows the timeline, oldest first, the last row at the end of {@code main}
     * @param meter the progress readings over the run, oldest first
     * @param totalBytes the bytes the whole run moves
     * @param totalRecords the run's records
     * @return the window's figures, or null if the meter saw nothing or no row falls in the second half before the
     *     last one
     */
    public static SteadyState secondHalf(List<Row> rows, List<Progress> meter, long totalBytes, long totalRecords) {
        if (rows.size() < 2 || meter.isEmpty() || totalBytes <= 0 || totalRecords <= 0) {
            return null;
        }
        Row end = rows.get(rows.size() - 1);
        for (Row r : rows.subList(0, rows.size() - 1)) {
            double done = recordsAt(meter, r.epochMillis(), totalBytes, totalRecords);
            if (done >= totalRecords / 2.0) {
                double records = totalRecords - done;
                if (records <= 0) {
                    return null;
                }
                return new SteadyState(r.tMillis(), end.tMillis(), records,
                        end.processCpuNanos() - r.processCpuNanos(), diff(end.threadsCpuNanos(), r.threadsCpuNanos()),
                        diff(end.jitCpuNanos(), r.jitCpuNanos()), diff(end.gcCpuNanos(), r.gcCpuNanos()),
                        diff(end.allocBytes(), r.allocBytes()));
            }
        }
        return null;
    }

    private static long diff(long end, long start) {
        return end < 0 || start < 0 ? -1 : end - start;
    }

    /**
     * When the JIT compiler went quiet: the rows are grouped into buckets of at least {@value #JIT_QUIET_BUCKET_MS} ms
     * from the start, and this is the end of the last bucket in which the JIT threads used more than
     * {@link #JIT_QUIET_CORE_SHARE} of one core; 0 if there was none. The last {@value #JIT_QUIET_BUCKET_MS} ms of
     * {@code main} are left out (buckets ending later are not judged): they hold the closing of the client and the
     * tool's summary, code that runs once at the end and is compiled there. Compilation that keeps coming back (a
     * long C2 queue, deoptimisation and recompilation) pushes the result to within two buckets of {@code main}'s end.
     *
     * @param rows the timeline, oldest first, the last row at the end of {@code main}
     * @return ms since {@code main} started, or -1 if the JIT threads' CPU is unknown
     */
    public static long jitQuietFromMillis(List<Row> rows) {
        if (rows.isEmpty() || rows.get(rows.size() - 1).jitCpuNanos() < 0) {
            return -1;
        }
        long limit = rows.get(rows.size() - 1).tMillis() - JIT_QUIET_BUCKET_MS;
        long quietFrom = 0;
        int i = 0;
        while (i < rows.size() - 1) {
            Row a = rows.get(i);
            int j = i + 1;
            while (j < rows.size() - 1 && rows.get(j).tMillis() < a.tMillis() + JIT_QUIET_BUCKET_MS) {
                j++;
            }
            Row b = rows.get(j);
            if (a.jitCpuNanos() < 0 || b.jitCpuNanos() < 0) {
                return -1;
            }
            if (b.tMillis() > limit) {
                break; // the last second of main: closing the client
            }
            long span = b.tMillis() - a.tMillis();
            if (span > 0 && (b.jitCpuNanos() - a.jitCpuNanos()) > JIT_QUIET_CORE_SHARE * span * 1_000_000) {
                quietFrom = b.tMillis();
            }
            i = j;
        }
        return quietFrom;
    }

    /**
     * The timeline for reading: the rows' cumulative columns, the estimated records done ({@code records}, empty
     * without a meter), then per interval since the previous row: records, and the CPU of the process, the Java
     * threads, the JIT threads and the GC threads in ms, and MiB allocated.
     *
     * @param rows the timeline, oldest first
     * @param meter the progress readings, oldest first; may be empty
     * @param totalBytes the bytes the whole run moves; 0 if unknown
     * @param totalRecords the run's records
     * @return CSV text with a header line
     */
    public static String annotated(List<Row> rows, List<Progress> meter, long totalBytes, long totalRecords) {
        StringBuilder sb = new StringBuilder(HEADER).append(",records,d_records,d_process_cpu_ms,d_threads_cpu_ms,"
                + "d_jit_cpu_ms,d_gc_cpu_ms,d_alloc_mib\n");
        Row prev = null;
        double prevRecords = 0;
        for (Row r : rows) {
            double records = recordsAt(meter, r.epochMillis(), totalBytes, totalRecords);
            sb.append(r.csv()).append(',').append(Double.isNaN(records) ? "" : Long.toString(Math.round(records)));
            if (prev == null) {
                sb.append(",,,,,,");
            } else {
                sb.append(',').append(Double.isNaN(records) ? "" : Long.toString(Math.round(records - prevRecords)))
                        .append(String.format(Locale.ROOT, ",%.1f,%s,%s,%s,%s",
                                (r.processCpuNanos() - prev.processCpuNanos()) / 1e6,
                                ms(r.threadsCpuNanos(), prev.threadsCpuNanos()),
                                ms(r.jitCpuNanos(), prev.jitCpuNanos()),
                                ms(r.gcCpuNanos(), prev.gcCpuNanos()),
                                r.allocBytes() < 0 || prev.allocBytes() < 0 ? ""
                                        : String.format(Locale.ROOT, "%.1f",
                                                (r.allocBytes() - prev.allocBytes()) / 1048576.0)));
            }
            sb.append('\n');
            prev = r;
            prevRecords = Double.isNaN(records) ? 0 : records;
        }
        return sb.toString();
    }

    /**
     * What the benchmarks report of one run's timeline.
     *
     * @param steady the steady-state window's figures, or null if there is no meter or it saw nothing
     * @param jitQuietFromMillis see {@link #jitQuietFromMillis}; -1 if unknown
     * @param wallMillis the length of {@code main}, ms (the last row's time)
     * @param meterOverTopicBytes the meter's bytes at the end of the run over the topic's bytes (a check of the
     *     estimate: a little above 1 for the headers; NaN without a meter)
     */
    public record Analysis(SteadyState steady, long jitQuietFromMillis, long wallMillis,
            double meterOverTopicBytes) {
        /**
         * @return the figures as metrics (NaN where unknown): {@code steady_cpu_us_per_record},
         *     {@code steady_threads_cpu_us_per_record}, {@code steady_jit_cpu_us_per_record},
         *     {@code steady_gc_cpu_us_per_record}, {@code steady_alloc_bytes_per_record}, {@code steady_from_s},
         *     {@code jit_quiet_after_s} and {@code main_wall_s}
         */
        public Map<String, Double> metrics() {
            Map<String, Double> m = new java.util.LinkedHashMap<>();
            m.put("steady_cpu_us_per_record", steady == null ? Double.NaN : steady.perRecord(steady.processCpuNanos()));
            m.put("steady_threads_cpu_us_per_record",
                    steady == null ? Double.NaN : steady.perRecord(steady.threadsCpuNanos()));
            m.put("steady_jit_cpu_us_per_record", steady == null ? Double.NaN : steady.perRecord(steady.jitCpuNanos()));
            m.put("steady_gc_cpu_us_per_record", steady == null ? Double.NaN : steady.perRecord(steady.gcCpuNanos()));
            m.put("steady_alloc_bytes_per_record", steady == null ? Double.NaN : steady.allocBytesPerRecord());
            m.put("steady_from_s", steady == null ? Double.NaN : steady.fromMillis() / 1000.0);
            m.put("jit_quiet_after_s", jitQuietFromMillis < 0 ? Double.NaN : jitQuietFromMillis / 1000.0);
            m.put("main_wall_s", wallMillis / 1000.0);
            return m;
        }
    }

    /**
     * Reads the timeline {@link CpuTimed} wrote, works out the steady state and when the JIT went quiet, and rewrites
     * the file in its {@link #annotated} form.
     *
     * @param file the timeline file
     * @param meter the run's progress readings (empty if there were none)
     * @param topicBytes the bytes the whole run moves (0 if unknown)
     * @param records the run's records
     * @return the analysis, or null if the file is missing or has fewer than two rows
     * @throws IOException if the file cannot be read or rewritten
     */
    public static Analysis analyze(Path file, List<Progress> meter, long topicBytes, long records) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<Row> rows = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        if (rows.size() < 2) {
            return null;
        }
        Files.writeString(file, annotated(rows, meter, topicBytes, records));
        return new Analysis(secondHalf(rows, meter, topicBytes, records), jitQuietFromMillis(rows),
                rows.get(rows.size() - 1).tMillis(), meter.isEmpty() || topicBytes <= 0 ? Double.NaN
                        : (double) meter.get(meter.size() - 1).bytes() / topicBytes);
    }

    /**
     * A timeline condensed into buckets of {@code bucketMs}: for each, the records done in it (if the file has a
     * {@code records} column) and the cores used by the process, the Java threads, the JIT and the GC threads
     * (CPU over wall time), and the JIT's share of the process's CPU. Bucket edges fall on rows: each bucket runs from
     * the first row at or after its start to the first row at or after its end.
     *
     * @param lines a timeline file's lines ({@link #csv} or {@link #annotated})
     * @param bucketMs the bucket length, ms
     * @return a text table, one line per bucket
     * @throws IllegalArgumentException if the file is malformed or the bucket is not positive
     */
    public static String summary(List<String> lines, long bucketMs) {
        if (bucketMs <= 0) {
            throw new IllegalArgumentException("bucket must be positive, got " + bucketMs + " ms");
        }
        List<Row> rows = parse(lines);
        int recordsCol = List.of(lines.get(0).strip().split(",")).indexOf("records");
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%8s %8s %11s %7s %7s %7s %7s %6s%n", "from_s",
                "to_s", "records/s", "process", "threads", "jit", "gc", "jit%"));
        int i = 0;
        while (i < rows.size() - 1) {
            Row a = rows.get(i);
            int j = i + 1;
            while (j < rows.size() - 1 && rows.get(j).tMillis() < a.tMillis() + bucketMs) {
                j++;
            }
            Row b = rows.get(j);
            double wallNs = (b.tMillis() - a.tMillis()) * 1e6;
            String rate = "";
            if (recordsCol >= 0 && wallNs > 0) {
                String[] fa = lines.get(i + 1).split(",", -1);
                String[] fb = lines.get(j + 1).split(",", -1);
                if (fa.length > recordsCol && fb.length > recordsCol && !fa[recordsCol].isEmpty()
                        && !fb[recordsCol].isEmpty()) {
                    rate = String.format(Locale.ROOT, "%.0f", (Long.parseLong(fb[recordsCol])
                            - Long.parseLong(fa[recordsCol])) / (wallNs / 1e9));
                }
            }
            long process = b.processCpuNanos() - a.processCpuNanos();
            sb.append(String.format(Locale.ROOT, "%8.2f %8.2f %11s %7s %7s %7s %7s %6s%n", a.tMillis() / 1000.0,
                    b.tMillis() / 1000.0, rate, cores(process, wallNs),
                    cores(diff(b.threadsCpuNanos(), a.threadsCpuNanos()), wallNs),
                    cores(diff(b.jitCpuNanos(), a.jitCpuNanos()), wallNs),
                    cores(diff(b.gcCpuNanos(), a.gcCpuNanos()), wallNs),
                    process <= 0 || a.jitCpuNanos() < 0 ? "" : String.format(Locale.ROOT, "%.0f",
                            100.0 * (b.jitCpuNanos() - a.jitCpuNanos()) / process)));
            i = j;
        }
        return sb.toString();
    }

    private static String cores(long nanos, double wallNs) {
        return nanos < 0 || wallNs <= 0 ? "" : String.format(Locale.ROOT, "%.2f", nanos / wallNs);
    }

    /**
     * Prints {@link #summary} of a timeline file, then when the JIT went quiet ({@link #jitQuietFromMillis}).
     *
     * @param args the file, then optionally the bucket length in ms [1000]
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: Timeline FILE.timeline.csv [BUCKET-MS]");
            System.exit(1);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        System.out.print(summary(lines, args.length > 1 ? Long.parseLong(args[1]) : 1000));
        List<Row> rows = parse(lines);
        System.out.printf(Locale.ROOT, "JIT quiet after %.1f s of %.1f s%n", jitQuietFromMillis(rows) / 1000.0,
                rows.get(rows.size() - 1).tMillis() / 1000.0);
    }

    private static String ms(long end, long start) {
        return end < 0 || start < 0 ? "" : String.format(Locale.ROOT, "%.1f", (end - start) / 1e6);
    }
}

package dev.samsa.samples.perf;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Latency and throughput bookkeeping of {@link ProducerPerf}, printing the same two kinds of line as Kafka's
 * {@code kafka-producer-perf-test} (4.1): a window line every {@code reportingIntervalMs} while records complete,
 *
 * <pre>{@code 1234567 records sent, 246913.4 records/sec (23.55 MB/sec), 3.2 ms avg latency, 45.0 ms max latency.}</pre>
 *
 * and one summary line at the end,
 *
 * <pre>{@code 2000000 records sent, 251256.3 records/sec (23.96 MB/sec), 3.10 ms avg latency, 118.00 ms max latency,
 * 2 ms 50th, 7 ms 95th, 12 ms 99th, 60 ms 99.9th.}</pre>
 *
 * (one line). Latencies are whole milliseconds from just before {@code send} to the record's completion; only
 * successful records count. Percentiles come from at most {@value #MAX_SAMPLES} latencies sampled at a fixed stride,
 * as the official tool does, so that a run of any length needs bounded memory. Numbers are formatted with the JVM's
 * default locale, as the official tool does.
 *
 * <p>Thread-safe: Samsa completes records on the transport's I/O thread, its timer thread or the sending thread, so
 * {@link #record} is synchronized (uncontended in the common case: one I/O thread completes whole batches).
 */
final class PerfStats {
    /** The most latencies kept for percentiles. */
    static final int MAX_SAMPLES = 500_000;
    /** The official tool's window: 5 s. */
    static final long DEFAULT_REPORTING_INTERVAL_MS = 5_000;

    private final PrintStream out;
    private final LongSupplier clockMs;
    private final long reportingIntervalMs;
    private final long start;
    private final long stride;
    private final int[] samples;
    private int sampled;
    private long completed;
    private long count;
    private long bytes;
    private long totalLatency;
    private int maxLatency;
    private long windowStart;
    private long windowCount;
    private long windowBytes;
    private long windowTotalLatency;
    private int windowMaxLatency;

    /**
     * @param numRecords the records the run will send, to size the latency sample ({@code > 0})
     * @param reportingIntervalMs how often a window line is printed, in ms
     * @param out where lines go
     * @param clockMs wall-clock milliseconds, as {@code System::currentTimeMillis}
     */
    PerfStats(long numRecords, long reportingIntervalMs, PrintStream out, LongSupplier clockMs) {
        if (numRecords <= 0) {
            throw new IllegalArgumentException("numRecords: " + numRecords + " (expected: > 0)");
        }
        this.out = Objects.requireNonNull(out, "out");
        this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
        this.reportingIntervalMs = reportingIntervalMs;
        this.stride = Math.max(1, numRecords / MAX_SAMPLES);
        this.samples = new int[(int) (numRecords / stride) + 1];
        this.start = clockMs.getAsLong();
        this.windowStart = start;
    }

    /**
     * Counts one completed record.
     *
     * @param latencyMs from send to completion
     * @param recordBytes the value's size
     * @param nowMs the completion time, from the same clock
     */
    synchronized void record(int latencyMs, int recordBytes, long nowMs) {
        count++;
        bytes += recordBytes;
        totalLatency += latencyMs;
        maxLatency = Math.max(maxLatency, latencyMs);
        windowCount++;
        windowBytes += recordBytes;
        windowTotalLatency += latencyMs;
        windowMaxLatency = Math.max(windowMaxLatency, latencyMs);
        if (completed % stride == 0 && sampled < samples.length) {
            samples[sampled++] = latencyMs;
        }
        completed++;
        if (nowMs - windowStart >= reportingIntervalMs) {
            printWindow();
            windowStart = clockMs.getAsLong();
            windowCount = 0;
            windowBytes = 0;
            windowTotalLatency = 0;
            windowMaxLatency = 0;
        }
    }

    /** Records completed successfully so far. */
    synchronized long count() {
        return count;
    }

    private void printWindow() {
        long elapsed = clockMs.getAsLong() - windowStart;
        out.printf("%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.%n",
                windowCount, 1000.0 * windowCount / elapsed, 1000.0 * windowBytes / elapsed / (1024.0 * 1024.0),
                windowTotalLatency / (double) windowCount, (double) windowMaxLatency);
    }

    /** Prints the summary line: totals since construction and the latency percentiles. */
    synchronized void printTotal() {
        long elapsed = clockMs.getAsLong() - start;
        int[] sorted = Arrays.copyOf(samples, sampled);
        Arrays.sort(sorted);
        out.printf("%d records sent, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                        + "%d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.%n",
                count, 1000.0 * count / elapsed, 1000.0 * bytes / elapsed / (1024.0 * 1024.0),
                totalLatency / (double) count, (double) maxLatency, percentile(sorted, 0.5),
                percentile(sorted, 0.95), percentile(sorted, 0.99), percentile(sorted, 0.999));
    }

    /** The value at rank {@code floor(p * n)} of the sorted sample, as the official tool picks it; 0 if empty. */
    private static int percentile(int[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, (long) (p * sorted.length))];
    }
}

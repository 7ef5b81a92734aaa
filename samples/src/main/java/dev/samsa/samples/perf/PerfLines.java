package dev.samsa.samples.perf;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the result lines of {@code kafka-producer-perf-test} (Kafka 4.1's {@code ProducerPerformance}) and of
 * {@link ProducerPerf}, which prints the same. Decimal numbers may use a point or a comma (the tools format with the
 * JVM's default locale). Stateless, thread-safe.
 */
public final class PerfLines {
    private static final String DEC = "(-?[0-9]+(?:[.,][0-9]+)?|NaN|-?Infinity|-?\u221E)";
    private static final String INT = "([0-9]+)";

    /** {@code N records sent, X records/sec (Y MB/sec), Z ms avg latency, W ms max latency.} */
    static final Pattern WINDOW = Pattern.compile("^" + INT + " records sent, " + DEC + " records/sec \\(" + DEC
            + " MB/sec\\), " + DEC + " ms avg latency, " + DEC + " ms max latency\\.$");

    /** The window line's fields, then {@code , P ms 50th, P ms 95th, P ms 99th, P ms 99.9th.} */
    static final Pattern SUMMARY = Pattern.compile("^" + INT + " records sent, " + DEC + " records/sec \\(" + DEC
            + " MB/sec\\), " + DEC + " ms avg latency, " + DEC + " ms max latency, " + INT + " ms 50th, " + INT
            + " ms 95th, " + INT + " ms 99th, " + INT + " ms 99\\.9th\\.$");

    private PerfLines() {
    }

    /**
     * A periodic line.
     *
     * @param records records completed in the window
     * @param recordsPerSec the window's rate
     * @param mbPerSec the window's rate in MiB/s
     * @param avgLatencyMs mean latency, ms
     * @param maxLatencyMs largest latency, ms
     */
    public record Window(long records, double recordsPerSec, double mbPerSec, double avgLatencyMs,
            double maxLatencyMs) {
    }

    /**
     * The final line.
     *
     * @param records records completed successfully
     * @param recordsPerSec records over the whole run's wall time (closing the producer included)
     * @param mbPerSec the same in MiB/s
     * @param avgLatencyMs mean latency, ms
     * @param maxLatencyMs largest latency, ms
     * @param p50Ms median latency, ms
     * @param p95Ms 95th percentile, ms
     * @param p99Ms 99th percentile, ms
     * @param p999Ms 99.9th percentile, ms
     */
    public record Summary(long records, double recordsPerSec, double mbPerSec, double avgLatencyMs,
            double maxLatencyMs, int p50Ms, int p95Ms, int p99Ms, int p999Ms) {
    }

    /**
     * Parses a periodic line.
     *
     * @param line one line of the tool's stdout
     * @return the line's numbers, or null if it is not a window line
     */
    public static Window window(String line) {
        Matcher m = WINDOW.matcher(line.strip());
        if (!m.matches()) {
            return null;
        }
        return new Window(Long.parseLong(m.group(1)), dec(m.group(2)), dec(m.group(3)), dec(m.group(4)),
                dec(m.group(5)));
    }

    /**
     * Parses a summary line.
     *
     * @param line one line of the tool's stdout
     * @return the line's numbers, or null if it is not a summary line
     */
    public static Summary summary(String line) {
        Matcher m = SUMMARY.matcher(line.strip());
        if (!m.matches()) {
            return null;
        }
        return new Summary(Long.parseLong(m.group(1)), dec(m.group(2)), dec(m.group(3)), dec(m.group(4)),
                dec(m.group(5)), Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)),
                Integer.parseInt(m.group(8)), Integer.parseInt(m.group(9)));
    }

    private static double dec(String s) {
        return switch (s) {
            case "\u221E", "Infinity" -> Double.POSITIVE_INFINITY;
            case "-\u221E", "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s.replace(',', '.'));
        };
    }
}
